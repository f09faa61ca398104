pub fn current() -> u32 {
    2
}

pub fn next() -> u32 {
    3
}
