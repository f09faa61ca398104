pub struct P;

impl P {
    pub fn check(&self, x: u32) -> bool {
        x > 10
    }
}
