pub fn check(x: u32) -> bool {
    x > 10
}
