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
    /// The directory patches are applied to (default: the current directory). A project's
    /// contract (`.editscope.toml`, found or named, or any contract at the git top level)
    /// has paths relative to the git top level (outside git: its directory); another
    /// contract named, or grants on the command line alone, are relative to this root when
    /// given. The patch's paths are placed under that project root.
    #[arg(long, value_name = "DIR")]
    pub root: Option<PathBuf>,
    /// How many files to check at once (default: `$EDITSCOPE_JOBS`, else the available
    /// parallelism). The output is the same for any number.
    #[arg(long, value_name = "N")]
    pub jobs: Option<usize>,
}

impl SourceArgs {
    /// The directory patches are applied to.
    pub fn root_dir(&self) -> PathBuf {
        self.root.clone().unwrap_or_else(|| PathBuf::from("."))
    }
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
    /// Markdown for a pull-request comment: a summary line and a table of the violations,
    /// each linking to its changed lines.
    Markdown,
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
    /// other grant flags, builds a contract on the command line: added to `--contract FILE`
    /// (or `$EDITSCOPE_CONTRACT`) when one is named, otherwise used instead of a discovered
    /// `.editscope.toml`.
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
    /// Protect a selector or file glob (`src/app.py::UserService.delete`, `src/auth/**`):
    /// it must not change at all, whatever else is granted; repeatable. Added to the
    /// contract like the grant flags (alone, everything else may change).
    #[arg(long = "protect", value_name = "SELECTOR")]
    pub protect: Vec<String>,
    /// Compare syntax trees outside the grants: whitespace may change where the parse stays.
    #[arg(long)]
    pub tolerant: bool,
    /// Time budget of the whole check in milliseconds (default: the contract's `budget_ms`,
    /// else 5000). Past it the answer is unverifiable (exit code 2).
    #[arg(long, value_name = "MS")]
    pub budget_ms: Option<u64>,
    /// Output format: human (default), json, feedback (for an LLM agent), sarif (SARIF
    /// 2.1.0, for code scanning), github (workflow annotations), markdown (a PR comment).
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<OutputFormat>,
    /// For --format markdown: the URL that links to lines of the changed files start with
    /// (`https://github.com/OWNER/REPO/blob/SHA`); default in GitHub Actions
    /// `$GITHUB_SERVER_URL/$GITHUB_REPOSITORY/blob/$GITHUB_SHA`, else lines are named, not
    /// linked (with a note saying how to link them).
    #[arg(long, value_name = "URL")]
    pub link_base: Option<String>,
    /// For --format markdown: the same for lines only the version before the change has
    /// (removed code); without it those lines are named, not linked.
    #[arg(long, value_name = "URL")]
    pub link_base_before: Option<String>,
    /// Print the report as JSON (schema: schema/report.schema.json); same as --format json.
    #[arg(long, conflicts_with_all = ["feedback", "format"])]
    pub json: bool,
    /// Print the short feedback written for an LLM agent; same as --format feedback.
    #[arg(long, conflicts_with = "format")]
    pub feedback: bool,
    /// Write a verifiable receipt (contract, SHA-256 of every file, report) to FILE.
    #[arg(long, value_name = "FILE")]
    pub receipt: Option<PathBuf>,
    /// Fail (exit 2) when a selector or protect entry matches no file (of the change, nor of
    /// the repository for git checks, the before tree for --before/--after, the tree a
    /// patch applies to outside git) or no symbol, instead of warning.
    #[arg(long)]
    pub strict: bool,
}

impl CheckArgs {
    /// Whether the command line builds (part of) a contract: a grant flag or `--protect`.
    fn has_contract_flags(&self) -> bool {
        [
            &self.allow,
            &self.allow_body,
            &self.allow_delete,
            &self.allow_add,
            &self.allow_files,
            &self.allow_create,
            &self.allow_imports,
            &self.protect,
        ]
        .iter()
        .any(|v| !v.is_empty())
    }
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
    // `--jobs` for everything that runs on several threads: reading git's blobs and checking.
    if let Some(n) = args.jobs {
        editscope::par::set_jobs(n);
    }
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
        let root = args.root_dir();
        return ChangeSet::from_patch_text(&root, &text, *format).map_err(|e| {
            // A patch's paths are relative to the directory it applies in: say which one was
            // used, since a patch made at the top level fails from a subdirectory.
            let hint = if e.kind == editscope::patch::PatchErrorKind::MissingFile {
                let shown = std::path::absolute(&root).unwrap_or(root.clone());
                format!(
                    " (looked under {}{}; the patch's paths are relative to the directory it applies in: pass --root DIR for another one)",
                    shown.display(),
                    if args.root.is_none() { ", the current directory" } else { "" }
                )
            } else {
                String::new()
            };
            Failure(format!("{spec}: {e}{hint}"))
        });
    }
    if let (Some(b), Some(a)) = (&args.before, &args.after) {
        return ChangeSet::from_dirs(b, a).map_err(Failure::from);
    }
    let source = if args.staged {
        GitSource::Staged
    } else if args.worktree {
        GitSource::WorkingTree
    } else {
        GitSource::Range(args.range.clone().unwrap_or_default())
    };
    ChangeSet::from_git(&args.root_dir(), &source).map_err(Failure::from)
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

/// `path` relative to `dir` (both physical), with `/` separators; `None` when outside or
/// the same.
fn rel_under(path: &Path, dir: &Path) -> Option<String> {
    let rel = path.strip_prefix(dir).ok()?.to_str()?.replace('\\', "/");
    (!rel.is_empty()).then_some(rel)
}

/// The contract in use and what it protects.
struct Resolved {
    contract: Contract,
    /// Contract files in use under other names, relative to the project root.
    protected: Vec<String>,
    /// A contract that is not committed (its path relative to the top level): the working
    /// tree's setup, set aside from the change.
    setup: Option<String>,
    /// What the choice of contract left out (a contract file above the repository).
    notes: Vec<String>,
}

/// Where a named contract lies in the repository whose top level is `top`, as git names
/// paths: the path taken lexically from the working directory (`..` and `.` resolved
/// without the file system), and only the part of it up to where it enters the repository
/// resolved physically (a symlink to the repository outside it). A symlink inside the
/// working tree is never followed: the agent may have made it.
fn repo_relative(path: &Path, top: &Path) -> Option<String> {
    let abs = editscope::paths::lexical(&std::env::current_dir().ok()?.join(path));
    let top = top.canonicalize().unwrap_or_else(|_| top.to_path_buf());
    let parts: Vec<_> = abs.components().collect();
    for i in 1..=parts.len() {
        let prefix: PathBuf = parts[..i].iter().collect();
        let Ok(real) = prefix.canonicalize() else {
            break;
        };
        if real.starts_with(&top) {
            let mut rel = real.strip_prefix(&top).ok()?.to_path_buf();
            rel.extend(&parts[i..]);
            return rel_under(&top.join(rel), &top);
        }
    }
    None
}

/// A contract's text read from git, refused when git has a symlink there (its text would be
/// a path, and the file it names is not what the baseline says the contract is).
fn git_contract(
    top: &Path,
    rev: &str,
    rel: &str,
    shown: &str,
) -> Result<Option<Contract>, Failure> {
    match editscope::git_entry(top, rev, rel).map_err(Failure::from)? {
        None => Ok(None),
        Some((mode, _)) if mode == "120000" => Err(Failure(format!(
            "the contract `{rel}` is a symlink in {rev}; a contract must be a regular file"
        ))),
        Some((_, bytes)) => {
            parse_contract(Path::new(rel), &format!("{shown} (at {rev})"), bytes).map(Some)
        }
    }
}

/// A setup contract: the working tree's uncommitted file at `rel`, read only as a regular
/// file reached without a symlink (which the agent could have made).
fn setup_contract(top: &Path, rel: &str) -> Result<Contract, Failure> {
    let at = editscope::resolve(top, rel).map_err(|e| {
        Failure(format!(
            "the contract `{rel}` is not committed and not a regular file reached without symlinks ({e}); commit it"
        ))
    })?;
    Contract::from_path(&at).map_err(|e| Failure(format!("{}: {e}", at.display())))
}

/// A named contract (`--contract`, `$EDITSCOPE_CONTRACT`) for a git check: inside the
/// repository it is read from the baseline revision (never from what the change wrote, and
/// never through the working tree's symlinks); only a working-tree check may use one that
/// was never committed (the task's setup). Outside the repository it is read from disk.
fn named_git_contract(path: &Path, top: &Path, source: &GitSource) -> Result<Resolved, Failure> {
    let shown = path.display().to_string();
    let Some(rel) = repo_relative(path, top) else {
        let c = Contract::from_path(path).map_err(|e| Failure(format!("{shown}: {e}")))?;
        return Ok(Resolved {
            contract: c,
            protected: vec![],
            setup: None,
            notes: vec![],
        });
    };
    let base = source.baseline().map_err(Failure::from)?;
    if let Some(c) = git_contract(top, &base, &rel, &shown)? {
        return Ok(Resolved {
            contract: c,
            protected: vec![rel],
            setup: None,
            notes: vec![],
        });
    }
    if !matches!(source, GitSource::WorkingTree) {
        return Err(Failure(format!(
            "the contract `{rel}` is not in {base}: with --staged and --range the contract is read from the baseline revision, never from the change or the working tree (commit it first)"
        )));
    }
    Ok(Resolved {
        contract: setup_contract(top, &rel)?,
        protected: vec![rel.clone()],
        setup: Some(rel.clone()),
        notes: vec![format!(
            "the contract `{rel}` is not committed: it is read from the working tree as this task's setup"
        )],
    })
}

/// The contract of a git check when none is named: the top level's `.editscope.toml` at the
/// baseline revision of this repository; for the working tree only, one never committed is
/// the task's setup. A contract file above the repository is not this repository's and is
/// ignored (said in a note): for git sources nothing on disk outside the repository, which
/// an agent might write, overrides the committed contract.
fn discovered_git_contract(top: &Path, source: &GitSource) -> Result<Option<Resolved>, Failure> {
    let mut notes = vec![];
    if let Some(found) = top
        .parent()
        .and_then(|above| editscope::discover::find_contract(None, &[above]))
    {
        notes.push(format!(
            "the contract file {} lies above the repository and is ignored: a git check reads the repository's own `.editscope.toml` from its baseline (name another with --contract)",
            found.path.display()
        ));
    }
    let base = source.baseline().map_err(Failure::from)?;
    let name = editscope::discover::CONTRACT_FILE_NAME;
    if let Some(c) = git_contract(top, &base, name, name)? {
        return Ok(Some(Resolved {
            contract: c,
            protected: vec![],
            setup: None,
            notes,
        }));
    }
    let on_disk = std::fs::symlink_metadata(top.join(name)).is_ok();
    if matches!(source, GitSource::WorkingTree) && on_disk {
        return Ok(Some(Resolved {
            contract: setup_contract(top, name)?,
            protected: vec![],
            setup: Some(name.into()),
            notes,
        }));
    }
    Ok(None)
}

/// The root the contract's paths are relative to, for a patch applied under `root`: the git
/// top level when `root` is in a repository, else the directory of the contract found (the
/// project it governs), else `root` itself.
fn project_root(root: &Path, discovered: Option<&Path>) -> PathBuf {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    if let Some(top) = editscope::discover::git_toplevel(&root) {
        return top.canonicalize().unwrap_or(top);
    }
    if let Some(dir) = discovered.and_then(Path::parent) {
        return dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    }
    root
}

/// Where the contract file at `path` lies in the trees `roots` (lexically and physically:
/// a symlinked contract protects the file behind it too).
fn protected_in(path: &Path, roots: &[&Path]) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    let abs = std::env::current_dir()
        .map(|d| editscope::paths::lexical(&d.join(path)))
        .unwrap_or_else(|_| path.to_path_buf());
    for r in roots {
        let Some(r) = physical(r) else { continue };
        let lex = abs
            .parent()
            .and_then(|d| d.canonicalize().ok())
            .zip(abs.file_name())
            .map(|(d, n)| d.join(n));
        for p in [lex, physical(path)].into_iter().flatten() {
            if let Some(rel) = rel_under(&p, &r) {
                if !out.contains(&rel) {
                    out.push(rel);
                }
            }
        }
    }
    out
}

/// `--contract`, then `$EDITSCOPE_CONTRACT`, then discovery; the grant flags on top. No
/// contract at all is an error: a gate must not pass because its policy is missing.
///
/// `project` is the root the change's paths are relative to (the git top level, the trees
/// of `--before/--after`, or the project root of a patch).
fn contract(
    args: &CheckArgs,
    git: Option<(&GitSource, &Path)>,
    project: &Path,
    discovered: Option<&Path>,
) -> Result<Resolved, Failure> {
    let flags = args.has_contract_flags();
    let named = args.contract.clone().or_else(|| {
        std::env::var_os("EDITSCOPE_CONTRACT")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let dirs = match (&args.source.before, &args.source.after) {
        (Some(b), Some(a)) => Some((b.as_path(), a.as_path())),
        _ => None,
    };
    let found: Option<Resolved> = match (&named, git) {
        (Some(path), Some((source, top))) => Some(named_git_contract(path, top, source)?),
        (Some(path), None) => {
            let contract = Contract::from_path(path)
                .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
            // The contract in use, when it lies in the tree the change applies to.
            let roots: Vec<&Path> = match dirs {
                Some((b, a)) => vec![b, a],
                None => vec![project],
            };
            Some(Resolved {
                contract,
                protected: protected_in(path, &roots),
                setup: None,
                notes: vec![],
            })
        }
        (None, _) if flags => None,
        (None, Some((source, top))) => discovered_git_contract(top, source)?,
        (None, None) => match discovered {
            Some(path) => {
                let contract = Contract::from_path(path)
                    .map_err(|e| Failure(format!("{}: {e}", path.display())))?;
                let roots: Vec<&Path> = match dirs {
                    Some((b, a)) => vec![b, a],
                    None => vec![project],
                };
                Some(Resolved {
                    contract,
                    protected: protected_in(path, &roots),
                    setup: None,
                    notes: vec![],
                })
            }
            None => None,
        },
    };
    let (mut spec, protected, setup, notes) = match (found, flags) {
        (Some(r), _) => (r.contract.spec().clone(), r.protected, r.setup, r.notes),
        (None, true) => (editscope::ContractSpec::default(), vec![], None, vec![]),
        (None, false) => {
            let where_ = if git.is_some() {
                "`.editscope.toml` at the repository's top level (read from the baseline revision; an uncommitted one counts only for --worktree)"
            } else if dirs.is_some() {
                "`.editscope.toml` at the top of the --before tree"
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
    spec.protect.extend(args.protect.iter().cloned());
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
        notes,
    })
}

/// The contract found when none is named: for `--before/--after`, the `.editscope.toml` at
/// the top of the before tree (the baseline, never the cwd's, never the after tree's); for
/// a patch, the outermost one at or above the root.
fn discover_contract(args: &SourceArgs) -> Result<Option<PathBuf>, Failure> {
    let name = editscope::discover::CONTRACT_FILE_NAME;
    if let Some(before) = &args.before {
        let at = before.join(name);
        return match std::fs::symlink_metadata(&at) {
            Err(_) => Ok(None),
            Ok(m) if m.file_type().is_symlink() || !m.is_file() => Err(Failure(format!(
                "{}: the contract must be a regular file, not a symlink",
                at.display()
            ))),
            Ok(_) => Ok(Some(at)),
        };
    }
    let start = args
        .root_dir()
        .canonicalize()
        .unwrap_or_else(|_| args.root_dir());
    Ok(editscope::discover::find_contract(None, &[&start]).map(|f| f.path))
}

/// Places a patch's change under `project`: its paths are relative to the root it is
/// applied in, and become relative to the project root the contract's paths are relative to.
pub(crate) fn place_patch(
    args: &SourceArgs,
    changes: &mut ChangeSet,
    project: &Path,
) -> Result<(), Failure> {
    let root = args
        .root_dir()
        .canonicalize()
        .map_err(|e| Failure(format!("{}: {e}", args.root_dir().display())))?;
    let prefix = root
        .strip_prefix(project)
        .ok()
        .and_then(Path::to_str)
        .map(|p| p.replace('\\', "/"))
        .ok_or_else(|| {
            Failure(format!(
                "the root {} is not inside the project {}",
                root.display(),
                project.display()
            ))
        })?;
    changes.place_under(&prefix, project).map_err(Failure::from)
}

/// The project root of a patch checked without a contract file (grants on the command line,
/// `editscope scope`): the explicit `--root`, else the git top level of the working
/// directory, else the working directory.
pub(crate) fn flag_project(args: &SourceArgs) -> Result<PathBuf, Failure> {
    let root = args
        .root_dir()
        .canonicalize()
        .map_err(|e| Failure(format!("{}: {e}", args.root_dir().display())))?;
    if args.root.is_some() {
        return Ok(root);
    }
    Ok(project_root(&root, None))
}

/// The contract named with `--contract` or `$EDITSCOPE_CONTRACT`, if any.
fn named_contract_path(args: &CheckArgs) -> Option<PathBuf> {
    args.contract.clone().or_else(|| {
        std::env::var_os("EDITSCOPE_CONTRACT")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    })
}

/// The project root of a patch checked against a named contract. A project's own contract
/// (a file named `.editscope.toml`, or any contract at the repository's top level) means
/// the same files however it is named, as when found: its paths are relative to the git
/// top level of the root (outside git: to its own directory, when the root lies in it), so
/// `--root src --contract .editscope.toml` judges `src/auth/keys.py`, not `auth/keys.py`.
/// Any other contract named is a task's, relative to the explicit `--root` (else the git
/// top level).
fn named_project(args: &SourceArgs, contract: &Path) -> Result<PathBuf, Failure> {
    let root = args
        .root_dir()
        .canonicalize()
        .map_err(|e| Failure(format!("{}: {e}", args.root_dir().display())))?;
    let dir = physical(contract).and_then(|p| p.parent().map(Path::to_path_buf));
    let projects = contract
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.eq_ignore_ascii_case(editscope::discover::CONTRACT_FILE_NAME));
    if let Some(top) = editscope::discover::git_toplevel(&root) {
        let top = top.canonicalize().unwrap_or(top);
        if projects || dir.as_deref() == Some(top.as_path()) {
            return Ok(top);
        }
    } else if let Some(dir) = dir.filter(|d| projects && root.starts_with(d)) {
        return Ok(dir);
    }
    flag_project(args)
}

/// The files that exist besides the change's, for selectors that match no file: for a git
/// check the tracked files (the index for `--staged` and `--worktree`, the range's base for
/// `--range`); for a patch applied at a git top level, its tracked files; for two
/// directories, every file of the before tree; for a patch outside a repository, every
/// file of the project on disk (the tree the patch applies to). `None` only when that tree
/// cannot be listed (too large): then no `no_file` warnings.
fn known_files(
    git: Option<&GitSource>,
    top: Option<&Path>,
    project: &Path,
    before: Option<&Path>,
) -> Result<Option<Vec<String>>, Failure> {
    if let Some(before) = before {
        return Ok(editscope::tree_paths(before).ok());
    }
    let (top, rev) = match (git, top) {
        (Some(GitSource::Range(_)), Some(top)) => {
            let base = git
                .map(GitSource::baseline)
                .transpose()?
                .unwrap_or_default();
            (top.to_path_buf(), base)
        }
        (Some(_), Some(top)) => (top.to_path_buf(), String::new()),
        _ => match editscope::git_toplevel(project) {
            Ok(top) if physical(&top).is_some() && physical(&top) == physical(project) => {
                (top, String::new())
            }
            Ok(_) => return Ok(None),
            Err(_) => return Ok(editscope::tree_paths(project).ok()),
        },
    };
    Ok(Some(editscope::git_paths(&top, &rev)?))
}

/// `editscope check`.
pub fn run(args: CheckArgs, out: &mut Vec<u8>) -> Result<u8, Failure> {
    let git = git_source(&args.source);
    let top = match &git {
        Some(_) => Some(editscope::git_toplevel(&args.source.root_dir()).map_err(Failure::from)?),
        None => None,
    };
    let named = args.contract.is_some()
        || std::env::var_os("EDITSCOPE_CONTRACT").is_some_and(|v| !v.is_empty());
    let flags_only = !named && args.has_contract_flags();
    let patch = git.is_none() && args.source.before.is_none();
    let discovered = if git.is_none() && !named && !flags_only {
        discover_contract(&args.source)?
    } else {
        None
    };
    // The one root the change's paths and the contract's paths are both relative to.
    let project = match (&top, patch) {
        (Some(t), _) => t.clone(),
        // A contract named (or grants given): the explicit root, else the git top level.
        (None, true) if discovered.is_none() => match named_contract_path(&args) {
            Some(path) => named_project(&args.source, &path)?,
            None => flag_project(&args.source)?,
        },
        (None, true) => project_root(&args.source.root_dir(), discovered.as_deref()),
        (None, false) => args.source.after.clone().unwrap_or_default(),
    };
    let resolved = contract(
        &args,
        git.as_ref().zip(top.as_deref()),
        &project,
        discovered.as_deref(),
    )?;
    let contract = resolved.contract;
    let mut changes = changes(&args.source)?;
    if let (Some(GitSource::WorkingTree), Some(top)) = (&git, &top) {
        // Files git ignores are outside a working-tree change, except those `protect` names.
        changes
            .include_ignored(top, &|p| contract.protects_path(p))
            .map_err(Failure::from)?;
    }
    if patch {
        place_patch(&args.source, &mut changes, &project)?;
    }
    let set_aside = match (&git, &resolved.setup) {
        (Some(GitSource::WorkingTree), Some(rel)) => changes.set_aside_new_contract(rel),
        _ => false,
    };
    // Setting the contract aside says so already: one warning, not two.
    changes.notes.extend(resolved.notes.into_iter().filter(|n| {
        !(set_aside && n.contains("is read from the working tree as this task's setup"))
    }));
    let report = check_changes_with(
        &contract,
        &changes,
        &CheckChangesOptions {
            protected: resolved.protected.clone(),
            jobs: args.source.jobs,
            known_files: known_files(
                git.as_ref(),
                top.as_deref(),
                &project,
                args.source.before.as_deref(),
            )?,
            strict: args.strict,
            ..CheckChangesOptions::default()
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
        OutputFormat::Feedback => {
            out.extend_from_slice(report.feedback_with(&contract, Some(&changes)).as_bytes())
        }
        OutputFormat::Sarif => {
            out.extend_from_slice(
                serde_json::to_string_pretty(&render::sarif(&report, &changes))?.as_bytes(),
            );
            out.push(b'\n');
        }
        OutputFormat::Github => render::github(out, &report, &changes)?,
        OutputFormat::Markdown => {
            let links = render::LinkBase::choose(
                args.link_base.as_deref(),
                args.link_base_before.as_deref(),
                |k| std::env::var(k).ok(),
            );
            render::markdown(out, &report, &links)?;
        }
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
