//! `editscope hook <agent>`: agent hook protocols (Claude Code, Codex, OpenHands, and the
//! hosts with a profile in [`editscope::hook`]: Gemini CLI, Copilot, Cursor, Cline,
//! Windsurf, Goose, Kiro).
//!
//! Each hook reads one JSON event on stdin and answers in the agent's protocol. This file
//! only reads stdin, calls the library and prints: the judgement (which contract and root
//! govern a call, the session's baseline, post-tool and stop checks) is
//! [`editscope::hook::judge`]; a host with a profile has its event read into Claude Code's
//! shape and its answer written by the library ([`editscope::hook::normalize`],
//! [`editscope::hook::answer`]); Claude Code, Codex and OpenHands answers are written here.
//! A hook must never fail open by crashing: every internal error denies.

use std::io::Read;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use editscope::hook::judge::{decide, session_event, Decision, Options, SessionAnswer};
use editscope::hook::{self as protocol, EventKind, Host, Outcome as HostOutcome};
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
    /// Gemini CLI hooks (`BeforeTool`, `AfterTool`, `AfterAgent`, `SessionStart`,
    /// `SessionEnd`).
    GeminiCli,
    /// GitHub Copilot hooks (`preToolUse`, `postToolUse`, `agentStop`, `sessionStart`,
    /// `sessionEnd`; run with `--event`).
    Copilot,
    /// Cursor hooks (`preToolUse`, `afterFileEdit`, `stop`, `sessionStart`, `sessionEnd`).
    Cursor,
    /// Cline hooks (`PreToolUse`, `PostToolUse`, `TaskStart`, `TaskResume`, `TaskComplete`).
    Cline,
    /// Windsurf Cascade hooks (`pre_write_code`, `post_write_code`, `post_run_command`,
    /// `post_cascade_response`).
    Windsurf,
    /// Goose hooks (`PreToolUse`, `PostToolUse`, `Stop`, `SessionStart`, `SessionEnd`).
    Goose,
    /// Kiro CLI hooks (`preToolUse`).
    Kiro,
}

impl Agent {
    /// The library's name for the host.
    pub fn host(self) -> Host {
        match self {
            Agent::ClaudeCode => Host::ClaudeCode,
            Agent::Codex => Host::Codex,
            Agent::Openhands => Host::Openhands,
            Agent::GeminiCli => Host::GeminiCli,
            Agent::Copilot => Host::Copilot,
            Agent::Cursor => Host::Cursor,
            Agent::Cline => Host::Cline,
            Agent::Windsurf => Host::Windsurf,
            Agent::Goose => Host::Goose,
            Agent::Kiro => Host::Kiro,
        }
    }
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
    /// The event's name, for hosts whose events do not name themselves (Copilot's
    /// camelCase hooks: `--event preToolUse`). An event that names itself otherwise is
    /// blocked.
    #[arg(long, value_name = "NAME")]
    pub event: Option<String>,
}

impl HookArgs {
    /// What the library's judgement needs.
    fn options(&self) -> Options {
        Options {
            contract: self.contract.clone(),
            root: self.root.clone(),
            budget_ms: self.budget_ms,
            receipt: self.receipt.clone(),
        }
    }
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

/// A hook event of a host with a profile: read it through the profile, judge it as a
/// Claude Code event, answer in the host's protocol.
fn run_profiled(args: &HookArgs, host: Host, out: &mut Vec<u8>) -> Result<u8, Failure> {
    let opts = args.options();
    let process_cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
    let (kind, outcome) = match read_event() {
        Err(e) => (None, HostOutcome::Error(e)),
        Ok(raw) => match protocol::normalize(host, &raw, args.event.as_deref(), &process_cwd) {
            Err(refusal) => (
                refusal.kind,
                match refusal.kind {
                    Some(EventKind::PreTool) => HostOutcome::Deny(refusal.reason),
                    Some(EventKind::PostTool | EventKind::Stop) => {
                        HostOutcome::Block(refusal.reason)
                    }
                    _ => HostOutcome::Error(refusal.reason),
                },
            ),
            Ok(None) => (None, HostOutcome::Error("no profile for this host".into())),
            Ok(Some(ev)) if ev.kind == EventKind::Other => {
                (Some(ev.kind), HostOutcome::Allow(ev.note))
            }
            Ok(Some(ev)) => {
                let outcome = match session_event(&opts, &ev.value) {
                    Some(SessionAnswer::Quiet(note)) => HostOutcome::Allow(note),
                    Some(SessionAnswer::Context(text)) => HostOutcome::Context(text),
                    Some(SessionAnswer::Block(reason)) => HostOutcome::Block(reason),
                    Some(SessionAnswer::Deny(reason)) => HostOutcome::Deny(reason),
                    None => match decide(&opts, &ev.value) {
                        Ok(Decision::Allow(note)) => HostOutcome::Allow(note.or(ev.note.clone())),
                        Ok(Decision::Deny(reason)) => HostOutcome::Deny(reason),
                        Err(reason) => HostOutcome::Error(reason),
                    },
                };
                (Some(ev.kind), outcome)
            }
        },
    };
    let answer = protocol::answer(host, kind, &outcome);
    if let Some(text) = &answer.stderr {
        eprintln!("{text}");
    }
    out.extend_from_slice(&answer.stdout);
    Ok(answer.exit)
}

/// `editscope hook`. Exit codes follow the agent's protocol.
pub fn run(args: HookArgs, out: &mut Vec<u8>) -> Result<u8, Failure> {
    let host = args.agent.host();
    if protocol::profile(host).is_some() {
        return run_profiled(&args, host, out);
    }
    if args.event.is_some() {
        return Err(Failure(format!(
            "--event is for hosts whose events do not name themselves; `{}` events do",
            host.name()
        )));
    }
    let event = read_event();
    if let (Agent::ClaudeCode | Agent::Codex, Ok(ev)) = (args.agent, &event) {
        match session_event(&args.options(), ev) {
            None => {}
            Some(SessionAnswer::Quiet(note)) => {
                if let Some(note) = note {
                    eprintln!("{}", note.trim_end());
                }
                return Ok(0);
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
                return Ok(0);
            }
            Some(SessionAnswer::Block(reason)) => {
                let answer = json!({"decision": "block", "reason": reason});
                out.extend_from_slice(answer.to_string().as_bytes());
                out.push(b'\n');
                return Ok(0);
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
                return Ok(0);
            }
        }
    }
    let opts = args.options();
    let decision = event.and_then(|event| decide(&opts, &event));
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
        // OpenHands (the hosts with a profile never get here).
        (_, Ok(Decision::Deny(reason))) => {
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
