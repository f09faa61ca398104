pub struct Limits;

impl Limits {
    pub const MAX: usize = 10;

    pub fn max(&self) -> usize {
        Self::MAX
    }
}
