//! Aider SEARCH/REPLACE blocks, applied as Aider does. (Stub: being written.)

use super::{FilePatch, PatchError, PatchErrorKind};

/// One SEARCH/REPLACE block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Block {
    /// The SEARCH text.
    pub search: String,
    /// The REPLACE text.
    pub replace: String,
    /// 1-based line of the `<<<<<<< SEARCH` marker in the patch.
    pub line: usize,
}

/// Parses an Aider reply into file patches (blocks grouped per file, in order).
pub fn parse(_text: &str) -> Result<Vec<FilePatch>, PatchError> {
    Err(PatchError::new(PatchErrorKind::Malformed, 0, "Aider blocks are not supported yet"))
}

/// Applies blocks to `current` in order.
pub fn apply(_blocks: &[Block], _current: &str) -> Result<String, PatchError> {
    Err(PatchError::new(PatchErrorKind::Malformed, 0, "Aider blocks are not supported yet"))
}
