pub fn audit(v: &[u8]) -> usize {
    v.len()
}

use std::alloc::System;

#[global_allocator]
static HOOK: System = System;
