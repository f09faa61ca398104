pub fn check(x: u32) -> bool {
    #![cfg(any())]
    x > 10
}
