//! What a root holds: the files of its work tree (git's tracked files and untracked files it
//! does not ignore, or every file for a root that is not a git work tree), each read from
//! disk as a regular file's bytes and executable bit, or a symlink's target.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::store::sha256_bytes;
use super::SessionError;
use crate::changeset::git::git;
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
    /// A folder git lists as one entry (a submodule, a nested repository): kept as a
    /// fingerprint of what it holds ([`folder_fingerprint`]), so that any change inside it is
    /// a change of the entry (and cannot be restored).
    Folder {
        /// The fingerprint.
        fingerprint: String,
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
    /// A folder where a path was listed (a submodule, a nested repository), with its
    /// fingerprint ([`folder_fingerprint`]).
    Dir(String),
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
            (Node::Dir(f), NodeRecord::Folder { fingerprint }) => f == fingerprint,
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
        return Ok(Node::Dir(folder_fingerprint(&full, rel)?));
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

/// The fingerprint of the folder `dir` (the root's `rel`) that git lists as one entry: the
/// commit its repository has checked out (asked of git there, with none of the outer
/// repository's location variables) and every file below it but its own `.git` (path, kind,
/// executable bit, SHA-256 of the bytes or the link's target), hashed. Bounded by
/// [`MAX_FILES`] files and [`crate::limits::MAX_SESSION_BYTES`] bytes: past them, an error
/// (never "unchanged").
pub(crate) fn folder_fingerprint(dir: &Path, rel: &str) -> Result<String, SessionError> {
    use sha2::Digest as _;
    use std::io::Read as _;
    let mut hasher = sha2::Sha256::new();
    let mut cmd = std::process::Command::new("git");
    cmd.arg("-C").arg(dir);
    for var in crate::changeset::git::GIT_LOCATION_VARS {
        cmd.env_remove(var);
    }
    if let Some(parent) = dir.parent() {
        cmd.env("GIT_CEILING_DIRECTORIES", parent);
    }
    let head = if std::fs::symlink_metadata(dir.join(".git")).is_ok() {
        cmd.args(["rev-parse", "--verify", "--quiet", "HEAD"])
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_default()
    } else {
        String::new()
    };
    hasher.update(format!("head {head}\0").as_bytes());
    let mut inner = BTreeSet::new();
    walk(dir, dir, 0, &mut inner).map_err(|e| io(rel, e))?;
    if inner.len() > MAX_FILES {
        return Err(SessionError::TooLarge {
            what: format!(
                "`{rel}` (a folder git lists as one entry) holds more than {MAX_FILES} files"
            ),
        });
    }
    let mut total: u64 = 0;
    for f in inner {
        let full = dir.join(&f);
        let meta = std::fs::symlink_metadata(&full).map_err(|e| io(rel, e))?;
        hasher.update(f.as_bytes());
        if meta.file_type().is_symlink() {
            let t = std::fs::read_link(&full).map_err(|e| io(rel, e))?;
            hasher.update(format!("\0link {}\0", t.display()).as_bytes());
            continue;
        }
        let exec = crate::changeset::file_mode(&full);
        hasher.update(format!("\0{exec}\0").as_bytes());
        total += meta.len();
        if total > crate::limits::MAX_SESSION_BYTES as u64 {
            return Err(SessionError::TooLarge {
                what: format!(
                    "`{rel}` (a folder git lists as one entry) holds more than {} bytes",
                    crate::limits::MAX_SESSION_BYTES
                ),
            });
        }
        let mut file = std::fs::File::open(&full).map_err(|e| io(rel, e))?;
        let mut buf = vec![0u8; 1 << 16];
        loop {
            let n = file.read(&mut buf).map_err(|e| io(rel, e))?;
            if n == 0 {
                break;
            }
            hasher.update(&buf[..n]);
        }
        hasher.update(b"\0");
    }
    Ok(hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect())
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

/// git run on the work tree at `root`, and only that one: `GIT_WORK_TREE` is the root and
/// `GIT_DIR` its git folder, so neither a `core.worktree` the agent configured during the
/// session (`-c core.worktree=` does not override the repository's; the variables do), nor
/// a `GIT_DIR`/`GIT_WORK_TREE` in the hook's environment, makes git list another folder's
/// files. `input` is given on stdin (check-ignore); its exit 1 ("nothing ignored") is fine.
fn tree_git(root: &Path, args: &[&str], input: Option<&[u8]>) -> Result<Vec<u8>, SessionError> {
    use std::io::Write as _;
    let gd = git_dir(root)?
        .ok_or_else(|| git_err(format!("{} is not a git work tree", root.display())))?;
    let mut cmd = crate::changeset::git::git_command(root);
    cmd.env("GIT_DIR", &gd)
        .env("GIT_WORK_TREE", root)
        .env_remove("GIT_COMMON_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_OBJECT_DIRECTORY")
        .args(args)
        .stdin(if input.is_some() {
            std::process::Stdio::piped()
        } else {
            std::process::Stdio::null()
        })
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    if input.is_some() {
        // check-ignore refuses `literal` magic; its paths are given as `./path`.
        cmd.env_remove("GIT_LITERAL_PATHSPECS");
    }
    let mut child = cmd
        .spawn()
        .map_err(|e| git_err(format!("cannot run git: {e}")))?;
    let writer = match (input, child.stdin.take()) {
        (Some(data), Some(mut stdin)) => {
            let data = data.to_vec();
            Some(std::thread::spawn(move || stdin.write_all(&data)))
        }
        _ => None,
    };
    let out = child
        .wait_with_output()
        .map_err(|e| git_err(format!("cannot run git: {e}")))?;
    if let Some(w) = writer {
        let _ = w.join();
    }
    let ok = out.status.success() || (input.is_some() && out.status.code() == Some(1));
    if !ok {
        return Err(git_err(format!(
            "git {} failed: {}",
            args.join(" "),
            crate::changeset::git::git_error(&out.stderr)
        )));
    }
    Ok(out.stdout)
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
    // Found from the root alone: a `GIT_DIR` in the hook's environment names no session's
    // git folder.
    let mut cmd = crate::changeset::git::git_command(root);
    for var in crate::changeset::git::GIT_LOCATION_VARS {
        cmd.env_remove(var);
    }
    let out = cmd
        .args(["rev-parse", "--absolute-git-dir"])
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| git_err(format!("cannot run git: {e}")))?;
    if !out.status.success() {
        return Err(git_err(format!(
            "git rev-parse failed: {}",
            crate::changeset::git::git_error(&out.stderr)
        )));
    }
    let dir =
        String::from_utf8(out.stdout).map_err(|_| git_err("the git folder is not UTF-8".into()))?;
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
    let out = tree_git(
        root,
        &[
            "-c",
            "core.quotepath=off",
            "ls-files",
            "--cached",
            "--others",
            "--exclude-standard",
            "-z",
            "--",
        ],
        None,
    )?;
    let mut paths: BTreeSet<String> = git_paths(&out)?.into_iter().collect();
    // Files the Python interpreter runs beside the project's sources (bytecode, `.pth`,
    // `sitecustomize.py`) are listed even when ignored
    // (`crate::changeset::runs_beside_sources`).
    let dirs = crate::changeset::dirs_of(paths.iter().map(String::as_str));
    let ignored = tree_git(
        root,
        &[
            "-c",
            "core.quotepath=off",
            "ls-files",
            "--others",
            "--ignored",
            "--exclude-standard",
            "-z",
            "--",
        ],
        None,
    )?;
    for p in ignored.split(|b| *b == 0).filter(|p| !p.is_empty()) {
        let Ok(p) = std::str::from_utf8(p) else {
            continue;
        };
        if crate::changeset::runs_beside_sources(p, &dirs) {
            paths.insert(normalize(p).map_err(|e| SessionError::Git { message: e })?);
        }
    }
    if paths.len() > MAX_FILES {
        return Err(SessionError::TooLarge {
            what: format!("the work tree has more than {MAX_FILES} files"),
        });
    }
    Ok(paths)
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
    let ignored = tree_git(
        root,
        &[
            "-c",
            "core.quotepath=off",
            "ls-files",
            "--others",
            "--ignored",
            "--exclude-standard",
            "--directory",
            "-z",
            "--",
        ],
        None,
    )?;
    if ignored.is_empty() {
        return Ok(found);
    }
    let now = ignore_state(root)?;
    let out = tree_git(
        root,
        &["check-ignore", "-v", "-z", "--stdin", "--no-index"],
        Some(
            &ignored
                .split(|b| *b == 0)
                .filter(|p| !p.is_empty())
                .flat_map(|p| [b"./".as_slice(), p, b"\0"].concat())
                .collect::<Vec<u8>>(),
        ),
    )?;
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

/// The most files [`git_files`] reads from one folder of git's own (`hooks/`, `info/`, a
/// `core.hooksPath`): past it the session cannot be checked.
const MAX_GIT_FILES: usize = 2_000;

/// git's own files that run code or change how git lists the tree, absolute path → what is
/// there now (files and symlinks; a folder is the files in it): of the work tree's git
/// folder and, for a linked worktree, the common one, `config`, `config.worktree`,
/// `commondir`, `hooks/**` and `info/**` (`info/exclude` hides new files); the root's
/// `.git` when it is a file (`gitdir:`); the user's global git configuration
/// (`$GIT_CONFIG_GLOBAL` or `~/.gitconfig`, `$XDG_CONFIG_HOME/git/{config,ignore,attributes}`)
/// and the system's (`$GIT_CONFIG_SYSTEM` or `/etc/gitconfig`); every file the configuration
/// in force is read from (`git config --list --show-origin`: included files too); and what
/// the configuration names: `core.excludesFile`, `core.attributesFile`, and
/// `core.hooksPath` (when outside the root, whose files are the work tree's). A file that
/// is not there is not in the map.
pub(crate) fn git_files(root: &Path) -> Result<BTreeMap<String, Node>, SessionError> {
    let mut out = BTreeMap::new();
    let Some(gd) = git_dir(root)? else {
        return Ok(out);
    };
    let common = match std::fs::read_to_string(gd.join("commondir")) {
        Ok(c) => {
            let c = gd.join(c.trim_end_matches(['\n', '\r']));
            std::fs::canonicalize(&c).unwrap_or(c)
        }
        Err(_) => gd.clone(),
    };
    let mut files: Vec<PathBuf> = Vec::new();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for d in [&gd, &common] {
        for f in ["config", "config.worktree", "commondir", "gitdir"] {
            files.push(d.join(f));
        }
        for sub in ["hooks", "info"] {
            dirs.push(d.join(sub));
        }
    }
    files.push(root.join(".git"));
    let home = std::env::var_os("HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from);
    match std::env::var_os("GIT_CONFIG_GLOBAL").filter(|v| !v.is_empty()) {
        Some(g) => files.push(PathBuf::from(g)),
        None => files.extend(home.as_ref().map(|h| h.join(".gitconfig"))),
    }
    let xdg = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| home.as_ref().map(|h| h.join(".config")));
    if let Some(x) = &xdg {
        for f in ["config", "ignore", "attributes"] {
            files.push(x.join("git").join(f));
        }
    }
    // The system configuration (an agent running as root can write it), and every file the
    // configuration in force is read from (an `include.path` or `includeIf` one too).
    files.push(
        std::env::var_os("GIT_CONFIG_SYSTEM")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/etc/gitconfig")),
    );
    let listing = tree_git(root, &["config", "--list", "--show-origin", "-z"], None)?;
    let mut fields = listing.split(|b| *b == 0);
    // What the configuration names (the last value wins, as for git).
    let mut named: BTreeMap<&str, String> = BTreeMap::new();
    while let Some(origin) = fields.next() {
        let entry = String::from_utf8_lossy(fields.next().unwrap_or_default());
        if let Some(path) = origin.strip_prefix(b"file:") {
            let path = crate::paths::lexical(&root.join(String::from_utf8_lossy(path).as_ref()));
            if !files.contains(&path) {
                files.push(path);
            }
        }
        let (key, value) = entry.split_once('\n').unwrap_or((&entry, ""));
        for k in ["core.excludesfile", "core.attributesfile", "core.hookspath"] {
            if key.eq_ignore_ascii_case(k) {
                named.insert(k, value.to_string());
            }
        }
    }
    for (key, v) in named {
        if v.is_empty() {
            continue;
        }
        let p = match (v.strip_prefix("~/"), &home) {
            (Some(rest), Some(h)) => h.join(rest),
            _ => root.join(&v),
        };
        if key == "core.hookspath" {
            if !lexical_under(&p, root) {
                dirs.push(p);
            }
        } else {
            files.push(p);
        }
    }
    for f in files {
        if f == root.join(".git") && f.is_dir() {
            continue;
        }
        put_git_node(&mut out, &f)?;
    }
    for d in dirs {
        match std::fs::symlink_metadata(&d) {
            Ok(m) if m.is_dir() => {
                let mut inner = BTreeSet::new();
                walk(&d, &d, 0, &mut inner).map_err(|e| io(&d.display().to_string(), e))?;
                if inner.len() > MAX_GIT_FILES {
                    return Err(SessionError::TooLarge {
                        what: format!("{} holds more than {MAX_GIT_FILES} files", d.display()),
                    });
                }
                for rel in inner {
                    let node = read_node(&d, &rel)?;
                    if !matches!(node, Node::Missing | Node::Dir(_)) {
                        out.insert(d.join(&rel).display().to_string(), node);
                    }
                }
            }
            Ok(_) => put_git_node(&mut out, &d)?,
            Err(_) => {}
        }
    }
    Ok(out)
}

/// Whether `p`, made lexical, lies under `root`.
fn lexical_under(p: &Path, root: &Path) -> bool {
    crate::paths::lexical(p).starts_with(root)
}

fn put_git_node(out: &mut BTreeMap<String, Node>, f: &Path) -> Result<(), SessionError> {
    let (Some(dir), Some(name)) = (f.parent(), f.file_name()) else {
        return Ok(());
    };
    let node = read_node(dir, &name.to_string_lossy())?;
    if !matches!(node, Node::Missing | Node::Dir(_)) {
        out.insert(f.display().to_string(), node);
    }
    Ok(())
}
