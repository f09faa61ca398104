#[macro_use]
extern crate evil;

pub fn main() {
    println!("{}", 1);
}
