//! `editscope hook <agent>`: agent hook protocols (Claude Code, Codex, OpenHands).
//!
//! Each hook reads one JSON event on stdin and answers in the agent's protocol. What the
//! call writes and where, and which contract and root apply, come from the library
//! ([`editscope::tool_call`], [`editscope::discover`]): this file only speaks the protocols.
//! A hook must never fail open by crashing: every internal error denies.

use std::io::Read;
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use editscope::discover::{self, existing_dir, ContractOrigin, ContractSource};
use editscope::paths::{lexical, physical};
use editscope::tool_call::{self, Outcome, ToolCall, ToolCallError};
use editscope::{Contract, Status};
use serde_json::{json, Value};

use crate::Failure;

/// Largest hook event read from stdin.
const MAX_EVENT_BYTES: u64 = editscope::limits::MAX_EVENT_BYTES as u64;

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
    /// The contract (default: `$EDITSCOPE_CONTRACT`, else the outermost `.editscope.toml` at
    /// or above the edited file). A relative path is taken from the hook's working directory.
    #[arg(long, value_name = "FILE")]
    pub contract: Option<PathBuf>,
    /// The project root the contract's paths are relative to (default: the git top level of
    /// the agent's working directory, else of the edited file, else the agent's working
    /// directory; never the contract's folder).
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

/// Whether a contract found by walking up from the edited file governs a tree other than
/// `root` (neither contains the other): then an edit outside the root is under it.
fn governs_another_tree(contract: &ContractSource, root: &Path) -> bool {
    if contract.origin != ContractOrigin::Discovered {
        return false;
    }
    let dir = contract.path.parent().unwrap_or(Path::new("/"));
    match (physical(dir), physical(root)) {
        (Ok(dir), Ok(root)) => !root.starts_with(&dir) && !dir.starts_with(&root),
        _ => true,
    }
}

fn decide(args: &HookArgs, event: &Value) -> Result<Decision, String> {
    let tool = event
        .get("tool_name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let input = event.get("tool_input").cloned().unwrap_or(Value::Null);
    let process_cwd = std::env::current_dir().map_err(|e| format!("no working directory: {e}"))?;
    // The agent's working directory: relative paths in the call are taken from it.
    let cwd = event
        .get("cwd")
        .or_else(|| event.get("working_dir"))
        .and_then(Value::as_str)
        .map(|c| process_cwd.join(c))
        .unwrap_or_else(|| process_cwd.clone());

    // The one reading of tool calls (the library's): what the call writes, and where.
    let call = match tool_call::read(tool, &input, &cwd) {
        Ok(call) => call,
        Err(e @ ToolCallError::Shell { .. }) => {
            return Ok(Decision::Deny(format!("editscope: {e}.\n")))
        }
        Err(e) => return Err(e.to_string()),
    };
    let ToolCall::Edits(edits) = &call else {
        return Ok(Decision::Allow(None));
    };
    // Where the first write lands (through symlinks, and as written), to find the contract
    // and the project.
    let target = edits.first().map(|e| e.absolute_path());
    let dir_of = |p: PathBuf| p.parent().and_then(existing_dir);
    let start = target
        .as_deref()
        .and_then(|t| physical(t).ok())
        .and_then(dir_of)
        .unwrap_or_else(|| cwd.clone());
    let written = target
        .map(|t| lexical(&t))
        .and_then(dir_of)
        .unwrap_or_else(|| cwd.clone());
    let mut root = discover::project_root(args.root.as_deref(), &[&cwd, &start, &written]);
    // An edit in another repository than the agent's: that repository is the project.
    if args.root.is_none()
        && !physical(&start).is_ok_and(|s| physical(&root).is_ok_and(|r| s.starts_with(r)))
    {
        if let Some(top) = discover::git_toplevel(&start) {
            root = top;
        }
    }
    let Some(found) = discover::find_contract(args.contract.as_deref(), &[&start, &written, &cwd])
    else {
        return Ok(Decision::Allow(Some("editscope: no contract found (--contract, $EDITSCOPE_CONTRACT or .editscope.toml); not checking".into())));
    };
    // A broken policy must not let everything through.
    let contract = Contract::from_path(&found.path).map_err(|e| {
        format!(
            "the contract {} does not parse, so every edit is blocked: {e}",
            found.path.display()
        )
    })?;
    // `--budget-ms` overrides the contract's `budget_ms`.
    let contract = match args.budget_ms {
        Some(ms) => {
            let mut spec = contract.spec().clone();
            spec.budget_ms = Some(ms);
            Contract::from_spec(spec).map_err(|e| e.to_string())?
        }
        None => contract,
    };
    let outside_note = |paths: &[PathBuf]| {
        let list: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        format!(
            "editscope: {} outside the root `{}` that the contract {} governs; not checked (--root sets the root)",
            list.join(", "),
            root.display(),
            found.path.display()
        )
    };
    match tool_call::check(&contract, Some(&found.path), &call, &root) {
        Ok(Outcome::NotAnEdit) => Ok(Decision::Allow(None)),
        Ok(Outcome::Outside { paths }) => {
            if governs_another_tree(&found, &root) {
                return Ok(Decision::Deny(format!(
                    "editscope: {} lies under the contract {} but outside the root `{}`; run the hook with --root so the contract's tree is the root.\n",
                    paths.first().map(|p| p.display().to_string()).unwrap_or_default(),
                    found.path.display(),
                    root.display()
                )));
            }
            Ok(Decision::Allow(Some(outside_note(&paths))))
        }
        Ok(Outcome::Checked {
            report, outside, ..
        }) => Ok(match report.status {
            Status::Allowed => {
                Decision::Allow((!outside.is_empty()).then(|| outside_note(&outside)))
            }
            Status::Rejected | Status::Unverifiable => Decision::Deny(report.feedback(&contract)),
        }),
        Err(
            e @ (ToolCallError::Unverifiable { .. }
            | ToolCallError::ContractFile { .. }
            | ToolCallError::Path(_)
            | ToolCallError::Shell { .. }),
        ) => Ok(Decision::Deny(format!("editscope: {e}.\n"))),
        Err(e) => Err(e.to_string()),
    }
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
