pub struct P;

impl P {
    #![cfg(any())]
    pub fn check(&self, x: u32) -> bool {
        x > 10
    }
}
