pub struct P;

impl P {
    pub fn a(&self) -> i32 {
        1
    }
}
