#[derive(PartialEq, PartialOrd)]
pub struct P {
    a: u8,
    c: u32,
}
