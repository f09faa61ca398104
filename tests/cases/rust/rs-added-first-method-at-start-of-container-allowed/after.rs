pub struct P;

impl P {
    pub fn first(&self) -> i32 {
        0
    }

    pub fn a(&self) -> i32 {
        1
    }
}
