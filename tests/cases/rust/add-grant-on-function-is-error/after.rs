pub const LIMIT: usize = 16;

pub fn clamp(n: usize) -> usize {
    n.min(LIMIT)
}
