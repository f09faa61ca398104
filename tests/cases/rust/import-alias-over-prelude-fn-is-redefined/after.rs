use std::process::exit as drop;

pub fn main() {
    let v = vec![1];
    drop(v);
}
