pub trait Reader {
    fn read_byte(&mut self) -> Option<u8>;

    fn read(&mut self, buf: &mut [u8]) -> usize {
        let mut n = 0;
        while n < buf.len() {
            buf[n] = self.read_byte().unwrap_or(0);
            n += 1;
        }
        n
    }
}
