pub struct S;

pub trait Describe {
    fn describe(&self) -> String {
        String::new()
    }
}

impl Describe for S {}

pub fn main(s: &S) -> String {
    s.describe()
}

pub fn setup() {
}
