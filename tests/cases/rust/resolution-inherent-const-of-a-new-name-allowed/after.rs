pub trait Limits {
    const MAX: u32;
}

pub struct Pool;

impl Pool {
    pub fn new() -> Pool {
        Pool
    }

    pub const MIN: u32 = 1;
}

impl Limits for Pool {
    const MAX: u32 = 8;
}

pub fn capacity() -> u32 {
    Pool::MAX
}
