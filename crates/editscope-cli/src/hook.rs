//! `editscope hook <agent>`: agent hook protocols (Claude Code, Codex, OpenHands).
//!
//! Each hook reads one JSON event on stdin, works out the file(s) as the tool call would
//! leave them, checks them against the task's contract, and answers in the agent's protocol.
//! A hook must never fail open by crashing: every internal error denies.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use editscope::patch::tool::ToolEdit;
use editscope::{check_changes_with, ChangeSet, Contract, Status};
use serde_json::{json, Value};

use crate::Failure;

/// Largest hook event read from stdin.
const MAX_EVENT_BYTES: u64 = 64 * 1024 * 1024;

/// Which agent's protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Agent {
    /// Claude Code `PreToolUse` command hook (`Edit`, `Write`, `MultiEdit`).
    ClaudeCode,
    /// Codex hook (`apply_patch`).
    Codex,
    /// OpenHands hook (`file_editor` / `str_replace_editor`).
    Openhands,
}

/// `editscope hook` options.
#[derive(Args, Debug, Clone)]
pub struct HookArgs {
    /// The agent whose hook protocol to speak.
    #[arg(value_enum)]
    pub agent: Agent,
    /// The contract (default: `$EDITSCOPE_CONTRACT`, else `.editscope.toml` found by walking
    /// up from the edited file).
    #[arg(long, value_name = "FILE")]
    pub contract: Option<PathBuf>,
    /// The repository root (default: the contract's directory for `.editscope.toml`, else
    /// the git top level of the working directory, else the working directory).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Time budget of the check in milliseconds (default: the contract's `budget_ms`, else
    /// 5000). Past it the hook denies (unverifiable: budget exceeded).
    #[arg(long, value_name = "MS")]
    pub budget_ms: Option<u64>,
}

/// What the hook decided.
enum Decision {
    /// Let the tool call run (with a note for stderr, if any).
    Allow(Option<String>),
    /// Block it, with the reason the agent reads.
    Deny(String),
}

/// Where a contract comes from.
pub struct Found {
    /// The contract file.
    pub path: PathBuf,
    /// The root its paths are relative to.
    pub root: PathBuf,
}

/// The git top level of `dir`, if it is in a repository.
fn git_toplevel(dir: &Path) -> Option<PathBuf> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["rev-parse", "--show-toplevel"])
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| PathBuf::from(String::from_utf8_lossy(&out.stdout).trim()))
}

/// Finds the contract: `--contract`, then `$EDITSCOPE_CONTRACT`, then the outermost
/// `.editscope.toml` in `start` or a directory above it.
///
/// The root (what contract paths are relative to) is `root` if given; for a named contract,
/// the git top level of the contract's directory, else that directory; for a discovered one,
/// its directory. It never depends on the edited file, so a nested repository cannot shift
/// every path, and a contract further down (which an agent allowed to create files could
/// write) never overrides one further up.
pub fn discover(explicit: Option<&Path>, root: Option<&Path>, start: &Path) -> Option<Found> {
    let named = |p: PathBuf| -> Found {
        let dir = p
            .parent()
            .filter(|d| !d.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        let root = root
            .map(Path::to_path_buf)
            .or_else(|| git_toplevel(&dir))
            .unwrap_or(dir);
        Found { path: p, root }
    };
    if let Some(p) = explicit {
        return Some(named(p.to_path_buf()));
    }
    if let Some(p) = std::env::var_os("EDITSCOPE_CONTRACT").filter(|v| !v.is_empty()) {
        return Some(named(PathBuf::from(p)));
    }
    let mut outermost = None;
    let mut dir = Some(start);
    while let Some(d) = dir {
        let candidate = d.join(".editscope.toml");
        if candidate.is_file() {
            outermost = Some((candidate, d.to_path_buf()));
        }
        dir = d.parent();
    }
    let (path, dir) = outermost?;
    Some(Found {
        root: root.map(Path::to_path_buf).unwrap_or(dir),
        path,
    })
}

/// The nearest existing directory at or above `path` (a file's directory may not exist yet).
fn existing_dir(path: &Path) -> Option<PathBuf> {
    let mut at = Some(path);
    while let Some(p) = at {
        if p.is_dir() {
            return Some(p.to_path_buf());
        }
        at = p.parent();
    }
    None
}

/// Python's `str.expandtabs()` (tab size 8): OpenHands' editor expands the tabs of the whole
/// file before it replaces or inserts, and writes that back.
fn expandtabs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0usize;
    for c in text.chars() {
        match c {
            '\t' => {
                let n = 8 - column % 8;
                out.extend(std::iter::repeat_n(' ', n));
                column += n;
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// Reads the event from stdin, bounded.
fn read_event() -> Result<Value, String> {
    let mut text = String::new();
    std::io::stdin()
        .take(MAX_EVENT_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read the hook event: {e}"))?;
    if text.len() as u64 > MAX_EVENT_BYTES {
        return Err(format!("the hook event is over {MAX_EVENT_BYTES} bytes"));
    }
    serde_json::from_str(&text).map_err(|e| format!("the hook event is not valid JSON: {e}"))
}

/// The patch text inside a Codex `tool_input.command` (a string, or an argv array whose last
/// element is the patch or a shell script with an `apply_patch` heredoc).
fn codex_patch(input: &Value) -> Option<String> {
    let command = input.get("command")?;
    let text = match command {
        Value::String(s) => s.clone(),
        // `["bash", "-lc", "apply_patch <<'EOF' ..."]` or `["apply_patch", "*** Begin Patch ..."]`.
        Value::Array(parts) => parts
            .iter()
            .filter_map(Value::as_str)
            .find(|p| p.contains("*** Begin Patch"))?
            .to_string(),
        _ => return None,
    };
    text.contains("*** Begin Patch").then_some(text)
}

/// One file path the event edits, to start contract discovery from.
fn edited_path(agent: Agent, event: &Value) -> Option<String> {
    let input = event.get("tool_input")?;
    match agent {
        Agent::ClaudeCode => input
            .get("file_path")
            .or_else(|| input.get("notebook_path"))
            .and_then(Value::as_str)
            .map(str::to_string),
        Agent::Openhands => input
            .get("path")
            .and_then(Value::as_str)
            .map(str::to_string),
        Agent::Codex => None,
    }
}

fn decide(args: &HookArgs, event: &Value) -> Result<Decision, String> {
    let tool = event
        .get("tool_name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let input = event.get("tool_input").cloned().unwrap_or(Value::Null);
    let cwd = event
        .get("cwd")
        .or_else(|| event.get("working_dir"))
        .and_then(Value::as_str)
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok())
        .ok_or("no working directory")?;

    // Which tool calls edit files, and how.
    enum Change {
        Tool(ToolEdit),
        Patch(String),
        /// A notebook cell edit: its result cannot be computed here.
        Notebook(String),
    }
    let change = match args.agent {
        Agent::ClaudeCode if tool == "NotebookEdit" => input
            .get("notebook_path")
            .and_then(Value::as_str)
            .map(|p| Change::Notebook(p.to_string())),
        Agent::ClaudeCode => ToolEdit::from_claude_code(tool, &input)
            .map_err(|e| e.to_string())?
            .map(Change::Tool),
        Agent::Openhands
            if matches!(
                tool,
                "file_editor" | "str_replace_editor" | "str_replace_based_edit_tool" | "edit_file"
            ) =>
        {
            // `undo_edit` writes back content editscope cannot see: it cannot be verified.
            if input.get("command").and_then(Value::as_str) == Some("undo_edit") {
                return Err(
                    "`undo_edit` restores content editscope cannot see, so it cannot be verified"
                        .into(),
                );
            }
            ToolEdit::from_text_editor(&input)
                .map_err(|e| e.to_string())?
                .map(Change::Tool)
        }
        Agent::Openhands => None,
        Agent::Codex => codex_patch(&input).map(Change::Patch),
    };
    let Some(change) = change else {
        return Ok(Decision::Allow(None));
    };

    let start = edited_path(args.agent, event)
        .map(|p| {
            if Path::new(&p).is_absolute() {
                PathBuf::from(p)
            } else {
                cwd.join(p)
            }
        })
        // Where the write would land: through symlinks, from the nearest existing ancestor.
        .and_then(|p| match p.canonicalize() {
            Ok(real) => real.parent().map(Path::to_path_buf),
            Err(_) => existing_dir(&p).and_then(|d| d.canonicalize().ok()),
        })
        .unwrap_or_else(|| cwd.clone());
    let Some(found) = discover(args.contract.as_deref(), args.root.as_deref(), &start) else {
        return Ok(Decision::Allow(Some("editscope: no contract found (--contract, $EDITSCOPE_CONTRACT or .editscope.toml); not checking".into())));
    };
    // A broken policy must not let everything through.
    let contract = Contract::from_path(&found.path).map_err(|e| {
        format!(
            "the contract {} does not parse, so every edit is blocked: {e}",
            found.path.display()
        )
    })?;
    let root = if found.root.is_absolute() {
        found.root
    } else {
        cwd.join(found.root)
    };
    let contract_rel = editscope::relative_to_root(&root, &editscope_path(&found.path, &cwd)).ok();

    let changes = match change {
        Change::Notebook(path) => {
            let Ok(rel) =
                editscope::relative_to_root(&root, &editscope_path(Path::new(&path), &cwd))
            else {
                return Ok(Decision::Allow(None));
            };
            if contract.rules(&rel).free && contract_rel.as_deref() != Some(rel.as_str()) {
                return Ok(Decision::Allow(None));
            }
            return Ok(Decision::Deny(format!(
                "editscope: `{rel}` is a notebook; editscope cannot verify cell edits, and the contract does not grant the whole file (`files`).\n"
            )));
        }
        Change::Tool(edit) => {
            // Relative paths are relative to the agent's working directory.
            let full = editscope_path(Path::new(&edit.path), &cwd);
            let Ok(rel) = editscope::relative_to_root(&root, &full) else {
                return Ok(Decision::Allow(None));
            };
            let action = if args.agent == Agent::Openhands {
                openhands_action(&root, &rel, edit.action)?
            } else {
                edit.action
            };
            let patch = ToolEdit {
                path: rel.clone(),
                action,
            }
            .into_file_patch(rel);
            ChangeSet::from_patches(&root, &[patch])
                .map_err(|e| format!("the edit cannot be applied: {e}"))?
        }
        Change::Patch(text) => {
            // Codex resolves patch paths against the call's working directory.
            let workdir = input
                .get("workdir")
                .and_then(Value::as_str)
                .map(|w| cwd.join(w))
                .unwrap_or_else(|| cwd.clone());
            let patches = editscope::PatchFormat::Codex
                .parse(&text)
                .map_err(|e| format!("the patch cannot be read: {e}"))?;
            let mut inside = Vec::new();
            for mut fp in patches {
                let Ok(rel) = editscope::relative_to_root(
                    &root,
                    &editscope_path(Path::new(&fp.path), &workdir),
                ) else {
                    continue;
                };
                fp.path = rel;
                if let editscope::patch::Action::Update {
                    move_to: Some(dest),
                    ..
                } = &mut fp.action
                {
                    *dest = editscope::relative_to_root(
                        &root,
                        &editscope_path(Path::new(dest.as_str()), &workdir),
                    )
                    .map_err(|_| format!("the patch moves `{}` out of the root", fp.path))?;
                }
                inside.push(fp);
            }
            if inside.is_empty() {
                return Ok(Decision::Allow(None));
            }
            ChangeSet::from_patches(&root, &inside)
                .map_err(|e| format!("the patch cannot be applied: {e}"))?
        }
    };
    // The contract in use is never part of the task, whatever its name.
    if let Some(rel) = &contract_rel {
        if changes
            .files
            .iter()
            .any(|f| &f.path == rel || f.old_path.as_ref() == Some(rel))
        {
            return Ok(Decision::Deny(format!(
                "editscope: `{rel}` is this task's contract; changing it is never granted.\n"
            )));
        }
    }
    let budget = args.budget_ms.map(std::time::Duration::from_millis);
    let report = check_changes_with(&contract, &changes, budget).map_err(|e| e.to_string())?;
    Ok(match report.status {
        Status::Allowed => Decision::Allow(None),
        Status::Rejected | Status::Unverifiable => Decision::Deny(report.feedback(&contract)),
    })
}

/// An absolute path for `path`, taken relative to `base` when it is relative.
fn editscope_path(path: &Path, base: &Path) -> String {
    if path.is_absolute() {
        path.to_string_lossy().into_owned()
    } else {
        base.join(path).to_string_lossy().into_owned()
    }
}

/// OpenHands' editor expands tabs in the whole file (and in `old_str`/`new_str`) before it
/// edits, and writes the result: the file as it would be, computed here.
fn openhands_action(
    root: &Path,
    rel: &str,
    action: editscope::patch::Action,
) -> Result<editscope::patch::Action, String> {
    use editscope::patch::{replace, Action, Edit};
    let Action::Update {
        edit: Some(edit), ..
    } = &action
    else {
        return Ok(action);
    };
    let full = editscope::resolve(root, rel)?;
    let current = std::fs::read_to_string(&full).map_err(|e| format!("{rel}: {e}"))?;
    let expanded = expandtabs(&current);
    let content = match edit {
        Edit::StrReplace { old, new } => {
            replace::str_replace(&expanded, &expandtabs(old), &expandtabs(new))
        }
        Edit::Insert { line, text } => replace::insert(&expanded, *line, &expandtabs(text)),
        _ => return Ok(action),
    }
    .map_err(|e| format!("the edit cannot be applied: {e}"))?;
    Ok(Action::Create { content })
}

/// `editscope hook`. Exit codes follow the agent's protocol.
pub fn run(args: HookArgs, out: &mut Vec<u8>) -> Result<u8, Failure> {
    let decision = read_event().and_then(|event| decide(&args, &event));
    match (args.agent, decision) {
        (_, Ok(Decision::Allow(note))) => {
            if let Some(note) = note {
                eprintln!("{note}");
            }
            Ok(0)
        }
        (Agent::ClaudeCode | Agent::Codex, Ok(Decision::Deny(reason))) => {
            let answer = json!({
                "hookSpecificOutput": {
                    "hookEventName": "PreToolUse",
                    "permissionDecision": "deny",
                    "permissionDecisionReason": reason,
                }
            });
            out.extend_from_slice(answer.to_string().as_bytes());
            out.push(b'\n');
            Ok(0)
        }
        (Agent::Openhands, Ok(Decision::Deny(reason))) => {
            eprintln!("{reason}");
            Ok(2)
        }
        // Every internal error denies: exit 2 with the reason on stderr.
        (_, Err(reason)) => {
            eprintln!("editscope: blocked: {reason}");
            Ok(2)
        }
    }
}
