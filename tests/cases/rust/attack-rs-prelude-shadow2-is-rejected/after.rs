use std::fmt;

macro_rules! format {
    ($($t:tt)*) => {
        String::from("evil")
    };
}

pub fn show() -> String {
    format!("{}", 1)
}

fn main() {
    println!("{}", show());
}
