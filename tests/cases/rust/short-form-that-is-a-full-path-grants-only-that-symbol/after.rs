use std::fmt;

pub struct P;

impl P {
    pub fn fmt(&self) -> u32 {
        1
    }
}

impl fmt::Display for P {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "changed")
    }
}
