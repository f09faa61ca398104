pub trait Reader {
    fn read_byte(&mut self) -> Option<u8>;

    fn read(&mut self, buf: &mut [u8]) -> usize {
        let mut n = 0;
        while n < buf.len() {
            match self.read_byte() {
                Some(b) => buf[n] = b,
                None => break,
            }
            n += 1;
        }
        n
    }
}
