//! String replacement as Claude Code's `Edit`/`MultiEdit` and the text editor tool's
//! `str_replace`/`insert` apply it. (Stub: being written.)

use super::{PatchError, PatchErrorKind};

/// One exact string replacement.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Replacement {
    /// The text to find (exactly).
    pub old: String,
    /// Its replacement.
    pub new: String,
    /// Replace every occurrence; otherwise `old` must occur exactly once.
    pub replace_all: bool,
}

/// Applies replacements in order.
pub fn apply_all(_edits: &[Replacement], _current: &str) -> Result<String, PatchError> {
    Err(PatchError::new(PatchErrorKind::Malformed, 0, "string replacement is not supported yet"))
}

/// Inserts `text` after line `line` (0 = at the top).
pub fn insert(_current: &str, _line: usize, _text: &str) -> Result<String, PatchError> {
    Err(PatchError::new(PatchErrorKind::Malformed, 0, "insert is not supported yet"))
}
