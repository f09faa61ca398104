pub struct P;

impl P {
    pub fn check(&self, x: u32) -> bool {
        x > 10
    }

    pub fn other(&self) -> u32 {
        1
    }
}
