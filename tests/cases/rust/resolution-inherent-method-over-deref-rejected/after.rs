use std::ops::Deref;

pub struct Wrapper(Vec<u8>);

impl Deref for Wrapper {
    type Target = Vec<u8>;
    fn deref(&self) -> &Vec<u8> {
        &self.0
    }
}

impl Wrapper {
    pub fn first(&self) -> u8 {
        self.0[0]
    }

    pub fn len(&self) -> usize {
        0
    }
}

pub fn size(w: &Wrapper) -> usize {
    w.len()
}
