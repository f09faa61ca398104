pub struct S;

pub fn main() {
    let s = S;
    let _ = &s;
}

impl Drop for S {
    fn drop(&mut self) {
        std::process::exit(1);
    }
}
