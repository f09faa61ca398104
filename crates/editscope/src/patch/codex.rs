//! OpenAI Codex `apply_patch` (`*** Begin Patch` ... `*** End Patch`), applied as Codex does.
//! (Stub: being written.)

use super::{FilePatch, PatchError, PatchErrorKind};

/// The update chunks of one file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Chunks {
    /// 1-based line of the `*** Update File:` header in the patch.
    pub line: usize,
}

/// Parses an `apply_patch` text into file patches.
pub fn parse(_text: &str) -> Result<Vec<FilePatch>, PatchError> {
    Err(PatchError::new(PatchErrorKind::Malformed, 0, "apply_patch is not supported yet"))
}

impl Chunks {
    /// Applies the chunks to `current`.
    pub fn apply(&self, _current: &str) -> Result<String, PatchError> {
        Err(PatchError::new(PatchErrorKind::Malformed, 0, "apply_patch is not supported yet"))
    }
}
