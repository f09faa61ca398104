//! The judgement behind every hook: the session side ([`session_event`]: baseline,
//! post-tool and stop checks, session end) and the pre-edit side ([`decide`]: which
//! contract and root govern a call, and its verdict). Both read an event in Claude Code's
//! shape ([`super::normalize`] puts every other host's events in it) and return what to
//! answer; the protocols ([`super::answer`], the CLI for Claude Code, Codex and OpenHands)
//! put it in each host's words.
//!
//! Claude Code and Codex events of a session ([`crate::session`]) are judged against the
//! session's baseline: `SessionStart` records it, `PostToolUse`, `Stop` and `SubagentStop`
//! block while the work tree is out of scope, `SessionEnd` writes a receipt and removes it,
//! and `PreToolUse` is judged baseline → (current + edit). The first event of a session
//! without a baseline records it, except a `PreToolUse` of an edit tool, judged against the
//! disk (which the baseline would be). A call without a `session_id` (or, with no baseline,
//! without a contract) is judged against the files on disk, as before sessions.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::discover::{self, existing_dir, ContractOrigin, ContractSource};
use crate::paths::{lexical, physical};
use crate::session::{Session, SessionContract, SessionError};
use crate::tool_call::{self, Outcome, ToolCall, ToolCallError};
use crate::{Contract, Status};

/// What a hook is run with.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The contract (`--contract`; else `$EDITSCOPE_CONTRACT`, else discovered).
    pub contract: Option<PathBuf>,
    /// The project root (`--root`).
    pub root: Option<PathBuf>,
    /// The time budget of the check (`--budget-ms`).
    pub budget_ms: Option<u64>,
    /// Where `SessionEnd` writes the session's receipt (`--receipt`).
    pub receipt: Option<PathBuf>,
}

/// The project root: `explicit`, else the work tree of `dir`, else `dir`.
pub fn root_of(explicit: Option<&Path>, dir: &Path) -> Result<PathBuf, String> {
    let cwd = std::env::current_dir().map_err(|e| format!("no working directory: {e}"))?;
    if let Some(r) = explicit {
        return Ok(cwd.join(r));
    }
    let dir = cwd.join(dir);
    Ok(discover::work_tree_top(&dir)?.unwrap_or(dir))
}

/// The contract a session starts with: named (`--contract`, `$EDITSCOPE_CONTRACT`), else the
/// outermost `.editscope.toml` at or above the root. `None`: there is none.
pub fn contract_for(
    explicit: Option<&Path>,
    root: &Path,
) -> Result<Option<SessionContract>, SessionError> {
    let Some(found) = discover::find_contract(explicit, &[root]) else {
        return Ok(None);
    };
    if found.origin != ContractOrigin::Discovered && !found.path.is_file() {
        return Err(SessionError::Contract {
            message: format!("{}: no such file", found.path.display()),
        });
    }
    SessionContract::from_file(&found.path).map(Some)
}

/// What the session side of the hook answers.
pub enum SessionAnswer {
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
/// now holds. Notes for the user (`baseline of N files recorded`) go to stderr.
pub fn session_event(opts: &Options, event: &Value) -> Option<SessionAnswer> {
    let mut notes = Vec::new();
    let answer = session_event_with(opts, event, &mut notes);
    for n in notes {
        eprintln!("{n}");
    }
    answer
}

/// [`session_event`], with the notes for the user pushed to `notes` instead of stderr (a
/// front end that answers for another process: `editscope serve`).
pub fn session_event_with(
    opts: &Options,
    event: &Value,
    notes: &mut Vec<String>,
) -> Option<SessionAnswer> {
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
    let project = opts.root.clone().or_else(|| {
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
    let guess = match root_of(project.as_deref(), &cwd) {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    // The session's root: the pinned one, else the one a live session of this id was
    // recorded at (wherever the `cwd` moved since); an ended session fails closed.
    let root = match Session::locate(project.is_some().then_some(guess.as_path()), &guess, id) {
        Ok(r) => r,
        Err(e @ SessionError::Ended { .. }) if name == Some("SessionStart") => {
            return Some(SessionAnswer::Context(format!(
                "editscope: {e}. Every tool call and stop of this session will be blocked.\n"
            )));
        }
        Err(e @ SessionError::Ended { .. }) if name == Some("SessionEnd") => {
            return Some(SessionAnswer::Quiet(Some(format!("editscope: {e}"))))
        }
        Err(e) => return fail(e.to_string()),
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
        if let Some(path) = &opts.receipt {
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
    let contract = match contract_for(opts.contract.as_deref(), &root) {
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
            notes.push(format!(
                "editscope: session `{id}`: baseline of {} files recorded",
                session.baseline_files()
            ));
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
                let mut reason = session.feedback_with(&st.report, Some(&st.changes));
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
                // Files outside the session's root (the cwd moved to another project): the
                // whole call is judged again as before sessions, by the contracts over them.
                Ok(c) if c.allowed && !c.outside.is_empty() => None,
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
                    let mut reason = c.report.feedback_with(session.contract(), Some(&c.changes));
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
pub enum Decision {
    /// Let the tool call run (with a note for stderr, if any).
    Allow(Option<String>),
    /// Block it, with the reason the agent reads.
    Deny(String),
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
    opts: &Options,
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
    let named = opts.contract.is_some()
        || std::env::var_os(discover::CONTRACT_ENV).is_some_and(|v| !v.is_empty());
    let found = if named {
        discover::find_contract(opts.contract.as_deref(), &[])
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
    if let Some(r) = &opts.root {
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

/// The pre-edit judgement of a tool call event (`tool_name`, `tool_input`, `cwd`) against
/// the files on disk: which contract and root govern it, and whether it may run. `Err`: an
/// internal error (the hook blocks).
pub fn decide(opts: &Options, event: &Value) -> Result<Decision, String> {
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
    let governing = match governing(opts, edits, &cwd) {
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
    let contract = match opts.budget_ms {
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
            changes,
        }) => Ok(match report.status {
            Status::Allowed => outside(&out),
            Status::Rejected | Status::Unverifiable => {
                Decision::Deny(report.feedback_with(&contract, Some(&changes)))
            }
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
