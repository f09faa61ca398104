pub fn main() -> Option<u8> {
    Some(1)
}
