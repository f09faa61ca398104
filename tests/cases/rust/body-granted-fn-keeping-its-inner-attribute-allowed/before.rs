pub fn check(x: u32) -> bool {
    #![allow(unused)]
    x > 10
}
