//! `editscope hook <agent>`: agent hook protocols (Claude Code, Codex, OpenHands).
//!
//! Each hook reads one JSON event on stdin and answers in the agent's protocol. What the
//! call writes and where, and which contract and root apply, come from the library
//! ([`editscope::tool_call`], [`editscope::discover`]): this file only speaks the protocols.
//! A hook must never fail open by crashing: every internal error denies.
//!
//! Claude Code and Codex events of a session ([`editscope::session`]) are judged against the
//! session's baseline: `SessionStart` records it, `PostToolUse`, `Stop` and `SubagentStop`
//! block (`{"decision": "block", "reason": ...}`) while the work tree is out of scope,
//! `SessionEnd` writes a receipt and removes it, and `PreToolUse` is judged baseline →
//! (current + edit). The first event of a session without a baseline records it, except a
//! `PreToolUse` of an edit tool, judged against the disk (which the baseline would be). A
//! call without a `session_id` (or, with no baseline, without a contract) is judged against
//! the files on disk, as before sessions.

use std::io::{Read, Write};
use std::path::{Path, PathBuf};

use clap::{Args, ValueEnum};
use editscope::discover::{self, existing_dir, ContractOrigin, ContractSource};
use editscope::paths::{lexical, physical};
use editscope::session::{Session, SessionError};
use editscope::tool_call::{self, Outcome, ToolCall, ToolCallError};
use editscope::{Contract, Status};
use serde_json::{json, Value};

use crate::Failure;

/// Largest hook event read from stdin.
const MAX_EVENT_BYTES: u64 = editscope::limits::MAX_EVENT_BYTES as u64;

/// Which agent's protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Agent {
    /// Claude Code command hook: `PreToolUse` (`Edit`, `Write`, `MultiEdit`), and every
    /// session event.
    ClaudeCode,
    /// Codex hook (`apply_patch`), and every session event.
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
    /// The contract (default: `$EDITSCOPE_CONTRACT`, else the `.editscope.toml` at or above
    /// the files the call writes; more than one denies the call). A relative path is taken
    /// from the hook's working directory.
    #[arg(long, value_name = "FILE")]
    pub contract: Option<PathBuf>,
    /// The project root the contract's paths are relative to (default: for a found contract,
    /// the work tree it lies in, else the outermost work tree below it holding the files,
    /// else its folder; for a named one, the work tree of the agent's working directory, else
    /// that directory as a guess, outside which every write is denied).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Time budget of the check in milliseconds (default: the contract's `budget_ms`, else
    /// 5000). Past it the hook denies (unverifiable: budget exceeded).
    #[arg(long, value_name = "MS")]
    pub budget_ms: Option<u64>,
    /// At `SessionEnd`, write a receipt of the whole session (baseline, final state,
    /// contract, verdict) to this file before the baseline is removed.
    #[arg(long, value_name = "FILE")]
    pub receipt: Option<PathBuf>,
    /// Judge this call in this process, without `editscope serve` (as `EDITSCOPE_SERVE=0`
    /// does; see the README's "Sessions").
    #[arg(long)]
    pub no_serve: bool,
}

/// What the session side of the hook answers.
enum SessionAnswer {
    /// Nothing to say to the agent (a note for stderr, if any).
    Quiet(Option<String>),
    /// Deny the `PreToolUse` call, with the reason.
    Deny(String),
    /// `{"decision": "block", "reason": ...}` (`PostToolUse`, `Stop`, `SubagentStop`).
    Block(String),
    /// `SessionStart`'s `additionalContext`: what the session may change.
    Context(String),
}

/// The events that only a session gives a meaning to.
const SESSION_EVENTS: [&str; 5] = [
    "SessionStart",
    "PostToolUse",
    "Stop",
    "SubagentStop",
    "SessionEnd",
];

/// The session side of the hook (Claude Code and Codex): `None` when the event is judged as
/// before sessions (a `PreToolUse` without a `session_id`, an edit tool's `PreToolUse` of a
/// session without a baseline, or one with neither a baseline nor a contract). Once a baseline exists, its contract is the session's, whatever the work tree
/// now holds.
fn session_event(args: &HookArgs, event: &Value, err: &mut Vec<u8>) -> Option<SessionAnswer> {
    let name = event.get("hook_event_name").and_then(Value::as_str);
    let session_only = name.is_some_and(|n| SESSION_EVENTS.contains(&n));
    if !session_only && !matches!(name, None | Some("PreToolUse")) {
        return None;
    }
    let id = event.get("session_id").and_then(Value::as_str);
    let Some(id) = id else {
        // A session event without a usable id cannot be checked: the events that gate the
        // work tree (PostToolUse, Stop, SubagentStop) block; the others only report it.
        let present = event.get("session_id").is_some_and(|v| !v.is_null());
        return session_only.then(|| {
            let reason = if present {
                "editscope: blocked: the event's `session_id` is not a string\n"
            } else {
                "editscope: blocked: the event has no `session_id`; the session cannot be checked\n"
            };
            match name {
                Some("PostToolUse" | "Stop" | "SubagentStop") => {
                    SessionAnswer::Block(reason.into())
                }
                _ => SessionAnswer::Quiet(Some(reason.into())),
            }
        });
    };
    let process_cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let cwd = event
        .get("cwd")
        .and_then(Value::as_str)
        .map(|c| process_cwd.join(c))
        .unwrap_or_else(|| process_cwd.clone());
    let project = args.root.clone().or_else(|| {
        std::env::var_os("CLAUDE_PROJECT_DIR")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let fail = |e: String| {
        let reason = format!("editscope: blocked: {e}\n");
        Some(match name {
            Some("PostToolUse" | "Stop" | "SubagentStop") => SessionAnswer::Block(reason),
            Some("SessionStart" | "SessionEnd") => SessionAnswer::Quiet(Some(reason)),
            _ => SessionAnswer::Deny(reason),
        })
    };
    let root = match crate::session::root_of(project.as_deref(), &cwd) {
        Ok(r) => r,
        Err(Failure(e)) => return fail(e),
    };
    // A recorded baseline holds the session's contract: whatever the work tree now has (a
    // contract deleted or edited by the shell) changes nothing.
    let exists = Session::exists(&root, id);
    if !session_only && !matches!(exists, Ok(true)) {
        // A `PreToolUse` of a session without a baseline: an edit tool's call is judged
        // against the disk, as before sessions (the baseline would be the disk itself, and
        // the first event after it records one). Any other tool (the shell, MCP tools) may
        // write what no hook sees: record the baseline now, before it runs, so that its
        // `PostToolUse` judges what it wrote.
        let tool = event.get("tool_name").and_then(Value::as_str).unwrap_or("");
        if tool_call::CLAUDE_CODE_EDIT_TOOLS.contains(&tool) || tool == "apply_patch" {
            return None;
        }
    }
    let exists = match exists {
        Ok(e) => e,
        Err(e) => return fail(e.to_string()),
    };
    if name == Some("SessionEnd") {
        let s = match Session::open(&root, id) {
            Ok(s) => s,
            Err(SessionError::NotFound { .. }) => return Some(SessionAnswer::Quiet(None)),
            Err(e) => return fail(e.to_string()),
        };
        if let Some(path) = &args.receipt {
            let written = s
                .receipt()
                .map_err(|e| e.to_string())
                .and_then(|r| std::fs::write(path, r.to_json()).map_err(|e| e.to_string()));
            if let Err(e) = written {
                // Keep the baseline: the receipt can still be written by hand.
                return fail(format!("cannot write the receipt {}: {e}", path.display()));
            }
        }
        return match s.end() {
            Ok(()) => Some(SessionAnswer::Quiet(None)),
            Err(e) => fail(e.to_string()),
        };
    }
    let contract = match crate::session::contract_for(args.contract.as_deref(), &root) {
        _ if exists => None,
        Ok(Some(c)) => Some(c),
        Ok(None) if session_only => {
            return Some(SessionAnswer::Quiet(Some(
                "editscope: no contract found (--contract, $EDITSCOPE_CONTRACT or .editscope.toml); not checking".into(),
            )))
        }
        Ok(None) => return None,
        Err(e) => return fail(e.to_string()),
    };
    let session = match contract {
        Some(contract) => Session::open_or_start(&root, id, || Ok(contract)),
        None => Session::open(&root, id),
    };
    let session = match session {
        Ok(s) => s,
        Err(e) => return fail(e.to_string()),
    };
    match name {
        Some("SessionStart") => {
            err.extend_from_slice(
                format!(
                    "editscope: session `{id}`: baseline of {} files recorded\n",
                    session.baseline_files()
                )
                .as_bytes(),
            );
            let mut context = String::from("editscope checks this session against the work tree as it is now, whatever tool writes the files (edits, the shell, MCP tools). You may change only:\n");
            let allowed = session.contract().describe();
            if allowed.is_empty() {
                context.push_str("  (nothing: this task's contract grants no changes)\n");
            }
            for a in allowed {
                context.push_str(&format!("  - {a}\n"));
            }
            Some(SessionAnswer::Context(context))
        }
        Some("PostToolUse" | "Stop" | "SubagentStop") => match session.status() {
            Ok(st) if st.is_allowed() => Some(SessionAnswer::Quiet(None)),
            Ok(st) => {
                let mut reason = session.feedback(&st.report);
                if event.get("stop_hook_active").and_then(Value::as_bool) == Some(true) {
                    reason.push_str("\n(Still out of scope after the last stop was blocked: editscope blocks every stop until the work tree is back in scope.)\n");
                }
                Some(SessionAnswer::Block(reason))
            }
            Err(e) => fail(e.to_string()),
        },
        _ => {
            let tool = event
                .get("tool_name")
                .and_then(Value::as_str)
                .unwrap_or_default();
            let input = event.get("tool_input").cloned().unwrap_or(Value::Null);
            match session.check_tool_call(tool, &input, &cwd) {
                Ok(c) if c.allowed => {
                    let mut notes = Vec::new();
                    if !c.preexisting.is_empty() {
                        notes.push(format!(
                            "editscope: {} violation(s) already in the work tree remain (see `editscope session status`)",
                            c.preexisting.len()
                        ));
                    }
                    if !c.outside.is_empty() {
                        let list: Vec<String> = c
                            .outside
                            .iter()
                            .map(|p| format!("`{}`", p.display()))
                            .collect();
                        notes.push(format!(
                            "editscope: {} outside the session root `{}`; not checked",
                            list.join(", "),
                            session.root().display()
                        ));
                    }
                    Some(SessionAnswer::Quiet(
                        (!notes.is_empty()).then(|| notes.join("\n")),
                    ))
                }
                Ok(c) => {
                    let mut reason = c.report.feedback(session.contract());
                    reason.push_str("\n(Judged against the work tree at the start of this session, so files and symbols created in it under the grants may be edited again.)\n");
                    Some(SessionAnswer::Deny(reason))
                }
                Err(SessionError::ToolCall(e)) => {
                    Some(SessionAnswer::Deny(format!("editscope: {e}.\n")))
                }
                Err(e) => fail(e.to_string()),
            }
        }
    }
}

/// What the hook decided.
enum Decision {
    /// Let the tool call run (with a note for stderr, if any).
    Allow(Option<String>),
    /// Block it, with the reason the agent reads.
    Deny(String),
}

/// Reads the event's text from stdin, bounded.
fn read_event_text() -> Result<String, String> {
    let mut text = String::new();
    std::io::stdin()
        .take(MAX_EVENT_BYTES + 1)
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read the hook event: {e}"))?;
    if text.len() as u64 > MAX_EVENT_BYTES {
        return Err(format!("the hook event is over {MAX_EVENT_BYTES} bytes"));
    }
    Ok(text)
}

/// The physical form of `p` (or `p` itself when it cannot be resolved).
fn phys(p: &Path) -> PathBuf {
    physical(p).unwrap_or_else(|_| lexical(p))
}

/// The contract and the root a call is judged under, or why the call is denied.
struct Governing {
    found: ContractSource,
    root: PathBuf,
    /// The root is a guess (no `--root`, no work tree): a write outside it is denied.
    guessed: bool,
}

/// Which contract governs the call and which root its paths are relative to. Every file
/// the call writes counts, not the first: the contracts found at or above each of them (as
/// written and where it lands; where there are none, at or above the agent's working
/// directory) must be one and the same, else the call is denied. The root does not depend on the order of the
/// files either. `Ok(None)`: no contract anywhere.
fn governing(
    args: &HookArgs,
    edits: &[tool_call::CallEdit],
    cwd: &Path,
) -> Result<Option<Governing>, String> {
    let process_cwd = std::env::current_dir().map_err(|e| format!("no working directory: {e}"))?;
    // Where each write starts its search: the folder it lands in, and as written.
    let mut anchors: Vec<PathBuf> = Vec::new();
    for e in edits {
        for p in e.written_paths() {
            let written = lexical(&e.base.join(p));
            let landed = physical(&written).map_err(|e| e.to_string())?;
            for t in [landed, written] {
                if let Some(d) = t.parent().and_then(existing_dir) {
                    anchors.push(d);
                }
            }
        }
    }
    let named = args.contract.is_some()
        || std::env::var_os(discover::CONTRACT_ENV).is_some_and(|v| !v.is_empty());
    let found = if named {
        discover::find_contract(args.contract.as_deref(), &[])
    } else {
        // The contracts over the files written; only when there are none, the one over
        // the agent's working directory (it may govern a tree the files lie in).
        let collect = |starts: &[PathBuf]| {
            let mut all: Vec<PathBuf> = Vec::new();
            for a in starts {
                for c in discover::contracts_above(a) {
                    let c = phys(&c);
                    if !all.contains(&c) {
                        all.push(c);
                    }
                }
            }
            all
        };
        let mut all = collect(&anchors);
        if all.is_empty() {
            all = collect(&[cwd.to_path_buf()]);
        }
        if all.len() > 1 {
            let list: Vec<String> = all.iter().map(|c| format!("`{}`", c.display())).collect();
            return Err(format!(
                "DENY:editscope: this call falls under more than one contract ({}); editscope cannot tell which one governs it, so it is blocked (name one with --contract or $EDITSCOPE_CONTRACT, and the project with --root).\n",
                list.join(", ")
            ));
        }
        all.pop().map(|path| ContractSource {
            path,
            origin: ContractOrigin::Discovered,
        })
    };
    let Some(found) = found else {
        return Ok(None);
    };
    if let Some(r) = &args.root {
        return Ok(Some(Governing {
            found,
            root: process_cwd.join(r),
            guessed: false,
        }));
    }
    if found.origin != ContractOrigin::Discovered {
        // A named contract may be kept anywhere: the project is the agent's work tree.
        return Ok(Some(match discover::work_tree_top(cwd)? {
            Some(root) => Governing {
                found,
                root,
                guessed: false,
            },
            None => Governing {
                found,
                root: cwd.to_path_buf(),
                guessed: true,
            },
        }));
    }
    let dir = phys(found.path.parent().unwrap_or(Path::new("/")));
    // A contract in a work tree governs that work tree.
    if let Some(root) = discover::work_tree_top(&dir)? {
        return Ok(Some(Governing {
            found,
            root,
            guessed: false,
        }));
    }
    // A contract above the work trees: each write's outermost work tree below it, which
    // must be the same for all (else the contract's folder).
    let mut root: Option<PathBuf> = None;
    for a in anchors.iter().chain(std::iter::once(&cwd.to_path_buf())) {
        let a = phys(a);
        if !a.starts_with(&dir) {
            continue;
        }
        let r = discover::outermost_work_tree_top(&a, &dir)?.unwrap_or_else(|| dir.clone());
        match &root {
            Some(prev) if *prev != r => {
                return Err(format!(
                    "DENY:editscope: this call writes in two projects under the contract {} (`{}` and `{}`); make one call per project, or run the hook with --root.\n",
                    found.path.display(),
                    prev.display(),
                    r.display()
                ))
            }
            _ => root = Some(r),
        }
    }
    Ok(Some(Governing {
        found,
        root: root.unwrap_or(dir),
        guessed: false,
    }))
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
    let governing = match governing(args, edits, &cwd) {
        Ok(g) => g,
        Err(e) => match e.strip_prefix("DENY:") {
            Some(reason) => return Ok(Decision::Deny(reason.to_string())),
            None => return Err(e),
        },
    };
    let Some(Governing {
        found,
        root,
        guessed,
    }) = governing
    else {
        // No contract governs these files; still, no call may write a contract file, git
        // configuration or a hard-linked file.
        let empty = Contract::from_spec(Default::default()).map_err(|e| e.to_string())?;
        return match tool_call::check(&empty, None, &call, Path::new("/nonexistent-editscope-root")) {
            Err(
                e @ (ToolCallError::Protected { .. }
                | ToolCallError::ContractFile { .. }
                | ToolCallError::Path(_)),
            ) => Ok(Decision::Deny(format!("editscope: {e}.\n"))),
            _ => Ok(Decision::Allow(Some("editscope: no contract found (--contract, $EDITSCOPE_CONTRACT or .editscope.toml); not checking".into()))),
        };
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
    let contract_dir = (found.origin == ContractOrigin::Discovered)
        .then(|| phys(found.path.parent().unwrap_or(Path::new("/"))));
    // A write outside the root passes with a note, unless the root is a guess or the
    // write lies under the contract's folder (then the root is wrong for it).
    let outside = |paths: &[PathBuf]| -> Decision {
        if paths.is_empty() {
            return Decision::Allow(None);
        }
        if guessed {
            return Decision::Deny(format!(
                "editscope: {} lies outside `{}`, which is only a guess at the project root (no git work tree, no --root); run the hook with --root.\n",
                paths[0].display(),
                root.display()
            ));
        }
        if let Some(p) = contract_dir
            .as_ref()
            .and_then(|d| paths.iter().find(|p| p.starts_with(d)))
        {
            return Decision::Deny(format!(
                "editscope: {} lies under the contract {} but outside the root `{}`; run the hook with --root so the contract's tree is the root.\n",
                p.display(),
                found.path.display(),
                root.display()
            ));
        }
        let list: Vec<String> = paths.iter().map(|p| format!("`{}`", p.display())).collect();
        Decision::Allow(Some(format!(
            "editscope: {} outside the root `{}` that the contract {} governs; not checked (--root sets the root)",
            list.join(", "),
            root.display(),
            found.path.display()
        )))
    };
    match tool_call::check(&contract, Some(&found.path), &call, &root) {
        Ok(Outcome::NotAnEdit) => Ok(Decision::Allow(None)),
        Ok(Outcome::Outside { paths }) => Ok(outside(&paths)),
        Ok(Outcome::Checked {
            report,
            outside: out,
            ..
        }) => Ok(match report.status {
            Status::Allowed => outside(&out),
            Status::Rejected | Status::Unverifiable => Decision::Deny(report.feedback(&contract)),
        }),
        Err(
            e @ (ToolCallError::Unverifiable { .. }
            | ToolCallError::ContractFile { .. }
            | ToolCallError::Protected { .. }
            | ToolCallError::Path(_)
            | ToolCallError::Shell { .. }),
        ) => Ok(Decision::Deny(format!("editscope: {e}.\n"))),
        Err(e) => Err(e.to_string()),
    }
}

/// `editscope hook`. Exit codes follow the agent's protocol.
///
/// Claude Code and Codex calls go to `editscope serve` where one runs for this user, project
/// and environment ([`crate::serve`]); when none answers (none yet, gone, slow, or an answer
/// that does not read as one), the call is judged here, never let through for it.
pub fn run(args: HookArgs, out: &mut Vec<u8>) -> Result<u8, Failure> {
    let text = read_event_text();
    #[cfg(unix)]
    if let (Agent::ClaudeCode | Agent::Codex, Ok(text)) = (args.agent, &text) {
        if let Some(answer) = crate::serve::ask(&args, text) {
            let _ = std::io::stderr().write_all(&answer.stderr);
            out.extend_from_slice(&answer.stdout);
            return Ok(answer.code);
        }
    }
    let mut err = Vec::new();
    let code = answer(&args, text, out, &mut err);
    let _ = std::io::stderr().write_all(&err);
    Ok(code)
}

/// The answer to one hook call whose event's text is `text`: its exit code, with what goes
/// to stdout in `out` and to stderr in `err` (the same in this process and in a server).
pub(crate) fn answer(
    args: &HookArgs,
    text: Result<String, String>,
    out: &mut Vec<u8>,
    err: &mut Vec<u8>,
) -> u8 {
    let event = text.and_then(|text| {
        serde_json::from_str::<Value>(&text)
            .map_err(|e| format!("the hook event is not valid JSON: {e}"))
    });
    if let (Agent::ClaudeCode | Agent::Codex, Ok(ev)) = (args.agent, &event) {
        match session_event(args, ev, err) {
            None => {}
            Some(SessionAnswer::Quiet(note)) => {
                if let Some(note) = note {
                    err.extend_from_slice(format!("{}\n", note.trim_end()).as_bytes());
                }
                return 0;
            }
            Some(SessionAnswer::Context(text)) => {
                let answer = json!({
                    "hookSpecificOutput": {
                        "hookEventName": "SessionStart",
                        "additionalContext": text,
                    }
                });
                out.extend_from_slice(answer.to_string().as_bytes());
                out.push(b'\n');
                return 0;
            }
            Some(SessionAnswer::Block(reason)) => {
                let answer = json!({"decision": "block", "reason": reason});
                out.extend_from_slice(answer.to_string().as_bytes());
                out.push(b'\n');
                return 0;
            }
            Some(SessionAnswer::Deny(reason)) => {
                let answer = json!({
                    "hookSpecificOutput": {
                        "hookEventName": "PreToolUse",
                        "permissionDecision": "deny",
                        "permissionDecisionReason": reason,
                    }
                });
                out.extend_from_slice(answer.to_string().as_bytes());
                out.push(b'\n');
                return 0;
            }
        }
    }
    let decision = event.and_then(|event| decide(args, &event));
    match (args.agent, decision) {
        (_, Ok(Decision::Allow(note))) => {
            if let Some(note) = note {
                err.extend_from_slice(format!("{note}\n").as_bytes());
            }
            0
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
            0
        }
        (Agent::Openhands, Ok(Decision::Deny(reason))) => {
            err.extend_from_slice(format!("{reason}\n").as_bytes());
            2
        }
        // Every internal error denies: exit 2 with the reason on stderr.
        (_, Err(reason)) => {
            err.extend_from_slice(format!("editscope: blocked: {reason}\n").as_bytes());
            2
        }
    }
}
