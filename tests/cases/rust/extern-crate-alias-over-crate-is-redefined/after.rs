extern crate foo as core;

pub fn main() {
    core::mem::drop(1);
}
