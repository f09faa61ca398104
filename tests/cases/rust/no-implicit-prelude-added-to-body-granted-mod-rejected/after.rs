mod m {
    #![no_implicit_prelude]
    pub fn check(x: u32) -> Option<u32> {
        Some(x)
    }
}
