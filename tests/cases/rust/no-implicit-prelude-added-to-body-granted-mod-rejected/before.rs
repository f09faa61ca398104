mod m {
    pub fn check(x: u32) -> Option<u32> {
        Some(x)
    }
}
