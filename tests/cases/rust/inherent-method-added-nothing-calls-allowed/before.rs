pub struct S;

impl S {
    pub fn new() -> S {
        S
    }
}

pub fn main() -> usize {
    let v = vec![1];
    v.len()
}
