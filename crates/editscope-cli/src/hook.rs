//! `editscope hook <agent>`: agent hook protocols (Claude Code, Codex, OpenHands).
//!
//! Each hook reads one JSON event on stdin, works out the file(s) as the tool call would
//! leave them, checks them against the task's contract, and answers in the agent's protocol.
//! A hook must never fail open by crashing: every internal error denies.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use editscope::patch::tool::ToolEdit;
use editscope::{check_changes, ChangeSet, Contract, Status};
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

/// Finds the contract: `--contract`, then `$EDITSCOPE_CONTRACT`, then `.editscope.toml` in
/// `start` or a directory above it.
pub fn discover(explicit: Option<&Path>, root: Option<&Path>, start: &Path) -> Option<Found> {
    let default_root = |p: &Path| -> PathBuf {
        root.map(Path::to_path_buf)
            .or_else(|| git_toplevel(start))
            .unwrap_or_else(|| {
                p.parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| start.to_path_buf())
            })
    };
    if let Some(p) = explicit {
        return Some(Found {
            path: p.to_path_buf(),
            root: default_root(p),
        });
    }
    if let Some(p) = std::env::var_os("EDITSCOPE_CONTRACT").filter(|v| !v.is_empty()) {
        let p = PathBuf::from(p);
        return Some(Found {
            root: default_root(&p),
            path: p,
        });
    }
    // `.editscope.toml` at the repository root: walk up to the directory holding `.git`.
    // Outside a repository, the outermost one. Never a nearer one: an agent allowed to create
    // files in a subdirectory must not be able to drop a looser contract there.
    let mut dir = Some(start);
    let mut outermost = None;
    while let Some(d) = dir {
        let candidate = d.join(".editscope.toml");
        if candidate.is_file() {
            outermost = Some((candidate, d.to_path_buf()));
        }
        if d.join(".git").exists() {
            break;
        }
        dir = d.parent();
    }
    let (path, dir) = outermost?;
    Some(Found {
        root: root.map(Path::to_path_buf).unwrap_or(dir),
        path,
    })
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
    }
    let change = match args.agent {
        Agent::ClaudeCode => ToolEdit::from_claude_code(tool, &input)
            .map_err(|e| e.to_string())?
            .map(Change::Tool),
        Agent::Openhands
            if matches!(
                tool,
                "file_editor" | "str_replace_editor" | "str_replace_based_edit_tool" | "edit_file"
            ) =>
        {
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
            let p = if Path::new(&p).is_absolute() {
                PathBuf::from(p)
            } else {
                cwd.join(p)
            };
            p.parent().map(Path::to_path_buf).unwrap_or(p)
        })
        .unwrap_or_else(|| cwd.clone());
    let start = if start.is_dir() { start } else { cwd.clone() };
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
    let root = found.root;

    let changes = match change {
        Change::Tool(edit) => {
            // Relative paths are relative to the agent's working directory.
            let full = if Path::new(&edit.path).is_absolute() {
                PathBuf::from(&edit.path)
            } else {
                cwd.join(&edit.path)
            };
            let inside = editscope::relative_to_root(&root, &full.to_string_lossy()).is_ok()
                || root
                    .canonicalize()
                    .ok()
                    .zip(full.parent().and_then(|p| p.canonicalize().ok()))
                    .is_some_and(|(r, p)| p.starts_with(r));
            if !inside {
                return Ok(Decision::Allow(None));
            }
            let abs = ToolEdit {
                path: full.to_string_lossy().into_owned(),
                action: edit.action,
            };
            ChangeSet::from_tool_edits(&root, vec![abs])
                .map_err(|e| format!("the edit cannot be applied: {e}"))?
        }
        Change::Patch(text) => {
            let base = if root.is_absolute() {
                root.clone()
            } else {
                cwd.join(&root)
            };
            ChangeSet::from_patch_text(&base, &text, Some(editscope::PatchFormat::Codex))
                .map_err(|e| format!("the patch cannot be applied: {e}"))?
        }
    };
    let report = check_changes(&contract, &changes).map_err(|e| e.to_string())?;
    Ok(match report.status {
        Status::Allowed => Decision::Allow(None),
        Status::Rejected | Status::Unverifiable => Decision::Deny(report.feedback(&contract)),
    })
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
