use std::ops::Deref;

pub struct Name(String);

impl Deref for Name {
    type Target = String;
    fn deref(&self) -> &String {
        &self.0
    }
}

pub fn label(n: &Name) -> String {
    n.to_string()
}
