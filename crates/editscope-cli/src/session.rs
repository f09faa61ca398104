//! `editscope session start|status|restore|end`, and the session side of `editscope hook`.
//!
//! Everything is in the library ([`editscope::session`]); this file finds the root and the
//! contract, and renders.

use std::io::IsTerminal as _;
use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use editscope::session::{Session, SessionContract, SessionError};
use editscope::Status;
use serde_json::json;

use crate::Failure;

/// `editscope session` options.
#[derive(Args, Debug, Clone)]
pub struct SessionArgs {
    #[command(subcommand)]
    pub command: SessionCommand,
}

/// Where a session is.
#[derive(Args, Debug, Clone)]
pub struct Where {
    /// The project root (default: the git work tree of the working directory, else the
    /// working directory).
    #[arg(long, value_name = "DIR", global = true)]
    pub root: Option<PathBuf>,
    /// The session id (an agent's `session_id`; letters, digits, `.`, `_`, `-`).
    #[arg(long, value_name = "ID", global = true)]
    pub session: Option<String>,
    /// Print JSON.
    #[arg(long, global = true)]
    pub json: bool,
}

/// The session subcommands.
#[derive(Subcommand, Debug, Clone)]
pub enum SessionCommand {
    /// Record the baseline: the work tree (tracked and untracked, not ignored files) and the
    /// contract, now. Prints the session id (a new one unless --session names it).
    Start {
        #[command(flatten)]
        at: Where,
        /// The contract (default: `$EDITSCOPE_CONTRACT`, else the outermost `.editscope.toml`
        /// at or above the root).
        #[arg(long, value_name = "FILE")]
        contract: Option<PathBuf>,
    },
    /// What is out of scope now, against the baseline: exit 0 in scope, 1 rejected, 2
    /// unverifiable or an error.
    Status {
        #[command(flatten)]
        at: Where,
    },
    /// Put every ungranted symbol and file back to its baseline text, keeping the granted
    /// changes. A dry run unless --apply.
    Restore {
        #[command(flatten)]
        at: Where,
        /// Write the files (default: only say what would be done).
        #[arg(long)]
        apply: bool,
    },
    /// End the session: write a receipt if asked, remove the baseline.
    End {
        #[command(flatten)]
        at: Where,
        /// Write a receipt of the whole session (baseline, final state, contract, verdict).
        #[arg(long, value_name = "FILE")]
        receipt: Option<PathBuf>,
    },
}

/// The project root: `explicit`, else the work tree of `dir`, else `dir`.
pub fn root_of(explicit: Option<&Path>, dir: &Path) -> Result<PathBuf, Failure> {
    editscope::hook::judge::root_of(explicit, dir).map_err(Failure)
}

/// The contract a session starts with: named (`--contract`, `$EDITSCOPE_CONTRACT`), else the
/// outermost `.editscope.toml` at or above the root. `None`: there is none.
pub fn contract_for(
    explicit: Option<&Path>,
    root: &Path,
) -> Result<Option<SessionContract>, SessionError> {
    editscope::hook::judge::contract_for(explicit, root)
}

fn session_id(at: &Where) -> Result<String, Failure> {
    at.session
        .clone()
        .ok_or_else(|| Failure("name the session with --session ID".into()))
}

/// A new session id: the time and the process id, in hex.
fn new_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("s-{nanos:x}-{:x}", std::process::id())
}

fn exit_of(status: Status) -> u8 {
    match status {
        Status::Allowed => 0,
        Status::Rejected => 1,
        Status::Unverifiable => 2,
    }
}

fn push_json(out: &mut Vec<u8>, v: &serde_json::Value) {
    out.extend_from_slice(
        serde_json::to_string_pretty(v)
            .unwrap_or_default()
            .as_bytes(),
    );
    out.push(b'\n');
}

/// `editscope session`.
pub fn run(args: SessionArgs, out: &mut Vec<u8>) -> Result<u8, Failure> {
    let here = PathBuf::from(".");
    match args.command {
        SessionCommand::Start { at, contract } => {
            let root = root_of(at.root.as_deref(), &here)?;
            let c = contract_for(contract.as_deref(), &root)?.ok_or_else(|| {
                Failure("no contract found (--contract, $EDITSCOPE_CONTRACT or .editscope.toml at or above the root); a session needs one".into())
            })?;
            let id = at.session.clone().unwrap_or_else(new_id);
            let s = Session::start(&root, &id, c)?;
            if at.json {
                push_json(
                    out,
                    &json!({"session": s.id(), "root": s.root(), "baseline": s.dir(), "files": s.baseline_files(),
                            "contract": s.contract_file()}),
                );
            } else {
                out.extend_from_slice(format!("{}\n", s.id()).as_bytes());
                eprintln!(
                    "editscope: session `{}` started: {} files of {} recorded in {}",
                    s.id(),
                    s.baseline_files(),
                    s.root().display(),
                    s.dir().display()
                );
            }
            Ok(0)
        }
        SessionCommand::Status { at } => {
            let root = root_of(at.root.as_deref(), &here)?;
            let s = Session::open(&root, &session_id(&at)?)?;
            let st = s.status()?;
            if at.json {
                let mut v: serde_json::Value = serde_json::from_str(&st.report.to_json())?;
                v["session"] = json!(s.id());
                push_json(out, &v);
            } else {
                let color =
                    std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
                crate::render::report_text(out, &st.report, &st.changes, color)?;
                if !st.is_allowed() {
                    out.extend_from_slice(
                        format!("\nto put it back: {}\n", s.restore_command()).as_bytes(),
                    );
                }
            }
            Ok(exit_of(st.report.status))
        }
        SessionCommand::Restore { at, apply } => {
            let root = root_of(at.root.as_deref(), &here)?;
            let s = Session::open(&root, &session_id(&at)?)?;
            let plan = match s.restore(!apply) {
                Ok(p) => p,
                Err(SessionError::RestoreRefused { reasons }) => {
                    if at.json {
                        push_json(out, &json!({"refused": reasons, "applied": false}));
                    } else {
                        out.extend_from_slice(b"restore refused (nothing was written):\n");
                        for r in &reasons {
                            out.extend_from_slice(format!("  - {r}\n").as_bytes());
                        }
                    }
                    return Ok(1);
                }
                Err(e) => return Err(e.into()),
            };
            if at.json {
                push_json(out, &serde_json::to_value(&plan)?);
            } else if plan.files.is_empty() {
                out.extend_from_slice(b"nothing to restore: the work tree is in scope\n");
            } else {
                let verb = if plan.applied {
                    "restored"
                } else {
                    "would restore"
                };
                for f in &plan.files {
                    let what = match f.action {
                        editscope::session::RestoreAction::Revert => {
                            "back to its text at the start".to_string()
                        }
                        editscope::session::RestoreAction::Narrow => format!(
                            "{} put back; kept {}",
                            if f.reverted.is_empty() {
                                "code outside the grants".to_string()
                            } else {
                                f.reverted.join(", ")
                            },
                            f.kept.join(", ")
                        ),
                    };
                    out.extend_from_slice(format!("{verb} {}: {what}\n", f.path).as_bytes());
                }
                if !plan.applied {
                    out.extend_from_slice(b"(dry run: --apply writes)\n");
                }
            }
            Ok(0)
        }
        SessionCommand::End { at, receipt } => {
            let root = root_of(at.root.as_deref(), &here)?;
            let s = Session::open(&root, &session_id(&at)?)?;
            let mut status = Status::Allowed;
            if let Some(path) = &receipt {
                let r = s.receipt()?;
                status = s.status()?.report.status;
                std::fs::write(path, r.to_json())
                    .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            }
            let id = s.id().to_string();
            s.end()?;
            if at.json {
                push_json(
                    out,
                    &json!({"session": id, "ended": true, "status": format!("{status:?}").to_lowercase()}),
                );
            }
            Ok(0)
        }
    }
}
