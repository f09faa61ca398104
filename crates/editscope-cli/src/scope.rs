//! `editscope scope`: the smallest contract that allows a change, as a person would write it
//! (the library's [`editscope::scope_changes`]).

use editscope::{scope_changes, ScopeOptions};

use crate::check::{changes, SourceArgs};
use crate::Failure;

/// `editscope scope` options.
#[derive(clap::Args, Debug, Clone)]
pub struct ScopeArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Print JSON (`entries` with `key`, `selector`, `path`, `symbol`, `reason`; `refused`;
    /// `allowed`; `source`; `toml`) instead of the TOML contract.
    #[arg(long)]
    pub json: bool,
}

/// What the change is, for the contract's first comment: the commit range, the patch, the
/// directories.
fn source_name(args: &SourceArgs) -> String {
    let patch = [
        &args.patch_arg,
        &args.patch,
        &args.diff,
        &args.codex_patch,
        &args.aider,
    ]
    .into_iter()
    .find_map(|p| p.as_deref());
    if let Some(range) = &args.range {
        format!("the commits {range}")
    } else if args.staged {
        "the staged change (the index against HEAD)".into()
    } else if args.worktree {
        "the working tree's change (against HEAD)".into()
    } else if let (Some(b), Some(a)) = (&args.before, &args.after) {
        format!("the change from {} to {}", b.display(), a.display())
    } else {
        match patch {
            Some("-") | None => "the patch on standard input".into(),
            Some(p) => format!("the patch {p}"),
        }
    }
}

/// `editscope scope`.
pub fn run(args: SourceArgs, json: bool, out: &mut Vec<u8>) -> Result<u8, Failure> {
    let mut changes = changes(&args)?;
    // A patch's paths, placed under the project root as `check` places them.
    let patch = !(args.staged || args.worktree || args.range.is_some() || args.before.is_some());
    if patch {
        let project = crate::check::flag_project(&args)?;
        crate::check::place_patch(&args, &mut changes, &project)?;
    }
    let scope = scope_changes(
        &changes,
        &ScopeOptions {
            jobs: args.jobs,
            ..ScopeOptions::default()
        },
    );
    if json {
        let mut value = serde_json::to_value(&scope)?;
        value["source"] = serde_json::Value::String(source_name(&args));
        value["toml"] = serde_json::Value::String(scope.to_toml(&source_name(&args)));
        out.extend_from_slice(serde_json::to_string_pretty(&value)?.as_bytes());
        out.push(b'\n');
    } else {
        out.extend_from_slice(scope.to_toml(&source_name(&args)).as_bytes());
    }
    // Something no contract allows: say so in the exit code too.
    Ok(if scope.refused.is_empty() { 0 } else { 1 })
}
