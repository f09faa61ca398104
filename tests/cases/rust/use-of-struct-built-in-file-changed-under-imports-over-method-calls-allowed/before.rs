use crate::opts::Options;
use crate::old_limits::Limits;

pub struct Bag {
    items: Vec<u8>,
}

impl Bag {
    pub fn size(&self) -> usize {
        self.items.len()
    }

    pub fn options(&self) -> Options {
        let Limits { max } = Limits { max: 3 };
        Options { verbose: self.size() > max }
    }
}

pub fn total(b: &Bag) -> usize {
    b.size()
}
