mod m {
    pub fn check(x: u32) -> Option<u32> {
        if x > 10 { Some(x) } else { None }
    }

    pub fn other() {}

    #[allow(non_snake_case)]
    pub fn Some<T>(_x: T) -> Option<T> {
        None
    }
}
