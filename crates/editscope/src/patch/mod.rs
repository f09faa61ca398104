//! Patch formats agents emit, parsed into one shape and applied with the semantics of the
//! tool that produced them: what editscope checks is what would land.
//!
//! Every parser turns text into [`FilePatch`]es; [`FilePatch::apply`] computes a file's new
//! content from its current content. Parsers never touch the file system; resolving paths
//! against a root (and refusing `..`, absolute paths and symlinks leading out) is the
//! caller's job ([`ChangeSet`](crate::ChangeSet)).

use std::fmt;

use serde::Serialize;

mod aider;
mod codex;
mod format;
mod replace;
mod text;
mod tool;
mod unified;

pub use aider::{
    apply as apply_aider, parse as parse_aider, resolve_name as resolve_aider_name,
    Block as AiderBlock,
};
pub use codex::{
    parse as parse_codex, parse_single_file_diff as parse_agents_sdk_diff, unwrap_heredoc,
    Body as ChunkBody, Chunk, Chunks, SdkChange, SdkDiff, SdkSection,
};
pub use format::PatchFormat;
pub use replace::{
    apply_all as apply_replacements, insert as insert_lines, str_replace, Replacement,
};
pub use tool::ToolEdit;
pub use unified::{parse as parse_unified, Hunk, HunkLine, Hunks, LineKind};

/// One file's part of a patch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePatch {
    /// The path as the patch names it (for git diffs, without the `a/` / `b/` prefix and
    /// unquoted). Not yet validated.
    pub path: String,
    /// The 1-based line of the patch text where this file's part starts.
    pub line: usize,
    /// What happens to the file.
    pub action: Action,
    /// File modes, where the format carries them (git diffs).
    pub modes: GitMeta,
}

/// What a patch does to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The file is created (or overwritten, where the tool does so) with this content.
    Create {
        /// The whole new content.
        content: String,
    },
    /// The file is deleted.
    Delete,
    /// The file is deleted, and this edit (a git deletion's hunks) must turn its current
    /// content into nothing: `git apply` refuses to delete a file whose content differs.
    DeleteChecked {
        /// Hunks that remove every line.
        edit: Edit,
    },
    /// The file's content is edited, and perhaps the file moves.
    Update {
        /// How the content changes; `None` for a pure rename or mode change.
        edit: Option<Edit>,
        /// The new path, for a rename or move.
        move_to: Option<String>,
    },
    /// A binary change editscope cannot inspect.
    Binary,
}

/// Extra facts a git diff carries about a file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GitMeta {
    /// `old mode` / `deleted file mode`.
    pub old_mode: Option<String>,
    /// `new mode` / `new file mode`.
    pub new_mode: Option<String>,
}

/// A content edit, in the form of the format that carried it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Edit {
    /// Unified-diff hunks, applied as `git apply` does.
    Unified(unified::Hunks),
    /// Codex `apply_patch` chunks, applied as Codex does.
    Codex(codex::Chunks),
    /// Aider SEARCH/REPLACE blocks for one file, applied in order as Aider does.
    Aider(Vec<aider::Block>),
    /// String replacements (Claude Code `Edit`/`MultiEdit`, `str_replace`), in order.
    Replace(Vec<replace::Replacement>),
    /// `str_replace` of the text editor tool: `old` exactly once (may equal `new`).
    StrReplace {
        /// The text to find.
        old: String,
        /// Its replacement.
        new: String,
    },
    /// `insert` of the text editor tool: `text` after line `line` (0 = at the top).
    Insert {
        /// Insert after this line (0 = before the first).
        line: usize,
        /// The text to insert.
        text: String,
    },
}

impl FilePatch {
    /// The file's content after the patch, given its content now (`None`: it does not
    /// exist). `Ok(None)`: the file is deleted.
    pub fn apply(&self, current: Option<&str>) -> Result<Option<String>, PatchError> {
        match &self.action {
            Action::Create { content } => Ok(Some(content.clone())),
            Action::Delete => match current {
                Some(_) => Ok(None),
                None => Err(PatchError::new(
                    PatchErrorKind::MissingFile,
                    self.line,
                    "the patch deletes a file that does not exist",
                )
                .with_path(&self.path)),
            },
            Action::DeleteChecked { edit } => {
                let Some(current) = current else {
                    return Err(PatchError::new(
                        PatchErrorKind::MissingFile,
                        self.line,
                        "the patch deletes a file that does not exist",
                    )
                    .with_path(&self.path));
                };
                let rest = match edit {
                    Edit::Unified(h) => h.apply(current),
                    _ => Ok(String::new()),
                };
                match rest {
                    Ok(r) if r.is_empty() => Ok(None),
                    _ => Err(PatchError::new(PatchErrorKind::NoMatch, self.line, "the patch deletes the file, but its content differs from what the patch removes").with_path(&self.path)),
                }
            }
            Action::Binary => {
                Err(
                    PatchError::new(PatchErrorKind::Binary, self.line, "binary change")
                        .with_path(&self.path),
                )
            }
            Action::Update { edit, .. } => {
                // Aider creates a missing file empty, then applies its blocks.
                let current = match (current, edit) {
                    (None, Some(Edit::Aider(_))) => Some(""),
                    (c, _) => c,
                };
                let Some(current) = current else {
                    return Err(PatchError::new(
                        PatchErrorKind::MissingFile,
                        self.line,
                        "the patch edits a file that does not exist",
                    )
                    .with_path(&self.path));
                };
                let result = match edit {
                    None => Ok(current.to_string()),
                    Some(Edit::Unified(h)) => h.apply(current),
                    Some(Edit::Codex(c)) => c.apply(current),
                    Some(Edit::Aider(blocks)) => aider::apply(blocks, current),
                    Some(Edit::Replace(r)) => replace::apply_all(r, current),
                    Some(Edit::Insert { line, text }) => replace::insert(current, *line, text),
                    Some(Edit::StrReplace { old, new }) => replace::str_replace(current, old, new),
                };
                result.map(Some).map_err(|e| {
                    if e.path.is_none() {
                        e.with_path(&self.path)
                    } else {
                        e
                    }
                })
            }
        }
    }
}

/// Why a patch could not be read or applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PatchErrorKind {
    /// The text does not follow the format.
    Malformed,
    /// The patch's context or search text is not in the file (it does not apply).
    NoMatch,
    /// A replacement that must be unique matches more than once.
    Ambiguous,
    /// The patch edits or deletes a file that does not exist, or creates one that does.
    MissingFile,
    /// A binary change.
    Binary,
    /// A path that leaves the root (`..`, absolute, a symlink out) or is otherwise unusable.
    BadPath,
    /// The input is larger than the limit.
    TooLarge,
}

/// A patch that could not be read or applied, with the line of the patch at fault.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct PatchError {
    /// What went wrong.
    pub kind: PatchErrorKind,
    /// The 1-based line of the patch text at fault (0 when not tied to a line).
    pub line: usize,
    /// The file concerned, when known.
    pub path: Option<String>,
    /// A sentence saying what was wrong.
    pub message: String,
}

impl PatchError {
    /// A new error.
    pub fn new(kind: PatchErrorKind, line: usize, message: impl Into<String>) -> PatchError {
        PatchError {
            kind,
            line,
            path: None,
            message: message.into(),
        }
    }

    /// The same error, about `path`.
    pub fn with_path(mut self, path: &str) -> PatchError {
        self.path = Some(path.to_string());
        self
    }
}

impl fmt::Display for PatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(p), 0) => write!(f, "{p}: {}", self.message),
            (Some(p), l) => write!(f, "patch line {l} ({p}): {}", self.message),
            (None, 0) => f.write_str(&self.message),
            (None, l) => write!(f, "patch line {l}: {}", self.message),
        }
    }
}
