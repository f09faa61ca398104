//! Change sets: the files of a repository as they are now and as they would be.
//!
//! Every input (a patch in any format, two directories, a git index or commit range, files in
//! memory) becomes a [`ChangeSet`]; the check never sees the format. Paths from untrusted
//! input are validated here: relative, inside the root, no `..`, no symlink on the way.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};

use crate::patch::{self, Action, FilePatch, PatchError, PatchErrorKind};

use crate::error::Error;
use crate::limits::{MAX_DEPTH, MAX_FILES, MAX_LINK_HOPS, MAX_PATCH_BYTES};

/// Files larger than this are refused (bytes): [`crate::limits::MAX_FILE_BYTES`].
pub const MAX_FILE_BYTES: u64 = crate::limits::MAX_FILE_BYTES as u64;

/// Which sides of a [`FileChange`] are symlinks. A symlink's content (`before`/`after`) is its
/// target, as git stores it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Symlink {
    /// The path is a symlink before the change.
    pub before: bool,
    /// The path is a symlink after the change.
    pub after: bool,
    /// The source resolved the target after the change on disk (following links already
    /// there) and found it outside the root. The check resolves it lexically too, so `false`
    /// only says that the source saw no escape.
    pub escapes: bool,
}

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
    /// Binary content (or a submodule) that editscope cannot inspect.
    pub binary: bool,
    /// Set when either side is a symlink (its content is then the link's target).
    pub symlink: Option<Symlink>,
}

impl FileChange {
    /// Whether anything differs.
    pub fn is_change(&self) -> bool {
        self.before != self.after
            || self.old_path.is_some()
            || self.mode_change.is_some()
            || self.binary
            || self.symlink.is_some_and(|l| l.before != l.after)
    }

    /// Whether the path is a symlink after the change.
    pub fn is_link_after(&self) -> bool {
        self.after.is_some() && self.symlink.is_some_and(|l| l.after)
    }

    /// Whether the path is a symlink before the change.
    pub fn is_link_before(&self) -> bool {
        self.before.is_some() && self.symlink.is_some_and(|l| l.before)
    }
}

/// A set of file changes, keyed by path.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ChangeSet {
    /// The changed files, sorted by path.
    pub files: Vec<FileChange>,
    /// What the source set aside or noticed (an uncommitted contract taken as the task's
    /// setup); the report repeats these as warnings.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// Where each symlink the change leaves resolves (root-relative), following the change's
    /// own links and those of the tree it is written into (the files on disk, the index, or
    /// the range's end). A link missing here resolved nowhere inside the root.
    #[serde(skip)]
    pub link_targets: BTreeMap<String, String>,
}

/// Validates a repository-relative path from untrusted input and normalises it (`./` and
/// duplicate slashes removed). Refuses absolute paths, `..`, NUL, backslashes, empty paths
/// with [`Error::InvalidPath`].
///
/// ```
/// assert_eq!(editscope::normalize_path("./src//app.py")?, "src/app.py");
/// assert!(matches!(
///     editscope::normalize_path("../etc/passwd"),
///     Err(editscope::Error::InvalidPath { .. })
/// ));
/// # Ok::<(), editscope::Error>(())
/// ```
pub fn normalize_path(raw: &str) -> Result<String, Error> {
    normalize(raw).map_err(|reason| Error::InvalidPath {
        path: raw.to_string(),
        reason,
    })
}

/// [`normalize_path`], with the reason as a sentence naming the path.
pub(crate) fn normalize(raw: &str) -> Result<String, String> {
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
    let norm = normalize(rel).map_err(|reason| crate::paths::PathError::Invalid {
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

/// What is at a path under a root.
pub(crate) enum Entry {
    /// Nothing.
    Missing,
    /// A regular file's bytes.
    File(Vec<u8>),
    /// A symlink's target (the link itself, never followed).
    Link(String),
}

/// Reads what is at `rel` under `root`: a regular file's bytes, or a symlink's target (never
/// followed). A symlink on the way to it is refused (it could lead out of the root), as is a
/// directory or an oversized file.
pub(crate) fn read_entry(root: &Path, rel: &str) -> Result<Entry, String> {
    let full = match rel.rsplit_once('/') {
        Some((dir, name)) => resolve(root, dir)?.join(name),
        None => root.join(rel),
    };
    match std::fs::symlink_metadata(&full) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Entry::Missing),
        Err(e) => Err(format!("{rel}: {e}")),
        Ok(meta) if meta.file_type().is_symlink() => {
            let target = std::fs::read_link(&full).map_err(|e| format!("{rel}: {e}"))?;
            let target = target
                .to_str()
                .ok_or_else(|| format!("the target of the symlink `{rel}` is not UTF-8"))?;
            Ok(Entry::Link(target.to_string()))
        }
        Ok(meta) if !meta.is_file() => Err(format!("`{rel}` is not a regular file")),
        Ok(meta) if meta.len() > MAX_FILE_BYTES => Err(format!(
            "`{rel}` is {} bytes, over the limit of {MAX_FILE_BYTES}",
            meta.len()
        )),
        Ok(_) => std::fs::read(&full)
            .map(Entry::File)
            .map_err(|e| format!("{rel}: {e}")),
    }
}

/// Content and symlink flag of an [`Entry`]: `(text, is_link)`, with `binary` set for
/// content that is not text.
fn entry_text(entry: Entry, binary: &mut bool) -> (Option<String>, bool) {
    match entry {
        Entry::Missing => (None, false),
        Entry::Link(target) => (Some(target), true),
        Entry::File(bytes) => (text_or_binary(Some(bytes), binary), false),
    }
}

/// Where a symlink at `link` (root-relative) with `target` leads, resolved component by
/// component as the OS would: `..` and `.` taken as they come, and every symlink met on the
/// way (`lookup` gives the target of a root-relative path that is a symlink) followed, at
/// most [`MAX_LINK_HOPS`] times. `None` when the target is absolute, climbs above the root,
/// or goes round in circles: it may lead anywhere.
pub(crate) fn resolve_link(
    link: &str,
    target: &str,
    lookup: &dyn Fn(&str) -> Option<String>,
) -> Option<String> {
    let mut at: Vec<String> = link.split('/').map(str::to_string).collect();
    at.pop();
    let mut pending: std::collections::VecDeque<String> = std::collections::VecDeque::new();
    let push_target = |pending: &mut std::collections::VecDeque<String>, t: &str| -> bool {
        if t.is_empty() || t.starts_with('/') || t.contains('\\') || t.contains('\0') {
            return false;
        }
        for part in t.split('/').rev() {
            pending.push_front(part.to_string());
        }
        true
    };
    if !push_target(&mut pending, target) {
        return None;
    }
    let mut hops = 0;
    while let Some(part) = pending.pop_front() {
        match part.as_str() {
            "" | "." => {}
            ".." => {
                at.pop()?;
            }
            name => {
                at.push(name.to_string());
                if at.len() > MAX_DEPTH {
                    return None;
                }
                if let Some(next) = lookup(&at.join("/")) {
                    hops += 1;
                    if hops > MAX_LINK_HOPS {
                        return None;
                    }
                    at.pop();
                    if !push_target(&mut pending, &next) {
                        return None;
                    }
                }
            }
        }
    }
    Some(at.join("/"))
}

/// The target of the symlink at `rel` under `root` on disk, if it is one.
fn disk_link(root: &Path, rel: &str) -> Option<String> {
    let full = root.join(rel);
    let meta = std::fs::symlink_metadata(&full).ok()?;
    if !meta.file_type().is_symlink() {
        return None;
    }
    std::fs::read_link(&full)
        .ok()
        .and_then(|t| t.to_str().map(str::to_string))
}

/// The git mode of the regular file at `path`: `100755` when executable, else `100644`.
fn file_mode(path: &Path) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        if std::fs::metadata(path).is_ok_and(|m| m.permissions().mode() & 0o111 != 0) {
            return "100755";
        }
    }
    let _ = path;
    "100644"
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
    pub fn from_memory<I, P>(files: I) -> Result<ChangeSet, Error>
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
                    symlink: None,
                },
            );
        }
        if map.len() > MAX_FILES {
            return Err(Error::TooManyFiles {
                count: map.len(),
                limit: MAX_FILES,
            });
        }
        let mut set = ChangeSet {
            files: map.into_values().filter(FileChange::is_change).collect(),
            ..ChangeSet::default()
        };
        set.mark_link_escapes(None);
        Ok(set)
    }

    /// Sets [`Symlink::escapes`] for every symlink the change creates or changes, and records
    /// where it leads ([`ChangeSet::link_targets`]): its target resolved through the links of
    /// the change set, then those on disk under `disk` (the root the change applies to),
    /// when there is one.
    fn mark_link_escapes(&mut self, disk: Option<&Path>) {
        self.mark_links(&|p: &str| disk.and_then(|d| disk_link(d, p)));
    }

    /// [`ChangeSet::mark_link_escapes`] with the links of the tree the change is written into
    /// given by `base` (the target of a root-relative path that is a symlink there).
    fn mark_links(&mut self, base: &dyn Fn(&str) -> Option<String>) {
        let links: BTreeMap<String, Option<String>> = self
            .files
            .iter()
            .map(|f| {
                let target = f.is_link_after().then(|| f.after.clone()).flatten();
                (f.path.clone(), target)
            })
            .collect();
        let lookup = |p: &str| match links.get(p) {
            Some(t) => t.clone(),
            None => base(p),
        };
        self.link_targets.clear();
        for f in &mut self.files {
            if !f.is_link_after() {
                continue;
            }
            let target = f.after.as_deref().unwrap_or_default();
            match resolve_link(&f.path, target, &lookup) {
                Some(r) => {
                    self.link_targets.insert(f.path.clone(), r);
                }
                None => {
                    if let Some(l) = &mut f.symlink {
                        l.escapes = true;
                    }
                }
            }
        }
    }

    /// Moves the change under `prefix` (a path relative to `project`, the root the contract's
    /// paths are relative to; empty: no move): a patch applied in a subdirectory changes
    /// `prefix/path`, and the contract must judge that path. Links are resolved again from
    /// `project`.
    pub fn place_under(&mut self, prefix: &str, project: &Path) -> Result<(), Error> {
        if prefix.is_empty() {
            return Ok(());
        }
        let prefix = normalize_path(prefix)?;
        for f in &mut self.files {
            f.path = format!("{prefix}/{}", f.path);
            if let Some(old) = &mut f.old_path {
                *old = format!("{prefix}/{old}");
            }
        }
        self.mark_link_escapes(Some(project));
        Ok(())
    }

    /// Takes a contract file at `rel` that the change creates out of the change set: an
    /// uncommitted contract in a working tree is the task's setup (written before the agent
    /// started), not the agent's change. Only a plain new file is set aside (not a symlink,
    /// not one that replaces or moves anything); a note says so. Returns whether it was.
    pub fn set_aside_new_contract(&mut self, rel: &str) -> bool {
        let Some(at) = self.files.iter().position(|f| {
            f.path == rel
                && f.before.is_none()
                && f.old_path.is_none()
                && f.after.is_some()
                && f.symlink.is_none()
                && !f.binary
        }) else {
            return false;
        };
        self.files.remove(at);
        self.notes.push(format!(
            "the contract `{rel}` is not committed: it is taken as this task's setup, not as part of the change (commit it, so that a change to it is seen)"
        ));
        true
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
            let entry = read_entry(root, rel).map_err(|m| bad_path(fp, m))?;
            let mut binary = false;
            let (text, link) = entry_text(entry, &mut binary);
            state.insert(
                rel.to_string(),
                FileChange {
                    path: rel.to_string(),
                    old_path: None,
                    before: text.clone(),
                    after: text,
                    mode_change: None,
                    binary,
                    symlink: link.then_some(Symlink {
                        before: true,
                        after: true,
                        escapes: false,
                    }),
                },
            );
            Ok(())
        };
        if patches.len() > MAX_FILES {
            return Err(PatchError::new(
                PatchErrorKind::TooLarge,
                0,
                too_many_files(patches.len()),
            ));
        }
        for fp in patches {
            let rel = normalize(&fp.path).map_err(|m| bad_path(fp, m))?;
            // Nothing is written through a symlink the change itself creates (git refuses a
            // path "beyond a symbolic link" too).
            for (at, _) in rel.match_indices('/') {
                if state.get(&rel[..at]).is_some_and(FileChange::is_link_after) {
                    return Err(bad_path(
                        fp,
                        format!("`{rel}` goes through the symlink `{}`", &rel[..at]),
                    ));
                }
            }
            load(&rel, fp, &mut state)?;
            let entry = state.get_mut(&rel).expect("loaded above");
            let is_link_mode = |m: &Option<String>| m.as_deref() == Some("120000");
            let deletes = matches!(fp.action, Action::Delete | Action::DeleteChecked { .. });
            let creates = matches!(fp.action, Action::Create { .. });
            // A symlink on disk is edited only by a patch that says it is one (git's mode
            // 120000); any other tool would write through it, to wherever it points.
            // A pure git rename (no content change, so no mode line) moves the link itself.
            let pure_rename = git_semantics
                && matches!(
                    fp.action,
                    Action::Update {
                        edit: None,
                        move_to: Some(_)
                    }
                )
                && fp.modes.new_mode.is_none();
            if entry.is_link_after()
                && !deletes
                && !creates
                && !pure_rename
                && !is_link_mode(&fp.modes.old_mode)
            {
                return Err(bad_path(
                    fp,
                    format!(
                        "`{rel}` is a symlink; the edit would be written through it to its target"
                    ),
                ));
            }
            if entry.after.is_some()
                && !entry.is_link_after()
                && !creates
                && is_link_mode(&fp.modes.old_mode)
            {
                return Err(PatchError::new(
                    PatchErrorKind::MissingFile,
                    fp.line,
                    format!("the patch edits `{rel}` as a symlink, but it is a regular file"),
                )
                .with_path(&rel));
            }
            if creates && entry.is_link_after() && !git_semantics {
                return Err(bad_path(
                    fp,
                    format!(
                        "`{rel}` is a symlink; the file would be written through it to its target"
                    ),
                ));
            }
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
                    let dest = normalize(dest).map_err(|m| bad_path(fp, m))?;
                    let moved_link = entry.is_link_after() || is_link_mode(&fp.modes.new_mode);
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
                    if moved_link || target.is_link_before() {
                        target.symlink = Some(Symlink {
                            before: target.is_link_before(),
                            after: moved_link && target.after.is_some(),
                            escapes: false,
                        });
                    }
                    // Onto a file that exists, a move overwrites it (Codex does): that is a
                    // change of the destination's content, checked as such, not a rename.
                    if target.before.is_none() {
                        target.old_path = Some(rel.clone());
                    }
                }
                _ => {
                    entry.after = new;
                    let after_link = entry.after.is_some()
                        && if creates || is_link_mode(&fp.modes.new_mode) {
                            is_link_mode(&fp.modes.new_mode)
                        } else {
                            entry.is_link_after()
                        };
                    let before_link = entry.is_link_before();
                    entry.symlink = (before_link || after_link).then_some(Symlink {
                        before: before_link,
                        after: after_link,
                        escapes: false,
                    });
                }
            }
        }
        let mut set = ChangeSet {
            files: state.into_values().filter(FileChange::is_change).collect(),
            ..ChangeSet::default()
        };
        set.mark_link_escapes(Some(root));
        Ok(set)
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

    /// Parses `text` in `format` (detected when `None`) and applies it under `root`. A text
    /// over [`MAX_PATCH_BYTES`] is refused, whatever the format and wherever it came from.
    pub fn from_patch_text(
        root: &Path,
        text: &str,
        format: Option<PatchFormat>,
    ) -> Result<ChangeSet, PatchError> {
        check_patch_size(text.len())?;
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
    /// only in `before` deleted. A symlink is compared as a link (its target), never followed.
    pub fn from_dirs(before: &Path, after: &Path) -> Result<ChangeSet, Error> {
        Self::from_dirs_inner(before, after).map_err(|message| Error::Io {
            path: format!("{} -> {}", before.display(), after.display()),
            message,
        })
    }

    fn from_dirs_inner(before: &Path, after: &Path) -> Result<ChangeSet, String> {
        let mut paths = std::collections::BTreeSet::new();
        for dir in [before, after] {
            walk(dir, dir, 0, &mut paths)?;
        }
        let mut files = Vec::new();
        for rel in paths {
            let mut binary = false;
            let (b, b_link) = entry_text(read_entry(before, &rel)?, &mut binary);
            let (a, a_link) = entry_text(read_entry(after, &rel)?, &mut binary);
            // The mode git would record (executable or not), compared as git compares it.
            let mode_change = (!b_link && !a_link && b.is_some() && a.is_some())
                .then(|| (file_mode(&before.join(&rel)), file_mode(&after.join(&rel))))
                .filter(|(b, a)| b != a)
                .map(|(b, a)| (b.to_string(), a.to_string()));
            let change = FileChange {
                path: rel,
                old_path: None,
                before: b,
                after: a,
                mode_change,
                binary,
                symlink: (b_link || a_link).then_some(Symlink {
                    before: b_link,
                    after: a_link,
                    escapes: false,
                }),
            };
            if binary && !b_link && !a_link {
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
        let mut set = ChangeSet {
            files,
            ..ChangeSet::default()
        };
        set.mark_link_escapes(Some(after));
        Ok(set)
    }

    /// The changes git sees in the repository that contains `repo`: the index against `HEAD`
    /// (`Git::Staged`), the working tree against `HEAD` (`Git::WorkingTree`), or a commit
    /// range (`Git::Range`).
    ///
    /// `repo` may be any directory of the working tree (its top level, a subdirectory, a
    /// path through `..` or a symlink): the change is always the whole repository's, with
    /// paths relative to its top level ([`git_toplevel`]), so the verdict does not depend on
    /// where it is asked from. Nothing is set aside: a new contract file is part of the change
    /// (a caller that uses an uncommitted contract as the task's setup sets that one file
    /// aside itself, [`ChangeSet::set_aside_new_contract`]).
    pub fn from_git(repo: &Path, what: &GitSource) -> Result<ChangeSet, Error> {
        Self::from_git_inner(repo, what).map_err(|message| Error::Git { message })
    }

    fn from_git_inner(repo: &Path, what: &GitSource) -> Result<ChangeSet, String> {
        let top = toplevel(repo)?;
        let overrides = filter_overrides(&top);
        let mut args: Vec<String> = overrides.clone();
        args.extend::<Vec<String>>(vec![
            "-c".into(),
            "core.quotepath=off".into(),
            "-c".into(),
            "core.trustctime=true".into(),
            "-c".into(),
            "core.checkStat=default".into(),
            "diff".into(),
            "--no-ext-diff".into(),
            "--raw".into(),
            "-z".into(),
            "--no-renames".into(),
            "--no-abbrev".into(),
            "--no-relative".into(),
            "--ignore-submodules=none".into(),
        ]);
        let (_before_rev, after_rev): (String, Option<String>) = match what {
            GitSource::Staged => {
                args.push("--cached".into());
                ("HEAD".into(), Some(String::new()))
            }
            GitSource::WorkingTree => {
                args.push("HEAD".into());
                ("HEAD".into(), None)
            }
            GitSource::Range(_) => {
                let (a, b) = what.range_revs()?;
                args.push(a.clone());
                args.push(b.clone());
                (a, Some(b))
            }
        };
        args.push("--".into());
        // The working tree is compared against a fresh index read from HEAD, never the
        // repository's: its stat cache, skip-worktree and assume-unchanged bits are the
        // agent's to write (a refreshed stat entry under a clean filter hides an edit), so
        // every file's content is compared.
        let fresh = match what {
            GitSource::WorkingTree => Some(FreshIndex::from_head(&top)?),
            _ => None,
        };
        let index = fresh.as_ref().map(|f| f.0.as_path());
        let out = git_idx(&top, &args, index)?;
        let mut files: BTreeMap<String, FileChange> = BTreeMap::new();
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
            let rel = normalize(&path)?;
            let mut binary = [old_mode, new_mode].iter().any(|m| m.starts_with("160"));
            let before_link = old_mode.starts_with("120");
            // A submodule (gitlink) is a commit id, not a blob: binary, compared by id.
            let gitlink = |sha: &str| Some(format!("gitlink {sha}").into_bytes());
            let before = if old_mode == "000000" {
                None
            } else if old_mode.starts_with("160") {
                gitlink(parts[2])
            } else {
                // By the object id git reported, never by a revision:path name (which a
                // file called `0:app.py` would turn into another file).
                let sha = object_id(parts[2])?;
                let raw = git_blob(&top, &sha)?;
                if after_rev.is_none() && !before_link {
                    checked_out_form(&top, &overrides, &sha, &rel, raw)?
                } else {
                    raw
                }
            };
            let (after, after_link) = if new_mode == "000000" {
                (None, false)
            } else if new_mode.starts_with("160") {
                (gitlink(parts[3]), false)
            } else {
                match &after_rev {
                    Some(_) => (
                        git_blob(&top, &object_id(parts[3])?)?,
                        new_mode.starts_with("120"),
                    ),
                    None => match read_entry(&top, &rel)? {
                        Entry::Missing => (None, false),
                        Entry::File(b) => (Some(b), false),
                        Entry::Link(t) => (Some(t.into_bytes()), true),
                    },
                }
            };
            let before = if before_link {
                link_text(before, &rel)?
            } else {
                text_or_binary(before, &mut binary)
            };
            let after = if after_link {
                link_text(after, &rel)?
            } else {
                text_or_binary(after, &mut binary)
            };
            let mode_change =
                (old_mode != "000000" && new_mode != "000000" && old_mode != new_mode)
                    .then(|| (old_mode.to_string(), new_mode.to_string()));
            files.insert(
                rel.clone(),
                FileChange {
                    path: rel,
                    old_path: None,
                    before,
                    after,
                    mode_change,
                    binary,
                    symlink: (before_link || after_link).then_some(Symlink {
                        before: before_link,
                        after: after_link,
                        escapes: false,
                    }),
                },
            );
            if files.len() > MAX_FILES {
                return Err(too_many_files(files.len()));
            }
        }
        if *what == GitSource::WorkingTree {
            // Files git does not track yet (and does not ignore) are created files too.
            let out = git_idx(
                &top,
                &[
                    "-c".into(),
                    "core.quotepath=off".into(),
                    "ls-files".into(),
                    "--others".into(),
                    "--exclude-standard".into(),
                    "-z".into(),
                    "--".into(),
                ],
                index,
            )?;
            for path in out.split(|b| *b == 0).filter(|p| !p.is_empty()) {
                let path = String::from_utf8(path.to_vec())
                    .map_err(|_| "an untracked path is not UTF-8".to_string())?;
                let rel = normalize(&path)?;
                let mut binary = false;
                let (after, link) = entry_text(read_entry(&top, &rel)?, &mut binary);
                // Taken out of the index but still on disk: the diff has it as deleted.
                let entry = files.entry(rel.clone()).or_insert_with(|| FileChange {
                    path: rel.clone(),
                    old_path: None,
                    before: None,
                    after: None,
                    mode_change: None,
                    binary: false,
                    symlink: None,
                });
                let before_link = entry.is_link_before();
                entry.after = after;
                entry.binary |= binary;
                entry.mode_change = None;
                entry.symlink = (before_link || link).then_some(Symlink {
                    before: before_link,
                    after: link,
                    escapes: false,
                });
                if files.len() > MAX_FILES {
                    return Err(too_many_files(files.len()));
                }
            }
        }
        if *what == GitSource::WorkingTree {
            hidden_worktree_changes(&top, &mut files, fresh.as_ref().map(|f| f.0.as_path()))?;
        }
        let mut set = ChangeSet {
            files: files.into_values().filter(FileChange::is_change).collect(),
            ..ChangeSet::default()
        };
        // Links resolve in the tree the change is written into: the working tree on disk,
        // the index for --staged, the range's end for a range (never the working tree).
        match &after_rev {
            None => set.mark_link_escapes(Some(&top)),
            Some(rev) => {
                let base = if set.files.iter().any(FileChange::is_link_after) {
                    git_links(&top, rev)?
                } else {
                    BTreeMap::new()
                };
                set.mark_links(&|p: &str| base.get(p).cloned());
            }
        }
        Ok(set)
    }
}

/// [`PatchErrorKind::TooLarge`] for a patch text of `len` bytes over [`MAX_PATCH_BYTES`].
pub fn check_patch_size(len: usize) -> Result<(), PatchError> {
    if len > MAX_PATCH_BYTES {
        return Err(PatchError::new(
            PatchErrorKind::TooLarge,
            0,
            format!("the patch is {len} bytes, over the limit of {MAX_PATCH_BYTES}"),
        ));
    }
    Ok(())
}

fn too_many_files(n: usize) -> String {
    format!("the change has {n} files or more, over the limit of {MAX_FILES}")
}

/// A symlink blob's target as text.
fn link_text(bytes: Option<Vec<u8>>, rel: &str) -> Result<Option<String>, String> {
    bytes
        .map(|b| {
            String::from_utf8(b)
                .map_err(|_| format!("the target of the symlink `{rel}` is not UTF-8"))
        })
        .transpose()
}

/// Adds to a working-tree change what git's own state, which the agent can write, would hide:
///
/// - files the index marks `--skip-worktree` or `--assume-unchanged` (git then never looks
///   at them): compared on disk against `HEAD` (the diff against a fresh index already does;
///   a skip-worktree file that is not on disk is a sparse checkout's, not a deletion);
/// - untracked files ignored only by a `.gitignore` that is not in `HEAD` as it is on disk
///   (new, edited, or hiding itself), by `.git/info/exclude`, or by an excludes file the
///   repository's own configuration names: the agent can write those, so they hide nothing.
///   Rules from a `.gitignore` committed unchanged and from the user's global
///   `core.excludesFile` are honoured.
fn hidden_worktree_changes(
    top: &Path,
    files: &mut BTreeMap<String, FileChange>,
    index: Option<&Path>,
) -> Result<(), String> {
    let overrides = filter_overrides(top);
    let add = |rel: String,
               files: &mut BTreeMap<String, FileChange>,
               tracked: bool|
     -> Result<(), String> {
        if files.contains_key(&rel) {
            return Ok(());
        }
        let mut binary = false;
        let entry = read_entry(top, &rel)?;
        if tracked && matches!(entry, Entry::Missing) {
            return Ok(());
        }
        let (after, after_link) = entry_text(entry, &mut binary);
        let (before, before_link) = if tracked {
            match git_entry(top, "HEAD", &rel)? {
                None => (None, false),
                Some((mode, bytes)) if mode == "120000" => (link_text(Some(bytes), &rel)?, true),
                Some((mode, _)) if mode.starts_with("160") => return Ok(()),
                Some((_, bytes)) if is_binary(&bytes) => {
                    (text_or_binary(Some(bytes), &mut binary), false)
                }
                Some(_) => {
                    // In its checked-out form, as the other working-tree files.
                    let mut args = overrides.clone();
                    args.extend(["cat-file".into(), "--filters".into()]);
                    let bytes = git_cat(top, &args, &format!("HEAD:./{rel}"))?;
                    (text_or_binary(bytes, &mut binary), false)
                }
            }
        } else {
            (None, false)
        };
        files.insert(
            rel.clone(),
            FileChange {
                path: rel,
                old_path: None,
                before,
                after,
                mode_change: None,
                binary,
                symlink: (before_link || after_link).then_some(Symlink {
                    before: before_link,
                    after: after_link,
                    escapes: false,
                }),
            },
        );
        if files.len() > MAX_FILES {
            return Err(too_many_files(files.len()));
        }
        Ok(())
    };
    // Every tracked regular file whose bytes on disk are not HEAD's, hashed without any
    // conversion: git's diff applies the attributes' conversions (`ident`, end of line,
    // encodings), and attributes can come from `.git/info/attributes`, which the agent can
    // write. Such a file is compared in its checked-out form; one equal to it is no change.
    let tracked = git_idx(top, &["ls-files".into(), "-s".into(), "-z".into()], index)?;
    let mut regular: Vec<(String, String)> = Vec::new();
    for entry in tracked.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8(entry.to_vec())
            .map_err(|_| "a tracked path is not UTF-8".to_string())?;
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split(' ').collect();
        if !matches!(fields.first(), Some(&"100644") | Some(&"100755")) || files.contains_key(path)
        {
            continue;
        }
        let rel = normalize(path)?;
        let on_disk = match rel.rsplit_once('/') {
            Some((dir, name)) => resolve(top, dir).ok().map(|d| d.join(name)),
            None => Some(top.join(&rel)),
        };
        if on_disk
            .and_then(|p| std::fs::symlink_metadata(p).ok())
            .is_some_and(|m| m.is_file())
        {
            if rel.contains('\n') {
                return Err(format!(
                    "`{rel}`: a tracked path with a newline cannot be compared"
                ));
            }
            regular.push((rel, fields.get(1).copied().unwrap_or_default().to_string()));
        }
    }
    // Files in the repository's index but not in HEAD (`git add -f` of an ignored file): the
    // fresh index does not track them and an ignore rule would hide them.
    if index.is_some() {
        let in_head: std::collections::BTreeSet<String> = tracked
            .split(|b| *b == 0)
            .filter_map(|e| {
                let e = String::from_utf8_lossy(e);
                e.split_once('\t').map(|(_, p)| p.to_string())
            })
            .collect();
        let staged = git(top, &["ls-files".into(), "-z".into()])?;
        for path in staged.split(|b| *b == 0).filter(|p| !p.is_empty()) {
            let path = String::from_utf8(path.to_vec())
                .map_err(|_| "a tracked path is not UTF-8".to_string())?;
            if !in_head.contains(&path) {
                add(normalize(&path)?, files, false)?;
            }
        }
    }
    if !regular.is_empty() {
        let input: Vec<u8> = regular
            .iter()
            .flat_map(|(p, _)| format!("{p}\n").into_bytes())
            .collect();
        let hashes = git_with_input(
            top,
            &[
                "hash-object".into(),
                "--no-filters".into(),
                "--stdin-paths".into(),
            ],
            &input,
            index,
        )?;
        let hashes: Vec<&str> = std::str::from_utf8(&hashes)
            .map_err(|_| "git hash-object gave no object ids".to_string())?
            .lines()
            .collect();
        if hashes.len() != regular.len() {
            return Err("git hash-object did not hash every tracked file".into());
        }
        for ((rel, sha), got) in regular.into_iter().zip(hashes) {
            if got != sha {
                add(rel, files, true)?;
            }
        }
    }
    // `ls-files -v`: a lowercase tag is assume-unchanged, `S` skip-worktree.
    let listing = git(top, &["ls-files".into(), "-v".into(), "-z".into()])?;
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8(entry.to_vec())
            .map_err(|_| "a tracked path is not UTF-8".to_string())?;
        let Some((tag, path)) = entry.split_once(' ') else {
            continue;
        };
        if tag == "S" || tag.chars().all(|c| c.is_ascii_lowercase()) {
            let rel = normalize(path)?;
            // A sparse checkout's file, not on disk: not a deletion.
            let absent = matches!(read_entry(top, &rel)?, Entry::Missing);
            if tag == "S" && absent {
                if files
                    .get(&rel)
                    .is_some_and(|f| f.after.is_none() && f.old_path.is_none())
                {
                    files.remove(&rel);
                }
                continue;
            }
            add(rel, files, true)?;
        }
    }
    // Ignored untracked entries (a directory ignored whole is one entry, `dir/`), and the
    // rule that ignores each.
    let ignored = git_idx(
        top,
        &[
            "-c".into(),
            "core.quotepath=off".into(),
            "ls-files".into(),
            "--others".into(),
            "--ignored".into(),
            "--exclude-standard".into(),
            "--directory".into(),
            "-z".into(),
            "--".into(),
        ],
        index,
    )?;
    if ignored.is_empty() {
        return Ok(());
    }
    let out = git_with_input(
        top,
        &[
            "check-ignore".into(),
            "-v".into(),
            "-z".into(),
            "--stdin".into(),
            "--no-index".into(),
        ],
        &ignored
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .flat_map(|p| [b"./".as_slice(), p, b"\0"].concat())
            .collect::<Vec<u8>>(),
        index,
    )?;
    // An excludes file set in the repository's own configuration is the agent's to set.
    let local_excludes = ["--local", "--worktree"].iter().any(|scope| {
        git(
            top,
            &[
                "config".into(),
                scope.to_string(),
                "--get".into(),
                "core.excludesFile".into(),
            ],
        )
        .is_ok_and(|v| !v.is_empty())
    });
    let fields: Vec<&[u8]> = out.split(|b| *b == 0).collect();
    for rec in fields.chunks(4) {
        let [source, _line, _pattern, path] = rec else {
            continue;
        };
        let source = String::from_utf8_lossy(source).to_string();
        let path = String::from_utf8(path.to_vec())
            .map_err(|_| "an ignored path is not UTF-8".to_string())?;
        let path = path.strip_prefix("./").unwrap_or(&path).to_string();
        if source.is_empty() || path.is_empty() {
            continue;
        }
        // The rule's file: a `.gitignore` of the working tree (relative), else git's own
        // (`.git/info/exclude`) or the user's (`core.excludesFile`), kept as they are.
        let trusted = match normalize(&source) {
            Ok(rel) if rel.rsplit('/').next() == Some(".gitignore") => {
                !files.contains_key(&rel) && git_entry(top, "HEAD", &rel)?.is_some()
            }
            // `.git/info/exclude` is the repository's, as writable to the agent as its
            // files; only the user's global excludes file stays trusted.
            _ if source.replace('\\', "/").ends_with("info/exclude") => false,
            _ => !local_excludes,
        };
        if trusted {
            continue;
        }
        let rel = normalize(path.trim_end_matches('/'))?;
        if path.ends_with('/') {
            let mut found = std::collections::BTreeSet::new();
            let dir = resolve(top, &rel).map_err(|e| e.to_string())?;
            walk(&dir, &dir, 0, &mut found)?;
            for f in found {
                add(format!("{rel}/{f}"), files, false)?;
            }
        } else {
            add(rel, files, false)?;
        }
    }
    Ok(())
}

/// A temporary index file read from `HEAD` (no stat data, no flags), removed on drop.
struct FreshIndex(PathBuf);

impl FreshIndex {
    fn from_head(top: &Path) -> Result<FreshIndex, String> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "editscope-index-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_file(&path);
        let index = FreshIndex(path);
        git_idx(top, &["read-tree".into(), "HEAD".into()], Some(&index.0))?;
        Ok(index)
    }
}

impl Drop for FreshIndex {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        let _ = std::fs::remove_file(self.0.with_extension("lock"));
    }
}

/// [`git`] with `input` on its standard input.
fn git_with_input(
    repo: &Path,
    args: &[String],
    input: &[u8],
    index: Option<&Path>,
) -> Result<Vec<u8>, String> {
    use std::io::Write as _;
    let mut cmd = git_command(repo);
    if let Some(i) = index {
        cmd.env("GIT_INDEX_FILE", i);
    }
    // check-ignore refuses `literal` magic; its paths are given as `./path` (never magic).
    cmd.env_remove("GIT_LITERAL_PATHSPECS");
    let mut child = cmd
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no input to git")?;
    let data = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let _ = writer.join();
    // check-ignore exits 1 when no path is ignored.
    if !out.status.success() && out.status.code() != Some(1) {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// The `-c` options that switch off every filter driver the configuration defines
/// (`filter.<name>.clean`, `.smudge`, `.process`): a driver is a command the repository's
/// own configuration (which an agent can write) names, and a clean filter could make any
/// change look like none. Only git's built-in conversions (end of line, `ident`) remain.
fn filter_overrides(top: &Path) -> Vec<String> {
    let names = git(
        top,
        &[
            "config".into(),
            "--name-only".into(),
            "--get-regexp".into(),
            r"^filter\..*\.(clean|smudge|process|required)$".into(),
        ],
    )
    .unwrap_or_default();
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for key in String::from_utf8_lossy(&names).lines() {
        let Some(name) = key
            .strip_prefix("filter.")
            .and_then(|k| k.rsplit_once('.'))
            .map(|(n, _)| n.to_string())
        else {
            continue;
        };
        if seen.insert(name.clone()) {
            for part in ["clean", "smudge", "process"] {
                out.push("-c".into());
                out.push(format!("filter.{name}.{part}="));
            }
            out.push("-c".into());
            out.push(format!("filter.{name}.required=false"));
        }
    }
    out
}

/// The `HEAD` side of a working-tree comparison in the form git checks it out (its
/// built-in end-of-line and `ident` conversions applied), so that it is compared like with
/// like against the file on disk: with `core.autocrlf` a CRLF file is not a change of every
/// line. Filter drivers are off (`overrides`).
fn checked_out_form(
    top: &Path,
    overrides: &[String],
    sha: &str,
    rel: &str,
    raw: Option<Vec<u8>>,
) -> Result<Option<Vec<u8>>, String> {
    let Some(raw) = raw else { return Ok(None) };
    if is_binary(&raw) {
        return Ok(Some(raw));
    }
    let mut args = overrides.to_vec();
    args.extend([
        "cat-file".into(),
        "--filters".into(),
        format!("--path={rel}"),
    ]);
    git_cat(top, &args, sha)
}

/// Every symlink of the tree `rev` (empty: the index) with its target.
fn git_links(top: &Path, rev: &str) -> Result<BTreeMap<String, String>, String> {
    let listing = if rev.is_empty() {
        git(top, &["ls-files".into(), "-s".into(), "-z".into()])?
    } else {
        git(
            top,
            &[
                "ls-tree".into(),
                "-r".into(),
                "-z".into(),
                rev.to_string(),
                "--".into(),
            ],
        )?
    };
    let mut out = BTreeMap::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split(' ').collect();
        if fields.first() != Some(&"120000") {
            continue;
        }
        // ls-files: mode sha stage; ls-tree: mode type sha.
        let sha = if rev.is_empty() {
            fields.get(1)
        } else {
            fields.get(2)
        };
        let Some(sha) = sha else { continue };
        let target = link_text(git_blob(top, &object_id(sha)?)?, path)?;
        if let Some(t) = target {
            out.insert(path.to_string(), t);
        }
        if out.len() > MAX_FILES {
            return Err(too_many_files(out.len()));
        }
    }
    Ok(out)
}

/// An object id from `git diff --raw`, checked to be one (hex, not all zeros).
fn object_id(sha: &str) -> Result<String, String> {
    if sha.len() < 40
        || !sha.bytes().all(|b| b.is_ascii_hexdigit())
        || sha.bytes().all(|b| b == b'0')
    {
        return Err(format!("`git diff --raw` gave no object id (`{sha}`)"));
    }
    Ok(sha.to_string())
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

impl GitSource {
    /// The revision the change starts from: `HEAD` for the index and the working tree, `A`
    /// for a range `A..B`. The contract of a git check is read from it.
    pub fn baseline(&self) -> Result<String, Error> {
        match self {
            GitSource::Staged | GitSource::WorkingTree => Ok("HEAD".into()),
            GitSource::Range(_) => Ok(self
                .range_revs()
                .map_err(|message| Error::Git { message })?
                .0),
        }
    }

    fn range_revs(&self) -> Result<(String, String), String> {
        let GitSource::Range(range) = self else {
            return Err("not a range".into());
        };
        let (a, b) = range
            .split_once("..")
            .ok_or_else(|| format!("`{range}` is not a range `A..B`"))?;
        let b = b.trim_start_matches('.');
        for rev in [a, b] {
            if rev.is_empty() || rev.starts_with('-') || rev.contains(char::is_whitespace) {
                return Err(format!("`{rev}` is not a usable revision"));
            }
        }
        Ok((a.to_string(), b.to_string()))
    }
}

/// The variables by which git is told where the repository is. git hooks set some of them,
/// relative to the directory the hook runs in (`GIT_INDEX_FILE=.git/index` in `pre-commit`;
/// `GIT_DIR` in a linked worktree).
const GIT_LOCATION_VARS: [&str; 5] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_COMMON_DIR",
];

/// `git -C dir`, with the location variables made absolute against the working directory
/// (where they were meant), so that running git elsewhere does not change what they name.
///
/// What the repository's own state could change about the answer is pinned, since an agent
/// can write it: replacement refs are not followed (`GIT_NO_REPLACE_OBJECTS`, so `git replace`
/// cannot swap an object for another), file modes are always compared (`core.fileMode`) and
/// no file system monitor is asked which files changed (`core.fsmonitor`).
fn git_command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(dir);
    cmd.env("GIT_NO_REPLACE_OBJECTS", "1");
    // Every path handed to git is a path, never pathspec magic (`:(exclude)x`, `:/`, globs).
    cmd.env("GIT_LITERAL_PATHSPECS", "1");
    cmd.env_remove("GIT_GLOB_PATHSPECS");
    cmd.env_remove("GIT_ICASE_PATHSPECS");
    cmd.env_remove("GIT_NOGLOB_PATHSPECS");
    cmd.env_remove("GIT_REPLACE_REF_BASE");
    cmd.args([
        "-c",
        "core.fileMode=true",
        "-c",
        "core.fsmonitor=false",
        "-c",
        "core.untrackedCache=false",
    ]);
    if let Ok(cwd) = std::env::current_dir() {
        for var in GIT_LOCATION_VARS {
            if let Some(value) = std::env::var_os(var).filter(|v| !v.is_empty()) {
                let path = Path::new(&value);
                if path.is_relative() {
                    cmd.env(var, cwd.join(path));
                }
            }
        }
    }
    cmd
}

/// The top level of the git working tree that contains `dir` (git's own answer, with
/// symlinks resolved), or an error naming `dir` when it is not in one.
///
/// With `GIT_DIR` set and `GIT_WORK_TREE` not (a hook in a linked worktree), git takes the
/// directory it runs in as the top level; the working directory's answer is then kept when
/// `dir` lies inside it, so that a subdirectory does not become the top.
pub fn git_toplevel(dir: &Path) -> Result<PathBuf, Error> {
    toplevel(dir).map_err(|message| Error::Git { message })
}

/// [`git_toplevel`], with the message as a string.
fn toplevel(dir: &Path) -> Result<PathBuf, String> {
    if std::env::var_os("GIT_DIR").is_some_and(|v| !v.is_empty())
        && std::env::var_os("GIT_WORK_TREE").is_none_or(|v| v.is_empty())
    {
        if let (Ok(cwd), Ok(real)) = (std::env::current_dir(), dir.canonicalize()) {
            if let Ok(top) = git(&cwd, &["rev-parse".into(), "--show-toplevel".into()]) {
                let top =
                    PathBuf::from(String::from_utf8_lossy(&top).trim_end_matches(['\n', '\r']));
                if real.starts_with(&top) {
                    return Ok(top);
                }
            }
        }
    }
    let out = git(dir, &["rev-parse".into(), "--show-toplevel".into()])
        .map_err(|e| format!("{} is not in a git working tree: {e}", dir.display()))?;
    let top =
        String::from_utf8(out).map_err(|_| "the repository's path is not UTF-8".to_string())?;
    let top = top.trim_end_matches(['\n', '\r']);
    if top.is_empty() {
        return Err(format!("{} is not in a git working tree", dir.display()));
    }
    // The working tree git names must be the one asked about: `core.worktree` (which the
    // agent can set in `.git/config`) could point git at another tree, a pristine copy.
    let real_top = Path::new(top).canonicalize().map_err(|e| {
        format!(
            "git gives {top} as the working tree of {}: {e}",
            dir.display()
        )
    })?;
    if let Ok(real) = dir.canonicalize() {
        if !real.starts_with(&real_top) {
            return Err(format!(
                "git gives {} as the working tree of {}, which is not inside it (core.worktree or GIT_WORK_TREE names another tree); refusing to check a tree other than the one asked about",
                real_top.display(),
                dir.display()
            ));
        }
    }
    Ok(PathBuf::from(top))
}

/// The content of `path` (relative to the top level) at revision `rev` of the repository
/// whose top level is `top` (`rev` empty: the index), or `None` when it is not there;
/// refused past [`MAX_FILE_BYTES`]. Blobs are read raw (no textconv, no filters).
///
/// The path is named `rev:./path` (relative to the top level, where git runs), so that no
/// file name is read as revision syntax: `0:app.py` is a file, not stage 0 of `app.py`.
pub fn git_file(top: &Path, rev: &str, path: &str) -> Result<Option<Vec<u8>>, String> {
    Ok(git_entry(top, rev, path)?.map(|(_, bytes)| bytes))
}

/// [`git_file`] with the entry's mode (`100644`, `100755`, `120000` for a symlink, whose
/// content is then its target).
pub fn git_entry(top: &Path, rev: &str, path: &str) -> Result<Option<(String, Vec<u8>)>, String> {
    let path = normalize(path)?;
    let object = format!("{rev}:./{path}");
    let exists = git_command(top)
        .args(["cat-file", "-e", &object])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !exists.status.success() {
        return Ok(None);
    }
    // The mode, from the tree (or the index) that holds the path.
    let listing = if rev.is_empty() {
        git(
            top,
            &[
                "ls-files".into(),
                "-s".into(),
                "-z".into(),
                "--".into(),
                path.clone(),
            ],
        )?
    } else {
        git(
            top,
            &[
                "ls-tree".into(),
                "-z".into(),
                rev.to_string(),
                "--".into(),
                path.clone(),
            ],
        )?
    };
    let mode = String::from_utf8_lossy(&listing)
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_string();
    Ok(git_blob(top, &object)?.map(|b| (mode, b)))
}

fn git(repo: &Path, args: &[String]) -> Result<Vec<u8>, String> {
    git_idx(repo, args, None)
}

/// [`git`] with the index file `index` instead of the repository's.
fn git_idx(repo: &Path, args: &[String], index: Option<&Path>) -> Result<Vec<u8>, String> {
    let mut cmd = git_command(repo);
    if let Some(i) = index {
        cmd.env("GIT_INDEX_FILE", i);
    }
    let out = cmd
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            git_error(&out.stderr)
        ));
    }
    Ok(out.stdout)
}

/// git's error output, cut to its first lines (a usage text is not an error message).
fn git_error(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .take_while(|l| !l.starts_with("usage:"))
        .take(3)
        .collect();
    if lines.is_empty() {
        text.lines()
            .next()
            .unwrap_or("no message")
            .trim()
            .to_string()
    } else {
        lines.join("; ")
    }
}

/// The raw blob at `rev:path`, read bounded: over [`MAX_FILE_BYTES`] is an error.
fn git_blob(top: &Path, object: &str) -> Result<Option<Vec<u8>>, String> {
    git_cat(top, &["cat-file".into(), "blob".into()], object)
}

/// `git <args> <object>` (a `cat-file`), its output read bounded.
fn git_cat(top: &Path, args: &[String], object: &str) -> Result<Option<Vec<u8>>, String> {
    use std::io::Read as _;
    let mut child = git_command(top)
        .args(args)
        .arg(object)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut bytes = Vec::new();
    let read = child
        .stdout
        .take()
        .ok_or("no output from git")?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes);
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let _ = child.kill();
        let _ = child.wait();
        return Err(format!(
            "`{object}` is over the size limit of {MAX_FILE_BYTES} bytes"
        ));
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    read.map_err(|e| format!("git cat-file {object}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git cat-file blob {object} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(Some(bytes))
}

fn walk(
    root: &Path,
    dir: &Path,
    depth: usize,
    out: &mut std::collections::BTreeSet<String>,
) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "{}: directories nest deeper than {MAX_DEPTH} levels",
            dir.display()
        ));
    }
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
        // A symlink is an entry of its own (compared by target), never followed.
        let kind = entry.file_type().map_err(|e| e.to_string())?;
        if kind.is_dir() {
            walk(root, &path, depth + 1, out)?;
        } else {
            let rel = path.strip_prefix(root).map_err(|e| e.to_string())?;
            let rel = rel
                .to_str()
                .ok_or_else(|| format!("{} is not UTF-8", rel.display()))?;
            out.insert(rel.replace(std::path::MAIN_SEPARATOR, "/"));
            if out.len() > MAX_FILES {
                return Err(too_many_files(out.len()));
            }
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
            assert!(normalize(bad).is_err(), "{bad:?}");
        }
        assert_eq!(normalize("./src//app.py").unwrap(), "src/app.py");
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
    fn trees_nest_no_deeper_than_the_limit() {
        let dir = std::env::temp_dir().join(format!("editscope-deep-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let (before, after) = (dir.join("b"), dir.join("a"));
        std::fs::create_dir_all(&before).unwrap();
        let mut deep = after.clone();
        for _ in 0..=MAX_DEPTH {
            deep.push("d");
        }
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(deep.join("x.py"), "x = 1\n").unwrap();
        let err = ChangeSet::from_dirs(&before, &after).unwrap_err();
        assert!(matches!(err, Error::Io { .. }), "{err:?}");
        assert!(err.to_string().contains("nest deeper than 200"), "{err}");
        std::fs::remove_dir_all(&dir).ok();
    }

    #[test]
    fn links_resolve_as_the_os_resolves_them() {
        let none = |_: &str| None;
        assert_eq!(resolve_link("a/l", "b", &none).as_deref(), Some("a/b"));
        assert_eq!(resolve_link("a/l", "../b", &none).as_deref(), Some("b"));
        assert_eq!(resolve_link("l", "..", &none), None);
        assert_eq!(resolve_link("a/l", "../..", &none), None);
        assert_eq!(resolve_link("a/l", "/a/b", &none), None);
        assert_eq!(resolve_link("a/l", "", &none), None);
        // `..` after a link is taken from where the link leads, not lexically.
        let disk = |p: &str| (p == "a/d").then(|| "../x/y".to_string());
        assert_eq!(resolve_link("a/l", "d/../z", &disk).as_deref(), Some("x/z"));
        let deep = |p: &str| (p == "a/d").then(|| "../../out".to_string());
        assert_eq!(resolve_link("a/l", "d", &deep), None);
        let cycle = |p: &str| Some(format!("{p}x"));
        assert_eq!(resolve_link("l", "a", &cycle), None);
    }

    proptest::proptest! {
        /// Without other links, a target resolves inside the root exactly when no prefix of
        /// the walk from the link's directory climbs above the top.
        #[test]
        fn lexical_resolution_matches_a_walk(
            dir in proptest::collection::vec(proptest::sample::select(vec!["a", "b"]), 0..4),
            target in proptest::collection::vec(proptest::sample::select(vec!["..", ".", "a", "b"]), 1..8),
        ) {
            let mut depth = dir.len() as i64;
            let mut escaped = false;
            for part in &target {
                match *part {
                    ".." => { depth -= 1; if depth < 0 { escaped = true; } }
                    "." => {}
                    _ => depth += 1,
                }
            }
            let mut link = dir.clone();
            link.push("l");
            let got = resolve_link(&link.join("/"), &target.join("/"), &|_| None);
            proptest::prop_assert_eq!(got.is_none(), escaped);
            if let Some(r) = got {
                proptest::prop_assert!(!r.split('/').any(|c| c == ".." || c == "."));
            }
        }
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
