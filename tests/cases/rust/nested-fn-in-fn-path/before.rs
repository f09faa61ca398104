fn checksum(data: &[u8]) -> u32 {
    fn mix(acc: u32, b: u8) -> u32 {
        acc.wrapping_mul(31).wrapping_add(b as u32)
    }
    data.iter().fold(7, |acc, b| mix(acc, *b))
}
