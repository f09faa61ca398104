mod m {
    pub fn check(x: u32) -> bool {
        x > 10
    }

    fn fresh() -> u32 {
        0
    }
}
