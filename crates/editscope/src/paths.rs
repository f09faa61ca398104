//! Where a path a tool names will be written: resolved the way the kernel opens it
//! (physically, symlink by symlink), compared with the lexical answer, and placed relative
//! to the root.
//!
//! For `a/link/../b` the kernel resolves `link` first and takes `..` from its target, while a
//! tool that normalises the path first (`path.resolve`, `os.path.normpath`) writes `a/b`.
//! Where the two answers differ the path is refused: editscope cannot know which file the
//! tool will write. A symlink inside the root on the way is refused too (the write may land
//! on the target or replace the link).

use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use crate::error::Error;
use crate::limits::{MAX_DEPTH, MAX_LINK_HOPS};

/// Most symlinks followed while resolving one path (Linux's limit).
const MAX_LINKS: u32 = 40;

/// Why a path a tool named cannot be placed under the root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PathError {
    /// The path itself is unusable (empty, NUL, backslash, not UTF-8, names the root).
    #[error("{reason}")]
    Invalid {
        /// The path as given.
        path: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The path lies outside the root (lexically and physically).
    #[error("`{path}` is outside the root `{}`", root.display())]
    Outside {
        /// The path as given.
        path: String,
        /// The root.
        root: PathBuf,
    },
    /// The kernel and a tool that normalises paths would write different files (`..` after
    /// a symlink).
    #[error("`{path}` is ambiguous: resolved through symlinks it is `{}`, with `..` taken lexically it is `{}`; editscope cannot tell which file the tool writes", physical.display(), lexical.display())]
    Ambiguous {
        /// The path as given.
        path: String,
        /// Where it lands with `.` and `..` resolved first.
        lexical: PathBuf,
        /// Where the kernel lands.
        physical: PathBuf,
    },
    /// The path goes through a symlink inside the root.
    #[error("`{path}` goes through a symlink inside the root (it is `{physical}` once resolved); editscope does not follow symlinks in the repository")]
    ThroughSymlink {
        /// The path as given.
        path: String,
        /// Where the symlinks lead (root-relative from [`locate`], absolute from
        /// [`crate::resolve`]).
        physical: String,
    },
    /// The path is under the root as written, but a symlink leads out of it.
    #[error("`{path}` leads out of the root through a symlink (to `{}`)", physical.display())]
    LeavesRoot {
        /// The path as given.
        path: String,
        /// Where it lands.
        physical: PathBuf,
    },
    /// The file system could not be read while resolving the path.
    #[error("`{path}`: {message}")]
    Io {
        /// The path as given.
        path: String,
        /// The OS error.
        message: String,
    },
}

impl PathError {
    /// The path the error is about, as given.
    pub fn path(&self) -> &str {
        match self {
            PathError::Invalid { path, .. }
            | PathError::Outside { path, .. }
            | PathError::Ambiguous { path, .. }
            | PathError::ThroughSymlink { path, .. }
            | PathError::LeavesRoot { path, .. }
            | PathError::Io { path, .. } => path,
        }
    }
}

impl From<PathError> for String {
    fn from(e: PathError) -> String {
        e.to_string()
    }
}

/// Where a path lands, relative to a root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Located {
    /// Under the root: the normalised root-relative path (`/` separators).
    Inside(String),
    /// Outside the root: the physical path.
    Outside(PathBuf),
}

/// `path` made absolute against the working directory.
fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|cwd| cwd.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

/// `path` with `.` and `..` resolved without touching the file system (what a tool that
/// normalises paths first, such as Node's `path.resolve`, opens).
pub fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// `path` (absolute) resolved as the kernel opens it: each component in turn, a symlink
/// replaced by its target before the next component (so `..` after a symlink leaves the
/// target). Components that do not exist are taken as directories a tool would create.
pub fn physical(path: &Path) -> Result<PathBuf, PathError> {
    let io = |e: std::io::Error| PathError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    };
    let mut rest: Vec<std::ffi::OsString> = Vec::new();
    let mut out = PathBuf::new();
    // Components still to walk, last first.
    let push_all = |rest: &mut Vec<std::ffi::OsString>, out: &mut PathBuf, p: &Path| {
        let mut parts = Vec::new();
        for c in p.components() {
            match c {
                Component::Prefix(_) | Component::RootDir => {
                    *out = PathBuf::from(c.as_os_str());
                    parts.clear();
                }
                c => parts.push(c.as_os_str().to_os_string()),
            }
        }
        rest.extend(parts.into_iter().rev());
    };
    push_all(&mut rest, &mut out, &absolute(path));
    let mut links = 0u32;
    while let Some(part) = rest.pop() {
        if part == "." {
            continue;
        }
        if part == ".." {
            out.pop();
            continue;
        }
        out.push(&part);
        match std::fs::symlink_metadata(&out) {
            Ok(meta) if meta.file_type().is_symlink() => {
                links += 1;
                if links > MAX_LINKS {
                    return Err(PathError::Io {
                        path: path.display().to_string(),
                        message: "too many levels of symbolic links".into(),
                    });
                }
                let target = std::fs::read_link(&out).map_err(io)?;
                out.pop();
                push_all(&mut rest, &mut out, &target);
            }
            Ok(_) => {}
            // Not there (yet), or under a file: nothing to follow.
            Err(e)
                if e.kind() == std::io::ErrorKind::NotFound
                    || e.kind() == std::io::ErrorKind::NotADirectory => {}
            Err(e) => return Err(io(e)),
        }
    }
    Ok(out)
}

fn rel_str(path: &str, rel: &Path) -> Result<String, PathError> {
    let s = rel.to_str().ok_or_else(|| PathError::Invalid {
        path: path.to_string(),
        reason: format!("path `{path}` is not UTF-8"),
    })?;
    normalize(s).map_err(|reason| PathError::Invalid {
        path: path.to_string(),
        reason,
    })
}

/// Where `path` (as a tool names it; a relative path is taken from `base`) lands relative to
/// `root`, resolved as the OS will open it.
///
/// Errors: the physical and lexical answers differ ([`PathError::Ambiguous`]), a symlink
/// inside the root is on the way ([`PathError::ThroughSymlink`]), a symlink leads out of
/// the root ([`PathError::LeavesRoot`]), or the path is unusable. A path outside the root
/// both ways is [`Located::Outside`]; an absolute path outside the root that a symlink leads
/// into it is placed where it lands.
pub fn locate(root: &Path, base: &Path, path: &str) -> Result<Located, PathError> {
    if path.is_empty() || path.contains('\0') || path.contains('\\') {
        return Err(PathError::Invalid {
            path: path.to_string(),
            reason: normalize(path)
                .err()
                .unwrap_or_else(|| format!("path {path:?} is not usable")),
        });
    }
    let given = Path::new(path);
    let full = if given.is_absolute() {
        given.to_path_buf()
    } else {
        absolute(base).join(given)
    };
    let root_abs = lexical(&absolute(root));
    let root_phys = physical(&root_abs)?;
    let lex = lexical(&full);
    let phys = physical(&full)?;
    let lex_phys = physical(&lex)?;
    let lex_rel = lex
        .strip_prefix(&root_abs)
        .or_else(|_| lex.strip_prefix(&root_phys))
        .ok()
        .map(Path::to_path_buf);
    let phys_rel = phys.strip_prefix(&root_phys).ok().map(Path::to_path_buf);
    let inside = lex_rel.is_some() || phys_rel.is_some() || lex_phys.starts_with(&root_phys);
    if phys != lex_phys && inside {
        return Err(PathError::Ambiguous {
            path: path.to_string(),
            lexical: lex_phys,
            physical: phys,
        });
    }
    match (lex_rel, phys_rel) {
        (None, None) => Ok(Located::Outside(phys)),
        (Some(_), None) => Err(PathError::LeavesRoot {
            path: path.to_string(),
            physical: phys,
        }),
        // Through a symlink outside the root that leads into it: where the write lands.
        (None, Some(p)) => rel_str(path, &p).map(Located::Inside),
        (Some(l), Some(p)) => {
            let (l, p) = (rel_str(path, &l)?, rel_str(path, &p)?);
            if l != p {
                return Err(PathError::ThroughSymlink {
                    path: path.to_string(),
                    physical: p,
                });
            }
            Ok(Located::Inside(p))
        }
    }
}

/// The root-relative, normalised form of a path a tool named: a relative path is taken from
/// the root, an absolute one must land under it. Resolved as the OS opens it ([`locate`]);
/// a path outside the root is [`PathError::Outside`].
pub fn relative_to_root(root: &Path, path: &str) -> Result<String, PathError> {
    match locate(root, root, path)? {
        Located::Inside(rel) => Ok(rel),
        Located::Outside(_) => Err(PathError::Outside {
            path: path.to_string(),
            root: root.to_path_buf(),
        }),
    }
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

/// Resolves a relative path under `root`, refusing symlinks on the way (a symlink could lead
/// out of the root). The path is validated first ([`normalize_path`]: no `..`, not absolute).
pub fn resolve(root: &Path, rel: &str) -> Result<PathBuf, PathError> {
    let norm = normalize(rel).map_err(|reason| PathError::Invalid {
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
                return Err(PathError::ThroughSymlink {
                    path: rel.to_string(),
                    physical,
                });
            }
        }
    }
    Ok(at)
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

#[cfg(test)]
#[path = "paths_tests.rs"]
mod tests;
