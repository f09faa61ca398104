//! Unified diffs as `git diff` writes them, applied strictly as `git apply` does.
//! (Stub: being written.)

use super::{FilePatch, PatchError, PatchErrorKind};

/// The hunks of one file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hunks {
    /// The hunks, in order.
    pub hunks: Vec<Hunk>,
}

/// One `@@ -a,b +c,d @@` hunk.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hunk {
    /// 1-based line of the `@@` header in the patch.
    pub line: usize,
}

/// Parses a unified diff into file patches.
pub fn parse(_text: &str) -> Result<Vec<FilePatch>, PatchError> {
    Err(PatchError::new(PatchErrorKind::Malformed, 0, "unified diffs are not supported yet"))
}

impl Hunks {
    /// Applies the hunks to `current`.
    pub fn apply(&self, _current: &str) -> Result<String, PatchError> {
        Err(PatchError::new(PatchErrorKind::Malformed, 0, "unified diffs are not supported yet"))
    }
}
