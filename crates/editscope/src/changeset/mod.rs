//! Change sets: the files of a repository as they are now and as they would be.
//!
//! Every input (a patch in any format, two directories, a git index or commit range, files in
//! memory) becomes a [`ChangeSet`]; the check never sees the format. Paths from untrusted
//! input are validated here: relative, inside the root, no `..`, no symlink on the way.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde::{Deserialize, Serialize};

use crate::patch::{self, Action, FilePatch, PatchError, PatchErrorKind};

use crate::error::Error;
use crate::limits::{MAX_DEPTH, MAX_FILES, MAX_PATCH_BYTES};

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
    /// For a working-tree change only: the versions the index holds of files whose working
    /// tree holds a third version (neither `HEAD`'s nor the index's), each as a change
    /// `HEAD` → index. A plain `git commit` lands them, `git commit -a` the working tree's:
    /// both are judged ([`check_changes_with`](crate::check_changes_with) checks these after
    /// [`files`](ChangeSet::files), and their violations say "staged version").
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub index_versions: Vec<FileChange>,
    /// For a working-tree change only: the paths of [`files`](ChangeSet::files) whose
    /// change is `HEAD` → index (staged, then restored on disk: the working tree shows no
    /// change a commit would not land). Their violations, and those of
    /// [`index_versions`](ChangeSet::index_versions), are about the staged version
    /// ([`GitVersion::Staged`](crate::GitVersion::Staged)).
    #[serde(skip_serializing_if = "std::collections::BTreeSet::is_empty")]
    pub staged_in_place: std::collections::BTreeSet<String>,
    /// For a working-tree change only: the committed form (what `git add` stores, git's
    /// end-of-line, `ident` and encoding conversions applied) of files whose conversions
    /// make it differ from what the working-tree comparison sees, each as a change `HEAD` →
    /// committed form. `git commit -a` lands these bytes, not the working tree's: both are
    /// judged ([`check_changes_with`](crate::check_changes_with) checks these after the
    /// [`index_versions`](ChangeSet::index_versions); their violations say "committed
    /// form", [`GitVersion::Committed`](crate::GitVersion::Committed)).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub committed_versions: Vec<FileChange>,
}

pub(crate) use crate::paths::{normalize, resolve_link};
pub use crate::paths::{normalize_path, relative_to_root, resolve};

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
pub(crate) fn entry_text(entry: Entry, binary: &mut bool) -> (Option<String>, bool) {
    match entry {
        Entry::Missing => (None, false),
        Entry::Link(target) => (Some(target), true),
        Entry::File(bytes) => (text_or_binary(Some(bytes), binary), false),
    }
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
pub(crate) fn file_mode(path: &Path) -> &'static str {
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
    pub(crate) fn mark_link_escapes(&mut self, disk: Option<&Path>) {
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
        edits: Vec<patch::ToolEdit>,
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
        let mut patches = format.parse(text)?;
        if format == PatchFormat::Aider {
            resolve_aider_names(root, &mut patches)?;
        }
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
pub(crate) fn walk(
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

/// Resolves each Aider block's file name to the file Aider writes
/// ([`patch::resolve_aider_name`]), against the files under `root`: git's tracked and
/// untracked, not ignored, files in a git work tree (Aider adds no ignored file to its chat),
/// else every file. A name that could stand for several files is refused
/// ([`PatchErrorKind::Ambiguous`], naming them). The listing is read only when a name needs it
/// (a bare file name, or one that does not exist).
fn resolve_aider_names(root: &Path, patches: &mut [FilePatch]) -> Result<(), PatchError> {
    let mut listing: Option<Vec<String>> = None;
    for fp in patches.iter_mut() {
        let bad =
            |m: String| PatchError::new(PatchErrorKind::BadPath, fp.line, m).with_path(&fp.path);
        let rel = normalize(&fp.path).map_err(bad)?;
        let exists = !matches!(read_entry(root, &rel).map_err(bad)?, Entry::Missing);
        if exists && rel.contains('/') {
            continue;
        }
        let creates = matches!(
            &fp.action,
            Action::Update { edit: Some(patch::Edit::Aider(blocks)), .. }
                if blocks.first().is_some_and(|b| b.search.trim().is_empty())
        );
        if listing.is_none() {
            listing = Some(project_files(root).map_err(|m| {
                PatchError::new(PatchErrorKind::BadPath, fp.line, m).with_path(&fp.path)
            })?);
        }
        let files = listing.as_deref().unwrap_or_default();
        match patch::resolve_aider_name(&rel, exists, creates, files) {
            Ok(name) => fp.path = name,
            Err(candidates) => {
                let list = candidates
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ");
                return Err(PatchError::new(
                    PatchErrorKind::Ambiguous,
                    fp.line,
                    format!(
                        "Aider resolves the file name `{}` against the files in its chat (the name, then a file with that basename, then a close match), so this block could be written to any of {list}, depending on which are in the chat; name the file by its full path from the project root",
                        fp.path
                    ),
                )
                .with_path(&fp.path));
            }
        }
    }
    Ok(())
}

/// The files under `root` a tool could have in its working set, root-relative: git's tracked
/// and untracked, not ignored, files when `root` is in a git work tree, else every file.
fn project_files(root: &Path) -> Result<Vec<String>, String> {
    if git::toplevel(root).is_ok() {
        let out = git::git(
            root,
            &[
                "-c".into(),
                "core.quotepath=off".into(),
                "ls-files".into(),
                "--cached".into(),
                "--others".into(),
                "--exclude-standard".into(),
                "-z".into(),
            ],
        )?;
        let files: Vec<String> = out
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .map(|p| String::from_utf8_lossy(p).into_owned())
            .collect();
        if files.len() > MAX_FILES {
            return Err(too_many_files(files.len()));
        }
        return Ok(files);
    }
    let mut out = std::collections::BTreeSet::new();
    walk(root, root, 0, &mut out)?;
    Ok(out.into_iter().collect())
}

/// The paths of every file (and symlink) under `dir`, relative to it with `/` separators,
/// sorted; its own `.git` left out, symlinks never followed. Bounded like a change set
/// ([`MAX_FILES`], [`MAX_DEPTH`]). The CLI lists the before tree with it, for selectors
/// that match no file.
pub fn tree_paths(dir: &Path) -> Result<Vec<String>, Error> {
    let mut out = std::collections::BTreeSet::new();
    walk(dir, dir, 0, &mut out).map_err(|message| Error::Io {
        path: dir.display().to_string(),
        message,
    })?;
    Ok(out.into_iter().collect())
}

pub(crate) mod git;

/// Whether the file at `rel` (a path relative to the work tree) is one the Python
/// interpreter runs in place of, or before, the project's sources, so that no ignore rule
/// may hide it: bytecode (`.pyc`, `.pyo`: a `D/__pycache__/m.*.pyc` is what `import m`
/// runs for `D/m.py` when its header matches the source, and a header is easily forged; a
/// sourceless `m.pyc` is imported where no `m.py` is), `.pth` files (their `import` lines
/// run at startup in a site directory), and `sitecustomize.py` / `usercustomize.py` (imported
/// at startup). Counted only in the project's own directories (`tracked_dirs`: the
/// directories holding a file git lists, `""` for the top): a virtual environment's
/// `site-packages` below an ignored `.venv/` is not the project's code.
pub(crate) fn runs_beside_sources(
    rel: &str,
    tracked_dirs: &std::collections::BTreeSet<String>,
) -> bool {
    let (dir, name) = rel.rsplit_once('/').unwrap_or(("", rel));
    let lower = name.to_ascii_lowercase();
    let bytecode = lower.ends_with(".pyc") || lower.ends_with(".pyo");
    let startup =
        lower.ends_with(".pth") || lower == "sitecustomize.py" || lower == "usercustomize.py";
    if !(bytecode || startup) {
        return false;
    }
    // `D/__pycache__/m.cpython-312.pyc` belongs to `D`.
    let owner = match dir.rsplit_once('/') {
        Some((up, "__pycache__")) if bytecode => up,
        None if bytecode && dir == "__pycache__" => "",
        _ => dir,
    };
    tracked_dirs.contains(owner)
}

/// The directories (`""` for the top) that hold one of `paths`, for
/// [`runs_beside_sources`].
pub(crate) fn dirs_of<'a>(
    paths: impl IntoIterator<Item = &'a str>,
) -> std::collections::BTreeSet<String> {
    paths
        .into_iter()
        .map(|p| p.rsplit_once('/').map_or("", |(d, _)| d).to_string())
        .collect()
}
#[cfg(test)]
mod tests;

pub use crate::patch::PatchFormat;
pub use git::{git_entry, git_file, git_paths, git_toplevel, GitSource};
