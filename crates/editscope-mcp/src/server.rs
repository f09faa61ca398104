//! The tools, without the protocol: what each call reads, checks and writes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use editscope::discover::{self, ContractOrigin};
use editscope::patch::{Action, Edit, FilePatch, GitMeta, PatchFormat, Replacement};
use editscope::session::{Session, SessionContract, SessionError};
use editscope::tool_call::{CallEdit, EditKind, ToolCall};
use editscope::{ChangeSet, Status};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::fsio;

/// How the server was started.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The root (default: the git work tree of the working directory, else the working
    /// directory).
    pub root: Option<PathBuf>,
    /// The contract (default: `$EDITSCOPE_CONTRACT`, else the outermost `.editscope.toml` at
    /// or above the root).
    pub contract: Option<PathBuf>,
}

/// What a tool call answers: text for the agent, and whether it is an error (`isError`).
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// The text.
    pub text: String,
    /// `isError`: the call was refused or failed; nothing was written.
    pub is_error: bool,
    /// Structured content (`structuredContent`), where there is some.
    pub structured: Option<Value>,
}

impl Answer {
    fn ok(text: impl Into<String>) -> Answer {
        Answer {
            text: text.into(),
            is_error: false,
            structured: None,
        }
    }

    fn refused(text: impl Into<String>) -> Answer {
        Answer {
            text: text.into(),
            is_error: true,
            structured: None,
        }
    }
}

/// Why the server cannot start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartError(pub String);

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The server's state: the root and, with a contract, the session whose baseline is the
/// root when the server started.
#[derive(Debug)]
pub struct Server {
    root: PathBuf,
    session: Option<Session>,
    /// Why there is no session (no contract): every write is refused with this.
    no_session: String,
    /// Writes are judged and made one at a time.
    writing: Mutex<()>,
}

/// A new session id: the time and the process id, in hex.
fn new_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("mcp-{nanos:x}-{:x}", std::process::id())
}

/// The root: `explicit`, else the work tree of the working directory, else the working
/// directory; physical.
pub fn root_of(explicit: Option<&Path>) -> Result<PathBuf, StartError> {
    let cwd =
        std::env::current_dir().map_err(|e| StartError(format!("no working directory: {e}")))?;
    let root = match explicit {
        Some(r) => cwd.join(r),
        None => discover::work_tree_top(&cwd)
            .map_err(StartError)?
            .unwrap_or(cwd),
    };
    let root = std::fs::canonicalize(&root)
        .map_err(|e| StartError(format!("the root {}: {e}", root.display())))?;
    if !root.is_dir() {
        return Err(StartError(format!(
            "the root {} is not a folder",
            root.display()
        )));
    }
    Ok(root)
}

/// The contract: `explicit`, else `$EDITSCOPE_CONTRACT`, else the outermost
/// `.editscope.toml` at or above the root. `Ok(None)`: there is none. A named contract that
/// does not exist, or any contract that does not parse, is an error.
pub fn contract_of(
    explicit: Option<&Path>,
    root: &Path,
) -> Result<Option<SessionContract>, StartError> {
    let Some(found) = discover::find_contract(explicit, &[root]) else {
        return Ok(None);
    };
    if found.origin != ContractOrigin::Discovered && !found.path.is_file() {
        return Err(StartError(format!(
            "the contract {}: no such file",
            found.path.display()
        )));
    }
    SessionContract::from_file(&found.path)
        .map(Some)
        .map_err(|e| StartError(format!("{}: {e}", found.path.display())))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PathArgs {
    path: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EditArgs {
    path: String,
    old_string: String,
    new_string: String,
    #[serde(default)]
    replace_all: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WriteArgs {
    path: String,
    content: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PatchArgs {
    patch: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NoArgs {}

fn args<T: serde::de::DeserializeOwned>(tool: &str, arguments: &Value) -> Result<T, Answer> {
    let arguments = if arguments.is_null() {
        json!({})
    } else {
        arguments.clone()
    };
    serde_json::from_value(arguments)
        .map_err(|e| Answer::refused(format!("`{tool}`: bad arguments: {e}")))
}

/// One file the change writes: its new content, or `None` to delete it.
struct Write {
    rel: String,
    content: Option<String>,
}

impl Server {
    /// Starts the server: finds the root and the contract, and with a contract records the
    /// session's baseline (the root now). Without a contract the server runs, reads, and
    /// refuses every write.
    pub fn start(options: &Options) -> Result<Server, StartError> {
        let root = root_of(options.root.as_deref())?;
        let contract = contract_of(options.contract.as_deref(), &root)?;
        let (session, no_session) = match contract {
            Some(c) => {
                let s = Session::start(&root, &new_id(), c)
                    .map_err(|e| StartError(format!("cannot start the session: {e}")))?;
                (Some(s), String::new())
            }
            None => (None, format!(
                "editscope: no contract governs {} (none given with --contract or $EDITSCOPE_CONTRACT, no .editscope.toml at or above the root), so every write is refused. Nothing was written.",
                root.display()
            )),
        };
        Ok(Server {
            root,
            session,
            no_session,
            writing: Mutex::new(()),
        })
    }

    /// The root (physical).
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The session, when there is a contract.
    pub fn session(&self) -> Option<&Session> {
        self.session.as_ref()
    }

    /// Ends the session (removes its baseline).
    pub fn end(self) -> Result<(), SessionError> {
        match self.session {
            Some(s) => s.end(),
            None => Ok(()),
        }
    }

    /// Runs tool `name` with `arguments` (a JSON object). `None`: no such tool.
    pub fn call(&self, name: &str, arguments: &Value) -> Option<Answer> {
        let answer = match name {
            "read_file" => args::<PathArgs>(name, arguments).map(|a| self.read_file(&a.path)),
            "edit_file" => args::<EditArgs>(name, arguments)
                .map(|a| self.edit_file(&a.path, &a.old_string, &a.new_string, a.replace_all)),
            "write_file" => {
                args::<WriteArgs>(name, arguments).map(|a| self.write_file(&a.path, &a.content))
            }
            "apply_patch" => args::<PatchArgs>(name, arguments).map(|a| self.apply_patch(&a.patch)),
            "check" => args::<NoArgs>(name, arguments).map(|_| self.check()),
            _ => return None,
        };
        Some(answer.unwrap_or_else(|e| e))
    }

    fn place(&self, path: &str) -> Result<String, Answer> {
        fsio::place(&self.root, path).map_err(|e| {
            Answer::refused(format!(
                "editscope: `{path}` cannot be used: {e}. Paths are relative to the root {} or absolute inside it. Nothing was read or written.",
                self.root.display()
            ))
        })
    }

    /// `read_file`: the text of a file under the root.
    pub fn read_file(&self, path: &str) -> Answer {
        let rel = match self.place(path) {
            Ok(r) => r,
            Err(a) => return a,
        };
        match fsio::read_text(&self.root, &rel, editscope::limits::MAX_FILE_BYTES) {
            Ok(Some(text)) => Answer::ok(text),
            Ok(None) => Answer::refused(format!("`{rel}`: no such file")),
            Err(e) => Answer::refused(e),
        }
    }

    /// `edit_file`: replace `old` by `new` in the file (once, where it occurs exactly once,
    /// or everywhere with `replace_all`).
    pub fn edit_file(&self, path: &str, old: &str, new: &str, replace_all: bool) -> Answer {
        let rel = match self.place(path) {
            Ok(r) => r,
            Err(a) => return a,
        };
        let fp = FilePatch {
            path: rel,
            line: 0,
            action: Action::Update {
                edit: Some(Edit::Replace(vec![Replacement {
                    old: old.to_string(),
                    new: new.to_string(),
                    replace_all,
                }])),
                move_to: None,
            },
            modes: GitMeta::default(),
        };
        self.apply(ChangeSet::from_patches(&self.root, &[fp]))
    }

    /// `write_file`: the file's whole new content (created if missing).
    pub fn write_file(&self, path: &str, content: &str) -> Answer {
        let rel = match self.place(path) {
            Ok(r) => r,
            Err(a) => return a,
        };
        let fp = FilePatch {
            path: rel,
            line: 0,
            action: Action::Create {
                content: content.to_string(),
            },
            modes: GitMeta::default(),
        };
        self.apply(ChangeSet::from_patches(&self.root, &[fp]))
    }

    /// `apply_patch`: a Codex patch (`*** Begin Patch`) or a unified diff, paths relative to
    /// the root (absolute paths inside it are accepted too).
    pub fn apply_patch(&self, patch: &str) -> Answer {
        let format = match PatchFormat::detect(patch) {
            Some(f @ (PatchFormat::Codex | PatchFormat::Unified)) => f,
            _ => {
                return Answer::refused(
                    "editscope: `apply_patch` takes a Codex patch (`*** Begin Patch`) or a unified diff (`---`/`+++`/`@@`). Nothing was written.",
                )
            }
        };
        let mut patches = match format.parse(patch) {
            Ok(p) => p,
            Err(e) => {
                return Answer::refused(format!("editscope: the patch: {e}. Nothing was written."))
            }
        };
        for fp in &mut patches {
            fp.path = match self.place(&fp.path) {
                Ok(r) => r,
                Err(a) => return a,
            };
            if let Action::Update {
                move_to: Some(d), ..
            } = &mut fp.action
            {
                *d = match self.place(d) {
                    Ok(r) => r,
                    Err(a) => return a,
                };
            }
        }
        let changes = match format {
            // Read again from the text, for `git apply` semantics (a file the diff creates
            // must not exist). Its paths are the ones placed above, or it refuses them.
            PatchFormat::Unified => ChangeSet::from_patch_text(&self.root, patch, Some(format)),
            _ => ChangeSet::from_patches(&self.root, &patches),
        };
        self.apply(changes)
    }

    /// Checks the change `changes` makes (from the files as they are now) and writes it if
    /// it is allowed.
    fn apply(&self, changes: Result<ChangeSet, editscope::patch::PatchError>) -> Answer {
        let Some(session) = &self.session else {
            return Answer::refused(self.no_session.clone());
        };
        let changes = match changes {
            Ok(c) => c,
            Err(e) => return Answer::refused(format!("editscope: {e}. Nothing was written.")),
        };
        let _one_at_a_time = self.writing.lock().unwrap_or_else(|p| p.into_inner());
        let mut writes = Vec::new();
        for f in &changes.files {
            if f.binary || f.symlink.is_some() || f.mode_change.is_some() {
                return Answer::refused(format!(
                    "editscope: `{}`: this server writes text files only (no binary files, symlinks or mode changes). Nothing was written.",
                    f.path
                ));
            }
            if let Some(old) = &f.old_path {
                writes.push(Write {
                    rel: old.clone(),
                    content: None,
                });
            }
            writes.push(Write {
                rel: f.path.clone(),
                content: f.after.clone(),
            });
        }
        if writes.is_empty() {
            return Answer::ok("editscope: the edit changes nothing; nothing was written.");
        }
        // What lies on disk now, to refuse a write if anything changes it during the check.
        let mut seen = BTreeMap::new();
        for w in &writes {
            match fsio::snapshot(&self.root, &w.rel) {
                Ok(s) => {
                    seen.insert(w.rel.clone(), s);
                }
                Err(e) => return Answer::refused(format!("editscope: {e}. Nothing was written.")),
            }
        }
        // The call as the session judges it: exactly the contents that will be written.
        let call = ToolCall::Edits(
            writes
                .iter()
                .map(|w| CallEdit {
                    base: self.root.clone(),
                    kind: EditKind::Patch(FilePatch {
                        path: w.rel.clone(),
                        line: 0,
                        action: match &w.content {
                            Some(c) => Action::Create { content: c.clone() },
                            None => Action::Delete,
                        },
                        modes: GitMeta::default(),
                    }),
                })
                .collect(),
        );
        let check = match session.check_edit(&call) {
            Ok(c) => c,
            Err(e) => {
                return Answer::refused(format!(
                    "editscope refused this edit: {e}\nNothing was written."
                ))
            }
        };
        if !check.allowed || !check.outside.is_empty() {
            let mut text = check
                .report
                .feedback_with(session.contract(), Some(&check.changes));
            text.push_str("\nNothing was written.\n");
            return Answer {
                text,
                is_error: true,
                structured: serde_json::from_str(&check.report.to_json()).ok(),
            };
        }
        for w in &writes {
            let now = fsio::snapshot(&self.root, &w.rel);
            if now.as_ref().ok() != seen.get(&w.rel) {
                return Answer::refused(format!(
                    "editscope: `{}` changed on disk while the edit was being checked; nothing was written. Read it again and retry.",
                    w.rel
                ));
            }
        }
        let mut done = Vec::new();
        for w in &writes {
            let target = self.root.join(&w.rel);
            let r = match &w.content {
                Some(c) => fsio::write_atomic(&target, c.as_bytes()),
                None => fsio::remove(&target),
            };
            if let Err(e) = r {
                return Answer::refused(format!(
                    "editscope: the edit was allowed, but writing failed: {e}. Written before the failure: {}.",
                    if done.is_empty() { "nothing".to_string() } else { done.join(", ") }
                ));
            }
            done.push(format!(
                "{} `{}`",
                if w.content.is_some() {
                    "wrote"
                } else {
                    "deleted"
                },
                w.rel
            ));
        }
        let mut text = format!("editscope: allowed; {}.\n", done.join(", "));
        if !check.preexisting.is_empty() {
            text.push_str(
                "\nNote: the work tree was already out of scope before this edit (changed by another tool):\n",
            );
            for v in &check.preexisting {
                text.push_str(&format!("  - {}: {}\n", v.path, v.violation.message));
            }
            text.push_str("Call `check` for the whole picture.\n");
        }
        Answer {
            text,
            is_error: false,
            structured: Some(
                json!({"status": "allowed", "written": writes.iter().map(|w| &w.rel).collect::<Vec<_>>()}),
            ),
        }
    }

    /// `check`: the work tree against the session's baseline, whatever tool changed it.
    pub fn check(&self) -> Answer {
        let Some(session) = &self.session else {
            return Answer::refused(self.no_session.replace(
                "so every write is refused. Nothing was written.",
                "so there is nothing to check against.",
            ));
        };
        match session.status() {
            Ok(st) => {
                let status = match st.report.status {
                    Status::Allowed => "allowed",
                    Status::Rejected => "rejected",
                    Status::Unverifiable => "unverifiable",
                };
                let mut text = format!("status: {status}\n");
                if st.is_allowed() {
                    text.push_str("editscope: the work tree is inside this session's scope.\n");
                } else {
                    text.push_str(&session.feedback_with(&st.report, Some(&st.changes)));
                }
                Answer {
                    text,
                    is_error: false,
                    structured: serde_json::from_str(&st.report.to_json()).ok(),
                }
            }
            Err(e) => Answer::refused(format!("editscope: the check failed: {e}")),
        }
    }
}

#[cfg(test)]
mod tests;
