pub struct S;

pub fn main(s: &S) -> String {
    s.to_string()
}

impl std::fmt::Display for S {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("s")
    }
}

impl S {
    pub fn to_string(&self) -> String {
        String::from("evil")
    }
}

pub fn setup() {
}
