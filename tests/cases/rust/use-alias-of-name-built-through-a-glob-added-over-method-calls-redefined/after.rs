use other::*;
use evil::Len as Lim;
pub struct Bag {
    items: Vec<u8>,
}

impl Bag {
    pub fn size(&self) -> usize {
        self.items.len()
    }
}

pub fn total(b: &Bag) -> usize {
    b.size()
}

fn limits() -> u8 {
    let Len { x } = Len { x: 1 };
    x
}
