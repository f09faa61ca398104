pub fn label(buf: &Vec<u8>) -> usize {
    buf.len()
}
