use std::collections::HashMap;

pub fn main() {
    let v = vec![1];
    drop(v);
}
