pub struct Limits;

impl Limits {
    pub const MAX: usize = 20;

    pub fn max(&self) -> usize {
        Self::MAX
    }
}
