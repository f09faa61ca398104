//! [`PatchFormat`]: telling a patch's format from its text, and parsing it.

use serde::Serialize;

use super::{aider, codex, unified, FilePatch, PatchError};

/// A patch format: which parser reads a patch text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PatchFormat {
    /// A unified diff as `git diff` writes it.
    Unified,
    /// OpenAI Codex `apply_patch`.
    Codex,
    /// Aider SEARCH/REPLACE blocks.
    Aider,
}

impl PatchFormat {
    /// Tells the format from the text: `*** Begin Patch` (also inside an `apply_patch`
    /// heredoc) is Codex, `<<<<<<< SEARCH` is Aider, `diff --git` or `---`/`+++`/`@@` is a
    /// unified diff.
    pub fn detect(text: &str) -> Option<PatchFormat> {
        let trimmed = text.trim_start();
        if trimmed.starts_with("*** Begin Patch")
            || text.contains("\n*** Begin Patch")
            || text.contains("apply_patch") && text.contains("*** Begin Patch")
        {
            return Some(PatchFormat::Codex);
        }
        if text.lines().any(|l| {
            let t = l.trim_end();
            t.len() >= 12 && t.starts_with("<<<<<") && t.trim_start_matches('<').trim() == "SEARCH"
        }) {
            return Some(PatchFormat::Aider);
        }
        if text.lines().any(|l| l.starts_with("diff --git "))
            || (text.lines().any(|l| l.starts_with("--- "))
                && text.lines().any(|l| l.starts_with("+++ ")))
        {
            return Some(PatchFormat::Unified);
        }
        None
    }

    /// Parses `text` in this format.
    pub fn parse(self, text: &str) -> Result<Vec<FilePatch>, PatchError> {
        match self {
            PatchFormat::Unified => unified::parse(text),
            PatchFormat::Codex => codex::parse(text),
            PatchFormat::Aider => aider::parse(text),
        }
    }
}
