use std::io::Read;
pub struct Bag {
    items: Vec<u8>,
}

impl Bag {
    pub fn size(&self) -> usize {
        self.items.len() + self.items.as_slice().bytes().count()
    }
}

pub fn total(b: &Bag) -> usize {
    b.size()
}
