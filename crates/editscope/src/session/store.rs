//! Where baselines live and how they are written: one folder per session, content-addressed
//! blobs, atomic writes (temporary file, `fsync`, `rename`, `fsync` of the folder), one lock
//! file per session id, cleanup by age.
//!
//! A baseline folder appears whole or not at all: it is built under a temporary name and
//! renamed into place while the session's lock is held. A process killed half-way leaves a
//! temporary folder that the next holder of the lock removes; it never leaves a baseline that
//! reads as valid. Every blob is checked against its SHA-256 when read.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use sha2::{Digest, Sha256};

use super::SessionError;

/// The longest session id accepted.
pub const MAX_ID_LEN: usize = 128;

/// Baselines older than this are removed when any session of the same store starts.
pub const MAX_AGE: Duration = Duration::from_secs(7 * 24 * 3600);

/// Temporary folders and files of a killed writer older than this are removed by anyone.
const STALE_TEMP: Duration = Duration::from_secs(3600);

/// The environment variable that names the folder for baselines of roots that are not git
/// work trees (default: `$XDG_CACHE_HOME/editscope`, else `$HOME/.cache/editscope`).
pub const CACHE_ENV: &str = "EDITSCOPE_CACHE_DIR";

/// Checks a session id from a hook event or a caller: 1 to [`MAX_ID_LEN`] characters of
/// `A-Z a-z 0-9 . _ -`, not starting with `.`. So an id can never name another folder
/// (`..`, `/`, `\`, NUL) or a hidden temporary one.
pub fn validate_id(id: &str) -> Result<(), SessionError> {
    let bad = |reason: &str| SessionError::InvalidId {
        id: id.chars().take(200).collect(),
        reason: reason.to_string(),
    };
    if id.is_empty() {
        return Err(bad("it is empty"));
    }
    if id.len() > MAX_ID_LEN {
        return Err(bad("it is longer than 128 characters"));
    }
    if id.starts_with('.') {
        return Err(bad("it starts with `.`"));
    }
    if !id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'))
    {
        return Err(bad(
            "it holds a character other than letters, digits, `.`, `_` and `-`",
        ));
    }
    Ok(())
}

/// SHA-256 of bytes, hex.
pub(crate) fn sha256_bytes(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn io(path: &Path, e: impl std::fmt::Display) -> SessionError {
    SessionError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    }
}

/// A unique suffix for temporary names: process id, time, a counter.
fn unique() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "{}-{nanos}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

/// Syncs a folder (so a rename in it survives a crash); a file system that cannot is fine.
fn sync_dir(dir: &Path) {
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes `bytes` to `path` atomically: a temporary file beside it, synced, renamed over it,
/// the folder synced. A reader sees the old content or the new, never a part.
pub(crate) fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SessionError> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.tmp-{}", unique()));
    let result = (|| {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .map_err(|e| io(&tmp, e))?;
        f.write_all(bytes).map_err(|e| io(&tmp, e))?;
        f.sync_all().map_err(|e| io(&tmp, e))?;
        drop(f);
        std::fs::rename(&tmp, path).map_err(|e| io(path, e))?;
        sync_dir(dir);
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// The store of one root: the folder holding a folder per session.
#[derive(Debug, Clone)]
pub(crate) struct Store {
    /// `<git dir>/editscope/sessions` or `<cache>/sessions/<hash of the root>`.
    pub dir: PathBuf,
    /// The work tree's root (physical), whose session markers the store's cleanup removes.
    pub root: PathBuf,
}

/// The cache folder: `$EDITSCOPE_CACHE_DIR`, else `$XDG_CACHE_HOME/editscope`, else
/// `~/.cache/editscope`.
fn cache_base() -> Option<PathBuf> {
    std::env::var_os(CACHE_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            std::env::var_os("XDG_CACHE_HOME")
                .filter(|v| !v.is_empty())
                .map(|x| PathBuf::from(x).join("editscope"))
        })
        .or_else(|| {
            std::env::var_os("HOME")
                .filter(|v| !v.is_empty())
                .map(|h| PathBuf::from(h).join(".cache").join("editscope"))
        })
}

/// The marker that session `id` of `root` has a baseline, kept in the cache folder, outside
/// the work tree and its git folder: a baseline that disappears while its marker is there
/// was removed during the session (`rm -rf .git/editscope`, a new `.git`), which blocks,
/// rather than being taken for a session not yet started. `None` without a cache folder.
pub(crate) fn marker(root: &Path, id: &str) -> Option<PathBuf> {
    let key = sha256_bytes(root.to_string_lossy().as_bytes());
    Some(
        cache_base()?
            .join("started")
            .join(format!("{}-{id}", &key[..32])),
    )
}

/// The tombstone of session `id` of `root`: left in the cache folder (beside the markers)
/// when the session is ended ([`super::Session::end`], or its baseline cleaned up by age).
/// Every later event of an ended session fails closed instead of recording a fresh baseline
/// of whatever the tree holds then. `None` without a cache folder.
pub(crate) fn tombstone(root: &Path, id: &str) -> Option<PathBuf> {
    let key = sha256_bytes(root.to_string_lossy().as_bytes());
    Some(
        cache_base()?
            .join("ended")
            .join(format!("{}-{id}", &key[..32])),
    )
}

/// Writes a marker or tombstone file naming `root` (best effort: without a cache folder
/// there is none).
pub(crate) fn write_note(path: Option<PathBuf>, root: &Path) {
    if let Some(m) = path {
        if let Some(parent) = m.parent() {
            let _ = std::fs::create_dir_all(parent);
        }
        let _ = write_atomic(&m, root.display().to_string().as_bytes());
    }
}

/// The roots for which session `id` has a file in the cache folder's `kind` folder
/// (`started` markers or `ended` tombstones), read back from the files (each names its
/// root, and its name holds the root's hash). A file whose name and content disagree is an
/// error: it was written by something other than editscope.
pub(crate) fn roots_for_id(kind: &str, id: &str) -> Result<Vec<PathBuf>, SessionError> {
    let Some(base) = cache_base() else {
        return Ok(vec![]);
    };
    let dir = base.join(kind);
    let entries = match std::fs::read_dir(&dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
        Err(e) => return Err(io(&dir, e)),
    };
    let suffix = format!("-{id}");
    let mut roots = Vec::new();
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().to_string();
        let Some(hash) = name.strip_suffix(&suffix) else {
            continue;
        };
        if hash.len() != 32 || !hash.bytes().all(|b| b.is_ascii_hexdigit()) {
            continue;
        }
        let path = e.path();
        let text = crate::limits::read_file_bounded(&path, 64 * 1024).map_err(|m| io(&path, m))?;
        let root = PathBuf::from(String::from_utf8_lossy(&text).trim_end_matches('\n'));
        if sha256_bytes(root.to_string_lossy().as_bytes())[..32] != *hash {
            return Err(SessionError::Corrupt {
                id: id.to_string(),
                reason: format!(
                    "{} names {}, whose hash is not in its name",
                    path.display(),
                    root.display()
                ),
            });
        }
        if !roots.contains(&root) {
            roots.push(root);
        }
    }
    roots.sort();
    Ok(roots)
}

/// Removes markers and tombstones older than `max_age` from the cache folder.
pub(crate) fn cleanup_notes(max_age: Duration) {
    let Some(base) = cache_base() else { return };
    let now = SystemTime::now();
    for kind in ["started", "ended"] {
        let Ok(entries) = std::fs::read_dir(base.join(kind)) else {
            continue;
        };
        for e in entries.flatten() {
            let old = e
                .metadata()
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .is_some_and(|age| age > max_age);
            if old {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

impl Store {
    /// Where the store for `root` is (nothing is created): in the real git folder of its work tree (a linked worktree has
    /// its own, so two worktrees never share baselines), else in the cache folder, under a
    /// name made from the root's path.
    pub fn for_root(root: &Path, git_dir: Option<&Path>) -> Result<Store, SessionError> {
        let dir = match git_dir {
            Some(g) => g.join("editscope").join("sessions"),
            None => {
                let base = cache_base().ok_or_else(|| SessionError::Io {
                    path: root.display().to_string(),
                    message: format!(
                        "the root is not a git work tree and there is no folder for baselines (set ${CACHE_ENV}, $XDG_CACHE_HOME or $HOME)"
                    ),
                })?;
                let key = sha256_bytes(root.to_string_lossy().as_bytes());
                base.join("sessions").join(&key[..32])
            }
        };
        Ok(Store {
            dir,
            root: root.to_path_buf(),
        })
    }

    /// Creates the store's folder (only a session that starts needs it; looking one up
    /// creates nothing).
    pub fn ensure(&self) -> Result<(), SessionError> {
        std::fs::create_dir_all(&self.dir).map_err(|e| io(&self.dir, e))
    }

    /// The folder of session `id` (validated by the caller).
    pub fn session_dir(&self, id: &str) -> PathBuf {
        self.dir.join(id)
    }

    /// Runs `f` holding the exclusive lock of session `id` (a `flock` on its lock file),
    /// waiting for another holder, process or thread, to let it go.
    pub fn with_lock<T>(
        &self,
        id: &str,
        f: impl FnOnce() -> Result<T, SessionError>,
    ) -> Result<T, SessionError> {
        let path = self.dir.join(format!(".{id}.lock"));
        let file = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .read(true)
            .write(true)
            .open(&path)
            .map_err(|e| io(&path, e))?;
        let mut lock = fd_lock::RwLock::new(file);
        let _guard = lock.write().map_err(|e| io(&path, e))?;
        f()
    }

    /// A fresh temporary folder for building session `id`'s baseline.
    pub fn temp_dir(&self, id: &str) -> Result<PathBuf, SessionError> {
        let dir = self.dir.join(format!(".{id}.tmp-{}", unique()));
        std::fs::create_dir_all(dir.join("blobs")).map_err(|e| io(&dir, e))?;
        Ok(dir)
    }

    /// Removes what a killed writer of session `id` left (call with its lock held): any
    /// temporary folder of that id.
    pub fn remove_leftovers(&self, id: &str) {
        let prefix = format!(".{id}.tmp-");
        if let Ok(entries) = std::fs::read_dir(&self.dir) {
            for e in entries.flatten() {
                if e.file_name().to_string_lossy().starts_with(&prefix) {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
    }

    /// Removes baselines older than `max_age` and stale temporary folders of any id. A
    /// session whose lock is held by another process is skipped.
    pub fn cleanup(&self, max_age: Duration) -> Vec<String> {
        let mut removed = Vec::new();
        let Ok(entries) = std::fs::read_dir(&self.dir) else {
            return removed;
        };
        let now = SystemTime::now();
        let age = |p: &Path| {
            std::fs::metadata(p)
                .and_then(|m| m.modified())
                .ok()
                .and_then(|t| now.duration_since(t).ok())
                .unwrap_or_default()
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().to_string();
            let path = e.path();
            if name.starts_with('.') {
                if name.contains(".tmp-") && age(&path) > STALE_TEMP {
                    let _ = std::fs::remove_dir_all(&path).or_else(|_| std::fs::remove_file(&path));
                }
                continue;
            }
            if validate_id(&name).is_err() || age(&path.join("manifest.json")) <= max_age {
                continue;
            }
            // Only with the lock: never under a process using it.
            let lock_path = self.dir.join(format!(".{name}.lock"));
            let Ok(file) = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&lock_path)
            else {
                let _ = std::fs::remove_dir_all(&path);
                self.forget(&name);
                removed.push(name);
                continue;
            };
            let mut lock = fd_lock::RwLock::new(file);
            let got = lock.try_write().is_ok_and(|_g| {
                let _ = std::fs::remove_dir_all(&path);
                let _ = std::fs::remove_file(&lock_path);
                true
            });
            if got {
                self.forget(&name);
                removed.push(name);
            }
        }
        removed
    }

    /// Once session `id`'s baseline is cleaned up: a tombstone ([`tombstone`]), so that a
    /// later event of it fails closed, and its marker ([`marker`]) removed.
    fn forget(&self, id: &str) {
        write_note(tombstone(&self.root, id), &self.root);
        if let Some(m) = marker(&self.root, id) {
            let _ = std::fs::remove_file(m);
        }
    }
}

/// Writes a blob into `dir/blobs/` under its SHA-256 (once), and returns the hash. `dir` is
/// a baseline being built under a temporary name, which no reader sees, so the blob is
/// written plainly: one `fsync` per file made recording a 4,000-file tree take 13 s. A blob
/// a crash loses after the baseline is published no longer matches its hash when read, and
/// the baseline is then corrupt: blocked, never "allowed".
pub(crate) fn put_blob(dir: &Path, bytes: &[u8]) -> Result<String, SessionError> {
    let sha = sha256_bytes(bytes);
    let path = dir.join("blobs").join(&sha);
    if !path.exists() {
        std::fs::write(&path, bytes).map_err(|e| io(&path, e))?;
    }
    Ok(sha)
}

/// Reads a blob and checks it against its hash: a blob that is missing, truncated or
/// changed is a corrupt baseline.
pub(crate) fn get_blob(dir: &Path, id: &str, sha: &str) -> Result<Vec<u8>, SessionError> {
    let corrupt = |reason: String| SessionError::Corrupt {
        id: id.to_string(),
        reason,
    };
    if sha.len() != 64 || !sha.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(corrupt(format!("a blob name `{sha}` is not a SHA-256")));
    }
    let path = dir.join("blobs").join(sha);
    let bytes = crate::limits::read_file_bounded(&path, crate::limits::MAX_FILE_BYTES)
        .map_err(|e| corrupt(format!("blob {sha}: {e}")))?;
    if sha256_bytes(&bytes) != sha {
        return Err(corrupt(format!(
            "blob {sha} does not match its hash (truncated or changed)"
        )));
    }
    Ok(bytes)
}

/// Publishes a built baseline: renames the temporary folder to the session's (the lock is
/// held, so no other writer races; the rename is atomic).
pub(crate) fn publish(tmp: &Path, dest: &Path) -> Result<(), SessionError> {
    sync_dir(&tmp.join("blobs"));
    sync_dir(tmp);
    std::fs::rename(tmp, dest).map_err(|e| io(dest, e))?;
    if let Some(parent) = dest.parent() {
        sync_dir(parent);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_ids_are_refused() {
        for bad in [
            "",
            "..",
            ".",
            "../x",
            "a/b",
            "a\\b",
            "a\0b",
            ".hidden",
            "x y",
            "é",
            &"a".repeat(129),
        ] {
            assert!(validate_id(bad).is_err(), "{bad:?}");
        }
        for good in ["s", "abc-123_x.y", "3f2c1a9e-0b7d-4c6e-9a51-2f0e4d6c8b1a"] {
            validate_id(good).unwrap();
        }
    }

    #[test]
    fn atomic_write_replaces_whole_and_leaves_no_temp() {
        let d = std::env::temp_dir().join(format!("editscope-atomic-{}", unique()));
        std::fs::create_dir_all(&d).unwrap();
        let p = d.join("f");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(&d).unwrap().flatten().collect();
        assert_eq!(names.len(), 1);
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn a_changed_or_truncated_blob_is_corrupt() {
        let d = std::env::temp_dir().join(format!("editscope-blob-{}", unique()));
        std::fs::create_dir_all(d.join("blobs")).unwrap();
        let sha = put_blob(&d, b"hello world").unwrap();
        assert_eq!(get_blob(&d, "s", &sha).unwrap(), b"hello world");
        std::fs::write(d.join("blobs").join(&sha), b"hello").unwrap();
        assert!(matches!(
            get_blob(&d, "s", &sha),
            Err(SessionError::Corrupt { .. })
        ));
        std::fs::remove_file(d.join("blobs").join(&sha)).unwrap();
        assert!(matches!(
            get_blob(&d, "s", &sha),
            Err(SessionError::Corrupt { .. })
        ));
        assert!(get_blob(&d, "s", "../../etc/passwd").is_err());
        std::fs::remove_dir_all(&d).ok();
    }
}
