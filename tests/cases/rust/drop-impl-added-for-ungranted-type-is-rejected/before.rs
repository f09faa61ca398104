pub struct S;

pub fn main() {
    let s = S;
    let _ = &s;
}
