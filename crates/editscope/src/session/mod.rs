//! Agent sessions: every edit judged against the project's state when the session started.
//!
//! A hook that judges each edit against the file on disk, as it is at that moment, fails in
//! a real session: a file the agent created under `create` cannot be edited again, what the
//! shell writes becomes the new "disk" unchecked, and nothing stops the agent from ending
//! its turn out of scope. A [`Session`] fixes all three with a **baseline**: the work tree
//! when the session starts (tracked files, and untracked files git does not ignore, so the
//! user's own uncommitted work is never blamed on the agent; every file for a root that is
//! not a git work tree) and the contract in force then.
//!
//! - [`Session::status`] checks the whole work tree against the baseline, under the
//!   baseline's contract. A contract file changed during the session, by any tool, is a
//!   violation ([`ViolationKind::ContractChanged`]), never a new policy.
//! - [`Session::check_tool_call`] judges *baseline → (current state + this edit)*: a file
//!   created in the session under `create`, a method added under `add`, may be edited again.
//! - [`Session::restore`] narrows the work tree to the contract: every ungranted symbol and
//!   file goes back to its baseline text, granted changes stay, and the result must itself
//!   pass the check (else it refuses, saying why).
//!
//! # Storage
//!
//! Baselines live in the work tree's real git folder (`<git dir>/editscope/sessions/<id>/`:
//! a linked worktree has its own), or for other roots in a cache folder
//! (`$EDITSCOPE_CACHE_DIR`, else `$XDG_CACHE_HOME/editscope`, else `~/.cache/editscope`).
//! A baseline is a `manifest.json` and content-addressed blobs, built under a temporary name
//! and renamed into place while the session's file lock is held: it appears whole or not at
//! all, two hook processes at the same instant record one baseline, a killed writer leaves
//! nothing that reads as valid. Every blob is checked against its SHA-256 when read; a
//! missing or corrupt baseline is an error ([`SessionError::NotFound`],
//! [`SessionError::Corrupt`]), never "allow". Session ids are validated
//! ([`store::validate_id`]). Baselines are bounded ([`crate::limits::MAX_SESSION_BYTES`],
//! [`crate::limits::MAX_FILES`]) and removed by [`Session::end`], or after
//! [`store::MAX_AGE`] by the next session that starts in the same store.
//!
//! git's own files that run code or decide what git lists (the git folder's `config`,
//! `hooks/**`, `info/**`, every configuration file git reads, what `core.hooksPath` and
//! `core.excludesFile` name) are recorded too, and a change to them is a violation; untracked
//! files are listed with `GIT_DIR`/`GIT_WORK_TREE` pinned to the root, so `core.worktree`
//! cannot point git at another folder.
//!
//! # Markers and tombstones
//!
//! The cache folder holds, per root and id, a `started/` marker (the session has a baseline:
//! one that disappears blocks instead of being recorded afresh) and, once it ends
//! ([`Session::end`], or the age-out), an `ended/` tombstone: an ended session is
//! [`SessionError::Ended`] for good, never started over. [`Session::locate`] finds the root
//! an event belongs to from the markers, whatever folder its `cwd` moved to.
//!
//! The baseline is as trustworthy as the folder it is kept in: a blob that changed is
//! detected, but a process of the same user that rewrites the whole baseline consistently,
//! or removes the cache folder, is not (nothing an agent's shell cannot also write is
//! available to keep a key in).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use serde::{Deserialize, Serialize};

use crate::changeset::{text_or_binary, ChangeSet, FileChange, Symlink};
use crate::tool_call::{self, ToolCall, ToolCallError};
use crate::{
    check_changes_with, CheckChangesOptions, Contract, FileViolation, Report, Status, Violation,
    ViolationKind,
};

mod restore;
mod snapshot;
pub mod store;

pub use restore::{RestoreAction, RestoreFile, RestorePlan};
use snapshot::{IgnoreState, Node, NodeRecord};
use store::Store;

/// The format of `manifest.json`.
const FORMAT: u32 = 2;

/// Why a session could not be started, opened or checked. Every one of these must block.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum SessionError {
    /// A session id that cannot name a baseline (it could name another folder).
    #[error("invalid session id `{id}`: {reason}")]
    InvalidId {
        /// The id (cut to 200 characters).
        id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// No baseline was recorded for this session.
    #[error("no baseline for session `{id}` under {root}; start the session first (`editscope session start`), so edits can be judged against its start")]
    NotFound {
        /// The session id.
        id: String,
        /// The root.
        root: String,
    },
    /// The session was ended (`editscope session end`, a `SessionEnd` event, or its baseline
    /// cleaned up by age): its baseline is gone, and no event of it can be judged. A fresh
    /// baseline is never recorded for it (that would absorb whatever the tree holds then).
    #[error("session `{id}` was ended (`editscope session end`, the host's SessionEnd, or its baseline aged out) at {root}; there is no baseline left to judge against, so every event of this session is blocked. A person starts a new session (a new session id: a new agent session, or for Claude Code `claude --resume <id> --fork-session`)")]
    Ended {
        /// The session id.
        id: String,
        /// The root it was ended at.
        root: String,
    },
    /// Session `id` is live at more than one root: an event whose root is not pinned
    /// (`--root`, `$CLAUDE_PROJECT_DIR`) cannot tell which baseline it belongs to.
    #[error("session `{id}` has baselines at more than one root ({}); this event does not name its root, so it cannot tell which one to be judged against: run the hook with --root", roots.join(", "))]
    Ambiguous {
        /// The session id.
        id: String,
        /// The roots.
        roots: Vec<String>,
    },
    /// A baseline is already recorded for this id.
    #[error("session `{id}` already has a baseline")]
    AlreadyExists {
        /// The session id.
        id: String,
    },
    /// The baseline cannot be read as it was written: the session is blocked.
    #[error("the baseline of session `{id}` is corrupt ({reason}); nothing can be judged against it, so everything is blocked: end the session (`editscope session end`) and start a new one")]
    Corrupt {
        /// The session id.
        id: String,
        /// What is wrong.
        reason: String,
    },
    /// The work tree is over a limit of the baseline.
    #[error("cannot record a baseline: {what}")]
    TooLarge {
        /// What is over which limit.
        what: String,
    },
    /// A file or folder could not be read or written.
    #[error("{path}: {message}")]
    Io {
        /// What was read or written.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// git failed.
    #[error("git: {message}")]
    Git {
        /// What went wrong.
        message: String,
    },
    /// The contract does not parse.
    #[error("the contract does not parse: {message}")]
    Contract {
        /// What is wrong.
        message: String,
    },
    /// The check failed.
    #[error("{0}")]
    Check(#[from] crate::Error),
    /// The tool call cannot be judged.
    #[error("{0}")]
    ToolCall(#[from] ToolCallError),
    /// [`Session::restore`] cannot make the work tree pass the check exactly.
    #[error("restore refused: {}", reasons.join("; "))]
    RestoreRefused {
        /// Why, file by file.
        reasons: Vec<String>,
    },
}

/// The contract a session starts with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SessionContract {
    /// The contract file, absolute (`None`: given in memory, no file to watch).
    pub path: Option<PathBuf>,
    /// Its text.
    pub text: String,
    /// JSON (else TOML).
    pub json: bool,
}

impl SessionContract {
    /// The contract in the file at `path` (JSON for `.json`, TOML otherwise).
    pub fn from_file(path: &Path) -> Result<SessionContract, SessionError> {
        let path = crate::paths::physical(path).unwrap_or_else(|_| path.to_path_buf());
        let bytes = crate::limits::read_file_bounded(&path, crate::limits::MAX_FILE_BYTES)
            .map_err(|message| SessionError::Contract { message })?;
        let text = String::from_utf8(bytes).map_err(|_| SessionError::Contract {
            message: format!("{}: not valid UTF-8", path.display()),
        })?;
        let c = SessionContract {
            json: path.extension().is_some_and(|e| e == "json"),
            path: Some(path),
            text,
        };
        c.parse()?;
        Ok(c)
    }

    /// A contract given in memory (its canonical TOML).
    pub fn from_contract(contract: &Contract) -> SessionContract {
        SessionContract {
            path: None,
            text: contract.canonical_toml(),
            json: false,
        }
    }

    /// The contract.
    pub fn parse(&self) -> Result<Contract, SessionError> {
        let c = if self.json {
            Contract::from_json(&self.text)
        } else {
            Contract::from_toml(&self.text)
        };
        c.map_err(|e| SessionError::Contract {
            message: e.to_string(),
        })
    }
}

/// `manifest.json`: everything of a baseline but the blobs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Manifest {
    format: u32,
    id: String,
    root: String,
    created: u64,
    git: bool,
    contract: SessionContract,
    ignore: IgnoreState,
    files: BTreeMap<String, NodeRecord>,
    /// git's own files ([`snapshot::git_files`]), by absolute path.
    git_files: BTreeMap<String, NodeRecord>,
    notes: Vec<String>,
}

/// One of git's own files ([`snapshot::git_files`]) that differs from the baseline.
#[derive(Debug, Clone)]
pub(crate) struct GitFileChange {
    /// Its absolute path.
    pub path: String,
    /// What the baseline recorded (`None`: it was not there).
    pub before: Option<NodeRecord>,
    /// Whether it is there now.
    pub exists_now: bool,
}

/// An agent session's baseline, opened.
///
/// `Session` is `Send` and `Sync`: checks take `&self` and read the work tree afresh; the
/// baseline's blobs, once read, are kept in memory.
#[derive(Debug)]
pub struct Session {
    id: String,
    root: PathBuf,
    dir: PathBuf,
    store: Store,
    manifest: Manifest,
    contract: Contract,
    blobs: Mutex<HashMap<String, Arc<Vec<u8>>>>,
    /// The baseline's files parsed once, with the versions checked last (the warm path).
    warm: Arc<crate::WarmCache>,
    /// The change sets checked last and their reports ([`Session::judge`]): a call that
    /// finds the tree as the last one left it (or as the edit it allowed made it) checks it
    /// again at no cost. Looked up by the whole change set (every text compared), and only
    /// reports no budget could have cut short (no file unverifiable) are kept.
    judged: Mutex<Vec<(ChangeSet, Report)>>,
}

/// How many change sets [`Session::judge`] keeps with their reports: the tree as it is and
/// the tree with the last edit checked.
const JUDGED: usize = 2;

/// The work tree checked against the baseline.
#[derive(Debug, Clone)]
pub struct SessionStatus {
    /// Every file that differs from the baseline, before (baseline) and after (now).
    pub changes: ChangeSet,
    /// The check of `changes` against the baseline's contract.
    pub report: Report,
}

impl SessionStatus {
    /// Whether the work tree is inside the session's scope.
    pub fn is_allowed(&self) -> bool {
        self.report.is_allowed()
    }
}

/// What [`Session::check_tool_call`] found.
#[derive(Debug, Clone)]
pub struct EditCheck {
    /// Whether the call may run: the work tree after it is in scope, or every violation
    /// after it was already there before it (the edit adds nothing out of scope; what was
    /// there is reported in [`EditCheck::preexisting`]).
    pub allowed: bool,
    /// The call edits no file (or none under the root).
    pub not_an_edit: bool,
    /// Baseline → (current state + this edit).
    pub report: Report,
    /// The change that report judges: every file that differs from the baseline after the
    /// call, with its content then.
    pub changes: ChangeSet,
    /// Violations of the work tree before the call (made by the shell, say) that are still
    /// there after it.
    pub preexisting: Vec<FileViolation>,
    /// Files the call writes outside the root (not governed).
    pub outside: Vec<PathBuf>,
}

fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

fn physical_root(root: &Path) -> Result<PathBuf, SessionError> {
    let r = std::fs::canonicalize(root).map_err(|e| SessionError::Io {
        path: root.display().to_string(),
        message: e.to_string(),
    })?;
    if !r.is_dir() {
        return Err(SessionError::Io {
            path: root.display().to_string(),
            message: "not a folder".into(),
        });
    }
    Ok(r)
}

/// A key identifying a violation across two checks of the same session.
fn key(v: &FileViolation) -> (String, String, Option<String>) {
    (
        v.path.clone(),
        format!("{:?}", v.violation.kind),
        v.violation.symbol.clone(),
    )
}

impl Session {
    fn store_for(root: &Path) -> Result<(Store, Option<PathBuf>), SessionError> {
        let git_dir = snapshot::git_dir(root)?;
        Ok((Store::for_root(root, git_dir.as_deref())?, git_dir))
    }

    /// Records the baseline of session `id` for the work tree at `root`, with `contract`.
    /// Another baseline for the same id is [`SessionError::AlreadyExists`] (two processes
    /// at once: one records, the other gets that error and opens it).
    pub fn start(
        root: &Path,
        id: &str,
        contract: SessionContract,
    ) -> Result<Session, SessionError> {
        store::validate_id(id)?;
        let root = physical_root(root)?;
        contract.parse()?;
        let (store, git_dir) = Self::store_for(&root)?;
        // An ended session is never started again under its id (the agent could end its
        // own session and start it over the tampered tree).
        Self::not_ended(&root, id)?;
        store.ensure()?;
        store.cleanup(store::MAX_AGE);
        store::cleanup_notes(store::MAX_AGE);
        let dir = store.session_dir(id);
        store.with_lock(id, || {
            if dir.exists() {
                return Err(SessionError::AlreadyExists { id: id.into() });
            }
            Self::not_removed(&root, id)?;
            store.remove_leftovers(id);
            let tmp = store.temp_dir(id)?;
            let built = Self::record(&root, id, &tmp, git_dir.is_some(), contract.clone());
            match built {
                Ok(manifest) => {
                    let json =
                        serde_json::to_vec_pretty(&manifest).map_err(|e| SessionError::Io {
                            path: "manifest.json".into(),
                            message: e.to_string(),
                        })?;
                    store::write_atomic(&tmp.join("manifest.json"), &json)?;
                    store::publish(&tmp, &dir)?;
                    // Best effort: without a cache folder there is no marker, and a removed
                    // baseline then reads as a session not yet started.
                    store::write_note(store::marker(&root, id), &root);
                    Ok(())
                }
                Err(e) => {
                    let _ = std::fs::remove_dir_all(&tmp);
                    Err(e)
                }
            }
        })?;
        Self::open(&root, id)
    }

    /// Opens session `id`, or records its baseline first when there is none (hooks
    /// installed mid-session, a host without a session-start event). `contract` is asked
    /// for only then.
    pub fn open_or_start(
        root: &Path,
        id: &str,
        contract: impl FnOnce() -> Result<SessionContract, SessionError>,
    ) -> Result<Session, SessionError> {
        match Self::open(root, id) {
            Err(SessionError::NotFound { .. }) => match Self::start(root, id, contract()?) {
                Err(SessionError::AlreadyExists { .. }) => Self::open(root, id),
                other => other,
            },
            other => other,
        }
    }

    /// `Err(Ended)` when session `id` of `root` has a tombstone ([`store::tombstone`]).
    fn not_ended(root: &Path, id: &str) -> Result<(), SessionError> {
        match store::tombstone(root, id) {
            Some(t) if t.exists() => Err(SessionError::Ended {
                id: id.to_string(),
                root: root.display().to_string(),
            }),
            _ => Ok(()),
        }
    }

    /// The root whose baseline an event of session `id` is judged against. `pinned`: the
    /// root the host names (`--root`, `$CLAUDE_PROJECT_DIR`), which is the session's root.
    /// Otherwise `guess` (the work tree of the event's `cwd`, which the agent moves at will)
    /// is only used while no root holds the session: once a baseline is recorded, its marker
    /// (in the cache folder's `started/`) names the session's root, and every later event is judged there,
    /// wherever its `cwd` is. A session live at more than one root is
    /// [`SessionError::Ambiguous`]; one ended at any root (a tombstone in `ended/`) is
    /// [`SessionError::Ended`] (so `cd` elsewhere does not start it afresh).
    pub fn locate(pinned: Option<&Path>, guess: &Path, id: &str) -> Result<PathBuf, SessionError> {
        store::validate_id(id)?;
        if let Some(root) = pinned {
            let root = physical_root(root)?;
            Self::not_ended(&root, id)?;
            return Ok(root);
        }
        if let Some(ended) = store::roots_for_id("ended", id)?.first() {
            return Err(SessionError::Ended {
                id: id.to_string(),
                root: ended.display().to_string(),
            });
        }
        let mut live = store::roots_for_id("started", id)?;
        match live.len() {
            0 => physical_root(guess),
            1 => Ok(live.remove(0)),
            _ => Err(SessionError::Ambiguous {
                id: id.to_string(),
                roots: live.iter().map(|r| r.display().to_string()).collect(),
            }),
        }
    }

    /// `Err(Corrupt)` when session `id` of `root` has no baseline but its marker
    /// ([`store::marker`]) says one was recorded: it was removed during the session.
    /// `Err(Ended)` when it was ended.
    fn not_removed(root: &Path, id: &str) -> Result<(), SessionError> {
        Self::not_ended(root, id)?;
        match store::marker(root, id) {
            Some(m) if m.exists() => Err(SessionError::Corrupt {
                id: id.to_string(),
                reason: format!(
                    "its baseline was removed during the session (the marker {} remains)",
                    m.display()
                ),
            }),
            _ => Ok(()),
        }
    }

    /// Whether session `id` has a baseline for `root`.
    pub fn exists(root: &Path, id: &str) -> Result<bool, SessionError> {
        store::validate_id(id)?;
        let root = physical_root(root)?;
        let (store, _) = Self::store_for(&root)?;
        // The folder, not the manifest: a baseline whose manifest is gone is corrupt, and
        // must be reported as such rather than taken for no session.
        if store.session_dir(id).exists() {
            return Ok(true);
        }
        Self::not_removed(&root, id)?;
        Ok(false)
    }

    fn record(
        root: &Path,
        id: &str,
        tmp: &Path,
        git_tree: bool,
        contract: SessionContract,
    ) -> Result<Manifest, SessionError> {
        let paths = snapshot::list(root, git_tree)?;
        let mut files = BTreeMap::new();
        let mut notes = Vec::new();
        let mut total: u64 = 0;
        for rel in paths {
            let rec = match snapshot::read_node(root, &rel)? {
                Node::Missing => continue,
                Node::Dir(fingerprint) => {
                    notes.push(format!(
                        "`{rel}` is a folder git lists as one entry (a submodule or a nested repository): it is judged as one file, any change inside it a change of `{rel}`"
                    ));
                    NodeRecord::Folder { fingerprint }
                }
                Node::File { bytes, executable } => {
                    total += bytes.len() as u64;
                    if total > crate::limits::MAX_SESSION_BYTES as u64 {
                        return Err(SessionError::TooLarge {
                            what: format!(
                                "the work tree holds more than {} bytes of files",
                                crate::limits::MAX_SESSION_BYTES
                            ),
                        });
                    }
                    NodeRecord::File {
                        sha256: store::put_blob(tmp, &bytes)?,
                        executable,
                    }
                }
                Node::Large {
                    sha256,
                    size,
                    executable,
                } => NodeRecord::Large {
                    sha256,
                    size,
                    executable,
                },
                Node::Link(target) => NodeRecord::Link { target },
            };
            files.insert(rel, rec);
        }
        let ignore = if git_tree {
            snapshot::ignore_state(root)?
        } else {
            IgnoreState::default()
        };
        let mut git_files = BTreeMap::new();
        if git_tree {
            for (path, node) in snapshot::git_files(root)? {
                let rec = match node {
                    Node::File { bytes, executable } => NodeRecord::File {
                        sha256: store::put_blob(tmp, &bytes)?,
                        executable,
                    },
                    Node::Large {
                        sha256,
                        size,
                        executable,
                    } => NodeRecord::Large {
                        sha256,
                        size,
                        executable,
                    },
                    Node::Link(target) => NodeRecord::Link { target },
                    Node::Missing | Node::Dir(_) => continue,
                };
                git_files.insert(path, rec);
            }
        }
        Ok(Manifest {
            format: FORMAT,
            id: id.to_string(),
            root: root.display().to_string(),
            created: now_secs(),
            git: git_tree,
            contract,
            ignore,
            files,
            git_files,
            notes,
        })
    }

    /// Opens the baseline of session `id` for `root`. None recorded:
    /// [`SessionError::NotFound`]; one that does not read back as written:
    /// [`SessionError::Corrupt`].
    pub fn open(root: &Path, id: &str) -> Result<Session, SessionError> {
        store::validate_id(id)?;
        let root = physical_root(root)?;
        let (store, _) = Self::store_for(&root)?;
        let dir = store.session_dir(id);
        let corrupt = |reason: String| SessionError::Corrupt {
            id: id.to_string(),
            reason,
        };
        let manifest_path = dir.join("manifest.json");
        if !dir.exists() {
            Self::not_removed(&root, id)?;
            return Err(SessionError::NotFound {
                id: id.to_string(),
                root: root.display().to_string(),
            });
        }
        let bytes =
            crate::limits::read_file_bounded(&manifest_path, crate::limits::MAX_PATCH_BYTES)
                .map_err(|e| corrupt(format!("manifest: {e}")))?;
        let manifest: Manifest = serde_json::from_slice(&bytes)
            .map_err(|e| corrupt(format!("manifest.json does not parse: {e}")))?;
        if manifest.format != FORMAT {
            return Err(corrupt(format!("unknown format {}", manifest.format)));
        }
        if manifest.id != id || Path::new(&manifest.root) != root {
            return Err(corrupt(format!(
                "the manifest is session `{}` of {}, not `{id}` of {}",
                manifest.id,
                manifest.root,
                root.display()
            )));
        }
        for (p, rec) in &manifest.git_files {
            if !Path::new(p).is_absolute() {
                return Err(corrupt(format!("a git file path `{p}` is not absolute")));
            }
            if let NodeRecord::File { sha256, .. } = rec {
                if !dir.join("blobs").join(sha256).is_file() {
                    return Err(corrupt(format!("the blob of `{p}` is missing")));
                }
            }
        }
        for (rel, rec) in &manifest.files {
            crate::changeset::normalize(rel).map_err(|e| corrupt(format!("a path: {e}")))?;
            if let NodeRecord::File { sha256, .. } = rec {
                if !dir.join("blobs").join(sha256).is_file() {
                    return Err(corrupt(format!("the blob of `{rel}` is missing")));
                }
            }
        }
        let contract = manifest
            .contract
            .parse()
            .map_err(|e| corrupt(format!("its contract: {e}")))?;
        Ok(Session {
            id: id.to_string(),
            root,
            dir,
            store,
            manifest,
            contract,
            blobs: Mutex::new(HashMap::new()),
            warm: Arc::default(),
            judged: Mutex::new(Vec::new()),
        })
    }

    /// The session id.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The root (physical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The contract in force for the whole session (the baseline's).
    pub fn contract(&self) -> &Contract {
        &self.contract
    }

    /// The contract file the session started with, if it came from one.
    pub fn contract_file(&self) -> Option<&Path> {
        self.manifest.contract.path.as_deref()
    }

    /// How many files the baseline holds.
    pub fn baseline_files(&self) -> usize {
        self.manifest.files.len()
    }

    /// Where the baseline is kept.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A baseline blob (checked against its hash, then kept in memory).
    fn blob(&self, sha: &str) -> Result<Arc<Vec<u8>>, SessionError> {
        if let Some(b) = self.blobs.lock().ok().and_then(|m| m.get(sha).cloned()) {
            return Ok(b);
        }
        let b = Arc::new(store::get_blob(&self.dir, &self.id, sha)?);
        if let Ok(mut m) = self.blobs.lock() {
            m.insert(sha.to_string(), b.clone());
        }
        Ok(b)
    }

    /// The root-relative path of the contract file, when it lies under the root.
    fn contract_rel(&self) -> Option<String> {
        let p = self.manifest.contract.path.as_ref()?;
        let rel = p.strip_prefix(&self.root).ok()?;
        Some(rel.to_str()?.replace(std::path::MAIN_SEPARATOR, "/"))
    }

    /// Every path to compare: the baseline's and the tree's now.
    fn paths_now(&self) -> Result<BTreeSet<String>, SessionError> {
        let mut paths: BTreeSet<String> = self.manifest.files.keys().cloned().collect();
        for rel in snapshot::list(&self.root, self.manifest.git)? {
            // A folder git lists as one entry (a nested repository) that was not one at the
            // start would hide the files made in it (`git init dir`): they are compared one
            // by one, as created files.
            let at_start = format!("`{rel}` is a folder git lists as one entry");
            if !self.manifest.files.contains_key(&rel)
                && !self.manifest.notes.iter().any(|n| n.starts_with(&at_start))
                && std::fs::symlink_metadata(self.root.join(&rel)).is_ok_and(|m| m.is_dir())
            {
                let mut inner = BTreeSet::new();
                let dir =
                    crate::changeset::resolve(&self.root, &rel).map_err(|e| SessionError::Io {
                        path: rel.clone(),
                        message: e.to_string(),
                    })?;
                crate::changeset::walk(&dir, &dir, 0, &mut inner).map_err(|e| {
                    SessionError::Io {
                        path: rel.clone(),
                        message: e,
                    }
                })?;
                paths.extend(inner.into_iter().map(|f| format!("{rel}/{f}")));
            }
            paths.insert(rel);
        }
        if self.manifest.git {
            paths.extend(snapshot::untrusted_ignored(
                &self.root,
                &self.manifest.files,
                &self.manifest.ignore,
            )?);
        }
        if paths.len() > crate::limits::MAX_FILES {
            return Err(SessionError::TooLarge {
                what: format!("more than {} files", crate::limits::MAX_FILES),
            });
        }
        Ok(paths)
    }

    /// The text (or binary flag) and link flag of a baseline record.
    fn side_of_record(
        &self,
        rec: Option<&NodeRecord>,
        binary: &mut bool,
    ) -> Result<(Option<String>, bool, Option<bool>), SessionError> {
        Ok(match rec {
            None => (None, false, None),
            Some(NodeRecord::File { sha256, executable }) => {
                let b = self.blob(sha256)?;
                (
                    text_or_binary(Some(b.as_ref().clone()), binary),
                    false,
                    Some(*executable),
                )
            }
            Some(NodeRecord::Large { executable, .. }) => {
                *binary = true;
                (Some(String::new()), false, Some(*executable))
            }
            Some(NodeRecord::Link { target }) => (Some(target.clone()), true, None),
            Some(NodeRecord::Folder { fingerprint }) => {
                *binary = true;
                (Some(format!("folder {fingerprint}")), false, None)
            }
        })
    }

    /// The change from the baseline to the tree now.
    pub(crate) fn changes_now(&self) -> Result<ChangeSet, SessionError> {
        let mut files = Vec::new();
        let mut notes = self.manifest.notes.clone();
        for rel in self.paths_now()? {
            let rec = self.manifest.files.get(&rel);
            let node = snapshot::read_node(&self.root, &rel)?;
            if let Some(r) = rec {
                if node.same_as(r) {
                    continue;
                }
            }
            let mut binary = false;
            let (before, b_link, b_exec) = self.side_of_record(rec, &mut binary)?;
            let (after, a_link, a_exec) = match node {
                Node::Missing => (None, false, None),
                Node::Dir(fingerprint) => {
                    // A submodule or nested repository (new, changed inside, or where a file
                    // was): a change of the entry, its files judged by no other rule.
                    binary = true;
                    notes.push(format!(
                        "`{rel}` is a folder git lists as one entry (a submodule or a nested repository): judged as one file"
                    ));
                    (Some(format!("folder {fingerprint}")), false, None)
                }
                Node::File { bytes, executable } => (
                    text_or_binary(Some(bytes), &mut binary),
                    false,
                    Some(executable),
                ),
                Node::Large { executable, .. } => {
                    binary = true;
                    notes.push(format!(
                        "`{rel}` is over {} bytes: only whether it changed is known",
                        crate::limits::MAX_FILE_BYTES
                    ));
                    (Some(String::new()), false, Some(executable))
                }
                Node::Link(t) => (Some(t), true, None),
            };
            let mode = |e: bool| if e { "100755" } else { "100644" }.to_string();
            let mode_change = match (b_exec, a_exec) {
                (Some(b), Some(a)) if a != b => Some((mode(b), mode(a))),
                _ => None,
            };
            let fc = FileChange {
                path: rel,
                old_path: None,
                before,
                after,
                mode_change,
                binary,
                symlink: (b_link || a_link).then_some(Symlink {
                    before: b_link,
                    after: a_link,
                    escapes: false,
                }),
            };
            // A binary file whose bytes changed differs even when both texts are empty.
            if fc.is_change() || binary {
                files.push(fc);
            }
        }
        let mut set = ChangeSet {
            files,
            notes,
            ..ChangeSet::default()
        };
        set.mark_link_escapes(Some(&self.root));
        Ok(set)
    }

    /// Checks `changes` (from the baseline) under the session's contract; a contract file
    /// outside the root that no longer holds the baseline's text is a violation too.
    fn judge(&self, changes: &ChangeSet) -> Result<Report, SessionError> {
        let with = CheckChangesOptions {
            protected: self.contract_rel().into_iter().collect(),
            budget: None,
            warm: Some(Arc::clone(&self.warm)),
            // The baseline's files exist besides the change's: a selector whose file part
            // matches none of them is a `no_file` warning, as for git checks.
            known_files: Some(self.manifest.files.keys().cloned().collect()),
            ..Default::default()
        };
        let mut report = self.check_changes(changes, &with)?;
        if let (Some(p), None) = (&self.manifest.contract.path, self.contract_rel()) {
            let now = crate::limits::read_file_bounded(p, crate::limits::MAX_FILE_BYTES).ok();
            if now.as_deref() != Some(self.manifest.contract.text.as_bytes()) {
                report.status = Status::Rejected;
                report.violations.push(FileViolation {
                    version: None,
                    path: p.display().to_string(),
                    violation: Violation {
                        changed_lines: Default::default(),
                        kind: ViolationKind::ContractChanged,
                        symbol: None,
                        symbol_kind: None,
                        before: None,
                        after: None,
                        message: "this session's contract changed (or is gone) since the session started; the contract in force stays the one at the start, and changing it is never granted: put it back".into(),
                    },
                });
            }
        }
        Ok(report)
    }

    /// [`check_changes_with`] on `changes` under the session's contract, or the report of
    /// the same change set checked last. The check reads nothing but the change set, the
    /// contract and the options, which are the session's own: the same change set gets the
    /// same report, but where a budget could cut the check short (a file is unverifiable),
    /// which is not kept.
    fn check_changes(
        &self,
        changes: &ChangeSet,
        with: &CheckChangesOptions,
    ) -> Result<Report, SessionError> {
        // The one used last goes last (the tree as it is is looked up on every call).
        let hit = self.judged.lock().ok().and_then(|mut m| {
            let at = m.iter().position(|(c, _)| c == changes)?;
            let entry = m.remove(at);
            let report = entry.1.clone();
            m.push(entry);
            Some(report)
        });
        if let Some(report) = hit {
            return Ok(report);
        }
        let report = check_changes_with(&self.contract, changes, with)?;
        let settled = report.status != Status::Unverifiable
            && report
                .files
                .iter()
                .all(|f| f.status != Status::Unverifiable);
        if settled {
            if let Ok(mut m) = self.judged.lock() {
                m.retain(|(c, _)| c != changes);
                m.push((changes.clone(), report.clone()));
                if m.len() > JUDGED {
                    m.remove(0);
                }
            }
        }
        Ok(report)
    }

    /// git's own files ([`snapshot::git_files`]) that differ from the baseline.
    pub(crate) fn git_changes(&self) -> Result<Vec<GitFileChange>, SessionError> {
        if !self.manifest.git {
            return Ok(vec![]);
        }
        let now = snapshot::git_files(&self.root)?;
        let mut out = Vec::new();
        let paths: BTreeSet<&String> = now.keys().chain(self.manifest.git_files.keys()).collect();
        for p in paths {
            let before = self.manifest.git_files.get(p);
            let node = now.get(p);
            let same = match (before, node) {
                (Some(r), Some(n)) => n.same_as(r),
                (None, None) => true,
                _ => false,
            };
            if !same {
                out.push(GitFileChange {
                    path: p.clone(),
                    before: before.cloned(),
                    exists_now: node.is_some(),
                });
            }
        }
        Ok(out)
    }

    /// How a path of git's own is named to the agent: under the root, relative to it.
    pub(crate) fn git_display(&self, path: &str) -> String {
        match Path::new(path).strip_prefix(&self.root) {
            Ok(rel) => rel
                .to_string_lossy()
                .replace(std::path::MAIN_SEPARATOR, "/"),
            Err(_) => path.to_string(),
        }
    }

    /// The whole work tree checked against the baseline, under the baseline's contract; a
    /// change to git's own files (hooks, configuration, exclude
    /// rules) is a violation too, never granted.
    pub fn status(&self) -> Result<SessionStatus, SessionError> {
        let changes = self.changes_now()?;
        let mut report = self.judge(&changes)?;
        for g in self.git_changes()? {
            let what = match (&g.before, g.exists_now) {
                (None, _) => "was created (or became one git reads)",
                (Some(_), false) => "was deleted",
                (Some(_), true) => "changed",
            };
            if report.status == Status::Allowed {
                report.status = Status::Rejected;
            }
            report.violations.push(FileViolation {
                    version: None,
                path: self.git_display(&g.path),
                violation: Violation {
                    changed_lines: Default::default(),
                    kind: ViolationKind::FileChanged,
                    symbol: None,
                    symbol_kind: None,
                    before: None,
                    after: None,
                    message: format!("git's own file `{}` {what} during the session: git's hooks and configuration run code, and its exclude rules decide which files git lists, so no contract grants changing them: put it back", g.path),
                },
            });
        }
        Ok(SessionStatus { changes, report })
    }

    /// Judges a tool call (`tool_name`, its `tool_input`, made in `cwd`): baseline →
    /// (current state + this edit).
    pub fn check_tool_call(
        &self,
        tool_name: &str,
        input: &serde_json::Value,
        cwd: &Path,
    ) -> Result<EditCheck, SessionError> {
        let call = tool_call::read(tool_name, input, cwd)?;
        self.check_edit(&call)
    }

    /// Judges a read tool call: baseline → (current state + this edit). The call must
    /// apply to the files as they are now; it must not write a contract, git metadata or
    /// another protected file ([`tool_call::check`]).
    pub fn check_edit(&self, call: &ToolCall) -> Result<EditCheck, SessionError> {
        let contract_file = self.manifest.contract.path.as_deref();
        let now = self.status()?;
        let plans = tool_call::plan(&self.contract, contract_file, call, &self.root)?;
        let (sets, outside) = match plans {
            tool_call::Plan::NotAnEdit => (vec![], vec![]),
            tool_call::Plan::Outside { paths } => (vec![], paths),
            tool_call::Plan::Sets { sets, outside } => (sets, outside),
        };
        if sets.is_empty() {
            return Ok(EditCheck {
                allowed: true,
                not_an_edit: true,
                preexisting: now.report.violations.clone(),
                report: now.report,
                changes: now.changes,
                outside,
            });
        }
        let before_keys: BTreeSet<_> = now.report.violations.iter().map(key).collect();
        let before_unverifiable: BTreeSet<&str> = now
            .report
            .files
            .iter()
            .filter(|f| f.status == Status::Unverifiable)
            .map(|f| f.path.as_str())
            .collect();
        // Every reading of the call must pass (a JavaScript host's `$&` included).
        let mut last = None;
        for set in &sets {
            let after = self.overlay(&now.changes, set)?;
            let report = self.judge(&after)?;
            let allowed = report.is_allowed()
                || (report
                    .violations
                    .iter()
                    .all(|v| before_keys.contains(&key(v)))
                    && report
                        .files
                        .iter()
                        .filter(|f| f.status == Status::Unverifiable)
                        .all(|f| before_unverifiable.contains(f.path.as_str())));
            let preexisting = report
                .violations
                .iter()
                .filter(|v| before_keys.contains(&key(v)))
                .cloned()
                .collect();
            let check = EditCheck {
                allowed,
                not_an_edit: false,
                report,
                changes: after,
                preexisting,
                outside: outside.clone(),
            };
            if !allowed {
                return Ok(check);
            }
            last = Some(check);
        }
        Ok(last.expect("at least one reading"))
    }

    /// The change from the baseline to the tree now with `edit` (a change from the tree now)
    /// applied on top.
    fn overlay(&self, now: &ChangeSet, edit: &ChangeSet) -> Result<ChangeSet, SessionError> {
        let mut files: BTreeMap<String, FileChange> = now
            .files
            .iter()
            .map(|f| (f.path.clone(), f.clone()))
            .collect();
        let mut set_after = |path: &str, src: Option<&FileChange>| -> Result<(), SessionError> {
            let entry = match files.remove(path) {
                Some(e) => e,
                None => {
                    // Unchanged since the baseline: the baseline is what is on disk.
                    let mut binary = false;
                    let (before, link, _) =
                        self.side_of_record(self.manifest.files.get(path), &mut binary)?;
                    FileChange {
                        path: path.to_string(),
                        old_path: None,
                        after: before.clone(),
                        before,
                        mode_change: None,
                        binary,
                        symlink: link.then_some(Symlink {
                            before: true,
                            after: true,
                            escapes: false,
                        }),
                    }
                }
            };
            let b_link = entry.is_link_before();
            let mut e = entry;
            match src {
                None => {
                    e.after = None;
                    e.mode_change = None;
                }
                Some(f) => {
                    e.after = f.after.clone();
                    e.binary |= f.binary;
                    if f.mode_change.is_some() {
                        e.mode_change = f.mode_change.clone();
                    }
                    let a_link = f.is_link_after();
                    e.symlink = (b_link || a_link).then_some(Symlink {
                        before: b_link,
                        after: a_link,
                        escapes: false,
                    });
                }
            }
            files.insert(path.to_string(), e);
            Ok(())
        };
        for f in &edit.files {
            if let Some(old) = &f.old_path {
                set_after(old, None)?;
            }
            set_after(&f.path, Some(f))?;
        }
        let mut set = ChangeSet {
            files: files
                .into_values()
                .filter(|f| f.is_change() || f.binary)
                .collect(),
            notes: now.notes.clone(),
            ..ChangeSet::default()
        };
        set.mark_link_escapes(Some(&self.root));
        Ok(set)
    }

    /// Text for the agent: what is out of scope against the session's start, and how to put
    /// it back.
    pub fn feedback(&self, report: &Report) -> String {
        self.feedback_with(report, None)
    }

    /// [`Session::feedback`], quoting each violation's changed lines from `changes` (the
    /// change `report` judges, e.g. [`SessionStatus::changes`]), as
    /// [`Report::feedback_with`] does.
    pub fn feedback_with(&self, report: &Report, changes: Option<&ChangeSet>) -> String {
        if report.is_allowed() {
            return "editscope: the work tree is inside this session's scope.\n".into();
        }
        let mut out = String::from(
            "editscope: the work tree is out of this session's scope (checked against its state when the session started, whatever tool changed it).\n",
        );
        let body = report.feedback_with(&self.contract, changes);
        // The report's own heading is for one change; keep its lists.
        if let Some((_, rest)) = body.split_once('\n') {
            out.push_str(rest.trim_end_matches('\n'));
            out.push('\n');
        }
        out.push_str(&format!(
            "\nTo put it back: restore each symbol or file listed above to its text at the start of the session, or run `{}` (it reverts exactly what is out of scope and keeps the granted changes).\n",
            self.restore_command()
        ));
        out
    }

    /// The command that restores this session's scope (`editscope session restore ...
    /// --apply`).
    pub fn restore_command(&self) -> String {
        let root = self.root.display().to_string();
        let quoted = if root
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"/._-".contains(&b))
        {
            root
        } else {
            format!("'{}'", root.replace('\'', "'\\''"))
        };
        format!(
            "editscope session restore --root {quoted} --session {} --apply",
            self.id
        )
    }

    /// A receipt of the whole session: the baseline, the tree now, the contract, the
    /// verdict.
    pub fn receipt(&self) -> Result<crate::Receipt, SessionError> {
        let s = self.status()?;
        Ok(crate::Receipt::new(&self.contract, &s.changes, &s.report))
    }

    /// Ends the session: leaves a tombstone (in the cache folder's `ended/`: every later event of this
    /// id fails closed with [`SessionError::Ended`], and the id cannot be started again) and
    /// removes its baseline (under its lock, so no other process reads it half-removed: it
    /// is renamed away first).
    pub fn end(self) -> Result<(), SessionError> {
        let id = self.id.clone();
        let dir = self.dir.clone();
        self.store.with_lock(&id, || {
            store::write_note(store::tombstone(&self.root, &id), &self.root);
            let trash = self
                .store
                .dir
                .join(format!(".{id}.tmp-end-{}", std::process::id()));
            if dir.exists() {
                std::fs::rename(&dir, &trash).map_err(|e| SessionError::Io {
                    path: dir.display().to_string(),
                    message: e.to_string(),
                })?;
                let _ = std::fs::remove_dir_all(&trash);
            }
            if let Some(m) = store::marker(&self.root, &id) {
                let _ = std::fs::remove_file(m);
            }
            Ok(())
        })
    }
}

#[cfg(test)]
mod tests;
