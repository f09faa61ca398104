mod m {
    pub fn check(x: u32) -> Option<u32> {
        if x > 10 { Some(x) } else { None }
    }

    pub fn other() {}
}
