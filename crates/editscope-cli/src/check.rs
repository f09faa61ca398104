//! `editscope check` and `editscope verify-receipt`.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use clap::Args;
use editscope::{
    check_changes, ChangeSet, Contract, Formatting, GitSource, PatchFormat, Receipt, Status,
};

use crate::{read, render, Failure};

/// Where the change comes from: exactly one of these.
#[derive(Args, Debug, Clone)]
pub struct SourceArgs {
    /// A patch file in any supported format (detected), or `-` for standard input.
    #[arg(value_name = "PATCH")]
    pub patch_arg: Option<String>,
    /// A patch file in any supported format (detected from its content), or `-` for stdin.
    #[arg(long, value_name = "FILE")]
    pub patch: Option<String>,
    /// A unified diff (as `git diff` writes it).
    #[arg(long, value_name = "FILE")]
    pub diff: Option<String>,
    /// An OpenAI Codex `apply_patch` text.
    #[arg(long, value_name = "FILE")]
    pub codex_patch: Option<String>,
    /// Aider SEARCH/REPLACE blocks.
    #[arg(long, value_name = "FILE")]
    pub aider: Option<String>,
    /// The git index against HEAD (a pre-commit hook).
    #[arg(long)]
    pub staged: bool,
    /// The git working tree against HEAD.
    #[arg(long)]
    pub worktree: bool,
    /// A git commit range `BASE..HEAD` (CI on an agent's branch).
    #[arg(long, value_name = "A..B")]
    pub range: Option<String>,
    /// A directory with the files before the change (with --after).
    #[arg(long, value_name = "DIR", requires = "after")]
    pub before: Option<PathBuf>,
    /// A directory with the files after the change (with --before).
    #[arg(long, value_name = "DIR", requires = "before")]
    pub after: Option<PathBuf>,
    /// The repository root patches are applied to (default: the current directory).
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
}

/// How `check` prints its report.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// Compiler-style diagnostics with the offending lines.
    Human,
    /// The report as JSON.
    Json,
    /// A short text for an LLM agent.
    Feedback,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions `::error` annotations.
    Github,
}

/// `editscope check` options.
#[derive(Args, Debug, Clone)]
pub struct CheckArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// The contract file (TOML, or JSON for `.json`).
    #[arg(long, value_name = "FILE")]
    pub contract: Option<PathBuf>,
    /// Grant `edit` on a selector (`src/app.py::UserService.create`); repeatable. With the
    /// other grant flags, builds a contract on the command line.
    #[arg(long = "allow", value_name = "SELECTOR")]
    pub allow: Vec<String>,
    /// Grant `body` on a selector; repeatable.
    #[arg(long = "allow-body", value_name = "SELECTOR")]
    pub allow_body: Vec<String>,
    /// Grant `delete` on a selector or file glob; repeatable.
    #[arg(long = "allow-delete", value_name = "SELECTOR")]
    pub allow_delete: Vec<String>,
    /// Grant `add` on a container selector or a file; repeatable.
    #[arg(long = "allow-add", value_name = "SELECTOR")]
    pub allow_add: Vec<String>,
    /// Files (globs) free to edit; repeatable.
    #[arg(long = "allow-files", value_name = "GLOB")]
    pub allow_files: Vec<String>,
    /// Files (globs) that may be created; repeatable.
    #[arg(long = "allow-create", value_name = "GLOB")]
    pub allow_create: Vec<String>,
    /// Files (globs) whose imports may change; repeatable.
    #[arg(long = "allow-imports", value_name = "GLOB")]
    pub allow_imports: Vec<String>,
    /// Compare token sequences outside the grants (whitespace may change).
    #[arg(long)]
    pub tolerant: bool,
    /// Time budget of the whole check in milliseconds (default: the contract's `budget_ms`,
    /// else 5000). Past it the answer is unverifiable (exit code 2).
    #[arg(long, value_name = "MS")]
    pub budget_ms: Option<u64>,
    /// Output format: human (default), json, feedback (for an LLM agent), sarif (SARIF
    /// 2.1.0, for code scanning), github (workflow annotations).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
    /// Print the report as JSON (schema: schema/report.schema.json); same as --format json.
    #[arg(long, conflicts_with_all = ["feedback", "format"])]
    pub json: bool,
    /// Print the short feedback written for an LLM agent; same as --format feedback.
    #[arg(long, conflicts_with = "format")]
    pub feedback: bool,
    /// Write a verifiable receipt (contract, SHA-256 of every file, report) to FILE.
    #[arg(long, value_name = "FILE")]
    pub receipt: Option<PathBuf>,
}

fn read_patch(spec: &str) -> Result<String, Failure> {
    if spec == "-" {
        let mut text = String::new();
        std::io::stdin()
            .take(64 * 1024 * 1024 + 1)
            .read_to_string(&mut text)
            .map_err(|e| Failure(format!("standard input: {e}")))?;
        if text.len() > 64 * 1024 * 1024 {
            return Err(Failure("standard input: the patch is over 64 MiB".into()));
        }
        return Ok(text);
    }
    read(Path::new(spec))
}

/// Builds the change set the arguments describe.
pub fn changes(args: &SourceArgs) -> Result<ChangeSet, Failure> {
    let patch_sources = [
        (args.patch_arg.as_ref(), None),
        (args.patch.as_ref(), None),
        (args.diff.as_ref(), Some(PatchFormat::Unified)),
        (args.codex_patch.as_ref(), Some(PatchFormat::Codex)),
        (args.aider.as_ref(), Some(PatchFormat::Aider)),
    ];
    let given: Vec<_> = patch_sources.iter().filter(|(p, _)| p.is_some()).collect();
    let count = given.len()
        + usize::from(args.staged)
        + usize::from(args.worktree)
        + usize::from(args.range.is_some())
        + usize::from(args.before.is_some());
    if count != 1 {
        return Err(Failure(
            "name exactly one change: a PATCH (or --patch/--diff/--codex-patch/--aider FILE, `-` for stdin), --staged, --worktree, --range A..B, or --before DIR --after DIR".into(),
        ));
    }
    if let Some((Some(spec), format)) = given.first() {
        let text = read_patch(spec)?;
        return ChangeSet::from_patch_text(&args.root, &text, *format)
            .map_err(|e| Failure(format!("{spec}: {e}")));
    }
    if let (Some(b), Some(a)) = (&args.before, &args.after) {
        return ChangeSet::from_dirs(b, a).map_err(Failure);
    }
    let source = if args.staged {
        GitSource::Staged
    } else if args.worktree {
        GitSource::WorkingTree
    } else {
        GitSource::Range(args.range.clone().unwrap_or_default())
    };
    ChangeSet::from_git(&args.root, &source).map_err(Failure)
}

fn contract(args: &CheckArgs) -> Result<Option<Contract>, Failure> {
    let flags = !(args.allow.is_empty()
        && args.allow_body.is_empty()
        && args.allow_delete.is_empty()
        && args.allow_add.is_empty()
        && args.allow_files.is_empty()
        && args.allow_create.is_empty()
        && args.allow_imports.is_empty());
    // --contract, then $EDITSCOPE_CONTRACT, then .editscope.toml above the root.
    let start = args
        .source
        .root
        .canonicalize()
        .unwrap_or_else(|_| args.source.root.clone());
    let found = if flags && args.contract.is_none() {
        None
    } else {
        crate::hook::discover(args.contract.as_deref(), Some(&args.source.root), &start)
    };
    let mut spec = match (found, flags) {
        (Some(f), _) => Contract::from_path(&f.path)
            .map_err(|e| Failure(format!("{}: {e}", f.path.display())))?
            .spec()
            .clone(),
        (None, true) => editscope::ContractSpec::default(),
        (None, false) => return Ok(None),
    };
    spec.edit.extend(args.allow.iter().cloned());
    spec.body.extend(args.allow_body.iter().cloned());
    spec.delete.extend(args.allow_delete.iter().cloned());
    spec.add.extend(args.allow_add.iter().cloned());
    spec.files.extend(args.allow_files.iter().cloned());
    spec.create.extend(args.allow_create.iter().cloned());
    spec.imports.extend(args.allow_imports.iter().cloned());
    if args.tolerant {
        spec.formatting = Formatting::Tolerant;
    }
    if args.budget_ms.is_some() {
        spec.budget_ms = args.budget_ms;
    }
    Contract::from_spec(spec)
        .map(Some)
        .map_err(|e| Failure(e.to_string()))
}

/// `editscope check`.
pub fn run(args: CheckArgs, out: &mut Vec<u8>) -> Result<u8, Failure> {
    let Some(contract) = contract(&args)? else {
        eprintln!("editscope: no contract (--contract FILE, grants such as --allow SELECTOR, $EDITSCOPE_CONTRACT, or .editscope.toml at the repository root); nothing to check");
        return Ok(0);
    };
    let changes = changes(&args.source)?;
    let report = check_changes(&contract, &changes).map_err(|e| Failure(e.to_string()))?;
    if let Some(path) = &args.receipt {
        std::fs::write(path, Receipt::new(&contract, &changes, &report).to_json())
            .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    }
    let format = match (args.json, args.feedback, args.format) {
        (true, _, _) => OutputFormat::Json,
        (_, true, _) => OutputFormat::Feedback,
        (_, _, Some(f)) => f,
        _ => OutputFormat::Human,
    };
    match format {
        OutputFormat::Json => {
            out.extend_from_slice(report.to_json().as_bytes());
            out.push(b'\n');
        }
        OutputFormat::Feedback => out.extend_from_slice(report.feedback(&contract).as_bytes()),
        OutputFormat::Sarif => {
            out.extend_from_slice(
                serde_json::to_string_pretty(&render::sarif(&report))?.as_bytes(),
            );
            out.push(b'\n');
        }
        OutputFormat::Github => render::github(out, &report)?,
        OutputFormat::Human => {
            let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            render::report_text(out, &report, &changes, color)?;
        }
    }
    Ok(match report.status {
        Status::Allowed => 0,
        Status::Rejected => 1,
        Status::Unverifiable => 2,
    })
}

/// `editscope verify-receipt`.
pub fn verify_receipt(
    path: &Path,
    root: Option<&Path>,
    json: bool,
    out: &mut Vec<u8>,
) -> Result<u8, Failure> {
    let receipt = Receipt::from_json(&read(path)?)
        .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
    let check = receipt.verify(root);
    if json {
        out.extend_from_slice(serde_json::to_string_pretty(&check)?.as_bytes());
        out.push(b'\n');
    } else if check.holds {
        let verdict = if check.allowed {
            "allowed"
        } else {
            "not allowed"
        };
        out.extend_from_slice(format!("receipt holds: the recorded change is {verdict}, and the recomputed report matches\n").as_bytes());
    } else {
        out.extend_from_slice(b"receipt does NOT hold:\n");
        for p in &check.problems {
            out.extend_from_slice(format!("  - {p}\n").as_bytes());
        }
    }
    Ok(if check.holds { 0 } else { 1 })
}
