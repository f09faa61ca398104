pub fn total(v: &[u8]) -> usize {
    v.len()
}

mod helpers {
    use evil::Len;
    pub fn twice(n: usize) -> usize {
        n * 2
    }
}
