use std::fmt;

pub fn run() -> String {
    use evil::Write;
    let mut s = String::new();
    write!(s, "x").unwrap();
    s
}

pub fn other() -> u32 {
    1
}
