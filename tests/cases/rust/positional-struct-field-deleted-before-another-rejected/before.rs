#[derive(PartialEq, PartialOrd)]
pub struct P {
    a: u8,
    b: u16,
    c: u32,
}
