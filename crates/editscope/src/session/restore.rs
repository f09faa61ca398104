//! Narrowing a session back into its scope: every ungranted symbol and file back to its
//! baseline text, every granted change kept, and the result checked before it is written.
//!
//! A file out of scope is rebuilt from its baseline text with each granted symbol change
//! spliced in (a changed symbol's text, an added symbol after the sibling it follows, a
//! deleted symbol cut out). The rebuilt file must pass the check against the baseline and
//! hold every granted symbol exactly as it is now; otherwise restore refuses, naming the file
//! and why, and writes nothing. A file with no granted change in it (created or deleted
//! without a grant, binary, a symlink, a mode change, a contract file) goes back whole.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::snapshot::{Node, NodeRecord};
use super::{Session, SessionError};
use crate::changeset::{ChangeSet, FileChange};
use crate::diff::ChangeKind;
use crate::report::FileReport;
use crate::{Language, SourceFile, Status, ViolationKind};

/// What restore does to one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RestoreAction {
    /// Back to its baseline content whole (or removed, when the session created it).
    Revert,
    /// Back to its baseline text with the granted symbol changes kept.
    Narrow,
}

/// One file restore changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestoreFile {
    /// Root-relative path (absolute for a contract file outside the root).
    pub path: String,
    /// What is done.
    pub action: RestoreAction,
    /// The symbols put back to their baseline text (for [`RestoreAction::Narrow`]).
    pub reverted: Vec<String>,
    /// The granted symbol changes kept.
    pub kept: Vec<String>,
}

/// What [`Session::restore`] does (or did).
#[derive(Debug, Clone, Serialize)]
pub struct RestorePlan {
    /// The files it changes.
    pub files: Vec<RestoreFile>,
    /// Whether it was written (`false`: a dry run, or nothing to do).
    pub applied: bool,
    /// The status after restore: always allowed (else restore refuses).
    pub status_after: Status,
}

/// The new content of one file.
#[derive(Debug, Clone)]
enum Target {
    /// The baseline's node.
    Baseline(Option<NodeRecord>),
    /// This text, with the baseline's mode.
    Text(String),
}

struct Planned {
    file: RestoreFile,
    target: Target,
    /// The file change from the baseline after restore (for the final check).
    change: Option<FileChange>,
}

fn refuse(path: &str, why: impl Into<String>) -> String {
    format!("`{path}`: {}", why.into())
}

/// Exactly one symbol of `file` with the path `path`.
fn unique<'s>(file: &'s SourceFile, path: &str) -> Option<&'s crate::Symbol> {
    let mut it = file.symbols().iter().filter(|s| s.path == path);
    let first = it.next()?;
    it.next().is_none().then_some(first)
}

/// The nearest sibling before (or after) symbol `i` of `file` that `other` holds once.
fn anchor<'a>(
    file: &'a SourceFile,
    i: usize,
    other: &'a SourceFile,
    before: bool,
) -> Option<(&'a crate::Symbol, &'a crate::Symbol)> {
    let s = &file.symbols()[i];
    let mut siblings: Vec<&crate::Symbol> = file
        .symbols()
        .iter()
        .filter(|o| o.parent == s.parent && o.path != s.path)
        .filter(|o| {
            if before {
                o.extent.end_byte <= s.extent.start_byte
            } else {
                o.extent.start_byte >= s.extent.end_byte
            }
        })
        .collect();
    siblings.sort_by_key(|o| o.extent.start_byte);
    if before {
        siblings.reverse();
    }
    let near = siblings.first()?;
    unique(file, &near.path).zip(unique(other, &near.path))
}

/// The baseline text `b` with the granted changes of `report` (from `b` to `c`) spliced in.
/// `Err`: why it cannot be done exactly.
fn splice(
    language: Language,
    b: &str,
    c: &str,
    report: &FileReport,
    violating: &[String],
) -> Result<(String, Vec<String>), String> {
    let bf = SourceFile::parse(language, b).map_err(|e| format!("its baseline: {e}"))?;
    let cf = SourceFile::parse(language, c).map_err(|e| format!("its text now: {e}"))?;
    if !report.outside.is_empty()
        && !report.outside.iter().all(|o| o.whitespace_only)
        && !violating.iter().any(|v| v.is_empty())
    {
        return Err("a granted change outside every symbol (imports) cannot be separated from the rest; revert it by hand".into());
    }
    // (start, end in `b`, replacement)
    let mut edits: Vec<(usize, usize, String)> = Vec::new();
    let mut kept = Vec::new();
    for g in &report.changes {
        if violating.contains(&g.symbol) || g.change == ChangeKind::Formatting {
            continue;
        }
        let ambiguous = || format!("`{}` names more than one symbol", g.symbol);
        match g.change {
            ChangeKind::Body | ChangeKind::Signature => {
                let bs = unique(&bf, &g.symbol).ok_or_else(ambiguous)?;
                let cs = unique(&cf, &g.symbol).ok_or_else(ambiguous)?;
                edits.push((
                    bs.extent.start_byte,
                    bs.extent.end_byte,
                    c[cs.extent.range()].to_string(),
                ));
            }
            ChangeKind::Added => {
                let i = cf
                    .symbols()
                    .iter()
                    .position(|s| s.path == g.symbol)
                    .ok_or_else(ambiguous)?;
                let cs = &cf.symbols()[i];
                if let Some((prev_c, prev_b)) = anchor(&cf, i, &bf, true) {
                    let at = prev_b.extent.end_byte;
                    edits.push((
                        at,
                        at,
                        c[prev_c.extent.end_byte..cs.extent.end_byte].to_string(),
                    ));
                } else if let Some((next_c, next_b)) = anchor(&cf, i, &bf, false) {
                    let at = next_b.extent.start_byte;
                    edits.push((
                        at,
                        at,
                        c[cs.extent.start_byte..next_c.extent.start_byte].to_string(),
                    ));
                } else {
                    return Err(format!(
                        "the added `{}` has no sibling that was there at the start to place it by",
                        g.symbol
                    ));
                }
            }
            ChangeKind::Removed => {
                let i = bf
                    .symbols()
                    .iter()
                    .position(|s| s.path == g.symbol)
                    .ok_or_else(ambiguous)?;
                let bs = &bf.symbols()[i];
                if let Some((prev_b, _)) = anchor(&bf, i, &cf, true) {
                    edits.push((prev_b.extent.end_byte, bs.extent.end_byte, String::new()));
                } else if let Some((next_b, _)) = anchor(&bf, i, &cf, false) {
                    edits.push((
                        bs.extent.start_byte,
                        next_b.extent.start_byte,
                        String::new(),
                    ));
                } else {
                    return Err(format!(
                        "the deleted `{}` has no sibling left to place the cut by",
                        g.symbol
                    ));
                }
            }
            ChangeKind::Moved | ChangeKind::Formatting => {
                return Err(format!(
                    "`{}` moved; a move cannot be kept apart from its neighbours",
                    g.symbol
                ))
            }
        }
        kept.push(g.symbol.clone());
    }
    // Outer edits win over edits inside them; any other overlap cannot be made exact.
    edits.sort_by(|x, y| x.0.cmp(&y.0).then(y.1.cmp(&x.1)));
    let mut merged: Vec<(usize, usize, String)> = Vec::new();
    for e in edits {
        if let Some(last) = merged.last() {
            if e.0 < last.1 || (e.0 == last.0 && e.0 == e.1 && last.0 == last.1) {
                if e.1 <= last.1 && last.0 < last.1 {
                    continue;
                }
                return Err(
                    "two granted changes overlap at the start of the session's text".into(),
                );
            }
        }
        merged.push(e);
    }
    let mut out = String::with_capacity(b.len());
    let mut at = 0;
    for (s, e, text) in &merged {
        out.push_str(&b[at..*s]);
        out.push_str(text);
        at = *e;
    }
    out.push_str(&b[at..]);
    Ok((out, kept))
}

impl Session {
    /// Puts every ungranted symbol and file back to its baseline text and keeps the granted
    /// changes. The result must pass the check against the baseline exactly, with every
    /// granted symbol as it is now; when it cannot, [`SessionError::RestoreRefused`] says
    /// which file and why, and nothing is written. `dry_run`: only say what would be done.
    pub fn restore(&self, dry_run: bool) -> Result<RestorePlan, SessionError> {
        self.store
            .with_lock(&self.id, || self.restore_locked(dry_run))
    }

    fn restore_locked(&self, dry_run: bool) -> Result<RestorePlan, SessionError> {
        let status = self.status()?;
        let mut planned: Vec<Planned> = Vec::new();
        let mut refused = Vec::new();
        let mut final_files: Vec<FileChange> = Vec::new();
        for fc in &status.changes.files {
            let Some(fr) = status.report.files.iter().find(|f| f.path == fc.path) else {
                final_files.push(fc.clone());
                continue;
            };
            if fr.status == Status::Allowed {
                final_files.push(fc.clone());
                continue;
            }
            let violations: Vec<&crate::FileViolation> = status
                .report
                .violations
                .iter()
                .filter(|v| v.path == fc.path)
                .collect();
            let whole_file = violations.iter().any(|v| {
                matches!(
                    v.violation.kind,
                    ViolationKind::FileChanged
                        | ViolationKind::FileCreated
                        | ViolationKind::FileDeleted
                        | ViolationKind::FileRenamed
                        | ViolationKind::BinaryChanged
                        | ViolationKind::ContractChanged
                        | ViolationKind::SymlinkChanged
                        | ViolationKind::SymlinkOutside
                )
            });
            let rec = self.manifest.files.get(&fc.path).cloned();
            let revert = |planned: &mut Vec<Planned>| {
                if matches!(rec, Some(NodeRecord::Large { .. })) {
                    return Err(refuse(
                        &fc.path,
                        "it is over the size limit, so its baseline content was not kept",
                    ));
                }
                if matches!(rec, Some(NodeRecord::Folder { .. })) {
                    return Err(refuse(
                        &fc.path,
                        "it is a submodule or nested repository, whose files the baseline does not keep",
                    ));
                }
                planned.push(Planned {
                    file: RestoreFile {
                        path: fc.path.clone(),
                        action: RestoreAction::Revert,
                        reverted: vec![],
                        kept: vec![],
                    },
                    target: Target::Baseline(rec.clone()),
                    change: None,
                });
                Ok(())
            };
            let narrowable = !whole_file
                && fc.before.is_some()
                && fc.after.is_some()
                && !fc.binary
                && fc.symlink.is_none()
                && fr.language.is_some()
                && fr.status == Status::Rejected;
            if !narrowable {
                if let Err(e) = revert(&mut planned) {
                    refused.push(e);
                }
                continue;
            }
            let (b, c) = (
                fc.before.as_deref().unwrap_or_default(),
                fc.after.as_deref().unwrap_or_default(),
            );
            let violating: Vec<String> = violations
                .iter()
                .map(|v| v.violation.symbol.clone().unwrap_or_default())
                .collect();
            let language = fr.language.expect("narrowable has a language");
            match splice(language, b, c, fr, &violating) {
                Ok((text, kept)) if kept.is_empty() && text == b => {
                    if let Err(e) = revert(&mut planned) {
                        refused.push(e);
                    }
                }
                Ok((text, kept)) => {
                    // The rebuilt file must hold every kept symbol exactly as it is now.
                    let now = SourceFile::parse(language, c)?;
                    let new = SourceFile::parse(language, text.clone())?;
                    let lost: Vec<&String> = kept
                        .iter()
                        .filter(|k| {
                            let a = unique(&now, k).map(|s| &c[s.extent.range()]);
                            let n = unique(&new, k).map(|s| &text[s.extent.range()]);
                            a.is_some() && a != n
                        })
                        .collect();
                    if !lost.is_empty() {
                        refused.push(refuse(
                            &fc.path,
                            format!(
                                "the granted change to `{}` does not survive the restore exactly",
                                lost[0]
                            ),
                        ));
                        continue;
                    }
                    let change = FileChange {
                        after: Some(text.clone()),
                        mode_change: None,
                        ..fc.clone()
                    };
                    planned.push(Planned {
                        file: RestoreFile {
                            path: fc.path.clone(),
                            action: RestoreAction::Narrow,
                            reverted: violating
                                .iter()
                                .filter(|v| !v.is_empty())
                                .cloned()
                                .collect(),
                            kept,
                        },
                        target: Target::Text(text),
                        change: Some(change),
                    });
                }
                Err(why) => refused.push(refuse(&fc.path, why)),
            }
        }
        // A contract file outside the root that changed: back to the baseline's text.
        let outside_contract = status.report.violations.iter().any(|v| {
            v.violation.kind == ViolationKind::ContractChanged
                && !status.report.files.iter().any(|f| f.path == v.path)
        });
        // git's own files that changed: back to the baseline's bytes (created ones removed).
        let git_changes = self.git_changes()?;
        for g in &git_changes {
            if matches!(g.before, Some(NodeRecord::Large { .. })) {
                refused.push(refuse(
                    &self.git_display(&g.path),
                    "it is over the size limit, so its baseline content was not kept",
                ));
            }
        }
        if !refused.is_empty() {
            return Err(SessionError::RestoreRefused { reasons: refused });
        }
        for p in &planned {
            if let Some(c) = &p.change {
                final_files.push(c.clone());
            }
        }
        // The tree after restore must pass the check.
        let mut after = ChangeSet {
            files: final_files,
            notes: status.changes.notes.clone(),
            ..ChangeSet::default()
        };
        after.files.sort_by(|a, b| a.path.cmp(&b.path));
        after.mark_link_escapes(Some(&self.root));
        let with = crate::CheckChangesOptions {
            protected: self.contract_rel().into_iter().collect(),
            budget: None,
            warm: Some(std::sync::Arc::clone(&self.warm)),
            ..Default::default()
        };
        let report = crate::check_changes_with(&self.contract, &after, &with)?;
        if !report.is_allowed() {
            let reasons = report
                .violations
                .iter()
                .map(|v| {
                    refuse(
                        &v.path,
                        format!("still out of scope after restore: {}", v.violation.message),
                    )
                })
                .chain(
                    report
                        .files
                        .iter()
                        .filter(|f| f.status == Status::Unverifiable)
                        .map(|f| refuse(&f.path, "cannot be verified after restore")),
                )
                .collect();
            return Err(SessionError::RestoreRefused { reasons });
        }
        let mut files: Vec<RestoreFile> = planned.iter().map(|p| p.file.clone()).collect();
        for g in &git_changes {
            files.push(RestoreFile {
                path: self.git_display(&g.path),
                action: RestoreAction::Revert,
                reverted: vec![],
                kept: vec![],
            });
        }
        if outside_contract {
            if let Some(p) = &self.manifest.contract.path {
                files.push(RestoreFile {
                    path: p.display().to_string(),
                    action: RestoreAction::Revert,
                    reverted: vec![],
                    kept: vec![],
                });
            }
        }
        let applied = !dry_run && !files.is_empty();
        if applied {
            for p in &planned {
                self.write_target(&p.file.path, &p.target)?;
            }
            if outside_contract {
                if let Some(p) = &self.manifest.contract.path {
                    super::store::write_atomic(p, self.manifest.contract.text.as_bytes())?;
                }
            }
            self.restore_git_files(&git_changes)?;
        }
        Ok(RestorePlan {
            files,
            applied,
            status_after: report.status,
        })
    }

    /// Puts git's own files back: what the session created is removed first (a symlink
    /// that replaced `.git/hooks`, a new hook), then every changed or deleted one gets its
    /// baseline bytes, mode or link target.
    fn restore_git_files(&self, changes: &[super::GitFileChange]) -> Result<(), SessionError> {
        let io = |p: &str, e: std::io::Error| SessionError::Io {
            path: p.to_string(),
            message: e.to_string(),
        };
        for g in changes.iter().filter(|g| g.exists_now) {
            let p = Path::new(&g.path);
            if std::fs::symlink_metadata(p).is_ok_and(|m| !m.is_dir()) {
                std::fs::remove_file(p).map_err(|e| io(&g.path, e))?;
            }
        }
        for g in changes {
            let p = Path::new(&g.path);
            match &g.before {
                None | Some(NodeRecord::Large { .. }) | Some(NodeRecord::Folder { .. }) => {}
                Some(NodeRecord::Link { target }) => {
                    #[cfg(unix)]
                    std::os::unix::fs::symlink(target, p).map_err(|e| io(&g.path, e))?;
                    #[cfg(not(unix))]
                    let _ = target;
                }
                Some(NodeRecord::File { sha256, executable }) => {
                    if let Some(dir) = p.parent() {
                        std::fs::create_dir_all(dir).map_err(|e| io(&g.path, e))?;
                    }
                    super::store::write_atomic(p, self.blob(sha256)?.as_ref())?;
                    #[cfg(unix)]
                    {
                        use std::os::unix::fs::PermissionsExt as _;
                        let mode = if *executable { 0o755 } else { 0o644 };
                        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode))
                            .map_err(|e| io(&g.path, e))?;
                    }
                    #[cfg(not(unix))]
                    let _ = executable;
                }
            }
        }
        Ok(())
    }

    /// Writes `target` at `rel` under the root, atomically, with the baseline's mode.
    fn write_target(&self, rel: &str, target: &Target) -> Result<(), SessionError> {
        let io = |e: std::io::Error| SessionError::Io {
            path: rel.to_string(),
            message: e.to_string(),
        };
        let path: PathBuf =
            crate::changeset::resolve(&self.root, rel).map_err(|e| SessionError::Io {
                path: rel.to_string(),
                message: e.to_string(),
            })?;
        let rec = self.manifest.files.get(rel);
        let executable = matches!(
            rec,
            Some(NodeRecord::File {
                executable: true,
                ..
            })
        );
        let bytes: Option<Vec<u8>> = match target {
            Target::Text(t) => Some(t.clone().into_bytes()),
            Target::Baseline(None) => None,
            Target::Baseline(Some(NodeRecord::File { sha256, .. })) => {
                Some(self.blob(sha256)?.as_ref().clone())
            }
            Target::Baseline(Some(NodeRecord::Link { target })) => {
                let _ = std::fs::remove_file(&path);
                #[cfg(unix)]
                std::os::unix::fs::symlink(target, &path).map_err(io)?;
                #[cfg(not(unix))]
                let _ = target;
                return Ok(());
            }
            Target::Baseline(Some(NodeRecord::Large { .. }))
            | Target::Baseline(Some(NodeRecord::Folder { .. })) => {
                return Err(SessionError::RestoreRefused {
                    reasons: vec![refuse(rel, "its baseline content was not kept")],
                })
            }
        };
        match bytes {
            None => match super::snapshot::read_node(&self.root, rel)? {
                Node::Missing => Ok(()),
                Node::Dir(_) => Err(SessionError::Io {
                    path: rel.to_string(),
                    message: "a folder where the session created a file; not removed".into(),
                }),
                _ => std::fs::remove_file(&path).map_err(io),
            },
            Some(bytes) => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(io)?;
                }
                if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
                    std::fs::remove_file(&path).map_err(io)?;
                }
                super::store::write_atomic(&path, &bytes)?;
                #[cfg(unix)]
                {
                    use std::os::unix::fs::PermissionsExt as _;
                    let mode = if executable { 0o755 } else { 0o644 };
                    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
                        .map_err(io)?;
                }
                Ok(())
            }
        }
    }
}
