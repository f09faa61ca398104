use std::fmt;

pub fn show() -> String {
    format!("{}", 1)
}

fn main() {
    println!("{}", show());
}
