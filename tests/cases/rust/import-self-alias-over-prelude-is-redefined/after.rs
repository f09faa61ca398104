use x::{self as Some};

pub fn main() -> Option<u8> {
    Some(1)
}
