//! `editscope check` and `editscope verify-receipt`.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use clap::Args;
use editscope::{
    check_changes_with, ChangeSet, CheckChangesOptions, Contract, Formatting, GitSource,
    PatchFormat, Receipt, Status,
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

/// Reads a patch from a file or (`-`) standard input, with the one patch limit
/// ([`editscope::limits::MAX_PATCH_BYTES`]) for both.
fn read_patch(spec: &str) -> Result<String, Failure> {
    let limit = editscope::limits::MAX_PATCH_BYTES;
    let (name, reader): (&str, Box<dyn Read>) = if spec == "-" {
        ("standard input", Box::new(std::io::stdin()))
    } else {
        let file = std::fs::File::open(spec).map_err(|e| Failure(format!("{spec}: {e}")))?;
        (spec, Box::new(file))
    };
    let mut bytes = Vec::new();
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure(format!("{name}: {e}")))?;
    editscope::check_patch_size(bytes.len()).map_err(|e| Failure(format!("{name}: {e}")))?;
    String::from_utf8(bytes).map_err(|e| {
        Failure(format!(
            "{name}: not valid UTF-8 (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        ))
    })
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

/// The git source the arguments name, if any.
fn git_source(args: &SourceArgs) -> Option<GitSource> {
    if args.staged {
        Some(GitSource::Staged)
    } else if args.worktree {
        Some(GitSource::WorkingTree)
    } else {
        args.range.clone().map(GitSource::Range)
    }
}

/// A contract from its text; `name` gives the format (`.json`: JSON, else TOML).
fn parse_contract(name: &Path, shown: &str, bytes: Vec<u8>) -> Result<Contract, Failure> {
    let text =
        String::from_utf8(bytes).map_err(|_| Failure(format!("{shown}: not valid UTF-8")))?;
    if name.extension().is_some_and(|e| e == "json") {
        Contract::from_json(&text)
    } else {
        Contract::from_toml(&text)
    }
    .map_err(|e| Failure(format!("{shown}: {e}")))
}

/// `path` made absolute and free of symlinks and `..` (its directory resolved; the file
/// itself may be missing).
fn physical(path: &Path) -> Option<PathBuf> {
    let abs = std::env::current_dir().ok()?.join(path);
    if let Ok(p) = abs.canonicalize() {
        return Some(p);
    }
    let name = abs.file_name()?;
    Some(abs.parent()?.canonicalize().ok()?.join(name))
}

/// The contract in use and what it protects.
struct Resolved {
    contract: Contract,
    /// Contract files in use under other names, relative to the change's root.
    protected: Vec<String>,
    /// A contract that is not committed (its path relative to the top level): the working
    /// tree's setup, set aside from the change.
    setup: Option<String>,
}

/// A named contract (`--contract`, `$EDITSCOPE_CONTRACT`) for a git check: inside the
/// repository it is read from the baseline revision (never from what the change wrote); a
/// working-tree or index check may use one that was never committed (the task's setup).
fn named_git_contract(
    path: &Path,
    top: &Path,
    source: &GitSource,
) -> Result<(Contract, Option<String>, bool), Failure> {
    let shown = path.display().to_string();
    let rel = physical(path)
        .and_then(|p| p.strip_prefix(top).ok().map(Path::to_path_buf))
        .and_then(|r| {
            r.to_str()
                .map(|r| r.replace(std::path::MAIN_SEPARATOR, "/"))
        })
        .filter(|r| !r.is_empty());
    let Some(rel) = rel else {
        let c = Contract::from_path(path).map_err(|e| Failure(format!("{shown}: {e}")))?;
        return Ok((c, None, false));
    };
    let base = source.baseline().map_err(Failure)?;
    if let Some(bytes) = editscope::git_file(top, &base, &rel).map_err(Failure)? {
        let c = parse_contract(path, &format!("{shown} (at {base})"), bytes)?;
        return Ok((c, Some(rel), false));
    }
    if matches!(source, GitSource::Range(_)) {
        return Err(Failure(format!(
            "the contract `{rel}` is not in {base}: with --range the contract is read from the base revision, never from the change"
        )));
    }
    let c = Contract::from_path(path).map_err(|e| Failure(format!("{shown}: {e}")))?;
    Ok((c, Some(rel), true))
}

/// The contract of a git check when none is named: a contract above the repository (outermost
/// first, as everywhere), else the top level's `.editscope.toml` at the baseline revision;
/// for the working tree or the index, one never committed is the task's setup.
fn discovered_git_contract(top: &Path, source: &GitSource) -> Result<Option<Resolved>, Failure> {
    if let Some(found) = top
        .parent()
        .and_then(|above| editscope::discover::find_contract(None, &[above]))
    {
        let c = Contract::from_path(&found.path)
            .map_err(|e| Failure(format!("{}: {e}", found.path.display())))?;
        return Ok(Some(Resolved {
            contract: c,
            protected: vec![],
            setup: None,
        }));
    }
    let base = source.baseline().map_err(Failure)?;
    let name = Path::new(".editscope.toml");
    if let Some(bytes) = editscope::git_file(top, &base, ".editscope.toml").map_err(Failure)? {
        let c = parse_contract(name, &format!(".editscope.toml (at {base})"), bytes)?;
        return Ok(Some(Resolved {
            contract: c,
            protected: vec![],
            setup: None,
        }));
    }
    let on_disk = top.join(name);
    if !matches!(source, GitSource::Range(_)) && on_disk.is_file() {
        let c = Contract::from_path(&on_disk)
            .map_err(|e| Failure(format!("{}: {e}", on_disk.display())))?;
        return Ok(Some(Resolved {
            contract: c,
            protected: vec![],
            setup: Some(".editscope.toml".into()),
        }));
    }
    Ok(None)
}

/// `--contract`, then `$EDITSCOPE_CONTRACT`, then discovery; the grant flags on top. No
/// contract at all is an error: a gate must not pass because its policy is missing.
fn contract(args: &CheckArgs, git: Option<(&GitSource, &Path)>) -> Result<Resolved, Failure> {
    let flags = !(args.allow.is_empty()
        && args.allow_body.is_empty()
        && args.allow_delete.is_empty()
        && args.allow_add.is_empty()
        && args.allow_files.is_empty()
        && args.allow_create.is_empty()
        && args.allow_imports.is_empty());
    let named = args.contract.clone().or_else(|| {
        std::env::var_os("EDITSCOPE_CONTRACT")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let found: Option<Resolved> = match (&named, git) {
        (Some(path), Some((source, top))) => {
            let (contract, rel, setup) = named_git_contract(path, top, source)?;
            Some(Resolved {
                contract,
                setup: rel.clone().filter(|_| setup),
                protected: rel.into_iter().collect(),
            })
        }
        (Some(path), None) => {
            let contract = Contract::from_path(path)
                .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            // The contract in use, when it lies in the tree the change applies to.
            let roots: Vec<&Path> = match (&args.source.before, &args.source.after) {
                (Some(b), Some(a)) => vec![b.as_path(), a.as_path()],
                _ => vec![args.source.root.as_path()],
            };
            let protected = roots
                .iter()
                .filter_map(|r| {
                    let (p, r) = (physical(path)?, physical(r)?);
                    let rel = p.strip_prefix(&r).ok()?.to_str()?.replace('\\', "/");
                    (!rel.is_empty()).then_some(rel)
                })
                .collect();
            Some(Resolved {
                contract,
                protected,
                setup: None,
            })
        }
        (None, _) if flags => None,
        (None, Some((source, top))) => discovered_git_contract(top, source)?,
        (None, None) => {
            let start = args
                .source
                .root
                .canonicalize()
                .unwrap_or_else(|_| args.source.root.clone());
            match editscope::discover::find_contract(None, &[&start]) {
                Some(f) => Some(Resolved {
                    contract: Contract::from_path(&f.path)
                        .map_err(|e| Failure(format!("{}: {e}", f.path.display())))?,
                    protected: vec![],
                    setup: None,
                }),
                None => None,
            }
        }
    };
    let (mut spec, protected, setup) = match (found, flags) {
        (Some(r), _) => (r.contract.spec().clone(), r.protected, r.setup),
        (None, true) => (editscope::ContractSpec::default(), vec![], None),
        (None, false) => {
            let where_ = if git.is_some() {
                "`.editscope.toml` at the repository's top level (read from the base revision)"
            } else {
                "`.editscope.toml` in the root or a directory above it"
            };
            return Err(Failure(format!(
                "no contract: name one with --contract FILE or $EDITSCOPE_CONTRACT, give grants such as --allow SELECTOR, or commit {where_}; `check` never passes a change without a contract"
            )));
        }
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
    let contract = Contract::from_spec(spec).map_err(|e| Failure(e.to_string()))?;
    Ok(Resolved {
        contract,
        protected,
        setup,
    })
}

/// `editscope check`.
pub fn run(args: CheckArgs, out: &mut Vec<u8>) -> Result<u8, Failure> {
    let git = git_source(&args.source);
    let top = match &git {
        Some(_) => Some(editscope::git_toplevel(&args.source.root).map_err(Failure)?),
        None => None,
    };
    let resolved = contract(&args, git.as_ref().zip(top.as_deref()))?;
    let contract = resolved.contract;
    let mut changes = changes(&args.source)?;
    if let (Some(GitSource::WorkingTree), Some(rel)) = (&git, &resolved.setup) {
        changes.set_aside_new_contract(rel);
    }
    let report = check_changes_with(
        &contract,
        &changes,
        &CheckChangesOptions {
            protected: resolved.protected.clone(),
            budget: None,
        },
    )
    .map_err(|e| Failure(e.to_string()))?;
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
