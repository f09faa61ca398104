//! What a root holds: the files of its work tree (git's tracked files and untracked files it
//! does not ignore, or every file for a root that is not a git work tree), each read from
//! disk as a regular file's bytes and executable bit, or a symlink's target.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::store::sha256_bytes;
use super::SessionError;
use crate::changeset::git::{git, git_with_input};
use crate::changeset::{normalize, resolve, walk};
use crate::limits::{MAX_FILES, MAX_FILE_BYTES};

/// One entry of a baseline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub(crate) enum NodeRecord {
    /// A regular file whose bytes are the blob `sha256`.
    File {
        /// The blob.
        sha256: String,
        /// Whether it is executable.
        executable: bool,
    },
    /// A regular file over [`MAX_FILE_BYTES`]: only its hash is kept (any change to it is
    /// reported, and cannot be restored).
    Large {
        /// SHA-256 of its bytes.
        sha256: String,
        /// Its size.
        size: u64,
        /// Whether it is executable.
        executable: bool,
    },
    /// A symlink and its target (never followed).
    Link {
        /// The target.
        target: String,
    },
}

/// What is at a path now.
#[derive(Debug, Clone)]
pub(crate) enum Node {
    /// Nothing (or a path through a symlink, which is no file of the tree).
    Missing,
    /// A regular file.
    File {
        /// Its bytes.
        bytes: Vec<u8>,
        /// Executable.
        executable: bool,
    },
    /// A regular file over the size limit.
    Large {
        /// SHA-256 of its bytes.
        sha256: String,
        /// Its size.
        size: u64,
        /// Executable.
        executable: bool,
    },
    /// A symlink.
    Link(String),
    /// A folder where a path was listed (a submodule, a nested repository).
    Dir,
}

impl Node {
    /// Whether this is what `rec` records.
    pub fn same_as(&self, rec: &NodeRecord) -> bool {
        match (self, rec) {
            (
                Node::File { bytes, executable },
                NodeRecord::File {
                    sha256,
                    executable: e,
                },
            ) => executable == e && sha256_bytes(bytes) == *sha256,
            (
                Node::Large {
                    sha256, executable, ..
                },
                NodeRecord::Large {
                    sha256: s,
                    executable: e,
                    ..
                },
            ) => sha256 == s && executable == e,
            (Node::Link(t), NodeRecord::Link { target }) => t == target,
            _ => false,
        }
    }
}

fn io(path: &str, message: impl std::fmt::Display) -> SessionError {
    SessionError::Io {
        path: path.to_string(),
        message: message.to_string(),
    }
}

/// Reads what is at `rel` under `root`, never following a symlink.
pub(crate) fn read_node(root: &Path, rel: &str) -> Result<Node, SessionError> {
    let full = match rel.rsplit_once('/') {
        Some((dir, name)) => match resolve(root, dir) {
            Ok(d) => d.join(name),
            // A folder on the way became a symlink: the file is not in the tree any more.
            Err(crate::paths::PathError::ThroughSymlink { .. }) => return Ok(Node::Missing),
            Err(e) => return Err(io(rel, e)),
        },
        None => root.join(rel),
    };
    let meta = match std::fs::symlink_metadata(&full) {
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                || e.kind() == std::io::ErrorKind::NotADirectory =>
        {
            return Ok(Node::Missing)
        }
        Err(e) => return Err(io(rel, e)),
        Ok(m) => m,
    };
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(&full).map_err(|e| io(rel, e))?;
        let target = target
            .to_str()
            .ok_or_else(|| io(rel, "the symlink's target is not UTF-8"))?;
        return Ok(Node::Link(target.to_string()));
    }
    if meta.is_dir() {
        return Ok(Node::Dir);
    }
    if !meta.is_file() {
        return Err(io(
            rel,
            format!("`{rel}` is not a regular file, a symlink or a folder"),
        ));
    }
    let executable = crate::changeset::file_mode(&full) == "100755";
    if meta.len() > MAX_FILE_BYTES as u64 {
        use sha2::Digest as _;
        use std::io::Read as _;
        let mut f = std::fs::File::open(&full).map_err(|e| io(rel, e))?;
        let mut hasher = sha2::Sha256::new();
        let mut buf = vec![0u8; 1 << 16];
        let mut size = 0u64;
        loop {
            let n = f.read(&mut buf).map_err(|e| io(rel, e))?;
            if n == 0 {
                break;
            }
            size += n as u64;
            hasher.update(&buf[..n]);
        }
        let sha256 = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        return Ok(Node::Large {
            sha256,
            size,
            executable,
        });
    }
    let bytes = crate::limits::read_file_bounded(&full, MAX_FILE_BYTES).map_err(|e| io(rel, e))?;
    Ok(Node::File { bytes, executable })
}

/// Paths git prints, NUL-separated, as root-relative paths (a folder entry keeps no slash).
fn git_paths(out: &[u8]) -> Result<Vec<String>, SessionError> {
    let mut paths = Vec::new();
    for p in out.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let p = std::str::from_utf8(p)
            .map_err(|_| SessionError::Git {
                message: "a path git lists is not UTF-8".into(),
            })?
            .trim_end_matches('/');
        let rel = normalize(p).map_err(|e| SessionError::Git { message: e })?;
        paths.push(rel);
        if paths.len() > MAX_FILES {
            return Err(SessionError::TooLarge {
                what: format!("the work tree has more than {MAX_FILES} files"),
            });
        }
    }
    Ok(paths)
}

fn git_err(message: String) -> SessionError {
    SessionError::Git { message }
}

/// The real git folder of the work tree at `root` (a linked worktree's own), if `root` is
/// in one.
pub(crate) fn git_dir(root: &Path) -> Result<Option<PathBuf>, SessionError> {
    if crate::discover::work_tree_top(root)
        .map_err(|e| io(&root.display().to_string(), e))?
        .is_none()
    {
        return Ok(None);
    }
    let out = git(root, &["rev-parse".into(), "--absolute-git-dir".into()]).map_err(git_err)?;
    let dir = String::from_utf8(out).map_err(|_| git_err("the git folder is not UTF-8".into()))?;
    Ok(Some(PathBuf::from(dir.trim_end_matches(['\n', '\r']))))
}

/// What git's ignore rules rest on that the agent could change: the sha of
/// `info/exclude` and the repository's own `core.excludesFile`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct IgnoreState {
    /// SHA-256 of `$GIT_DIR/info/exclude` (`None`: none).
    pub info_exclude: Option<String>,
    /// `core.excludesFile` from the repository's and the worktree's own configuration.
    pub local_excludes_file: Option<String>,
}

pub(crate) fn ignore_state(root: &Path) -> Result<IgnoreState, SessionError> {
    let path = git(
        root,
        &[
            "rev-parse".into(),
            "--path-format=absolute".into(),
            "--git-path".into(),
            "info/exclude".into(),
        ],
    )
    .map_err(git_err)?;
    let path = String::from_utf8_lossy(&path)
        .trim_end_matches(['\n', '\r'])
        .to_string();
    let info_exclude = std::fs::read(&path).ok().map(|b| sha256_bytes(&b));
    let local_excludes_file = ["--local", "--worktree"]
        .iter()
        .filter_map(|scope| {
            git(
                root,
                &[
                    "config".into(),
                    scope.to_string(),
                    "--get".into(),
                    "core.excludesFile".into(),
                ],
            )
            .ok()
            .filter(|v| !v.is_empty())
            .map(|v| String::from_utf8_lossy(&v).trim().to_string())
        })
        .next();
    Ok(IgnoreState {
        info_exclude,
        local_excludes_file,
    })
}

/// The paths of the tree at `root`: for a git work tree, its tracked files and the untracked
/// ones no rule ignores; otherwise every file below it (its own `.git` aside).
pub(crate) fn list(root: &Path, git_tree: bool) -> Result<BTreeSet<String>, SessionError> {
    if !git_tree {
        let mut out = BTreeSet::new();
        walk(root, root, 0, &mut out).map_err(|e| io(&root.display().to_string(), e))?;
        return Ok(out);
    }
    let out = git(
        root,
        &[
            "-c".into(),
            "core.quotepath=off".into(),
            "ls-files".into(),
            "--cached".into(),
            "--others".into(),
            "--exclude-standard".into(),
            "-z".into(),
            "--".into(),
        ],
    )
    .map_err(git_err)?;
    Ok(git_paths(&out)?.into_iter().collect())
}

/// Files git ignores now by a rule the session cannot trust: one from a `.gitignore` that
/// is not in the baseline as it is now, from an `info/exclude` that changed, or from an
/// excludes file the repository's configuration names differently than at the start. An
/// agent that writes an ignore rule hides nothing by it.
pub(crate) fn untrusted_ignored(
    root: &Path,
    baseline: &BTreeMap<String, NodeRecord>,
    at_start: &IgnoreState,
) -> Result<BTreeSet<String>, SessionError> {
    let mut found = BTreeSet::new();
    let ignored = git(
        root,
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
    )
    .map_err(git_err)?;
    if ignored.is_empty() {
        return Ok(found);
    }
    let now = ignore_state(root)?;
    let out = git_with_input(
        root,
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
        None,
    )
    .map_err(git_err)?;
    let fields: Vec<&[u8]> = out.split(|b| *b == 0).collect();
    for rec in fields.chunks(4) {
        let [source, _line, _pattern, path] = rec else {
            continue;
        };
        let source = String::from_utf8_lossy(source).replace('\\', "/");
        let path = String::from_utf8_lossy(path).to_string();
        let path = path.strip_prefix("./").unwrap_or(&path).to_string();
        if source.is_empty() || path.is_empty() {
            continue;
        }
        let trusted = match normalize(&source) {
            Ok(rel) if rel.rsplit('/').next() == Some(".gitignore") => {
                match (baseline.get(&rel), read_node(root, &rel)?) {
                    (Some(r), node) => node.same_as(r),
                    (None, _) => false,
                }
            }
            _ if source.ends_with("info/exclude") => now.info_exclude == at_start.info_exclude,
            _ => now.local_excludes_file == at_start.local_excludes_file,
        };
        if trusted {
            continue;
        }
        let rel = normalize(path.trim_end_matches('/')).map_err(git_err)?;
        if path.ends_with('/') {
            let mut inner = BTreeSet::new();
            let dir = resolve(root, &rel).map_err(|e| io(&rel, e))?;
            walk(&dir, &dir, 0, &mut inner).map_err(|e| io(&rel, e))?;
            for f in inner {
                found.insert(format!("{rel}/{f}"));
            }
        } else {
            found.insert(rel);
        }
        if found.len() > MAX_FILES {
            return Err(SessionError::TooLarge {
                what: format!("more than {MAX_FILES} ignored files"),
            });
        }
    }
    Ok(found)
}
