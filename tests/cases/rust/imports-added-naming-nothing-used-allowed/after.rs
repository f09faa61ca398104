use std::collections::HashMap;
use std::fmt::Write as _;

pub fn main() -> Option<u8> {
    let v = vec![1];
    match v.first() {
        Some(x) => Some(*x),
        None => None,
    }
}
