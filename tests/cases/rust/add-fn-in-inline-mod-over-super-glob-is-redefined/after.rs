fn lim() -> u32 {
    10
}

mod m {
    use super::*;

    pub fn check(x: u32) -> bool {
        x > lim()
    }

    pub fn other() {}

    fn lim() -> u32 {
        0
    }
}
