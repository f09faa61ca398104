//! `editscope init <host>`: install editscope's hooks in a host's configuration. The
//! merging is the library's ([`editscope::init`]); this file finds the root and prints.

use std::path::PathBuf;

use clap::Args;
use editscope::hook::Host;
use editscope::init::{self, STARTER_CONTRACT};

use crate::hook::Agent;
use crate::Failure;

/// `editscope init` options.
#[derive(Args, Debug, Clone)]
pub struct InitArgs {
    /// The host whose hook configuration to write (see --list). Without one, `init` prints
    /// the hosts (to stderr) and exits 2.
    #[arg(value_enum)]
    pub host: Option<Agent>,
    /// List the hosts, the files written and the events used.
    #[arg(long)]
    pub list: bool,
    /// The project root (default: the git work tree of the working directory, else the
    /// working directory).
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// Print what would change, as a diff, and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Do not offer a starter `.editscope.toml` when the project has none.
    #[arg(long)]
    pub no_contract: bool,
}

fn list(out: &mut Vec<u8>) {
    let mut text = String::from("host         files written                      events\n");
    for h in init::hosts() {
        let files = h.files.join(", ");
        // A file list wider than its column goes on a line of its own, so that it never runs
        // into the events.
        let files = if files.chars().count() > 34 {
            format!("{files}\n{:<48}", "")
        } else {
            format!("{files:<34} ")
        };
        text.push_str(&format!(
            "{:<12} {files}{}\n{:<12} {}\n",
            h.host.name(),
            h.events.join(", "),
            "",
            h.support
        ));
    }
    out.extend_from_slice(text.as_bytes());
}

/// `editscope init`: exit 0 when the configuration is in place (written, or already there).
pub fn run(args: InitArgs, out: &mut Vec<u8>) -> Result<u8, Failure> {
    if args.list {
        list(out);
        return Ok(0);
    }
    let Some(agent) = args.host else {
        // No host: which ones there are, on stderr (the message of the exit-2 failure).
        let mut hosts = Vec::new();
        list(&mut hosts);
        return Err(Failure(format!(
            "name the host to install the hooks for: `editscope init HOST`, one of:\n\n{}",
            String::from_utf8_lossy(&hosts).trim_end()
        )));
    };
    let host: Host = agent.host();
    let cwd = std::env::current_dir().map_err(|e| Failure(format!("no working directory: {e}")))?;
    let root = crate::session::root_of(args.root.as_deref(), &cwd)?;
    let plan = init::plan(host, &root).map_err(|e| Failure(e.to_string()))?;
    let mut changes = plan.changes.clone();
    let contract = root.join(editscope::discover::CONTRACT_FILE_NAME);
    let offer_contract = !args.no_contract && std::fs::symlink_metadata(&contract).is_err();
    if offer_contract {
        changes.push(init::FileChange {
            path: PathBuf::from(editscope::discover::CONTRACT_FILE_NAME),
            before: None,
            after: STARTER_CONTRACT.to_string(),
            executable: false,
        });
    }
    let mut text = String::new();
    for p in &plan.unchanged {
        text.push_str(&format!(
            "{}: already runs editscope; unchanged\n",
            p.display()
        ));
    }
    if args.dry_run {
        for c in &changes {
            text.push_str(&init::diff(c));
        }
        if changes.is_empty() {
            text.push_str("nothing to change\n");
        } else {
            text.push_str("(dry run: nothing written)\n");
        }
    } else {
        let with_contract = init::Plan {
            changes: changes.clone(),
            ..plan.clone()
        };
        let backups = init::apply(&with_contract, &root).map_err(|e| Failure(e.to_string()))?;
        for c in &changes {
            let backup = init::backup_path(&root.join(&c.path));
            if backups.contains(&backup) {
                text.push_str(&format!(
                    "updated {} (the previous version is in {})\n",
                    c.path.display(),
                    backup.display()
                ));
            } else {
                text.push_str(&format!("wrote {}\n", c.path.display()));
            }
        }
        if offer_contract {
            text.push_str("the starter .editscope.toml grants nothing yet: every edit is blocked until you list what the task may change\n");
        }
        if changes.is_empty() {
            text.push_str("nothing to change\n");
        }
    }
    for n in &plan.notes {
        text.push_str(&format!("note: {n}\n"));
    }
    out.extend_from_slice(text.as_bytes());
    Ok(0)
}
