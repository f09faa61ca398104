//! Checking a whole change set against a contract, and the report that comes back.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use serde::Serialize;

use crate::changeset::{ChangeSet, FileChange};
use crate::check::{
    check_text_until, check_until, unverifiable_or, CheckOptions, Deadline, Status, Unverifiable,
    Violation, ViolationKind,
};
use crate::contract::Contract;
use crate::diff::{LineRange, OutsideChange, SymbolChange};
use crate::source::SourceFile;
use crate::{Error, Language};

/// How a file changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FileChangeKind {
    /// It exists before and after, with other content or mode.
    Modified,
    /// It is new.
    Created,
    /// It is gone.
    Deleted,
    /// It is new, moved here from `old_path`.
    Renamed,
}

/// The answer for one file of a change set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileReport {
    /// Repository-relative path.
    pub path: String,
    /// For a rename: where it came from.
    pub old_path: Option<String>,
    /// How it changed.
    pub change: FileChangeKind,
    /// Allowed, rejected or unverifiable.
    pub status: Status,
    /// Its language, when editscope knows it.
    pub language: Option<Language>,
    /// The parsers an *allowed* answer for this file rests on ([`Language::verified_by`]):
    /// `["tree-sitter", "syn"]` and so on; empty for a file editscope does not parse.
    pub verified_by: &'static [&'static str],
    /// Why it could not be verified.
    pub unverifiable: Option<Unverifiable>,
    /// Symbols that changed, and how.
    pub changes: Vec<SymbolChange>,
    /// Changes outside any symbol.
    pub outside: Vec<OutsideChange>,
}

/// A violation in a file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileViolation {
    /// Repository-relative path.
    pub path: String,
    /// For a working-tree check (`--worktree`) of a file whose staged version (the index)
    /// is not the working tree's: which of the two this violation is about (a plain
    /// `git commit` lands the staged one, `git commit -a` the working tree's). `None` (not
    /// in the JSON) otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<GitVersion>,
    /// What was broken, where.
    #[serde(flatten)]
    pub violation: Violation,
}

/// Which version of a file a working-tree check judged ([`FileViolation::version`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum GitVersion {
    /// The staged version: the index, `HEAD` → index.
    Staged,
    /// The working tree's version, `HEAD` → working tree.
    Worktree,
    /// The committed form of the working tree's version, `HEAD` → what `git add` stores
    /// (git's end-of-line, `ident` and encoding conversions applied), where it differs from
    /// what the working-tree comparison sees.
    Committed,
}

/// The answer for a whole change set.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// Allowed only if every file is allowed; rejected if any file is; otherwise
    /// unverifiable.
    pub status: Status,
    /// Every changed file.
    pub files: Vec<FileReport>,
    /// Every violation, file by file.
    pub violations: Vec<FileViolation>,
    /// Selectors that matched nothing in this change (likely typos), and similar notes.
    pub warnings: Vec<String>,
    /// Symbol selectors that match no file or no symbol, typed, with the nearest names
    /// ([`SelectorWarning`](crate::SelectorWarning); its `no_symbol` messages are in
    /// `warnings` too).
    pub selector_warnings: Vec<crate::SelectorWarning>,
}

impl Report {
    /// Whether the whole change is allowed.
    pub fn is_allowed(&self) -> bool {
        self.status == Status::Allowed
    }

    /// The report as pretty JSON (schema: `schema/report.schema.json`).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// A short text for an LLM agent: what it may change, what it changed that it may not
    /// (each with the changed line, [`Violation::location`]), and to retry touching only
    /// the granted symbols.
    pub fn feedback(&self, contract: &Contract) -> String {
        self.feedback_with(contract, None)
    }

    /// [`Report::feedback`], quoting the changed lines from `changes` (the change this
    /// report is of) under each violation: at most [`FEEDBACK_QUOTED_LINES`] of its first
    /// changed range, `+ 21 | text` for a line of the file after the change, `- 20 | text`
    /// for a line only removed; invisible and bidi characters escaped.
    pub fn feedback_with(&self, contract: &Contract, changes: Option<&ChangeSet>) -> String {
        let mut out = String::new();
        match self.status {
            Status::Allowed => {
                out.push_str("editscope: the change stays inside this task's scope.\n");
                return out;
            }
            Status::Rejected => out.push_str("editscope rejected this change: it modifies code outside what this task may change.\n"),
            Status::Unverifiable => out.push_str("editscope could not verify this change, so it was not applied.\n"),
        }
        let allowed = contract.describe();
        out.push_str("\nYou may change only:\n");
        if allowed.is_empty() {
            out.push_str("  (nothing: this task's contract grants no changes)\n");
        }
        for a in allowed {
            let _ = writeln!(out, "  - {}", crate::bidi::escape_line(&a));
        }
        if !self.violations.is_empty() {
            out.push_str("\nOut of scope in your change:\n");
            for v in &self.violations {
                let at = v
                    .violation
                    .location()
                    .map(|r| {
                        if r.start_line == r.end_line {
                            format!(" (line {})", r.start_line)
                        } else {
                            format!(" (lines {}-{})", r.start_line, r.end_line)
                        }
                    })
                    .unwrap_or_default();
                let path = crate::bidi::escape_line(&v.path);
                let message = crate::bidi::escape_line(&v.violation.message);
                let _ = writeln!(out, "  - {path}{at}: {message}");
                if let Some(f) = changes.and_then(|c| c.files.iter().find(|f| f.path == v.path)) {
                    quote_changed(&mut out, f, &v.violation);
                }
            }
        }
        for f in self.files.iter().filter(|f| f.unverifiable.is_some()) {
            if let Some(reason) = &f.unverifiable {
                let path = crate::bidi::escape_line(&f.path);
                let reason = crate::bidi::escape_line(&reason.to_string()).into_owned();
                let _ = writeln!(out, "  - {path}: cannot be verified: {reason}");
            }
        }
        out.push_str(
            "\nRetry, changing only what is listed above and leaving everything else byte-for-byte as it was \
             (including comments, blank lines, imports and the order of definitions).\n",
        );
        out
    }
}

/// At most this many changed lines of a violation are quoted in [`Report::feedback_with`].
pub const FEEDBACK_QUOTED_LINES: usize = 3;

/// At most this many characters of a quoted line are shown.
const FEEDBACK_LINE_CHARS: usize = 160;

/// The first changed range of `v` quoted from `f`: lines of `after`, else (lines only
/// removed) of `before`.
fn quote_changed(out: &mut String, f: &FileChange, v: &Violation) {
    let c = &v.changed_lines;
    let (text, range, mark) = match (c.after.first(), c.before.first()) {
        (Some(&r), _) => (f.after.as_deref(), r, '+'),
        (None, Some(&r)) => (f.before.as_deref(), r, '-'),
        _ => return,
    };
    let Some(text) = text else { return };
    if f.binary || f.symlink.is_some() {
        return;
    }
    let (start, end) = range;
    let end = end.min(start + FEEDBACK_QUOTED_LINES - 1);
    let width = end.to_string().len();
    if mark == '-' {
        out.push_str("      removed (numbered as in the file before the change):\n");
    }
    for (i, line) in text
        .split('\n')
        .enumerate()
        .skip(start.saturating_sub(1))
        .take(end + 1 - start)
    {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut shown: String = line.chars().take(FEEDBACK_LINE_CHARS).collect();
        if line.chars().count() > FEEDBACK_LINE_CHARS {
            shown.push_str(" ...");
        }
        let shown = crate::bidi::escape_invisible(&shown);
        let _ = writeln!(out, "      {mark} {:>width$} | {shown}", i + 1);
    }
    if range.1 > end {
        let _ = writeln!(out, "      ({} more changed line(s))", range.1 - end);
    }
}

fn file_violation(
    path: &str,
    kind: ViolationKind,
    before: Option<LineRange>,
    after: Option<LineRange>,
    message: String,
) -> FileViolation {
    FileViolation {
        path: path.to_string(),
        version: None,
        violation: Violation {
            changed_lines: Default::default(),
            kind,
            symbol: None,
            symbol_kind: None,
            before,
            after,
            message,
        },
    }
}

/// The line of `after` of an exclusive or reach marker (`.only`, `fit`, an aliased test
/// function, `this.parent` in a test block: `check/focus.rs`) whose key `before` holds fewer
/// times, with its kind, if any; a version that does not parse fails closed.
fn added_exclusive_test(
    language: Language,
    before: Option<&str>,
    after: &str,
    options: &CheckOptions,
) -> Option<(usize, crate::check::MarkerKind)> {
    let markers = |t: &str| {
        SourceFile::parse_with_limits(language, t.to_string(), options.limits)
            .ok()
            .filter(|f| f.syntax_errors().is_empty())
            .map(|f| crate::check::exclusive_markers(&f))
    };
    let old = before.map_or(Some(Vec::new()), markers);
    let line = |byte: usize| after[..byte.min(after.len())].matches('\n').count() + 1;
    match (old, markers(after)) {
        (Some(old), Some(new)) => {
            crate::check::added_marker(&old, &new).map(|m| (line(m.byte), m.kind))
        }
        // Unreadable: fail closed (escapes, aliases and computed members can spell a focus
        // anywhere).
        _ => Some((1, crate::check::MarkerKind::Exclusive)),
    }
}

/// Whether a file of no known language is a script by its look: a `#!` line, or no
/// extension in its name (`bin/tool`).
fn looks_like_script(path: &str, text: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path);
    text.trim_start_matches('\u{feff}').starts_with("#!") || !name.contains('.')
}

/// The line of a comment line that is an `editscope: protect` marker (`# editscope:
/// protect`, `// ...`, `-- ...`, `; ...`, `/* ...`), read from text alone.
fn marker_line_of_unknown(text: &str) -> Option<usize> {
    if !crate::markers::mentions(text) {
        return None;
    }
    text.lines()
        .position(|l| {
            let l = l.trim_start();
            let rest = ["#", "//", "--", ";", "/*", "*", "%", "'", "rem "]
                .iter()
                .find_map(|p| l.strip_prefix(p));
            rest.is_some_and(|r| {
                // As markers are read: the spaces around `:` and ASCII case free.
                let r = r
                    .trim_start_matches(['#', '/', '-', ';', '*', '!', ' ', '\t'])
                    .to_ascii_lowercase();
                r.strip_prefix("editscope")
                    .and_then(|r| r.trim_start().strip_prefix(':'))
                    .is_some_and(|r| r.trim_start().starts_with("protect"))
            })
        })
        .map(|i| i + 1)
}

/// Why a file's `before` may not be deleted or moved for its in-source markers: it holds
/// one, or it mentions `editscope` and cannot be parsed to tell.
fn marked_file(
    language: Option<Language>,
    fc: &FileChange,
    options: &CheckOptions,
    deadline: &Deadline,
) -> Option<String> {
    let before = fc.before.as_deref()?;
    let language = language?;
    if fc.binary || fc.is_link_before() || !crate::markers::mentions(before) {
        return None;
    }
    match crate::memo::parse_until(language, before, options.limits, None, deadline.instant()) {
        Ok(f) => f.markers().first().map(|m| {
            format!(
                "holds an `editscope: protect` marker (line {})",
                m.comment.start_line
            )
        }),
        Err(_) => Some(
            "mentions `editscope` and could not be parsed to tell whether it holds a marker".into(),
        ),
    }
}

fn whole(text: Option<&str>) -> Option<LineRange> {
    let t = text?;
    if t.is_empty() {
        return None;
    }
    Some(LineRange {
        start_line: 1,
        end_line: t.lines().count().max(1),
    })
}

/// Checks every file of `changes` against `contract`.
///
/// Everything the contract does not grant is frozen: another file changed, a file created,
/// deleted or renamed without a grant, a mode change, a binary change. Files editscope can
/// parse are checked symbol by symbol ([`check_text`](crate::check_text)). An error means the contract does not
/// fit the files (a literal selector naming no symbol).
///
/// ```
/// use editscope::{check_changes, ChangeSet, Contract, Status};
/// let contract = Contract::from_toml(r#"body = ["app.py::f"]"#)?;
/// let before = "def f():\n    return 1\n\ndef g():\n    return 2\n";
/// let after = "def f():\n    return 10\n\ndef g():\n    return 2\n";
/// let changes = ChangeSet::from_memory([("app.py", Some(before.to_string()), Some(after.to_string()))]).unwrap();
/// assert_eq!(check_changes(&contract, &changes)?.status, Status::Allowed);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn check_changes(contract: &Contract, changes: &ChangeSet) -> Result<Report, Error> {
    check_changes_with(contract, changes, &CheckChangesOptions::default())
}

/// What [`check_changes_with`] takes besides the contract and the change.
#[derive(Debug, Clone, Default)]
pub struct CheckChangesOptions {
    /// Root-relative paths of contract files in use under another name (`--contract FILE`,
    /// `$EDITSCOPE_CONTRACT`). A change to any of them, as to any `.editscope.toml`, is a
    /// [`ViolationKind::ContractChanged`] whatever the contract grants.
    pub protected: Vec<String>,
    /// A time budget other than the contract's (`budget_ms`, default
    /// [`CheckOptions::DEFAULT_BUDGET`]), such as the command line's `--budget-ms`. The
    /// budget covers the whole change set; the files not checked when it runs out are
    /// unverifiable ([`Unverifiable::BudgetExceeded`]), so the report is never allowed.
    pub budget: Option<std::time::Duration>,
    /// Baselines kept parsed across checks ([`WarmCache`](crate::WarmCache)): a file whose
    /// `before` the cache holds is not parsed again, and its `after` is parsed incrementally
    /// from the version parsed last. The verdicts are those of a check without it.
    pub warm: Option<std::sync::Arc<crate::WarmCache>>,
    /// How many files to check at once (threads; `None`: [`crate::par::jobs`], that is
    /// `$EDITSCOPE_JOBS` or the available parallelism). The report is the same whatever the
    /// number: files are reported in the change set's order.
    pub jobs: Option<usize>,
    /// Files known to exist besides the change's (the CLI: the repository's tracked files):
    /// a selector whose file part matches none of them nor the change's is a `no_file`
    /// [`SelectorWarning`](crate::SelectorWarning). `None`: no `no_file` warnings.
    pub known_files: Option<Vec<String>>,
    /// Selector warnings are an [`Error::UnmatchedSelector`] instead (`check --strict`).
    pub strict: bool,
}

/// [`check_changes`] with further contract files to protect and a budget of the caller's
/// ([`CheckChangesOptions`]).
pub fn check_changes_with(
    contract: &Contract,
    changes: &ChangeSet,
    with: &CheckChangesOptions,
) -> Result<Report, Error> {
    check_changes_inner(contract, changes, with, true)
}

/// [`check_changes_with`]; without `selector_warnings`, the selectors that match nothing are
/// not looked for (`editscope scope` runs the check many times per file and reads only
/// its verdict and violations; looking for them parses the file again).
pub(crate) fn check_changes_inner(
    contract: &Contract,
    changes: &ChangeSet,
    with: &CheckChangesOptions,
    selector_warnings: bool,
) -> Result<Report, Error> {
    let links: std::collections::BTreeMap<&str, Option<&str>> = changes
        .files
        .iter()
        .map(|f| {
            let target = if f.is_link_after() {
                f.after.as_deref()
            } else {
                None
            };
            (f.path.as_str(), target)
        })
        .collect();
    let lookup = |p: &str| links.get(p).copied().flatten().map(str::to_string);
    let ctx = Context {
        warm: with.warm.as_deref(),
        protected: &with.protected,
        lookup: &lookup,
        link_targets: &changes.link_targets,
    };
    let budget = with.budget;
    let options = CheckOptions {
        formatting: contract.formatting(),
        allow_syntax_errors: contract.spec().allow_syntax_errors,
        budget: budget.unwrap_or_else(|| contract.budget()),
        allow_bidi: contract.spec().allow_bidi,
        ..CheckOptions::default()
    };
    let deadline = Deadline::start(options.budget);
    let mut files = Vec::new();
    let mut violations = Vec::new();
    let mut used: BTreeSet<String> = BTreeSet::new();
    // Files on several threads, results in the change set's order (the first error in that
    // order is the answer, as in a sequential loop).
    // A working tree's staged versions (`index_versions`) are judged after its files.
    // Then the committed forms (`committed_versions`).
    let all: std::borrow::Cow<'_, [FileChange]> =
        if changes.index_versions.is_empty() && changes.committed_versions.is_empty() {
            std::borrow::Cow::Borrowed(&changes.files)
        } else {
            std::borrow::Cow::Owned(
                changes
                    .files
                    .iter()
                    .chain(&changes.index_versions)
                    .chain(&changes.committed_versions)
                    .cloned()
                    .collect(),
            )
        };
    let staged_from = changes.files.len();
    let committed_from = staged_from + changes.index_versions.len();
    let checked = crate::par::map(&all, crate::par::jobs(with.jobs), |fc| {
        let mut used = BTreeSet::new();
        let mut notes = Vec::new();
        check_file(
            contract, fc, &options, &deadline, &mut used, &mut notes, &ctx,
        )
        .map(|(r, mut v)| {
            // File-level violations (the check fills its own): the changed lines of the file.
            crate::ChangedLines::fill(
                v.iter_mut().map(|v| &mut v.violation),
                fc.before.as_deref(),
                fc.after.as_deref(),
            );
            ((r, v), (used, notes))
        })
    });
    let mut marker_notes = Vec::new();
    // The paths judged in two versions (working tree and index).
    let two: BTreeSet<&str> = changes
        .index_versions
        .iter()
        .chain(&changes.committed_versions)
        .map(|f| f.path.as_str())
        .collect();
    for (i, c) in checked.into_iter().enumerate() {
        let ((report, mut v), (mut u, mut n)) = c?;
        let path = all[i].path.as_str();
        let version = if i >= committed_from {
            Some(GitVersion::Committed)
        } else if i >= staged_from || changes.staged_in_place.contains(path) {
            Some(GitVersion::Staged)
        } else if two.contains(path) {
            Some(GitVersion::Worktree)
        } else {
            None
        };
        for v in &mut v {
            v.version = version;
            if version == Some(GitVersion::Staged) {
                v.violation.message =
                    format!("staged version (in the index): {}", v.violation.message);
            } else if version == Some(GitVersion::Committed) {
                v.violation.message = format!(
                    "committed form (what `git commit -a` stores after git's conversions): {}",
                    v.violation.message
                );
            }
        }
        files.push(report);
        violations.append(&mut v);
        used.append(&mut u);
        marker_notes.append(&mut n);
    }
    let status = if files.iter().any(|f| f.status == Status::Rejected) {
        Status::Rejected
    } else if files.iter().any(|f| f.status == Status::Unverifiable) {
        Status::Unverifiable
    } else {
        Status::Allowed
    };
    let mut warnings = changes.notes.clone();
    warnings.append(&mut marker_notes);
    let unverifiable: BTreeSet<&str> = files
        .iter()
        .filter(|f| f.status == Status::Unverifiable)
        .map(|f| f.path.as_str())
        .collect();
    let selector_warnings = if selector_warnings {
        crate::unmatched::selector_warnings(
            contract,
            changes,
            &used,
            with.known_files.as_deref(),
            &unverifiable,
        )
    } else {
        Vec::new()
    };
    if with.strict {
        if let Some(e) = crate::SelectorWarning::strict_error(&selector_warnings) {
            return Err(e);
        }
    }
    warnings.extend(
        selector_warnings
            .iter()
            .filter(|w| w.kind == crate::SelectorWarningKind::NoSymbol)
            .map(|w| w.message.clone()),
    );
    Ok(Report {
        status,
        files,
        violations,
        warnings,
        selector_warnings,
    })
}

/// A parsed `before`: kept in a [`WarmCache`](crate::WarmCache), or parsed for this check.
enum Warm {
    Kept(std::sync::Arc<crate::WarmFile>),
    Cold(std::sync::Arc<SourceFile>),
}

impl Warm {
    fn file(&self) -> &SourceFile {
        match self {
            Warm::Kept(w) => w.baseline(),
            Warm::Cold(f) => f,
        }
    }
}

/// What the check of one file needs to know of the others.
struct Context<'a> {
    /// Baselines kept parsed across checks.
    warm: Option<&'a crate::WarmCache>,
    /// Contract files in use under other names.
    protected: &'a [String],
    /// The target of a path the change set makes a symlink.
    lookup: &'a (dyn Fn(&str) -> Option<String> + Sync),
    /// Where the source resolved each link, through the links already there.
    link_targets: &'a std::collections::BTreeMap<String, String>,
}

/// Whether `path` is an editscope contract file: named `.editscope.toml` (in any case: a
/// case-insensitive file system finds it under any), or one of `protected`.
pub(crate) fn is_contract_path(path: &str, protected: &[String]) -> bool {
    path.rsplit('/')
        .next()
        .is_some_and(|name| name.eq_ignore_ascii_case(".editscope.toml"))
        || protected.iter().any(|p| p == path)
}

/// Why the root-relative `path` is never granted besides a contract: it configures
/// editscope's own enforcement (an agent host's hook settings, an MCP client configuration,
/// git configuration or a shell startup file; [`crate::tool_call::protected_path`], the
/// rule every tool call obeys), so a change to it could switch the check off.
pub(crate) fn governs_editscope(path: &str) -> Option<&'static str> {
    crate::tool_call::protected_path(std::path::Path::new(path))
}

fn check_file(
    contract: &Contract,
    fc: &FileChange,
    options: &CheckOptions,
    deadline: &Deadline,
    used: &mut BTreeSet<String>,
    notes: &mut Vec<String>,
    ctx: &Context<'_>,
) -> Result<(FileReport, Vec<FileViolation>), Error> {
    let path = fc.path.as_str();
    let rules = contract.rules(path);
    // By name, else (a script without a known extension) by its `#!` line, as the kernel
    // runs it: `before`'s, so that a changed `#!` line cannot hide its markers.
    let language = Language::from_path(path).or_else(|| {
        fc.before
            .as_deref()
            .or(fc.after.as_deref())
            .filter(|_| !fc.binary)
            .and_then(Language::from_shebang)
    });
    let change = match (&fc.before, &fc.after, &fc.old_path) {
        (_, Some(_), Some(_)) => FileChangeKind::Renamed,
        (None, Some(_), None) => FileChangeKind::Created,
        (Some(_), None, _) => FileChangeKind::Deleted,
        _ => FileChangeKind::Modified,
    };
    let mut report = FileReport {
        path: path.to_string(),
        old_path: fc.old_path.clone(),
        change,
        status: Status::Allowed,
        language,
        verified_by: language.map_or(&[], Language::verified_by),
        unverifiable: None,
        changes: vec![],
        outside: vec![],
    };
    let mut violations = Vec::new();
    let mut reject = |report: &mut FileReport, v: FileViolation| {
        report.status = Status::Rejected;
        violations.push(v);
    };
    // A task's contract is never part of the task: an agent must not loosen its own scope.
    let paths = [Some(path), fc.old_path.as_deref()];
    let contract_path = paths
        .into_iter()
        .flatten()
        .find(|p| is_contract_path(p, ctx.protected));
    if let Some(cpath) = contract_path {
        let how = match (change, &fc.old_path) {
            (_, Some(old)) if old == cpath => format!("was moved to `{path}`"),
            (_, Some(old)) => format!("was created by moving `{old}` there"),
            _ if fc.is_link_after() || fc.is_link_before() => {
                "was replaced by or with a symlink".into()
            }
            (FileChangeKind::Created, _) => "was created".into(),
            (FileChangeKind::Deleted, _) => "was deleted".into(),
            _ if fc.before == fc.after && fc.mode_change.is_some() => "had its mode changed".into(),
            _ => "was edited".into(),
        };
        reject(
            &mut report,
            file_violation(
                path,
                ViolationKind::ContractChanged,
                None,
                None,
                format!("the contract file `{cpath}` {how}; changes to a contract are never granted (change it outside the task, and commit it first)"),
            ),
        );
        return Ok((report, violations));
    }
    // Nor are the files that install editscope (an agent host's hook settings, MCP client
    // configurations, git configuration, shell startup files): whatever `files` grants, an
    // agent must not rewire the check that judges it.
    if let Some((p, why)) = paths
        .into_iter()
        .flatten()
        .find_map(|p| governs_editscope(p).map(|why| (p, why)))
    {
        let how = match change {
            _ if fc.is_link_after() || fc.is_link_before() => "was replaced by or with a symlink",
            FileChangeKind::Created => "was created",
            FileChangeKind::Deleted => "was deleted",
            _ if fc.old_path.is_some() => "was moved",
            _ if fc.before == fc.after && fc.mode_change.is_some() => "had its mode changed",
            _ => "was edited",
        };
        reject(
            &mut report,
            file_violation(
                path,
                ViolationKind::ContractChanged,
                None,
                None,
                format!("`{p}` {how}: {why}; it is never granted, whatever `files` says (change it outside the task)"),
            ),
        );
        return Ok((report, violations));
    }
    // Protect wins over every grant: a protected file may not change in any way.
    if let Some(p) = paths
        .into_iter()
        .flatten()
        .find(|p| contract.is_protected_file(p))
    {
        reject(
            &mut report,
            file_violation(
                path,
                ViolationKind::Protected,
                None,
                None,
                format!("`{p}` is protected by the contract (`protect`); it may not be edited, deleted, renamed or have its mode changed"),
            ),
        );
        return Ok((report, violations));
    }
    // A file that may hold a protected symbol may not be deleted, nor moved away.
    let moved_away = fc.old_path.as_deref().filter(|o| *o != path);
    if let Some(p) = moved_away
        .or(fc.after.is_none().then_some(path))
        .filter(|p| contract.has_protected_symbols(p))
    {
        reject(
            &mut report,
            file_violation(
                path,
                ViolationKind::Protected,
                None,
                None,
                format!("`{p}` may hold a symbol the contract protects (`protect`); it may not be deleted or moved"),
            ),
        );
        return Ok((report, violations));
    }
    // Nor one that holds an in-source marker (`editscope: protect`, read from `before`).
    if moved_away.is_some() || fc.after.is_none() {
        if let Some(reason) = marked_file(
            Language::from_path(moved_away.unwrap_or(path)).or(language),
            fc,
            options,
            deadline,
        ) {
            reject(
                &mut report,
                file_violation(
                    path,
                    ViolationKind::Protected,
                    whole(fc.before.as_deref()),
                    None,
                    format!(
                        "`{}` {reason}; it may not be deleted or moved",
                        moved_away.unwrap_or(path)
                    ),
                ),
            );
            return Ok((report, violations));
        }
    }
    // A file created with a symbol a `protect` selector names: nothing granted the name
    // (and where the baseline is unknown, an ignored file a working-tree check includes,
    // the symbol may well have been there); one that does not parse cannot be cleared.
    if let (None, Some(after), None, Some(lang)) =
        (&fc.before, fc.after.as_deref(), &fc.old_path, language)
    {
        if contract.has_protected_symbols(path) && !fc.binary && !fc.is_link_after() {
            let named = match SourceFile::parse(lang, after.to_string()) {
                Ok(parsed) => {
                    let (names, _) = contract.protected_in(path, &parsed);
                    (!names.is_empty()).then(|| {
                        format!(
                            "the created file `{path}` defines `{}`, which the contract protects (`protect`); a protected symbol may not be created",
                            names.into_iter().collect::<Vec<_>>().join("`, `")
                        )
                    })
                }
                Err(_) => Some(format!(
                    "the created file `{path}` may hold a symbol the contract protects (`protect`) and cannot be parsed"
                )),
            };
            if let Some(message) = named {
                reject(
                    &mut report,
                    file_violation(path, ViolationKind::Protected, None, None, message),
                );
                return Ok((report, violations));
            }
        }
    }
    // Nor is git's own data: a `.git` file or directory anywhere changes what git (and
    // contract discovery) see.
    let touches_git = paths
        .into_iter()
        .flatten()
        .any(|p| p.split('/').any(|c| c.eq_ignore_ascii_case(".git")));
    if touches_git {
        reject(
            &mut report,
            file_violation(
                path,
                ViolationKind::FileChanged,
                None,
                None,
                format!("`{path}` is git's own data (`.git`); no contract grants changes to it"),
            ),
        );
        return Ok((report, violations));
    }
    // Bidirectional controls the change adds, in any file (created, free, not source code
    // too); the symbol check below is told not to report them again.
    if !options.allow_bidi {
        // A new name with a bidi control displays as another name (`x\u{202E}yp.exe`).
        let new_name = matches!(change, FileChangeKind::Created | FileChangeKind::Renamed);
        if new_name && path.chars().any(crate::bidi::is_bidi_control) {
            reject(
                &mut report,
                file_violation(
                    path,
                    ViolationKind::BidiControl,
                    None,
                    None,
                    format!(
                        "the new file name `{}` contains a bidirectional control character, which makes it display as another name",
                        crate::bidi::escape_invisible(path)
                    ),
                ),
            );
        }
        if let Some(after) = fc.after.as_deref() {
            for found in crate::bidi::added_in(language, fc.before.as_deref().unwrap_or(""), after)
            {
                let line = LineRange {
                    start_line: found.line,
                    end_line: found.line,
                };
                reject(
                    &mut report,
                    file_violation(
                        path,
                        ViolationKind::BidiControl,
                        None,
                        Some(line),
                        crate::bidi::message(&found),
                    ),
                );
            }
        }
    }
    let options = &CheckOptions {
        allow_bidi: true,
        ..*options
    };
    // A symlink is not text to check: creating or changing one needs a `files` grant that
    // names it, and one that leads out of the root is never granted.
    if fc.is_link_after() {
        let target = fc.after.as_deref().unwrap_or_default();
        let resolved = crate::changeset::resolve_link(path, target, ctx.lookup);
        let outside = fc.symlink.is_some_and(|l| l.escapes) || resolved.is_none();
        // Nor to the root itself, into git's data or to a contract: a write through the link
        // would change them.
        // Both where it leads lexically (through the change's own links) and where the
        // source found it leads through the links already in the tree.
        let guard = |r: &str| {
            r.is_empty()
                || r.split('/').any(|c| c.eq_ignore_ascii_case(".git"))
                || is_contract_path(r, ctx.protected)
                || governs_editscope(r).is_some()
        };
        let guarded = resolved.as_deref().is_some_and(guard)
            || ctx.link_targets.get(path).is_some_and(|r| guard(r));
        let what = if fc.is_link_before() {
            format!("the symlink `{path}` now points to `{target}`")
        } else if fc.before.is_some() {
            format!("`{path}` was replaced by a symlink to `{target}`")
        } else {
            format!("the symlink `{path}` -> `{target}` was created")
        };
        if outside {
            reject(
                &mut report,
                file_violation(
                    path,
                    ViolationKind::SymlinkOutside,
                    None,
                    None,
                    format!("{what}, which resolves outside the root; no contract grants that"),
                ),
            );
        } else if guarded {
            reject(
                &mut report,
                file_violation(
                    path,
                    ViolationKind::SymlinkOutside,
                    None,
                    None,
                    format!("{what}, which leads to the root itself, into git's data or to a contract; no contract grants that"),
                ),
            );
        } else if !rules.free {
            reject(
                &mut report,
                file_violation(
                    path,
                    ViolationKind::SymlinkChanged,
                    None,
                    None,
                    format!("{what}, but symlinks are allowed only by a `files` grant naming them"),
                ),
            );
        }
        return Ok((report, violations));
    }
    if fc.is_link_before() && fc.after.is_some() {
        if !rules.free {
            reject(
                &mut report,
                file_violation(
                    path,
                    ViolationKind::SymlinkChanged,
                    None,
                    whole(fc.after.as_deref()),
                    format!("the symlink `{path}` was replaced by a regular file, but that is allowed only by a `files` grant naming it"),
                ),
            );
        }
        return Ok((report, violations));
    }
    if let Some((old, new)) = &fc.mode_change {
        if !rules.free {
            reject(
                &mut report,
                file_violation(
                    path,
                    ViolationKind::ModeChanged,
                    None,
                    None,
                    format!(
                        "the file mode changed from {old} to {new}; mode changes are not granted"
                    ),
                ),
            );
        }
    }
    // An added exclusive test (`it.only`) changes which tests of every file run (mocha:
    // the whole run): in a created or `files`-granted JavaScript / TypeScript file too,
    // which the symbol check below does not read (it sees the others itself).
    let free_unread = rules.free && !fc.before.as_deref().is_some_and(crate::markers::mentions);
    if let (Some(lang), Some(after), false) = (language, fc.after.as_deref(), fc.binary) {
        let unread = matches!(change, FileChangeKind::Created | FileChangeKind::Renamed)
            || (change == FileChangeKind::Modified && free_unread);
        if unread && lang.is_ecmascript() {
            if let Some((line, kind)) =
                added_exclusive_test(lang, fc.before.as_deref(), after, options)
            {
                let v = crate::check::marker_violation(kind, line);
                reject(
                    &mut report,
                    file_violation(path, v.kind, None, v.after, v.message),
                );
            }
        }
    }
    // A changed script whose language editscope cannot read that holds a marker line: the
    // marked definition cannot be found, so nothing may pass as unchanged (fail closed,
    // `files` grants included).
    if language.is_none() && change == FileChangeKind::Modified && !fc.binary {
        if let (Some(b), Some(a)) = (fc.before.as_deref(), fc.after.as_deref()) {
            if b != a && looks_like_script(path, b) {
                if let Some(line) = marker_line_of_unknown(b) {
                    reject(
                        &mut report,
                        file_violation(
                            path,
                            ViolationKind::FileChanged,
                            whole(Some(b)),
                            whole(Some(a)),
                            format!("`{path}` holds an `editscope: protect` marker (line {line}), but editscope cannot tell its language (no known extension, no `#!` line it reads), so it cannot tell whether the marked definition changed; name the file with its language's extension, or remove the marker in a commit of its own"),
                        ),
                    );
                    return Ok((report, violations));
                }
            }
        }
    }
    match change {
        FileChangeKind::Created | FileChangeKind::Renamed => {
            if !rules.create {
                let what = match &fc.old_path {
                    Some(old) => format!("the file was moved here from `{old}`, but creating `{path}` is not granted (`create` or `files`)"),
                    None => format!("the file `{path}` was created, but creating files there is not granted (`create` or `files`){}", python_runtime_hint(path)),
                };
                let kind = if fc.old_path.is_some() {
                    ViolationKind::FileRenamed
                } else {
                    ViolationKind::FileCreated
                };
                reject(
                    &mut report,
                    file_violation(path, kind, None, whole(fc.after.as_deref()), what),
                );
            }
            return Ok((report, violations));
        }
        FileChangeKind::Deleted => {
            if !rules.delete {
                reject(
                    &mut report,
                    file_violation(path, ViolationKind::FileDeleted, whole(fc.before.as_deref()), None, format!("the file `{path}` was deleted, but deleting it is not granted (`delete`)")),
                );
            }
            return Ok((report, violations));
        }
        FileChangeKind::Modified => {}
    }
    // A free file (`files`, a protect-only contract) is still checked symbol by symbol when
    // its `before` may hold a marker.
    let may_mark = language.is_some()
        && !fc.binary
        && fc.before.as_deref().is_some_and(crate::markers::mentions);
    if rules.free && !may_mark {
        return Ok((report, violations));
    }
    if fc.binary {
        reject(&mut report, file_violation(path, ViolationKind::BinaryChanged, None, None, format!("a binary change (or a submodule) that editscope cannot inspect; grant the file in `files`{}", python_runtime_hint(path))));
        return Ok((report, violations));
    }
    let (Some(before), Some(after)) = (&fc.before, &fc.after) else {
        return Ok((report, violations));
    };
    if before == after {
        return Ok((report, violations));
    }
    let Some(language) = language else {
        if rules.has_symbol_grants {
            return Err(Error::UndetectedLanguage {
                path: path.to_string(),
            });
        }
        reject(
            &mut report,
            file_violation(
                path,
                ViolationKind::FileChanged,
                whole(Some(before)),
                whole(Some(after)),
                format!(
                    "the file `{path}` changed, but it is not granted (grant it in `files`){}",
                    python_runtime_hint(path)
                ),
            ),
        );
        return Ok((report, violations));
    };
    let unverifiable = |report: &mut FileReport, reason: Unverifiable| {
        // A violation already found (a mode change, a bidi control) keeps it rejected.
        if report.status != Status::Rejected {
            report.status = Status::Unverifiable;
        }
        report.unverifiable = Some(reason);
    };
    if deadline.exceeded() {
        unverifiable(&mut report, Unverifiable::spent(deadline));
        return Ok((report, violations));
    }
    // Kept warm by the caller's cache, else through the memo of a long-lived process
    // (`crate::memo`, when it is on).
    let parsed_before = match ctx.warm {
        Some(cache) => cache
            .get(path, language, before, options.limits, deadline.instant())
            .map(Warm::Kept),
        None => {
            crate::memo::parse_until(language, before, options.limits, None, deadline.instant())
                .map(Warm::Cold)
        }
    };
    let parsed_before = match parsed_before {
        Ok(f) => f,
        Err(e) => {
            if let Some(reason) = unverifiable_or(e, deadline)?.unverifiable {
                unverifiable(&mut report, reason);
            }
            return Ok((report, violations));
        }
    };
    let marks = parsed_before.file().markers();
    for m in marks.iter().filter(|m| m.symbols.is_empty()) {
        notes.push(format!(
            "{path}:{}: the `editscope: protect` marker attaches to no definition (put it directly above one, with no blank line between); the comment itself may not change",
            m.comment.start_line
        ));
    }
    for n in parsed_before.file().marker_near_misses() {
        notes.push(format!(
            "{path}:{}: `editscope: {}` is not a marker and protects nothing (the marker is `editscope: protect`)",
            n.comment.start_line, n.word
        ));
    }
    if rules.free && marks.is_empty() {
        return Ok((report, violations));
    }
    let grants = if parsed_before.file().syntax_errors().is_empty() || options.allow_syntax_errors {
        let (grants, hits) = contract
            .grants_for(path, parsed_before.file())
            .map_err(|e| e.in_file(path))?;
        used.extend(hits);
        grants
    } else {
        // tree-sitter errors: the grants still apply where the second parser lets the file be
        // checked (crate docs, "Two parsers"); a selector the errors hide is unverifiable.
        match contract.grants_for(path, parsed_before.file()) {
            Ok((grants, hits)) => {
                used.extend(hits);
                grants
            }
            Err(_) => {
                unverifiable(
                    &mut report,
                    Unverifiable::BeforeHasSyntaxErrors {
                        errors: parsed_before.file().syntax_errors().to_vec(),
                    },
                );
                return Ok((report, violations));
            }
        }
    };
    // `after` parsed incrementally from `before`, which is parsed once.
    let parsed_after = match &parsed_before {
        Warm::Kept(w) => w.parse_until(after, options.limits, deadline.instant()),
        Warm::Cold(b) => {
            crate::memo::parse_until(language, after, options.limits, Some(b), deadline.instant())
        }
    };
    let parsed_after = parsed_after.ok();
    let verdict = match &parsed_after {
        Some(parsed_after) => check_until(
            parsed_before.file(),
            parsed_after,
            &grants,
            options,
            deadline,
        ),
        None => check_text_until(language, before, after, &grants, options, deadline),
    }
    .map_err(|e| match e {
        // Name the file too: `grant body src/app.py::MAX` rather than `grant body MAX`.
        Error::InvalidGrant {
            level,
            path: symbol,
            reason,
        } => Error::InvalidGrant {
            level,
            path: format!("{path}::{symbol}"),
            reason,
        },
        // Any other error names the file too.
        e => e.in_file(path),
    })?;
    let mut verdict = verdict;
    // `protected` holds the symbols the markers protect too (`Contract::protected_in`).
    let (protected, _) = contract.protected_in(path, parsed_before.file());
    if (!protected.is_empty() || !marks.is_empty()) && verdict.status != Status::Unverifiable {
        // The `after` the check parsed; parsed again only where that parse failed.
        let reparsed;
        let parsed = match &parsed_after {
            Some(p) => Ok(&**p),
            None => {
                reparsed =
                    SourceFile::parse_with_limits(language, after.to_string(), options.limits);
                reparsed.as_ref().map_err(|_| ())
            }
        };
        match parsed {
            Ok(parsed) => {
                protect_check(parsed_before.file(), parsed, &protected, &mut verdict);
                marker_check(parsed_before.file(), parsed, &mut verdict);
            }
            Err(()) => {
                verdict.status = Status::Unverifiable;
                verdict.unverifiable = Some(Unverifiable::ParseFailed);
            }
        }
    }
    // Markers read from a `before` with syntax errors may sit where the tree is wrong.
    if !marks.is_empty()
        && !parsed_before.file().syntax_errors().is_empty()
        && verdict.status == Status::Allowed
    {
        verdict.status = Status::Unverifiable;
        verdict.unverifiable = Some(Unverifiable::BeforeHasSyntaxErrors {
            errors: parsed_before.file().syntax_errors().to_vec(),
        });
    }
    // A file-level violation already found (a mode change) keeps the file rejected.
    if report.status != Status::Rejected {
        report.status = verdict.status;
    }
    report.unverifiable = verdict.unverifiable;
    report.changes = verdict.changes;
    report.outside = verdict.outside;
    violations.extend(verdict.violations.into_iter().map(|v| FileViolation {
        path: path.to_string(),
        version: None,
        violation: v,
    }));
    Ok((report, violations))
}

/// Protect wins: every violation on a protected symbol (or inside one) becomes
/// [`ViolationKind::Protected`], and each protected symbol's whole extent must be in `after`
/// byte for byte, exactly once, whatever the grants allowed (a `body` grant on its class).
fn protect_check(
    before: &SourceFile,
    after: &SourceFile,
    protected: &BTreeSet<String>,
    verdict: &mut crate::check::Verdict,
) {
    let covered = |file: &SourceFile, name: &str| {
        // The symbol `name` names, or one of its ancestors, is protected.
        let symbols = file.symbols();
        symbols
            .iter()
            .enumerate()
            .filter(|(_, s)| s.matches(name))
            .any(|(i, _)| {
                let mut at = Some(i);
                while let Some(j) = at {
                    if protected.contains(&symbols[j].path) {
                        return true;
                    }
                    at = symbols[j].parent;
                }
                false
            })
    };
    for v in &mut verdict.violations {
        if v.symbol
            .as_deref()
            .is_some_and(|s| covered(before, s) || covered(after, s))
        {
            v.kind = ViolationKind::Protected;
            let by = match v.symbol.as_deref().and_then(|s| marker_line(before, s)) {
                Some(line) => format!("an `editscope: protect` marker (line {line})"),
                None => "the contract's `protect`".into(),
            };
            v.message = format!("{} (the symbol is protected by {by})", v.message);
        }
    }
    for name in protected {
        let olds: Vec<&crate::Symbol> = before
            .symbols()
            .iter()
            .filter(|s| &s.path == name)
            .collect();
        let news: Vec<&crate::Symbol> =
            after.symbols().iter().filter(|s| &s.path == name).collect();
        let text = |f: &SourceFile, s: &crate::Symbol| {
            f.text()[s.extent.start_byte..s.extent.end_byte].to_string()
        };
        let old_texts: Vec<String> = olds.iter().map(|s| text(before, s)).collect();
        let new_texts: Vec<String> = news.iter().map(|s| text(after, s)).collect();
        let how = if news.is_empty() {
            Some("was removed or renamed")
        } else if news.len() > olds.len() {
            Some("was redefined")
        } else if old_texts != new_texts {
            Some("was changed")
        } else {
            None
        };
        if let Some(how) = how {
            let already = verdict
                .violations
                .iter()
                .any(|v| v.kind == ViolationKind::Protected && v.symbol.as_deref() == Some(name));
            if !already {
                verdict.violations.push(Violation {
                    kind: ViolationKind::Protected,
                    symbol: Some(name.clone()),
                    symbol_kind: olds.first().map(|s| s.kind),
                    before: olds.first().map(|s| s.extent.into()),
                    after: news.first().map(|s| s.extent.into()),
                    message: match marker_line(before, name) {
                        Some(line) => format!("`{name}` {how}, but an `editscope: protect` marker (line {line}) protects it (markers win over every grant)"),
                        None => format!("`{name}` {how}, but the contract protects it (`protect` wins over every grant)"),
                    },
                    // Filled from `before`/`after` with the file's texts by the caller.
                    changed_lines: Default::default(),
                });
            }
            verdict.status = Status::Rejected;
            verdict.unverifiable = None;
        }
    }
}

/// The line of the first `before` marker that protects the symbol at `path`.
fn marker_line(before: &SourceFile, path: &str) -> Option<usize> {
    let markers = before.markers();
    if markers.is_empty() {
        return None;
    }
    let symbols = before.symbols();
    // The marker on the symbol itself, else on its nearest marked ancestor (a member of a
    // marked class).
    symbols
        .iter()
        .enumerate()
        .filter(|(_, s)| s.matches(path))
        .find_map(|(i, _)| {
            let mut at = Some(i);
            while let Some(j) = at {
                if let Some(m) = markers.iter().find(|m| m.targets.contains(&j)) {
                    return Some(m.comment.start_line);
                }
                at = symbols[j].parent;
            }
            None
        })
}

/// A marker may not be removed, moved or changed: each marker of `before` must be in `after`
/// protecting the same symbols, with the same text from the marker to the end of what it
/// protects (a dangling marker: the same comment text).
fn marker_check(before: &SourceFile, after: &SourceFile, verdict: &mut crate::check::Verdict) {
    let text = |f: &SourceFile, m: &crate::Marker| f.text()[m.region.clone()].to_string();
    let mut taken = vec![false; after.markers().len()];
    for m in before.markers() {
        let old = text(before, m);
        let found = after
            .markers()
            .iter()
            .enumerate()
            .position(|(i, n)| !taken[i] && n.symbols == m.symbols && text(after, n) == old);
        if let Some(i) = found {
            taken[i] = true;
            continue;
        }
        let symbol = m.symbols.first().cloned();
        // The symbol's own violation (changed, removed) already says it.
        let already = verdict
            .violations
            .iter()
            .any(|v| v.kind == ViolationKind::Protected && symbol.is_some() && v.symbol == symbol);
        if already {
            verdict.status = Status::Rejected;
            verdict.unverifiable = None;
            continue;
        }
        let what = match &symbol {
            Some(_) => format!(
                "the `editscope: protect` marker on `{}` (line {}) was removed, moved or changed, or the text between it and the definition changed",
                m.symbols.join("`, `"),
                m.comment.start_line
            ),
            None => format!(
                "the `editscope: protect` marker at line {} (it attaches to no definition) was removed or changed",
                m.comment.start_line
            ),
        };
        verdict.violations.push(Violation {
            kind: ViolationKind::Protected,
            symbol,
            symbol_kind: m.targets.first().map(|&i| before.symbols()[i].kind),
            before: Some(LineRange {
                start_line: m.comment.start_line,
                end_line: m.comment.end_line,
            }),
            after: None,
            message: format!("{what}; markers may not be removed or moved"),
            changed_lines: Default::default(),
        });
        verdict.status = Status::Rejected;
        verdict.unverifiable = None;
    }
}

/// What to do about a file the Python interpreter runs in place of, or before, the
/// project's sources (bytecode, `.pth`, `sitecustomize.py`, `usercustomize.py`), which counts
/// even when git ignores it: appended to its violation's message (empty for other files).
pub(crate) fn python_runtime_hint(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
    if name.ends_with(".pyc") || name.ends_with(".pyo") {
        "; Python bytecode counts even when git ignores it (the interpreter may run it instead of the source): delete it (`find . -name __pycache__ -prune -exec rm -rf {} +`) and run the agent and its tests with `PYTHONDONTWRITEBYTECODE=1` (`editscope init claude-code` sets it), or grant `files = [\"**/__pycache__/**\"]` knowingly"
    } else if name.ends_with(".pth") || name == "sitecustomize.py" || name == "usercustomize.py" {
        "; Python runs this file at startup, so it counts even when git ignores it: delete it, or grant it in `files` knowingly"
    } else {
        ""
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_runtime_files_say_what_to_do() {
        for p in [
            "__pycache__/m.cpython-312.pyc",
            "pkg/__pycache__/M.PYC",
            "m.pyo",
        ] {
            assert!(
                python_runtime_hint(p).contains("PYTHONDONTWRITEBYTECODE=1"),
                "{p}"
            );
        }
        for p in ["evil.pth", "pkg/sitecustomize.py", "usercustomize.py"] {
            assert!(python_runtime_hint(p).contains("at startup"), "{p}");
        }
        for p in ["app.py", "pyc", "a.pyc/b.rs"] {
            assert_eq!(python_runtime_hint(p), "", "{p}");
        }
    }

    #[test]
    fn markers_in_scripts_of_unknown_language_are_found_by_text() {
        assert_eq!(
            marker_line_of_unknown("#!/bin/sh\n# editscope: protect\nf() {}\n"),
            Some(2)
        );
        assert_eq!(
            marker_line_of_unknown("// EditScope: protect (x)\n"),
            Some(1)
        );
        assert_eq!(marker_line_of_unknown("-- editscope:protect\n"), Some(1));
        assert_eq!(marker_line_of_unknown("echo 'editscope: protect'\n"), None);
        assert_eq!(marker_line_of_unknown("no marker\n"), None);
        assert!(looks_like_script("bin/run", "echo\n"));
        assert!(looks_like_script("bin/run.sh", "#!/bin/sh\n"));
        assert!(!looks_like_script(
            "docs/markers.md",
            "# editscope: protect\n"
        ));
    }

    fn cs(files: &[(&str, Option<&str>, Option<&str>)]) -> ChangeSet {
        ChangeSet::from_memory(
            files
                .iter()
                .map(|(p, b, a)| (*p, b.map(str::to_string), a.map(str::to_string))),
        )
        .unwrap()
    }

    #[test]
    fn feedback_quotes_the_changed_lines() {
        let before = "def f():\n    return 1\n\n\ndef g():\n    a = 1\n    b = 2\n    return a\n";
        let long = "x".repeat(400);
        let after = format!(
            "def f():\n    return 1\n\n\ndef g():\n    a = 1\n    b = \"\u{202E}{long}\"\n    return a\n"
        );
        let contract = Contract::builder().body("src/a.py::f").build().unwrap();
        let changes = cs(&[("src/a.py", Some(before), Some(&after))]);
        let report = check_changes(&contract, &changes).unwrap();
        let plain = report.feedback(&contract);
        assert!(
            plain.contains("src/a.py (line 7): function `g` changed"),
            "{plain}"
        );
        assert!(!plain.contains(" | "), "{plain}");
        let quoted = report.feedback_with(&contract, Some(&changes));
        assert!(
            quoted.contains("      + 7 |     b = \"\\u{202E}xxx"),
            "{quoted}"
        );
        assert!(quoted.contains("xxx ..."), "a long line is cut: {quoted}");
        assert!(
            !quoted.contains('\u{202E}'),
            "bidi controls are escaped: {quoted}"
        );
        // Lines only removed are quoted from the file before the change.
        let removed = "def f():\n    return 1\n\n\ndef g():\n    a = 1\n    return a\n";
        let changes = cs(&[("src/a.py", Some(before), Some(removed))]);
        let report = check_changes(&contract, &changes).unwrap();
        let quoted = report.feedback_with(&contract, Some(&changes));
        assert!(
            quoted.contains(
                "removed (numbered as in the file before the change):\n      - 7 |     b = 2\n"
            ),
            "{quoted}"
        );
        // At most FEEDBACK_QUOTED_LINES lines, and how many more.
        let many = "def f():\n    return 1\n\n\ndef g():\n    a = 9\n    b = 9\n    c = 9\n    d = 9\n    e = 9\n    return a\n";
        let changes = cs(&[("src/a.py", Some(before), Some(many))]);
        let report = check_changes(&contract, &changes).unwrap();
        let quoted = report.feedback_with(&contract, Some(&changes));
        assert_eq!(
            quoted.matches(" | ").count(),
            FEEDBACK_QUOTED_LINES,
            "{quoted}"
        );
        assert!(quoted.contains("(2 more changed line(s))"), "{quoted}");
    }

    #[test]
    fn protect_selector_matching_nothing_warns() {
        let contract = Contract::builder()
            .protect("a.py::missing")
            .build()
            .unwrap();
        let changes = cs(&[(
            "a.py",
            Some("def f():\n    pass\n"),
            Some("def f():\n    return 1\n"),
        )]);
        let report = check_changes(&contract, &changes).unwrap();
        assert_eq!(report.status, Status::Allowed);
        assert!(
            report.warnings.iter().any(|w| w.contains("a.py::missing")),
            "{:?}",
            report.warnings
        );
    }

    #[test]
    fn ungranted_files_are_frozen() {
        let contract = Contract::builder()
            .create("tests/**")
            .files("docs/**")
            .delete("old/*.py")
            .build()
            .unwrap();
        let report = check_changes(
            &contract,
            &cs(&[
                ("tests/test_a.py", None, Some("def test(): pass\n")),
                ("docs/a.md", Some("a"), Some("b")),
                ("old/x.py", Some("x = 1\n"), None),
                ("README.md", Some("a"), Some("b")),
                ("src/new.py", None, Some("x = 1\n")),
                ("src/gone.py", Some("x = 1\n"), None),
            ]),
        )
        .unwrap();
        assert_eq!(report.status, Status::Rejected);
        let bad: BTreeSet<(&str, ViolationKind)> = report
            .violations
            .iter()
            .map(|v| (v.path.as_str(), v.violation.kind))
            .collect();
        assert_eq!(
            bad,
            BTreeSet::from([
                ("README.md", ViolationKind::FileChanged),
                ("src/new.py", ViolationKind::FileCreated),
                ("src/gone.py", ViolationKind::FileDeleted)
            ])
        );
    }

    #[test]
    fn symbol_grants_apply_per_file() {
        let contract = Contract::builder().body("src/*.py::f").build().unwrap();
        let before = "def f():\n    return 1\n\ndef g():\n    return 2\n";
        let ok = "def f():\n    return 3\n\ndef g():\n    return 2\n";
        let bad = "def f():\n    return 1\n\ndef g():\n    return 3\n";
        let report = check_changes(
            &contract,
            &cs(&[
                ("src/a.py", Some(before), Some(ok)),
                ("src/b.py", Some(before), Some(bad)),
            ]),
        )
        .unwrap();
        assert_eq!(report.status, Status::Rejected);
        assert_eq!(report.violations.len(), 1);
        assert_eq!(report.violations[0].path, "src/b.py");
        assert_eq!(report.violations[0].violation.symbol.as_deref(), Some("g"));
        let feedback = report.feedback(&contract);
        assert!(
            feedback.contains("src/*.py::f (its body only")
                && feedback.contains("src/b.py (line 5): function `g` changed"),
            "{feedback}"
        );
    }

    #[test]
    fn imports_grant_frees_import_statements() {
        let contract = Contract::builder().imports("**/*.py").build().unwrap();
        let before = "import os\n\n\ndef f():\n    return 1\n";
        let after = "import os\nimport re\nfrom x import y\n\n\ndef f():\n    return 1\n";
        let report = check_changes(&contract, &cs(&[("a.py", Some(before), Some(after))])).unwrap();
        assert_eq!(report.status, Status::Allowed, "{:?}", report.violations);
        let without = Contract::builder().build().unwrap();
        let report = check_changes(&without, &cs(&[("a.py", Some(before), Some(after))])).unwrap();
        assert_eq!(report.status, Status::Rejected);
        assert_eq!(report.violations[0].violation.kind, ViolationKind::Outside);
    }

    fn link(path: &str, before: Option<&str>, after: Option<&str>, was: bool) -> FileChange {
        FileChange {
            path: path.into(),
            old_path: None,
            before: before.map(str::to_string),
            after: after.map(str::to_string),
            mode_change: None,
            binary: false,
            symlink: Some(crate::changeset::Symlink {
                before: was,
                after: after.is_some(),
                escapes: false,
            }),
        }
    }

    fn kinds_of(contract: &Contract, files: Vec<FileChange>) -> Vec<(String, ViolationKind)> {
        let changes = ChangeSet {
            files,
            ..ChangeSet::default()
        };
        check_changes(contract, &changes)
            .unwrap()
            .violations
            .into_iter()
            .map(|v| (v.path, v.violation.kind))
            .collect()
    }

    #[test]
    fn symlinks_need_files_and_stay_inside() {
        let create = Contract::builder().create("**").build().unwrap();
        let files = Contract::builder().files("**").build().unwrap();
        let inside = || vec![link("t/a", None, Some("../src/x.py"), false)];
        assert_eq!(
            kinds_of(&create, inside()),
            [("t/a".to_string(), ViolationKind::SymlinkChanged)]
        );
        assert!(kinds_of(&files, inside()).is_empty());
        for target in [
            "/etc/hosts",
            "../../x",
            "..",
            "../.git/config",
            "../.editscope.toml",
            "./../../",
        ] {
            assert_eq!(
                kinds_of(&files, vec![link("t/a", None, Some(target), false)]),
                [("t/a".to_string(), ViolationKind::SymlinkOutside)],
                "{target}"
            );
        }
        // A chain: each link alone stays inside, together they leave.
        assert_eq!(
            kinds_of(
                &files,
                vec![
                    link("t/a", None, Some("b/../../.."), false),
                    link("t/b", None, Some("c/d"), false),
                ]
            ),
            [("t/a".to_string(), ViolationKind::SymlinkOutside)]
        );
        // A cycle never resolves.
        assert_eq!(
            kinds_of(
                &files,
                vec![
                    link("a", None, Some("b"), false),
                    link("b", None, Some("a"), false)
                ]
            )
            .len(),
            2
        );
        // Retargeted, replaced by a file: `files` only; deleted: `delete`.
        let edit = Contract::builder()
            .create("**")
            .imports("**")
            .build()
            .unwrap();
        assert_eq!(
            kinds_of(&edit, vec![link("x.py", Some("a"), Some("b"), true)]),
            [("x.py".to_string(), ViolationKind::SymlinkChanged)]
        );
        let delete = Contract::builder().delete("x.py").build().unwrap();
        assert!(kinds_of(&delete, vec![link("x.py", Some("a"), None, true)]).is_empty());
        let mut replaced = link("x.py", Some("a"), Some("x = 1\n"), true);
        replaced.symlink = Some(crate::changeset::Symlink {
            before: true,
            after: false,
            escapes: false,
        });
        assert_eq!(
            kinds_of(&edit, vec![replaced.clone()]),
            [("x.py".to_string(), ViolationKind::SymlinkChanged)]
        );
        assert!(kinds_of(&files, vec![replaced]).is_empty());
    }

    #[test]
    fn named_contracts_and_any_case_are_protected() {
        let contract = Contract::builder().files("**").build().unwrap();
        let changes = cs(&[
            ("policy/scope.toml", Some("a"), Some("b")),
            ("sub/.EditScope.TOML", None, Some("files = []")),
        ]);
        let report = check_changes_with(
            &contract,
            &changes,
            &CheckChangesOptions {
                protected: vec!["policy/scope.toml".into()],
                ..CheckChangesOptions::default()
            },
        )
        .unwrap();
        let kinds: Vec<ViolationKind> =
            report.violations.iter().map(|v| v.violation.kind).collect();
        assert_eq!(kinds, [ViolationKind::ContractChanged; 2]);
        assert_eq!(
            check_changes(&contract, &changes).unwrap().violations.len(),
            1
        );
    }

    #[test]
    fn contracts_are_never_granted() {
        let contract = Contract::builder()
            .files("**")
            .create("**")
            .delete("**")
            .build()
            .unwrap();
        for (before, after) in [
            (None, Some("files = [\"**\"]\n")),
            (Some("x"), Some("y")),
            (Some("x"), None),
        ] {
            let report =
                check_changes(&contract, &cs(&[("sub/.editscope.toml", before, after)])).unwrap();
            assert_eq!(report.status, Status::Rejected);
        }
    }

    #[test]
    fn hook_settings_are_never_granted_by_a_glob() {
        let contract = Contract::builder()
            .files("**")
            .create("**")
            .delete("**")
            .build()
            .unwrap();
        for path in [
            ".claude/settings.json",
            ".claude/settings.local.json",
            ".gemini/settings.json",
            ".codex/hooks.json",
            ".github/hooks/editscope.json",
            ".cursor/hooks.json",
            ".clinerules/hooks/PreToolUse",
            ".kiro/hooks/scope.json",
            ".openhands/hooks.json",
            ".mcp.json",
            "sub/.claude/settings.json",
        ] {
            for (before, after) in [
                (None, Some("{}\n")),
                (Some("{}\n"), Some("{\"hooks\": {}}\n")),
                (Some("{}\n"), None),
            ] {
                let report = check_changes(&contract, &cs(&[(path, before, after)])).unwrap();
                assert_eq!(report.status, Status::Rejected, "{path}");
                assert_eq!(
                    report.violations[0].violation.kind,
                    ViolationKind::ContractChanged,
                    "{path}"
                );
            }
        }
        // A file that merely looks alike stays grantable.
        let report = check_changes(
            &contract,
            &cs(&[("docs/settings.json", Some("{}\n"), Some("[]\n"))]),
        )
        .unwrap();
        assert_eq!(report.status, Status::Allowed);
    }

    #[test]
    fn unmatched_glob_selectors_are_warned_about() {
        let contract = Contract::builder()
            .edit("src/*.py::nope_*")
            .build()
            .unwrap();
        let report = check_changes(
            &contract,
            &cs(&[(
                "src/a.py",
                Some("def f():\n    pass\n"),
                Some("def f():\n    return\n"),
            )]),
        )
        .unwrap();
        assert_eq!(report.warnings.len(), 1, "{:?}", report.warnings);
    }
}
