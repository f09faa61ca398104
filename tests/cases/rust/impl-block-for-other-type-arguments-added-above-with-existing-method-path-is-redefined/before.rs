use std::ops::Deref;

pub struct Wrap<T>(Vec<T>);

impl Wrap<u8> {
    pub fn first(&self) -> Option<&u8> {
        self.0.last()
    }
}

impl Wrap<u8> {
    pub fn width(&self) -> usize {
        8
    }
}

impl<T> Deref for Wrap<T> {
    type Target = Vec<T>;
    fn deref(&self) -> &Vec<T> {
        &self.0
    }
}

pub fn head(w: &Wrap<u16>) -> Option<&u16> {
    w.first()
}
