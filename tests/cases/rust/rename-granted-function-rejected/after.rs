pub const LIMIT: usize = 16;

pub fn clamp_len(n: usize) -> usize {
    n.min(LIMIT)
}
