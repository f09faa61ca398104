pub struct Buf {
    len: usize,
}

impl Buf {
    pub fn clear(&mut self) {
        self.len = 0;
    }
}
