pub trait Limits {
    const MAX: u32;
}

pub struct Pool;

impl Pool {
    pub fn new() -> Pool {
        Pool
    }

    pub const MAX: u32 = 1_000_000;
}

impl Limits for Pool {
    const MAX: u32 = 8;
}

pub fn capacity() -> u32 {
    Pool::MAX
}
