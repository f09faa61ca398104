pub fn remaining(buf: &Vec<u8>) -> usize {
    buf.len()
}

pub fn label(buf: &Vec<u8>) -> String {
    buf.len().to_string()
}

/// Not enough bytes remaining in the buffer.
#[derive(Debug, PartialEq, Eq)]
pub struct TryGetError {
    pub requested: usize,
    pub available: usize,
}

impl TryGetError {
    pub fn len(&self) -> usize {
        self.requested - self.available
    }
}

impl core::fmt::Display for TryGetError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "requested {} but only {} available", self.requested, self.available)
    }
}

impl std::error::Error for TryGetError {}
