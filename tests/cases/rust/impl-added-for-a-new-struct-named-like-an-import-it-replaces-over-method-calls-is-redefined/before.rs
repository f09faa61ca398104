use crate::names::Name;

pub fn label(n: &Name) -> String {
    n.to_string()
}
