pub struct P;

impl P {
    pub fn new() -> P {
        P
    }
}

pub fn make() -> P {
    P::new()
}

pub fn new() -> u32 {
    0
}
