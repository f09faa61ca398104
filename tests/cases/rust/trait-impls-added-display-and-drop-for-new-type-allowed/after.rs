pub struct S;

pub fn main() {
    let s = S;
    let _ = &s;
}

impl std::fmt::Display for S {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("S")
    }
}

pub struct Guard;

impl Drop for Guard {
    fn drop(&mut self) {}
}
