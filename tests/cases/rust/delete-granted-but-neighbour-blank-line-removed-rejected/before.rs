pub fn current() -> u32 {
    2
}

/// Old entry point.
#[deprecated(note = "use current")]
pub fn legacy() -> u32 {
    1
}

pub fn next() -> u32 {
    3
}
