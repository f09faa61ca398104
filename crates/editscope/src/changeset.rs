//! Change sets: the files of a repository as they are now and as they would be.
//!
//! Every input (a patch in any format, two directories, a git index or commit range, files in
//! memory) becomes a [`ChangeSet`]; the check never sees the format. Paths from untrusted
//! input are validated here: relative, inside the root, no `..`, no symlink on the way.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use serde::Serialize;

use crate::patch::{self, Action, FilePatch, PatchError, PatchErrorKind};

/// Files larger than this are refused (bytes).
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// One file's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileChange {
    /// Repository-relative path with `/` separators (the new path for a rename).
    pub path: String,
    /// For a rename or move: the old path.
    pub old_path: Option<String>,
    /// Content now (`None`: the file does not exist yet).
    #[serde(skip)]
    pub before: Option<String>,
    /// Content after the change (`None`: the file is deleted).
    #[serde(skip)]
    pub after: Option<String>,
    /// `(old, new)` file modes where they differ (git).
    pub mode_change: Option<(String, String)>,
    /// Binary content (or a symlink or submodule) that editscope cannot inspect.
    pub binary: bool,
}

impl FileChange {
    /// Whether anything differs.
    pub fn is_change(&self) -> bool {
        self.before != self.after
            || self.old_path.is_some()
            || self.mode_change.is_some()
            || self.binary
    }
}

/// A set of file changes, keyed by path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChangeSet {
    /// The changed files, sorted by path.
    pub files: Vec<FileChange>,
}

/// Validates a repository-relative path from untrusted input and normalises it (`./` and
/// duplicate slashes removed). Refuses absolute paths, `..`, NUL, backslashes, empty paths.
pub fn normalize_path(raw: &str) -> Result<String, String> {
    if raw.is_empty() {
        return Err("empty path".into());
    }
    if raw.contains('\0') {
        return Err(format!("path {raw:?} contains a NUL byte"));
    }
    if raw.contains('\\') {
        return Err(format!("path `{raw}` contains a backslash"));
    }
    let path = Path::new(raw);
    let mut parts = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => parts.push(
                p.to_str()
                    .ok_or_else(|| format!("path `{raw}` is not UTF-8"))?
                    .to_string(),
            ),
            Component::CurDir => {}
            Component::ParentDir => return Err(format!("path `{raw}` leaves the root (`..`)")),
            Component::RootDir | Component::Prefix(_) => {
                return Err(format!(
                    "path `{raw}` is absolute; paths must be relative to the root"
                ))
            }
        }
    }
    if parts.is_empty() {
        return Err(format!("path `{raw}` names no file"));
    }
    Ok(parts.join("/"))
}

pub use crate::paths::relative_to_root;

/// Resolves a relative path under `root`, refusing symlinks on the way (a symlink could lead
/// out of the root). The path is validated first ([`normalize_path`]: no `..`, not absolute).
pub fn resolve(root: &Path, rel: &str) -> Result<PathBuf, crate::paths::PathError> {
    let norm = normalize_path(rel).map_err(|reason| crate::paths::PathError::Invalid {
        path: rel.to_string(),
        reason,
    })?;
    let mut at = root.to_path_buf();
    for part in norm.split('/') {
        at.push(part);
        if let Ok(meta) = std::fs::symlink_metadata(&at) {
            if meta.file_type().is_symlink() {
                let physical = std::fs::canonicalize(&at)
                    .map(|p| p.display().to_string())
                    .unwrap_or_else(|_| at.display().to_string());
                return Err(crate::paths::PathError::ThroughSymlink {
                    path: rel.to_string(),
                    physical,
                });
            }
        }
    }
    Ok(at)
}

/// Reads a file under `root` as text: `Ok(None)` if it does not exist, `Err` for a directory,
/// a symlink, invalid UTF-8 (reported as binary by the caller) or an oversized file.
pub(crate) fn read_text(root: &Path, rel: &str) -> Result<Option<Vec<u8>>, String> {
    let full = resolve(root, rel)?;
    match std::fs::symlink_metadata(&full) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{rel}: {e}")),
        Ok(meta) if !meta.is_file() => Err(format!("`{rel}` is not a regular file")),
        Ok(meta) if meta.len() > MAX_FILE_BYTES => Err(format!(
            "`{rel}` is {} bytes, over the limit of {MAX_FILE_BYTES}",
            meta.len()
        )),
        Ok(_) => std::fs::read(&full)
            .map(Some)
            .map_err(|e| format!("{rel}: {e}")),
    }
}

fn is_binary(bytes: &[u8]) -> bool {
    bytes.iter().take(8000).any(|b| *b == 0) || std::str::from_utf8(bytes).is_err()
}

/// Text content, or `None` with the binary flag set.
pub(crate) fn text_or_binary(bytes: Option<Vec<u8>>, binary: &mut bool) -> Option<String> {
    let bytes = bytes?;
    if is_binary(&bytes) {
        *binary = true;
        return Some(String::new());
    }
    String::from_utf8(bytes).ok()
}

impl ChangeSet {
    /// A change set from files in memory: `(path, before, after)`.
    pub fn from_memory<I, P>(files: I) -> Result<ChangeSet, String>
    where
        I: IntoIterator<Item = (P, Option<String>, Option<String>)>,
        P: AsRef<str>,
    {
        let mut map = BTreeMap::new();
        for (path, before, after) in files {
            let path = normalize_path(path.as_ref())?;
            map.insert(
                path.clone(),
                FileChange {
                    path,
                    old_path: None,
                    before,
                    after,
                    mode_change: None,
                    binary: false,
                },
            );
        }
        Ok(ChangeSet {
            files: map.into_values().filter(FileChange::is_change).collect(),
        })
    }

    /// Applies parsed patches to the files under `root` (read, never written), in order: a
    /// file patched twice gets both. Paths are validated; a patch that does not apply is an
    /// error with the patch line at fault.
    pub fn from_patches(root: &Path, patches: &[FilePatch]) -> Result<ChangeSet, PatchError> {
        Self::apply_patches(root, patches, false)
    }

    /// With `git_semantics`, creating (or renaming onto) a file that exists is an error, as
    /// in `git apply`; Codex, Aider and the editing tools overwrite instead.
    fn apply_patches(
        root: &Path,
        patches: &[FilePatch],
        git_semantics: bool,
    ) -> Result<ChangeSet, PatchError> {
        let bad_path = |fp: &FilePatch, m: String| {
            PatchError::new(PatchErrorKind::BadPath, fp.line, m).with_path(&fp.path)
        };
        // path → (original content, current content, binary, old_path, mode change)
        let mut state: BTreeMap<String, FileChange> = BTreeMap::new();
        let load = |rel: &str,
                    fp: &FilePatch,
                    state: &mut BTreeMap<String, FileChange>|
         -> Result<(), PatchError> {
            if state.contains_key(rel) {
                return Ok(());
            }
            let bytes = read_text(root, rel).map_err(|m| bad_path(fp, m))?;
            let mut binary = false;
            let text = text_or_binary(bytes, &mut binary);
            state.insert(
                rel.to_string(),
                FileChange {
                    path: rel.to_string(),
                    old_path: None,
                    before: text.clone(),
                    after: text,
                    mode_change: None,
                    binary,
                },
            );
            Ok(())
        };
        for fp in patches {
            let rel = normalize_path(&fp.path).map_err(|m| bad_path(fp, m))?;
            load(&rel, fp, &mut state)?;
            let entry = state.get_mut(&rel).expect("loaded above");
            if let (Some(old), Some(new)) = (&fp.modes.old_mode, &fp.modes.new_mode) {
                if old != new {
                    entry.mode_change = Some((old.clone(), new.clone()));
                }
            }
            if matches!(fp.action, Action::Binary) {
                entry.binary = true;
                continue;
            }
            if entry.binary
                && !matches!(
                    fp.action,
                    Action::Delete | Action::DeleteChecked { .. } | Action::Create { .. }
                )
            {
                return Err(PatchError::new(
                    PatchErrorKind::Binary,
                    fp.line,
                    "the patch edits a binary file",
                )
                .with_path(&rel));
            }
            if git_semantics && matches!(fp.action, Action::Create { .. }) && entry.after.is_some()
            {
                return Err(PatchError::new(
                    PatchErrorKind::MissingFile,
                    fp.line,
                    "the patch creates a file that already exists",
                )
                .with_path(&rel));
            }
            let new = fp.apply(entry.after.as_deref())?;
            match &fp.action {
                Action::Update {
                    move_to: Some(dest),
                    ..
                } => {
                    let dest = normalize_path(dest).map_err(|m| bad_path(fp, m))?;
                    entry.after = None;
                    load(&dest, fp, &mut state)?;
                    let target = state.get_mut(&dest).expect("loaded above");
                    if git_semantics && target.after.is_some() && dest != rel {
                        return Err(PatchError::new(
                            PatchErrorKind::MissingFile,
                            fp.line,
                            format!("the patch moves `{rel}` onto `{dest}`, which already exists"),
                        )
                        .with_path(&rel));
                    }
                    target.after = new;
                    // Onto a file that exists, a move overwrites it (Codex does): that is a
                    // change of the destination's content, checked as such, not a rename.
                    if target.before.is_none() {
                        target.old_path = Some(rel.clone());
                    }
                }
                _ => entry.after = new,
            }
        }
        Ok(ChangeSet {
            files: state.into_values().filter(FileChange::is_change).collect(),
        })
    }

    /// Applies file-editing tool calls (Claude Code `Edit`/`MultiEdit`/`Write`, text editor
    /// `str_replace`/`create`/`insert`) to the files under `root`, in order.
    pub fn from_tool_edits(
        root: &Path,
        edits: Vec<patch::tool::ToolEdit>,
    ) -> Result<ChangeSet, PatchError> {
        let mut patches = Vec::with_capacity(edits.len());
        for edit in edits {
            let rel = relative_to_root(root, &edit.path).map_err(|e| {
                PatchError::new(PatchErrorKind::BadPath, 0, e.to_string()).with_path(&edit.path)
            })?;
            patches.push(edit.into_file_patch(rel));
        }
        Self::from_patches(root, &patches)
    }

    /// Parses `text` in `format` (detected when `None`) and applies it under `root`.
    pub fn from_patch_text(
        root: &Path,
        text: &str,
        format: Option<PatchFormat>,
    ) -> Result<ChangeSet, PatchError> {
        let format = match format {
            Some(f) => f,
            None => PatchFormat::detect(text).ok_or_else(|| {
                PatchError::new(
                    PatchErrorKind::Malformed,
                    1,
                    "cannot tell the patch format: expected a unified diff (`diff --git`/`---`/`+++`/`@@`), a Codex patch (`*** Begin Patch`) or Aider blocks (`<<<<<<< SEARCH`)",
                )
            })?,
        };
        let patches = format.parse(text)?;
        Self::apply_patches(root, &patches, format == PatchFormat::Unified)
    }

    /// Compares two directory trees (`.git` skipped): files only in `after` are created,
    /// only in `before` deleted.
    pub fn from_dirs(before: &Path, after: &Path) -> Result<ChangeSet, String> {
        let mut paths = std::collections::BTreeSet::new();
        for dir in [before, after] {
            walk(dir, dir, &mut paths)?;
        }
        let mut files = Vec::new();
        for rel in paths {
            let mut binary = false;
            let b = text_or_binary(read_text(before, &rel)?, &mut binary);
            let a = text_or_binary(read_text(after, &rel)?, &mut binary);
            let change = FileChange {
                path: rel,
                old_path: None,
                before: b,
                after: a,
                mode_change: None,
                binary,
            };
            if binary {
                // Compare the bytes to know whether a binary file changed at all.
                let same = std::fs::read(before.join(&change.path)).ok()
                    == std::fs::read(after.join(&change.path)).ok();
                if same {
                    continue;
                }
            }
            if change.is_change() {
                files.push(change);
            }
        }
        Ok(ChangeSet { files })
    }

    /// The changes git sees in `repo`: the index against `HEAD` (`Git::Staged`), the working
    /// tree against `HEAD` (`Git::WorkingTree`), or a commit range (`Git::Range`).
    pub fn from_git(repo: &Path, what: &GitSource) -> Result<ChangeSet, String> {
        let mut args: Vec<String> = vec![
            "-c".into(),
            "core.quotepath=off".into(),
            "diff".into(),
            "--raw".into(),
            "-z".into(),
            "--no-renames".into(),
            "--no-abbrev".into(),
        ];
        let (before_rev, after_rev): (String, Option<String>) = match what {
            GitSource::Staged => {
                args.push("--cached".into());
                ("HEAD".into(), Some(String::new()))
            }
            GitSource::WorkingTree => {
                args.push("HEAD".into());
                ("HEAD".into(), None)
            }
            GitSource::Range(range) => {
                let (a, b) = range
                    .split_once("..")
                    .ok_or_else(|| format!("`{range}` is not a range `A..B`"))?;
                let b = b.trim_start_matches('.');
                for rev in [a, b] {
                    if rev.is_empty() || rev.starts_with('-') || rev.contains(char::is_whitespace) {
                        return Err(format!("`{rev}` is not a usable revision"));
                    }
                }
                args.push(a.into());
                args.push(b.into());
                (a.into(), Some(b.into()))
            }
        };
        args.push("--".into());
        let out = git(repo, &args)?;
        let mut files = Vec::new();
        let mut fields = out.split(|b| *b == 0).filter(|f| !f.is_empty());
        while let Some(meta) = fields.next() {
            let meta = String::from_utf8_lossy(meta);
            let path = fields
                .next()
                .ok_or("unexpected end of `git diff --raw` output")?;
            let path = String::from_utf8(path.to_vec())
                .map_err(|_| "a changed path is not UTF-8".to_string())?;
            // :old_mode new_mode old_sha new_sha status
            let parts: Vec<&str> = meta.trim_start_matches(':').split(' ').collect();
            if parts.len() < 5 {
                return Err(format!("cannot read `git diff --raw` line `{meta}`"));
            }
            let (old_mode, new_mode) = (parts[0], parts[1]);
            let mut binary = [old_mode, new_mode]
                .iter()
                .any(|m| m.starts_with("120") || m.starts_with("160"));
            let before = if old_mode == "000000" {
                None
            } else {
                show(repo, &format!("{before_rev}:{path}"))?
            };
            let after = if new_mode == "000000" {
                None
            } else {
                match &after_rev {
                    Some(rev) => show(repo, &format!("{rev}:{path}"))?,
                    None => read_text(repo, &normalize_path(&path)?)?,
                }
            };
            let before = text_or_binary(before, &mut binary);
            let after = text_or_binary(after, &mut binary);
            let mode_change =
                (old_mode != "000000" && new_mode != "000000" && old_mode != new_mode)
                    .then(|| (old_mode.to_string(), new_mode.to_string()));
            files.push(FileChange {
                path: normalize_path(&path)?,
                old_path: None,
                before,
                after,
                mode_change,
                binary,
            });
        }
        if *what == GitSource::WorkingTree {
            // Files git does not track yet (and does not ignore) are created files too.
            let out = git(
                repo,
                &[
                    "-c".into(),
                    "core.quotepath=off".into(),
                    "ls-files".into(),
                    "--others".into(),
                    "--exclude-standard".into(),
                    "-z".into(),
                ],
            )?;
            for path in out.split(|b| *b == 0).filter(|p| !p.is_empty()) {
                let path = String::from_utf8(path.to_vec())
                    .map_err(|_| "an untracked path is not UTF-8".to_string())?;
                let rel = normalize_path(&path)?;
                let mut binary = false;
                let after = text_or_binary(read_text(repo, &rel)?, &mut binary);
                files.push(FileChange {
                    path: rel,
                    old_path: None,
                    before: None,
                    after,
                    mode_change: None,
                    binary,
                });
            }
        }
        files.sort_by(|a, b| a.path.cmp(&b.path));
        Ok(ChangeSet { files })
    }
}

/// Where git changes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitSource {
    /// The index against `HEAD` (a pre-commit hook).
    Staged,
    /// The working tree against `HEAD`.
    WorkingTree,
    /// A commit range `A..B` (CI on a branch).
    Range(String),
}

fn git(repo: &Path, args: &[String]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

fn show(repo: &Path, object: &str) -> Result<Option<Vec<u8>>, String> {
    let bytes = git(repo, &["show".into(), object.into()])?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("`{object}` is over the size limit"));
    }
    Ok(Some(bytes))
}

fn walk(
    root: &Path,
    dir: &Path,
    out: &mut std::collections::BTreeSet<String>,
) -> Result<(), String> {
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && dir == root => {
            return Err(format!("{}: no such directory", root.display()))
        }
        Err(e) => return Err(format!("{}: {e}", dir.display())),
    };
    for entry in entries {
        let entry = entry.map_err(|e| e.to_string())?;
        let path = entry.path();
        let name = entry.file_name();
        // The trees' own `.git` is not content; a `.git` further down is (and is frozen).
        if name == ".git" && dir == root {
            continue;
        }
        let kind = entry.file_type().map_err(|e| e.to_string())?;
        if kind.is_dir() {
            walk(root, &path, out)?;
        } else {
            let rel = path.strip_prefix(root).map_err(|e| e.to_string())?;
            let rel = rel
                .to_str()
                .ok_or_else(|| format!("{} is not UTF-8", rel.display()))?;
            out.insert(rel.replace(std::path::MAIN_SEPARATOR, "/"));
        }
    }
    Ok(())
}

/// A patch format.
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
            PatchFormat::Unified => patch::unified::parse(text),
            PatchFormat::Codex => patch::codex::parse(text),
            PatchFormat::Aider => patch::aider::parse(text),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_paths_are_refused() {
        for bad in [
            "",
            "/etc/passwd",
            "../x",
            "a/../../x",
            "a\\b",
            "a\0b",
            ".",
            "./",
        ] {
            assert!(normalize_path(bad).is_err(), "{bad:?}");
        }
        assert_eq!(normalize_path("./src//app.py").unwrap(), "src/app.py");
    }

    #[test]
    fn symlinks_are_not_followed() {
        let dir = std::env::temp_dir().join(format!("editscope-cs-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("real")).unwrap();
        for bad in ["../x", "/etc/passwd", "real/../../x", ""] {
            assert!(
                matches!(
                    resolve(&dir, bad),
                    Err(crate::paths::PathError::Invalid { .. })
                ),
                "{bad:?}"
            );
        }
        #[cfg(unix)]
        {
            let _ = std::os::unix::fs::symlink("/etc", dir.join("out"));
            assert!(resolve(&dir, "out/passwd").is_err());
        }
        assert!(resolve(&dir, "real/x.py").is_ok());
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn detects_formats() {
        assert_eq!(
            PatchFormat::detect("*** Begin Patch\n*** End Patch\n"),
            Some(PatchFormat::Codex)
        );
        assert_eq!(
            PatchFormat::detect("a.py\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n"),
            Some(PatchFormat::Aider)
        );
        assert_eq!(
            PatchFormat::detect("diff --git a/x b/x\n"),
            Some(PatchFormat::Unified)
        );
        assert_eq!(PatchFormat::detect("hello"), None);
    }

    #[test]
    fn memory_change_sets_drop_unchanged_files() {
        let cs = ChangeSet::from_memory([
            ("a.py", Some("x".to_string()), Some("x".to_string())),
            ("b.py", None, Some("y".into())),
        ])
        .unwrap();
        assert_eq!(cs.files.len(), 1);
        assert_eq!(cs.files[0].path, "b.py");
    }
}
