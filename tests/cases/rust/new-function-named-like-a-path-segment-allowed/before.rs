pub struct P;

impl P {
    pub fn new() -> P {
        P
    }
}

pub fn make() -> P {
    P::new()
}
