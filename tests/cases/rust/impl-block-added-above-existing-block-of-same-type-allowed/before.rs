use std::sync::atomic::{AtomicUsize, Ordering};

pub struct Shared {
    ref_count: AtomicUsize,
}

impl Shared {
    fn is_unique(&self) -> bool {
        self.ref_count.load(Ordering::Acquire) == 1
    }
}

pub fn release(shared: &Shared) -> bool {
    shared.is_unique()
}
