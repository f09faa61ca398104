//! The scope check: does a change of one file stay inside its grants?

use std::collections::HashSet;
use std::fmt;
use std::time::{Duration, Instant};

use serde::Serialize;

use crate::diff::{self, ChangeKind, FileDiff, LineRange, OutsideChange, SymbolChange};
use crate::error::Error;
use crate::second;
use crate::skeleton::{self, Piece, Region};
use crate::source::{Limits, SourceFile};
use crate::symbols::{SymbolKind, SyntaxError};
use crate::Language;

/// What may change in one file, by symbol path (paths as in [`Symbol::path`](crate::Symbol),
/// or the Rust short form `Type::method`).
///
/// ```
/// use editscope::Grants;
/// let grants = Grants::new()
///     .edit("UserService.create")   // anything inside it
///     .body("helper")               // its body only
///     .delete("legacy")             // it may be removed
///     .add("UserService")           // new members directly inside
///     .add_top_level();             // new top-level symbols
/// assert_eq!(grants.edit_paths(), ["UserService.create"]);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Grants {
    edit: Vec<String>,
    body: Vec<String>,
    delete: Vec<String>,
    add: Vec<String>,
    imports: bool,
}

impl Grants {
    /// No grants: nothing may change.
    pub fn new() -> Grants {
        Grants::default()
    }

    /// Anything inside the symbol's extent may change (nested symbols included).
    pub fn edit(mut self, path: impl Into<String>) -> Grants {
        self.edit.push(path.into());
        self
    }

    /// Only the symbol's body may change; its signature, decorators/attributes and doc
    /// comment (Python: docstring) stay.
    pub fn body(mut self, path: impl Into<String>) -> Grants {
        self.body.push(path.into());
        self
    }

    /// The symbol may be removed.
    pub fn delete(mut self, path: impl Into<String>) -> Grants {
        self.delete.push(path.into());
        self
    }

    /// New symbols may be added directly inside this container (class, impl, trait,
    /// interface, module/namespace). For Rust, `add Parser` covers every `impl Parser` block.
    #[allow(clippy::should_implement_trait)]
    pub fn add(mut self, path: impl Into<String>) -> Grants {
        self.add.push(path.into());
        self
    }

    /// New symbols may be added at the top level of the file.
    pub fn add_top_level(self) -> Grants {
        self.add(String::new())
    }

    /// Module-level import statements may be added, removed or changed: at the top level of
    /// the file (Rust: also directly inside a `mod { }` block). An import inside a function,
    /// class or impl is part of that symbol and needs a grant on it.
    pub fn imports(mut self) -> Grants {
        self.imports = true;
        self
    }

    /// Whether import statements may change.
    pub fn imports_granted(&self) -> bool {
        self.imports
    }

    /// Paths granted `edit`.
    pub fn edit_paths(&self) -> &[String] {
        &self.edit
    }

    /// Paths granted `body`.
    pub fn body_paths(&self) -> &[String] {
        &self.body
    }

    /// Paths granted `delete`.
    pub fn delete_paths(&self) -> &[String] {
        &self.delete
    }

    /// Containers granted `add` (the empty string is the file's top level).
    pub fn add_paths(&self) -> &[String] {
        &self.add
    }

    /// Checks every grant against `before`: each path must name a symbol; `body` needs a
    /// symbol with a body; `add` needs a container.
    pub fn validate(&self, before: &SourceFile) -> Result<(), Error> {
        let fail = |level: &'static str, path: &str, reason: String| Error::InvalidGrant {
            level,
            path: path.to_string(),
            reason,
        };
        let missing = |level: &'static str, path: &str| {
            let last = path.rsplit([':', '.']).next().unwrap_or(path);
            let similar: Vec<&str> = before
                .symbols()
                .iter()
                .filter(|s| s.name == last || s.path.ends_with(last))
                .map(|s| s.path.as_str())
                .take(3)
                .collect();
            let hint = if similar.is_empty() {
                String::new()
            } else {
                format!(" (did you mean `{}`?)", similar.join("`, `"))
            };
            fail(
                level,
                path,
                format!("matches no symbol in the file before the change{hint}"),
            )
        };
        // Many grants (a wildcard expanded to every symbol it matches): look paths up in one
        // index of the file's symbols instead of scanning the file once per grant.
        let many = self.edit.len() + self.body.len() + self.delete.len() + self.add.len()
            > GrantIndex::SCAN;
        let mut by_path: std::collections::HashMap<&str, Vec<usize>> =
            std::collections::HashMap::new();
        let mut add_targets: HashSet<&str> = HashSet::new();
        if many {
            for (i, s) in before.symbols().iter().enumerate() {
                by_path.entry(s.path.as_str()).or_default().push(i);
                if let Some(short) = s.short_path.as_deref() {
                    by_path.entry(short).or_default().push(i);
                }
                if s.kind.is_container() {
                    add_targets.insert(s.path.as_str());
                    add_targets.extend(s.short_path.as_deref());
                    if s.kind == SymbolKind::Impl {
                        add_targets.insert(s.scope.as_str());
                        add_targets.extend(s.short_scope.as_deref());
                    }
                }
            }
        }
        let find = |path: &str| -> Vec<&crate::Symbol> {
            if many {
                by_path
                    .get(path)
                    .map(|v| v.iter().map(|&i| &before.symbols()[i]).collect())
                    .unwrap_or_default()
            } else {
                before
                    .symbols()
                    .iter()
                    .filter(|s| s.matches(path))
                    .collect()
            }
        };
        for (level, paths) in [
            ("edit", &self.edit),
            ("body", &self.body),
            ("delete", &self.delete),
        ] {
            for path in paths.iter() {
                let found = find(path);
                if found.is_empty() {
                    return Err(missing(level, path));
                }
                // Overload signatures have no body; the implementation does.
                if level == "body" && found.iter().all(|s| s.body.is_none()) {
                    return Err(fail(
                        level,
                        path,
                        "names a symbol without a body; grant `edit` instead".into(),
                    ));
                }
            }
        }
        for path in self.add.iter().filter(|p| !p.is_empty()) {
            let target = if many {
                add_targets.contains(path.as_str())
            } else {
                before.symbols().iter().any(|s| s.is_add_target(path))
            };
            if !target {
                return Err(match before.find(path).next() {
                    Some((_, s)) => fail(
                        "add",
                        path,
                        format!(
                            "is a {}, not a container (class, impl, trait, interface, module)",
                            s.kind
                        ),
                    ),
                    None => missing("add", path),
                });
            }
        }
        Ok(())
    }

    /// The grants with every path in the language's canonical spelling (NFKC for Python,
    /// escapes decoded for TypeScript, `r#` dropped and NFC for Rust), as symbol paths are.
    fn canonical(&self, language: Language) -> Grants {
        let canon = |paths: &[String]| -> Vec<String> {
            paths
                .iter()
                .map(|p| crate::language::names::canonical(language, p).into_owned())
                .collect()
        };
        Grants {
            edit: canon(&self.edit),
            body: canon(&self.body),
            delete: canon(&self.delete),
            add: canon(&self.add),
            imports: self.imports,
        }
    }

    fn adds_into(&self, file: &SourceFile, parent: Option<usize>) -> bool {
        match parent {
            None => self.add.iter().any(|p| p.is_empty()),
            Some(i) => self
                .add
                .iter()
                .any(|p| !p.is_empty() && file.symbols()[i].is_add_target(p)),
        }
    }
}

/// Grant lookups for one check. A wildcard selector expands to one path per matching
/// symbol, so scanning every grant for every symbol would be quadratic: past a few grants,
/// lookups go through hash sets of the granted paths (which then must equal a symbol's
/// path or short path exactly, as [`Symbol::matches`](crate::Symbol) compares them).
pub(crate) struct GrantIndex<'g> {
    grants: &'g Grants,
    edit: HashSet<&'g str>,
    body: HashSet<&'g str>,
    delete: HashSet<&'g str>,
    add: HashSet<&'g str>,
    pub(crate) imports: bool,
}

impl<'g> GrantIndex<'g> {
    /// Up to this many grants of a level are scanned; more are looked up.
    const SCAN: usize = 16;

    pub(crate) fn new(grants: &'g Grants) -> GrantIndex<'g> {
        let set = |list: &'g [String]| -> HashSet<&'g str> {
            if list.len() > Self::SCAN {
                list.iter().map(String::as_str).collect()
            } else {
                HashSet::new()
            }
        };
        GrantIndex {
            grants,
            edit: set(&grants.edit),
            body: set(&grants.body),
            delete: set(&grants.delete),
            add: set(&grants.add),
            imports: grants.imports,
        }
    }

    fn hit(list: &[String], set: &HashSet<&str>, s: &crate::Symbol) -> bool {
        if list.len() > Self::SCAN {
            set.contains(s.path.as_str())
                || s.short_path.as_deref().is_some_and(|p| set.contains(p))
        } else {
            list.iter().any(|p| s.matches(p))
        }
    }

    fn edits(&self, s: &crate::Symbol) -> bool {
        Self::hit(&self.grants.edit, &self.edit, s)
    }

    fn bodies(&self, s: &crate::Symbol) -> bool {
        Self::hit(&self.grants.body, &self.body, s)
    }

    fn deletes(&self, s: &crate::Symbol) -> bool {
        Self::hit(&self.grants.delete, &self.delete, s)
    }

    fn adds_into(&self, file: &SourceFile, parent: Option<usize>) -> bool {
        if self.grants.add.len() <= Self::SCAN {
            return self.grants.adds_into(file, parent);
        }
        match parent {
            None => self.add.contains(""),
            Some(i) => {
                let s = &file.symbols()[i];
                s.kind.is_container()
                    && (Self::hit(&self.grants.add, &self.add, s)
                        || (s.kind == SymbolKind::Impl
                            && (self.add.contains(s.scope.as_str())
                                || s.short_scope
                                    .as_deref()
                                    .is_some_and(|p| self.add.contains(p)))))
            }
        }
    }
}

/// How text outside the grants is compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Formatting {
    /// Byte for byte (the default).
    #[default]
    Exact,
    /// Tree for tree: whitespace and line breaks may change where the syntax tree stays the
    /// same; comments, string contents and layout that changes the parse (Python
    /// indentation, a TypeScript line break after `return`) may not.
    Tolerant,
}

/// Options of [`check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOptions {
    /// How text outside the grants is compared.
    pub formatting: Formatting,
    /// Check a file whose `before` has syntax errors instead of calling it unverifiable.
    pub allow_syntax_errors: bool,
    /// Size limits.
    pub limits: Limits,
    /// Time one check may take (for [`check_changes`](crate::check_changes): the whole
    /// change set), parsing included. Past it the verdict is [`Status::Unverifiable`] with
    /// [`Unverifiable::BudgetExceeded`], never allowed. Default: [`CheckOptions::DEFAULT_BUDGET`];
    /// [`Duration::MAX`] for none.
    pub budget: Duration,
    /// Allow bidirectional control characters that the change adds (see
    /// [`ViolationKind::BidiControl`]). Default: `false`, they are rejected.
    pub allow_bidi: bool,
}

impl CheckOptions {
    /// The default [`CheckOptions::budget`]: 5 seconds.
    pub const DEFAULT_BUDGET: Duration = Duration::from_secs(5);
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            formatting: Formatting::default(),
            allow_syntax_errors: false,
            limits: Limits::default(),
            budget: CheckOptions::DEFAULT_BUDGET,
            allow_bidi: false,
        }
    }
}

/// When a check must stop: its start plus [`CheckOptions::budget`], shared by every file of
/// a change set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    at: Option<Instant>,
    budget: Duration,
}

/// The budget ran out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Exceeded;

impl Deadline {
    /// From now, `budget` long ([`Duration::MAX`]: never).
    pub(crate) fn start(budget: Duration) -> Deadline {
        Deadline {
            at: Instant::now().checked_add(budget),
            budget,
        }
    }

    /// The instant it runs out (`None`: never).
    pub(crate) fn instant(&self) -> Option<Instant> {
        self.at
    }

    /// Whether the budget is spent (a zero budget is spent at once).
    pub(crate) fn exceeded(&self) -> bool {
        self.at.is_some_and(|at| Instant::now() >= at)
    }

    /// `Err(Exceeded)` once the budget is spent.
    pub(crate) fn check(&self) -> Result<(), Exceeded> {
        if self.exceeded() {
            Err(Exceeded)
        } else {
            Ok(())
        }
    }

    /// The reason to report.
    pub(crate) fn reason(&self) -> Unverifiable {
        Unverifiable::BudgetExceeded {
            budget_ms: u64::try_from(self.budget.as_millis()).unwrap_or(u64::MAX),
        }
    }
}

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every byte outside the grants is unchanged (or, in tolerant mode, changed only in
    /// whitespace).
    Allowed,
    /// At least one violation.
    Rejected,
    /// editscope cannot tell; see [`Verdict`]`::unverifiable`. Never treat as allowed.
    Unverifiable,
}

/// Why a change could not be verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Unverifiable {
    /// The file before the change has syntax errors, so its symbols are not reliable.
    BeforeHasSyntaxErrors {
        /// The errors.
        errors: Vec<SyntaxError>,
    },
    /// A version is larger than the limit.
    TooLarge {
        /// Size in bytes.
        size: usize,
        /// Limit in bytes.
        limit: usize,
    },
    /// The parser gave up.
    ParseFailed,
    /// The check did not finish within its time budget ([`CheckOptions::budget`]).
    BudgetExceeded {
        /// The budget, in milliseconds.
        budget_ms: u64,
    },
    /// tree-sitter and the language's second, compiler-grade parser read a version of the
    /// file differently (or the second parser refuses it), so the check's answer could not
    /// be confirmed. See the crate docs, "Two parsers".
    ParsersDisagree {
        /// The version where they differ.
        version: Version,
        /// The second parser (`syn`, `ruff_python_parser`, `oxc_parser`).
        parser: String,
        /// 1-based line of the first difference, in that version.
        line: usize,
        /// What each parser reads there.
        message: String,
    },
}

/// One of the two versions of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Version {
    /// The file before the change.
    Before,
    /// The file after the change.
    After,
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Version::Before => "before",
            Version::After => "after",
        })
    }
}

impl fmt::Display for Unverifiable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unverifiable::BeforeHasSyntaxErrors { errors } => match errors.first() {
                Some(e) => write!(
                    f,
                    "the file before the change has syntax errors (first: {e})"
                ),
                None => write!(f, "the file before the change has syntax errors"),
            },
            Unverifiable::TooLarge { size, limit } => {
                write!(f, "the file is {size} bytes, over the limit of {limit}")
            }
            Unverifiable::ParseFailed => write!(f, "the parser gave up on the file"),
            Unverifiable::BudgetExceeded { budget_ms } => write!(
                f,
                "budget exceeded: the check did not finish within {budget_ms} ms"
            ),
            Unverifiable::ParsersDisagree {
                version,
                parser,
                line,
                message,
            } => write!(
                f,
                "tree-sitter and {parser} read the file {version} the change differently \
                 (line {line}): {message}"
            ),
        }
    }
}

/// What kind of rule a change broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    /// A symbol changed that no grant covers.
    Changed,
    /// A symbol's signature changed where only its body is granted.
    SignatureChanged,
    /// A symbol was removed without a `delete` grant.
    Removed,
    /// A symbol was added where no `add` grant allows it.
    Added,
    /// A symbol was added with the path of an existing one (shadowing it).
    Redefined,
    /// A symbol moved relative to its siblings.
    Moved,
    /// Code outside any symbol changed.
    Outside,
    /// The file after the change has a syntax error.
    SyntaxError,
    /// A file that no grant covers changed.
    FileChanged,
    /// A file was created where no `create` grant allows it.
    FileCreated,
    /// A file was deleted without a `delete` grant.
    FileDeleted,
    /// A file was moved to a path where creating it is not granted.
    FileRenamed,
    /// A file's mode changed.
    ModeChanged,
    /// A binary file (or submodule) changed.
    BinaryChanged,
    /// An editscope contract file (`.editscope.toml`, or the contract in use) was created,
    /// changed, deleted, renamed or had its mode changed: no contract grants that.
    ContractChanged,
    /// A symlink was created or changed (or replaced a file, or was replaced by one) without
    /// a `files` grant naming it.
    SymlinkChanged,
    /// A symlink's target resolves outside the root (absolute, `..` past the top, or through
    /// other links), or into `.git` or a contract file: never granted.
    SymlinkOutside,
    /// The change adds a bidirectional control character (U+202A–U+202E, U+2066–U+2069,
    /// or the marks U+200E, U+200F, U+061C), which can make code display differently from
    /// how it compiles ("Trojan Source"); anywhere, granted regions included.
    BidiControl,
}

/// One reason a change is rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// What rule was broken.
    pub kind: ViolationKind,
    /// The innermost symbol that contains the change; `None` means outside any symbol.
    pub symbol: Option<String>,
    /// That symbol's kind.
    pub symbol_kind: Option<SymbolKind>,
    /// Lines in `before`.
    pub before: Option<LineRange>,
    /// Lines in `after`.
    pub after: Option<LineRange>,
    /// One sentence a person or an agent can act on.
    pub message: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The answer for one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Allowed, rejected or unverifiable.
    pub status: Status,
    /// Why it could not be verified, when `status` is `Unverifiable`.
    pub unverifiable: Option<Unverifiable>,
    /// Every rule the change broke (empty when allowed).
    pub violations: Vec<Violation>,
    /// Every symbol that changed, and how.
    pub changes: Vec<SymbolChange>,
    /// Changes outside any symbol.
    pub outside: Vec<OutsideChange>,
}

impl Verdict {
    /// Whether the change is allowed. Unverifiable is not allowed.
    pub fn is_allowed(&self) -> bool {
        self.status == Status::Allowed
    }

    fn unverifiable(reason: Unverifiable) -> Verdict {
        Verdict {
            status: Status::Unverifiable,
            unverifiable: Some(reason),
            violations: vec![],
            changes: vec![],
            outside: vec![],
        }
    }
}

/// Parses both versions (the second incrementally from the first) and checks the change.
/// Oversized input and a `before` with syntax errors give an unverifiable verdict, not an
/// error; an error means the grants do not fit the file.
///
/// ```
/// use editscope::{check_text, CheckOptions, Grants, Language, Status};
/// let before = "def a():\n    return 1\n\ndef b():\n    return 2\n";
/// let inside = "def a():\n    return 10\n\ndef b():\n    return 2\n";
/// let outside = "def a():\n    return 1\n\ndef b():\n    return 20\n";
/// let grants = Grants::new().body("a");
/// let opts = CheckOptions::default();
/// assert_eq!(check_text(Language::Python, before, inside, &grants, &opts)?.status, Status::Allowed);
/// let verdict = check_text(Language::Python, before, outside, &grants, &opts)?;
/// assert_eq!(verdict.status, Status::Rejected);
/// assert_eq!(verdict.violations[0].symbol.as_deref(), Some("b"));
/// # Ok::<(), editscope::Error>(())
/// ```
pub fn check_text(
    language: Language,
    before: &str,
    after: &str,
    grants: &Grants,
    options: &CheckOptions,
) -> Result<Verdict, Error> {
    check_text_until(
        language,
        before,
        after,
        grants,
        options,
        &Deadline::start(options.budget),
    )
}

/// [`check_text`] within `deadline`.
pub(crate) fn check_text_until(
    language: Language,
    before: &str,
    after: &str,
    grants: &Grants,
    options: &CheckOptions,
    deadline: &Deadline,
) -> Result<Verdict, Error> {
    if deadline.exceeded() {
        return Ok(Verdict::unverifiable(deadline.reason()));
    }
    // The second parser's readings, started while tree-sitter parses (used only on the way
    // to *allowed*).
    let _early = second::early(language, &[before, after], options.limits.max_bytes);
    let parsed_before = match SourceFile::parse_until(
        language,
        before.to_string(),
        options.limits,
        None,
        deadline.instant(),
    ) {
        Ok(f) => f,
        Err(e) => return unverifiable_or(e, deadline),
    };
    let parsed_after = match SourceFile::parse_until(
        language,
        after.to_string(),
        options.limits,
        Some(&parsed_before),
        deadline.instant(),
    ) {
        Ok(f) => f,
        Err(e) => return unverifiable_or(e, deadline),
    };
    check_until(&parsed_before, &parsed_after, grants, options, deadline)
}

pub(crate) fn unverifiable_or(e: Error, deadline: &Deadline) -> Result<Verdict, Error> {
    match e {
        Error::TooLarge { size, limit } => Ok(Verdict::unverifiable(Unverifiable::TooLarge {
            size,
            limit,
        })),
        // A parse cancelled at the deadline.
        Error::ParseFailed if deadline.exceeded() => Ok(Verdict::unverifiable(deadline.reason())),
        Error::ParseFailed => Ok(Verdict::unverifiable(Unverifiable::ParseFailed)),
        e => Err(e),
    }
}

/// The regions of one side that the definition takes out: granted extents and bodies
/// (holes), granted deletions (`before`) and granted additions (`after`).
pub(crate) fn regions<'a>(
    file: &'a SourceFile,
    other: &HashSet<&str>,
    grants: &GrantIndex<'_>,
    is_before: bool,
    unpaired: &[bool],
) -> Vec<Region<'a>> {
    let mut out = Vec::new();
    let len = file.text().len();
    for (i, s) in file.symbols().iter().enumerate() {
        let limit = s.parent.map_or(len, |p| file.symbols()[p].extent.end_byte);
        // One more (or one fewer) definition of an `edit`-granted path that still exists on
        // the other side (a Python redefinition, a new overload): part of editing it.
        if grants.edits(s)
            && unpaired.get(i).copied().unwrap_or(false)
            && other.contains(s.path.as_str())
        {
            out.push(Region {
                range: s.extent.range(),
                limit,
                hole: None,
            });
            continue;
        }
        if grants.edits(s) {
            out.push(Region {
                range: s.extent.range(),
                limit: len,
                hole: Some(s.path.as_str()),
            });
        } else if grants.bodies(s) {
            if let Some(body) = s.body {
                out.push(Region {
                    range: body.range(),
                    limit: len,
                    hole: Some(s.path.as_str()),
                });
            }
        }
        let gone = !other.contains(s.path.as_str());
        let removable = if is_before {
            gone && grants.deletes(s)
        } else {
            gone && grants.adds_into(file, s.parent)
        };
        if removable {
            let limit = s.parent.map_or(len, |p| file.symbols()[p].extent.end_byte);
            out.push(Region {
                range: s.extent.range(),
                limit,
                hole: None,
            });
        }
    }
    if grants.imports {
        for (span, parent) in module_level_imports(file) {
            let limit = parent.map_or(len, |p| file.symbols()[p].extent.end_byte);
            out.push(Region {
                range: span.range(),
                limit,
                hole: None,
            });
        }
    }
    skeleton::normalize(file.text(), out)
}

/// Which symbols of each side have no counterpart on the other, from [`diff::pair`].
fn unpaired(pairs: &[Option<usize>], after: &SourceFile) -> (Vec<bool>, Vec<bool>) {
    let mut paired_after = vec![false; after.symbols().len()];
    for a in pairs.iter().flatten() {
        paired_after[*a] = true;
    }
    (
        pairs.iter().map(Option::is_none).collect(),
        paired_after.iter().map(|p| !p).collect(),
    )
}

fn paths(file: &SourceFile) -> HashSet<&str> {
    file.symbols().iter().map(|s| s.path.as_str()).collect()
}

fn skeletons<'a>(
    file: &'a SourceFile,
    regions: &[Region<'a>],
    formatting: Formatting,
) -> Vec<Piece<'a>> {
    match formatting {
        Formatting::Exact => skeleton::lines(file.text(), regions),
        Formatting::Tolerant => {
            let profile = file
                .language()
                .profile()
                .expect("a parsed file's language is compiled in");
            let asi = matches!(file.language(), Language::TypeScript | Language::Tsx);
            skeleton::tokens(
                file.text(),
                file.tree(),
                |k| profile.is_opaque(k),
                regions,
                asi,
            )
        }
    }
}

/// Checks the change from `before` to `after` against `grants`.
///
/// The answer is defined by skeletons: replace every granted region (the extent for `edit`,
/// the body for `body`) in both versions by a placeholder naming its symbol, remove granted
/// deletions from `before` and granted additions from `after` (each with the blank lines
/// that separate it from its neighbours); the change is allowed iff the two skeletons are
/// identical (in [`Formatting::Tolerant`] mode: their syntax trees). On top of that, a
/// syntax error in `after` rejects, and one in `before` makes the change unverifiable unless
/// [`CheckOptions::allow_syntax_errors`].
pub fn check(
    before: &SourceFile,
    after: &SourceFile,
    grants: &Grants,
    options: &CheckOptions,
) -> Result<Verdict, Error> {
    check_until(
        before,
        after,
        grants,
        options,
        &Deadline::start(options.budget),
    )
}

/// [`check`] within `deadline`: past it, the verdict is unverifiable.
pub(crate) fn check_until(
    before: &SourceFile,
    after: &SourceFile,
    grants: &Grants,
    options: &CheckOptions,
    deadline: &Deadline,
) -> Result<Verdict, Error> {
    let spent = || Ok(Verdict::unverifiable(deadline.reason()));
    if deadline.exceeded() {
        return spent();
    }
    // tree-sitter syntax errors: where the second parser reads both versions and the errors
    // lie in unchanged items no grant touches, the file can still be checked (`opaque`).
    let mut opaque = second::Tolerated::default();
    if !before.syntax_errors().is_empty() || !after.syntax_errors().is_empty() {
        second::read_both(before, after);
        match second::tolerate(before, after) {
            Ok(t) => opaque = t,
            Err(d) => {
                let reads = |f: &SourceFile| matches!(f.second(), Some(Ok(_)));
                // A syntax error can hide the very symbol a grant names: unverifiable comes
                // first.
                if !before.syntax_errors().is_empty() && !options.allow_syntax_errors {
                    return Ok(Verdict::unverifiable(if reads(before) {
                        disagree(before, Version::Before, d)
                    } else {
                        Unverifiable::BeforeHasSyntaxErrors {
                            errors: before.syntax_errors().to_vec(),
                        }
                    }));
                }
                // Errors in `after` that the compiler does not see: not a broken file, but
                // not one tree-sitter can check either.
                if !after.syntax_errors().is_empty() && reads(after) {
                    return Ok(Verdict::unverifiable(disagree(after, Version::After, d)));
                }
            }
        }
    }
    let errors_b: Vec<SyntaxError> = before
        .syntax_errors()
        .iter()
        .filter(|e| !opaque.contains(true, e.byte))
        .cloned()
        .collect();
    let errors_a: Vec<SyntaxError> = after
        .syntax_errors()
        .iter()
        .filter(|e| !opaque.contains(false, e.byte))
        .cloned()
        .collect();
    let grants = &grants.canonical(before.language());
    grants.validate(before)?;
    let grants = &GrantIndex::new(grants);
    let (paths_b, paths_a) = (paths(before), paths(after));
    // Pairing symbols across versions, once: for the regions, the shape rule and the diff.
    let pairs = diff::pair(before, after);
    let (unpaired_b, unpaired_a) = unpaired(&pairs, after);
    let regions_b = regions(before, &paths_a, grants, true, &unpaired_b);
    let regions_a = regions(after, &paths_b, grants, false, &unpaired_a);
    let sk_b = skeletons(before, &regions_b, options.formatting);
    let sk_a = skeletons(after, &regions_a, options.formatting);
    if deadline.exceeded() {
        return spent();
    }
    let shape = if skeleton::equal(&sk_b, &sk_a) {
        ungranted_keep_their_shape(
            before,
            after,
            &pairs,
            grants,
            (&regions_b, &regions_a),
            match options.formatting {
                Formatting::Exact => None,
                Formatting::Tolerant => Some((&sk_b, &sk_a)),
            },
            deadline,
        )
    } else {
        Ok(false)
    };
    let Ok(same) = shape else {
        return spent();
    };
    // Bidirectional controls the change adds: rejected anywhere, granted regions included.
    let bidi = if options.allow_bidi {
        Vec::new()
    } else {
        crate::bidi::added_in(Some(before.language()), before.text(), after.text())
    };
    let new_errors: Vec<SyntaxError> = if options.allow_syntax_errors && !errors_b.is_empty() {
        // Only errors that the change introduced count.
        errors_a
            .iter()
            .filter(|e| {
                !errors_b
                    .iter()
                    .any(|b| b.fragment == e.fragment && b.kind == e.kind)
            })
            .cloned()
            .collect()
    } else {
        errors_a
    };
    let file_diff = diff::diff_paired(before, after, &pairs, deadline);
    if deadline.exceeded() {
        return spent();
    }
    let rebound = rebindings(before, after, grants);
    if deadline.exceeded() {
        return spent();
    }
    // Python that CPython reads differently from tree-sitter (indentation CPython refuses
    // or orders otherwise, a lone carriage return): a syntax error tree-sitter does not
    // report.
    let tab_error = match after.language() {
        Language::Python => crate::indent::python_divergence(before, after),
        _ => None,
    };
    let allowed = same
        && new_errors.is_empty()
        && bidi.is_empty()
        && tab_error.is_none()
        && rebound.is_empty();
    let mut violations: Vec<Violation> = bidi.into_iter().map(bidi_violation).collect();
    if let Some((line, why)) = tab_error {
        violations.push(Violation {
            kind: ViolationKind::SyntaxError,
            symbol: None,
            symbol_kind: None,
            before: None,
            after: Some(LineRange {
                start_line: line,
                end_line: line,
            }),
            message: format!("the change introduces a syntax error: {why}"),
        });
    }
    if !same || !new_errors.is_empty() || !rebound.is_empty() {
        for e in &new_errors {
            violations.push(Violation {
                kind: ViolationKind::SyntaxError,
                symbol: after
                    .innermost(e.byte..e.byte)
                    .map(|i| after.symbols()[i].path.clone()),
                symbol_kind: after
                    .innermost(e.byte..e.byte)
                    .map(|i| after.symbols()[i].kind),
                before: None,
                after: Some(LineRange {
                    start_line: e.line,
                    end_line: e.line,
                }),
                message: format!("the change introduces a syntax error: {e}"),
            });
        }
        // With a syntax error in `after`, error recovery makes its symbols unreliable: the
        // syntax errors are the violations.
        if !same && new_errors.is_empty() {
            // A symbol whose skeleton within its extent is unchanged changed only inside
            // granted regions (an import under `imports`, a granted child): not a violation.
            // Past the deadline it answers `true` at once (the verdict is then unverifiable,
            // below), so that explaining stays within the budget too.
            let same_within = |b: usize, a: usize| match options.formatting {
                _ if deadline.exceeded() => true,
                Formatting::Exact => {
                    let (rb, ra) = (before.symbols()[b].extent, after.symbols()[a].extent);
                    skeleton::reference_string_within(before.text(), &regions_b, rb.range())
                        == skeleton::reference_string_within(after.text(), &regions_a, ra.range())
                }
                Formatting::Tolerant => {
                    let (rb, ra) = (before.symbols()[b].extent, after.symbols()[a].extent);
                    skeleton::keys_within(&sk_b, rb.range())
                        .eq(skeleton::keys_within(&sk_a, ra.range()))
                }
            };
            explain(
                before,
                after,
                grants,
                options,
                &file_diff,
                (&paths_b, &paths_a),
                &same_within,
                &mut violations,
            );
            if deadline.exceeded() {
                return spent();
            }
        }
        if new_errors.is_empty() {
            for v in rebound {
                if !violations
                    .iter()
                    .any(|o| o.kind == v.kind && o.symbol == v.symbol)
                {
                    violations.push(v);
                }
            }
        }
        if !same
            && new_errors.is_empty()
            && !violations.iter().any(|v| {
                !matches!(
                    v.kind,
                    ViolationKind::SyntaxError | ViolationKind::BidiControl
                )
            })
        {
            violations.push(fallback(before, after, &sk_b, &sk_a, deadline));
        }
    }
    // "Allowed" requires the second parser's agreement on both versions, and no granted
    // region in an item tree-sitter cannot read.
    if allowed {
        if let Some(reason) = confirm(before, after, &opaque, (&regions_b, &regions_a)) {
            return Ok(Verdict::unverifiable(reason));
        }
        if deadline.exceeded() {
            return spent();
        }
    }
    let FileDiff {
        changes, outside, ..
    } = file_diff;
    Ok(Verdict {
        status: if allowed {
            Status::Allowed
        } else {
            Status::Rejected
        },
        unverifiable: None,
        violations,
        changes,
        outside,
    })
}

/// The unverifiable reason for a disagreement found in `version`.
fn disagree(file: &SourceFile, version: Version, d: second::Difference) -> Unverifiable {
    Unverifiable::ParsersDisagree {
        version,
        parser: second::name(file.language())
            .unwrap_or("the second parser")
            .to_string(),
        line: d.line,
        message: d.message,
    }
}

/// Confirms an *allowed* answer with the second parser (crate docs, "Two parsers"): `None`
/// when both versions agree and no granted region lies in an opaque item.
fn confirm(
    before: &SourceFile,
    after: &SourceFile,
    opaque: &second::Tolerated,
    (regions_b, regions_a): (&[Region<'_>], &[Region<'_>]),
) -> Option<Unverifiable> {
    second::read_both(before, after);
    for (file, version, regions, is_before) in [
        (before, Version::Before, regions_b, true),
        (after, Version::After, regions_a, false),
    ] {
        // A granted region may reach an opaque item only as the `edit` region of the one
        // declaration-only symbol a changed item is (rule 6 of the valid-file rule).
        let overlapping = |r: &Region<'_>, t: &std::ops::Range<usize>| {
            r.range.start < t.end && t.start < r.range.end
        };
        let stray = regions.iter().find(|r| {
            opaque
                .items(is_before)
                .iter()
                .any(|t| overlapping(r, t) && !opaque.granted_whole(is_before, t, &r.range, r.hole))
        });
        let ungranted = opaque.changed.iter().find_map(|(b, a, _)| {
            let t = if is_before { b } else { a };
            (!regions
                .iter()
                .any(|r| opaque.granted_whole(is_before, t, &r.range, r.hole)))
            .then_some(t.start)
        });
        if let Some(at) = ungranted {
            let line = second::line_of(file.text(), at);
            return Some(disagree(
                file,
                version,
                second::Difference {
                    line,
                    message: format!(
                        "the change touches the item at line {line}, which tree-sitter cannot \
                         read, and no `edit` grant covers it whole"
                    ),
                },
            ));
        }
        if let Some(r) = stray {
            let line = second::line_of(file.text(), r.range.start);
            return Some(disagree(
                file,
                version,
                second::Difference {
                    line,
                    message: format!(
                        "a granted region at line {line} lies in an item tree-sitter cannot read"
                    ),
                },
            ));
        }
        let items = if is_before {
            &opaque.before
        } else {
            &opaque.after
        };
        if let Err(d) = second::agree(file, items) {
            return Some(disagree(file, version, d));
        }
    }
    None
}

/// The second half of the definition: every symbol that exists before and after and that no
/// grant covers (no `edit` on it or an ancestor, not inside the body of a body-granted
/// ancestor) has the same skeleton inside its extent. Without it, an addition could cut an
/// ungranted function in two while every byte stays where it was (Python parses an
/// unexpected indent without an error).
#[allow(clippy::too_many_arguments)]
pub(crate) fn ungranted_keep_their_shape(
    before: &SourceFile,
    after: &SourceFile,
    pairs: &[Option<usize>],
    grants: &GrantIndex<'_>,
    (regions_b, regions_a): (&[Region<'_>], &[Region<'_>]),
    tolerant: Option<(&[Piece<'_>], &[Piece<'_>])>,
    deadline: &Deadline,
) -> Result<bool, Exceeded> {
    // Near-linear: coverage in one pass, regions and tokens found by binary search.
    let covered = covered_flags(before, grants);
    for (b, a) in pairs.iter().enumerate() {
        if b % 256 == 0 {
            deadline.check()?;
        }
        let Some(a) = *a else { continue };
        let (sb, sa) = (&before.symbols()[b], &after.symbols()[a]);
        if covered[b] || before.text()[sb.extent.range()] == after.text()[sa.extent.range()] {
            continue;
        }
        let same = match tolerant {
            None => {
                skeleton::reference_string_within(before.text(), regions_b, sb.extent.range())
                    == skeleton::reference_string_within(after.text(), regions_a, sa.extent.range())
            }
            // The tolerant skeletons of the whole files, already built by the caller.
            Some((tb, ta)) => skeleton::keys_within(tb, sb.extent.range())
                .eq(skeleton::keys_within(ta, sa.extent.range())),
        };
        if !same {
            return Ok(false);
        }
    }
    Ok(true)
}

/// For every symbol of `file`: [`covered_by_ancestor`] with `include_self`, in one pass
/// (symbols come in document order, parents first).
fn covered_flags(file: &SourceFile, grants: &GrantIndex<'_>) -> Vec<bool> {
    Coverage::of(file, grants).with_self
}

/// [`covered_by_ancestor`] for every symbol of a file, computed in one pass.
struct Coverage {
    /// By a strict ancestor: edit-granted, or body-granted with the symbol in its body.
    by_ancestor: Vec<bool>,
    /// The same, or the symbol itself edit-granted.
    with_self: Vec<bool>,
}

impl Coverage {
    fn of(file: &SourceFile, grants: &GrantIndex<'_>) -> Coverage {
        let symbols = file.symbols();
        let mut by_ancestor = vec![false; symbols.len()];
        let mut with_self = vec![false; symbols.len()];
        for (i, s) in symbols.iter().enumerate() {
            if let Some(p) = s.parent.filter(|p| *p < i) {
                let ps = &symbols[p];
                by_ancestor[i] = by_ancestor[p]
                    || grants.edits(ps)
                    || (grants.bodies(ps) && ps.body.is_some_and(|b| b.contains(&s.extent)));
            } else if s.parent.is_some() {
                by_ancestor[i] = covered_by_ancestor(file, grants, i, false);
            }
            with_self[i] = by_ancestor[i] || grants.edits(s);
        }
        Coverage {
            by_ancestor,
            with_self,
        }
    }

    fn covered(&self, i: usize, include_self: bool) -> bool {
        if include_self {
            self.with_self[i]
        } else {
            self.by_ancestor[i]
        }
    }
}

/// The rebinding rule (step 3 of the definition, second half): no change binds the name of
/// an ungranted symbol more often than before, by whatever statement form
/// ([`bindings`](crate::language::bindings)): a chained assignment, a walrus, an import
/// alias, `global` and an assignment inside a granted body, `Class.prototype.m = ...`.
/// Each such name is a [`ViolationKind::Redefined`]. A binding of every name of a scope
/// (`from m import *`) counts against the ungranted symbols defined above it.
pub(crate) fn rebindings(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
) -> Vec<Violation> {
    use crate::language::bindings::Only;
    use std::collections::HashMap;
    let key = |file: &SourceFile, s: &crate::Symbol| -> String {
        if file.language() == Language::Python {
            if let Some(p) = s.parent.map(|p| &file.symbols()[p]) {
                if p.kind == SymbolKind::Class {
                    if let Some(m) = crate::language::bindings::python_mangle(&p.name, &s.name) {
                        return format!("{}.{m}", p.path);
                    }
                }
            }
        }
        s.path.clone()
    };
    let mut protected: HashMap<String, usize> = HashMap::new();
    let covered = Coverage::of(before, grants);
    // A symbol granted `delete` that is still there afterwards is still protected from
    // being replaced (`delete = [helper]` does not let a new `helper = ...` replace it).
    let kept: HashSet<String> = after.symbols().iter().map(|s| key(after, s)).collect();
    for (i, s) in before.symbols().iter().enumerate() {
        if !covered.covered(i, true) && (!grants.deletes(s) || kept.contains(&key(before, s))) {
            protected.entry(key(before, s)).or_insert(i);
        }
    }
    if protected.is_empty() {
        return Vec::new();
    }
    let bindings_b = crate::language::bindings::bindings(before);
    let bindings_a = crate::language::bindings::bindings(after);
    // Counted per key and per kind of binding (an instance attribute is not a definition).
    let mut count: HashMap<(&str, Only), isize> = HashMap::new();
    for b in &bindings_b {
        *count.entry((b.key.as_str(), b.only)).or_default() += 1;
    }
    let sep = before.language().path_separator();
    let mut out: Vec<Violation> = Vec::new();
    let mut seen: HashSet<usize> = HashSet::new();
    // Where each key is first defined in `after` (for bindings of every name).
    let mut first_after: Option<HashMap<String, usize>> = None;
    // Bindings of every name, per scope: (first byte, any deferred, last byte).
    let mut wild: HashMap<(&str, Only), (usize, bool, usize)> = HashMap::new();
    // The scopes of those that bind attributes (`setattr(helper, name, v)`).
    let mut attribute_wild: HashSet<&str> = HashSet::new();
    // Line starts of `after`, for the lines of the violations (one pass, not one per
    // violation).
    let newlines: Vec<usize> = after
        .text()
        .bytes()
        .enumerate()
        .filter(|(_, c)| *c == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line_of = |byte: usize| newlines.partition_point(|n| *n < byte) + 1;
    let mut report = |out: &mut Vec<Violation>, i: usize, byte: usize, only: Only| {
        let s = &before.symbols()[i];
        let fits = match only {
            Only::Any => true,
            Only::Statics => s.kind == SymbolKind::Static,
            Only::Shadowable => {
                s.kind == SymbolKind::Method
                    && shadowable_method(before.language(), &before.text()[s.extent.range()])
            }
        };
        if !fits || !seen.insert(i) {
            return;
        }
        out.push(Violation {
            kind: ViolationKind::Redefined,
            symbol: Some(s.path.clone()),
            symbol_kind: Some(s.kind),
            before: Some(s.extent.into()),
            after: Some(LineRange {
                start_line: line_of(byte),
                end_line: line_of(byte),
            }),
            message: format!(
                "{} `{}` is bound again by a new statement (an assignment, import, `global` or similar), which would replace it; grant `edit` on `{}` to change it",
                s.kind, s.path, s.path
            ),
        });
    };
    for b in &bindings_a {
        let c = count.entry((b.key.as_str(), b.only)).or_default();
        *c -= 1;
        if *c >= 0 {
            continue;
        }
        // One binding more than before: which ungranted symbols does it bind? A binding of
        // every name of a scope is gathered per scope and looked at once, below.
        if let Some(prefix) = b.key.strip_suffix('*') {
            let w = wild.entry((prefix, b.only)).or_insert((b.byte, false, 0));
            w.1 |= b.deferred;
            w.2 = w.2.max(b.byte);
            if b.attribute {
                attribute_wild.insert(prefix);
            }
            continue;
        }
        if let Some(i) = protected.get(&b.key) {
            report(&mut out, *i, b.byte, b.only);
            continue;
        }
        // An attribute of a function or method (`helper.__code__ = ...`,
        // `C.delete.__defaults__ = ...`) is part of it: binding one changes the function.
        if b.attribute {
            if let Some(i) = function_prefix(&protected, before, &b.key, sep) {
                report(&mut out, i, b.byte, Only::Any);
            }
        }
    }
    for ((prefix, only), (first, deferred, last)) in wild {
        let mut hits: Vec<usize> = protected
            .iter()
            .filter(|(k, _)| {
                k.strip_prefix(prefix).is_some_and(|rest| {
                    !rest.is_empty() && !rest.contains(sep) && !rest.ends_with('*')
                })
            })
            .filter(|(k, _)| {
                // At definition time, only the names defined above it; from a function
                // body (run later), every name.
                deferred
                    || first_after
                        .get_or_insert_with(|| {
                            let mut first: HashMap<String, usize> = HashMap::new();
                            for s in after.symbols() {
                                let e = first.entry(key(after, s)).or_insert(usize::MAX);
                                *e = (*e).min(s.extent.start_byte);
                            }
                            first
                        })
                        .get(*k)
                        .is_some_and(|start| *start < last)
            })
            .map(|(_, i)| *i)
            .collect();
        hits.sort_unstable();
        for i in hits {
            report(&mut out, i, first, only);
        }
        // Every attribute of a function (`setattr(helper, name, v)`): the function itself.
        if let Some(owner) = prefix
            .strip_suffix(sep)
            .filter(|_| attribute_wild.contains(prefix))
        {
            if let Some(i) = protected.get(owner).copied().filter(|i| {
                matches!(
                    before.symbols()[*i].kind,
                    SymbolKind::Function | SymbolKind::Method
                )
            }) {
                report(&mut out, i, first, Only::Any);
            } else if let Some(i) = function_prefix(&protected, before, owner, sep) {
                report(&mut out, i, first, Only::Any);
            }
        }
    }
    lookup_changes(before, after, &protected, &mut seen, &mut out, &line_of);
    shadowing(
        before, after, grants, &protected, &mut seen, &mut out, &line_of,
    );
    out.sort_by(|x, y| {
        (x.after.map(|a| a.start_line), &x.symbol).cmp(&(y.after.map(|a| a.start_line), &y.symbol))
    });
    out
}

/// Python methods that, added to a class, change how the class's existing members are looked
/// up, set or created (on the class, its instances or its subclasses).
const LOOKUP_DUNDERS: &[&str] = &[
    "__getattribute__",
    "__getattr__",
    "__setattr__",
    "__delattr__",
    "__dir__",
    "__init_subclass__",
    "__set_name__",
    "__class_getitem__",
    "__mro_entries__",
    "__prepare__",
    "__instancecheck__",
    "__subclasscheck__",
    "__get__",
    "__set__",
    "__delete__",
];

/// Additions that do not rebind a name but change which definition a use of an ungranted
/// one reaches: a Python method from [`LOOKUP_DUNDERS`] added to a class (every ungranted
/// member of the class, and of the classes in the file that name it as a base, for the hooks
/// that run on subclasses), and a Rust inherent method added for a type that has a trait
/// method of that name in this file (an inherent method wins in method-call syntax).
fn lookup_changes(
    before: &SourceFile,
    after: &SourceFile,
    protected: &std::collections::HashMap<String, usize>,
    seen: &mut HashSet<usize>,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    let paths_b: HashSet<&str> = before.symbols().iter().map(|s| s.path.as_str()).collect();
    let mut push = |out: &mut Vec<Violation>, i: usize, byte: usize, message: String| {
        if !seen.insert(i) {
            return;
        }
        let s = &before.symbols()[i];
        out.push(Violation {
            kind: ViolationKind::Redefined,
            symbol: Some(s.path.clone()),
            symbol_kind: Some(s.kind),
            before: Some(s.extent.into()),
            after: Some(LineRange {
                start_line: line_of(byte),
                end_line: line_of(byte),
            }),
            message,
        });
    };
    let mut hits: Vec<(usize, usize, String)> = Vec::new();
    for added in after.symbols() {
        if paths_b.contains(added.path.as_str()) || added.kind != SymbolKind::Method {
            continue;
        }
        let Some(parent) = added.parent.map(|p| &after.symbols()[p]) else {
            continue;
        };
        let byte = added.extent.start_byte;
        match after.language() {
            Language::Python if LOOKUP_DUNDERS.contains(&added.name.as_str()) => {
                let class = &parent.path;
                let subclass_hook = matches!(
                    added.name.as_str(),
                    "__init_subclass__" | "__set_name__" | "__class_getitem__" | "__mro_entries__"
                );
                // Classes naming it as a base (`class D(C):`), for hooks run on subclasses.
                let subclasses: Vec<&str> = if subclass_hook {
                    before
                        .symbols()
                        .iter()
                        .filter(|c| c.kind == SymbolKind::Class)
                        .filter(|c| {
                            let head = &before.text()[c.extent.range()];
                            let head = head.split(':').next().unwrap_or("");
                            head.split_once('(').is_some_and(|(_, bases)| {
                                bases
                                    .split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                                    .any(|w| w == parent.name)
                            })
                        })
                        .map(|c| c.path.as_str())
                        .collect()
                } else {
                    Vec::new()
                };
                for i in protected.values() {
                    let s = &before.symbols()[*i];
                    let owner = s.parent.map(|p| before.symbols()[p].path.as_str());
                    if owner.is_some_and(|o| o == class || subclasses.contains(&o)) {
                        hits.push((
                            *i,
                            byte,
                            format!(
                                "{} `{}` is reached differently: the added `{}` in `{}` changes how its members are looked up, set or created; grant `edit` on `{}` to change it",
                                s.kind, s.path, added.name, class, s.path
                            ),
                        ));
                    }
                }
            }
            Language::Rust if parent.kind == SymbolKind::Impl && !parent.name.contains(" for ") => {
                // `P::describe` added: `<P as T>::describe` and a default `T::describe` of a
                // trait implemented for `P` are no longer what `p.describe()` calls.
                let Some(ty) = added.path.strip_suffix(&format!("::{}", added.name)) else {
                    continue;
                };
                let traits: Vec<String> = after
                    .symbols()
                    .iter()
                    .filter(|i| i.kind == SymbolKind::Impl)
                    .filter_map(|i| {
                        let (t, for_ty) = i.name.strip_prefix("impl ")?.split_once(" for ")?;
                        (for_ty.trim() == ty).then(|| t.trim().to_string())
                    })
                    .collect();
                for (path, i) in protected {
                    let shadowed = path
                        .strip_prefix(&format!("<{ty} as "))
                        .and_then(|r| r.strip_suffix(&format!(">::{}", added.name)))
                        .is_some()
                        || traits
                            .iter()
                            .any(|t| *path == format!("{t}::{}", added.name));
                    if shadowed {
                        let s = &before.symbols()[*i];
                        hits.push((
                            *i,
                            byte,
                            format!(
                                "{} `{}` is shadowed: the added inherent method `{}` takes precedence in method calls; grant `edit` on `{}` to change it",
                                s.kind, s.path, added.path, s.path
                            ),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    hits.sort();
    for (i, byte, message) in hits {
        push(out, i, byte, message);
    }
}

/// A new definition of a name that is not a symbol of `before` but that ungranted code
/// refers to (an imported name, a builtin such as `len` or `parseInt`, a Rust prelude item, a
/// glob-imported function, a macro): it changes what that code calls. Every identifier in
/// `after` outside the granted regions and the additions counts as a reference (an
/// over-approximation: attribute and keyword names are left out, a local variable of the
/// same name is not). Top-level additions only (and Rust macros, which reach every module
/// after them); a new helper nothing ungranted refers to stays allowed.
#[allow(clippy::too_many_arguments)]
fn shadowing(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
    protected: &std::collections::HashMap<String, usize>,
    seen: &mut HashSet<usize>,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    let lang = after.language();
    let paths_b: HashSet<&str> = before.symbols().iter().map(|s| s.path.as_str()).collect();
    let symbols = after.symbols();
    let top = |s: &crate::Symbol| {
        s.parent.is_none() || (lang == Language::Rust && s.kind == SymbolKind::Macro)
    };
    let mut added: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    let mut excluded: Vec<std::ops::Range<usize>> = Vec::new();
    let cov = Coverage::of(after, grants);
    for (i, s) in symbols.iter().enumerate() {
        if !paths_b.contains(s.path.as_str()) {
            excluded.push(s.extent.range());
            let name = s.name.trim_end_matches('!');
            if top(s)
                && !matches!(
                    s.kind,
                    SymbolKind::Impl | SymbolKind::Method | SymbolKind::Field
                )
            {
                added.entry(name.to_string()).or_insert(s.extent.start_byte);
            }
        } else if cov.covered(i, true) {
            excluded.push(s.extent.range());
        } else if grants.bodies(s) {
            if let Some(b) = s.body {
                excluded.push(b.range());
            }
        }
    }
    if added.is_empty() {
        return;
    }
    let text = after.text();
    let mut hits: Vec<(Option<usize>, usize, String, usize)> = Vec::new();
    crate::walk::preorder(after.tree().root_node(), |cursor, _| {
        let node = cursor.node();
        if !matches!(node.kind(), "identifier" | "type_identifier") {
            return true;
        }
        let byte = node.start_byte();
        if excluded.iter().any(|r| r.contains(&byte)) {
            return true;
        }
        // Attribute and keyword-argument names are not references to a variable.
        let field_of = |kind: &str, field: &str| {
            node.parent().is_some_and(|p| {
                p.kind() == kind
                    && p.child_by_field_name(field)
                        .is_some_and(|c| c.id() == node.id())
            })
        };
        // A path's last segment (`P::new`, `helpers::util`) is named through its path.
        let qualified = field_of("scoped_identifier", "name")
            && node
                .parent()
                .and_then(|p| p.child_by_field_name("path"))
                .is_some();
        // A definition's own name (`fn util` in `mod helpers`) is not a use.
        let defines = node.parent().is_some_and(|p| {
            p.kind() != "scoped_identifier"
                && p.child_by_field_name("name")
                    .is_some_and(|c| c.id() == node.id())
        });
        if field_of("attribute", "attribute") || defines || qualified {
            return true;
        }
        let name = crate::language::names::canonical(lang, &text[node.byte_range()]);
        if let Some(def) = added.get(name.as_ref()) {
            // A parameter of an enclosing function of that name is what it refers to.
            let mut at = node.parent();
            while let Some(f) = at {
                let params = f
                    .child_by_field_name("parameters")
                    .or_else(|| f.child_by_field_name("parameter"));
                if let Some(params) = params {
                    let mut found = false;
                    crate::walk::preorder(params, |c, _| {
                        let n = c.node();
                        if n.kind() == "identifier"
                            && crate::language::names::canonical(lang, &text[n.byte_range()])
                                == name
                        {
                            found = true;
                        }
                        !found
                    });
                    if found {
                        return true;
                    }
                }
                at = f.parent();
            }
            // The innermost ungranted symbol the reference is in.
            let user = symbols
                .iter()
                .filter(|s| s.extent.range().contains(&byte))
                .filter_map(|s| protected.get(&s.path).copied())
                .max_by_key(|i| before.symbols()[*i].extent.start_byte);
            hits.push((user, byte, name.into_owned(), *def));
        }
        true
    });
    let mut reported_outside = false;
    for (user, byte, name, def) in hits {
        let (symbol, symbol_kind, span, who) = match user {
            Some(i) => {
                if !seen.insert(i) {
                    continue;
                }
                let s = &before.symbols()[i];
                (
                    Some(s.path.clone()),
                    Some(s.kind),
                    Some(s.extent.into()),
                    format!("ungranted {} `{}`", s.kind, s.path),
                )
            }
            None => {
                if reported_outside {
                    continue;
                }
                reported_outside = true;
                (None, None, None, "code outside any symbol".to_string())
            }
        };
        out.push(Violation {
            kind: ViolationKind::Redefined,
            symbol,
            symbol_kind,
            before: span,
            after: Some(LineRange {
                start_line: line_of(def),
                end_line: line_of(byte),
            }),
            message: format!(
                "the added `{name}` shadows the `{name}` that {who} uses (an import, builtin or other name that is not a symbol here), which changes what it calls; name the new definition differently or grant `edit` on the code that uses it"
            ),
        });
    }
}

/// The protected function or method that `key` names an attribute of (`helper.__code__`,
/// `C.delete.__func__.__code__`): the longest proper prefix of `key` that is one.
fn function_prefix(
    protected: &std::collections::HashMap<String, usize>,
    before: &SourceFile,
    key: &str,
    sep: &str,
) -> Option<usize> {
    let mut end = key.len();
    while let Some(at) = key[..end].rfind(sep) {
        end = at;
        if let Some(i) = protected.get(&key[..end]) {
            if matches!(
                before.symbols()[*i].kind,
                SymbolKind::Function | SymbolKind::Method
            ) {
                return Some(*i);
            }
        }
    }
    None
}

/// Whether an instance attribute of a method's name shadows the method (its text, the
/// extent): any method but a data descriptor or a member of the class itself. Python: every
/// method (plain, `@staticmethod`, `@classmethod`, `@cached_property`, `@lru_cache`, any
/// decorator) except a property (`@property`, `@x.setter`, `@x.getter`, `@x.deleter`, a
/// decorator named `..._property` other than `cached_property`), whose setter runs instead.
/// TypeScript: every method, decorated or not, except getters, setters, accessors and
/// static members (an assignment to `this.m` calls the setter, or does not touch `C.m`).
fn shadowable_method(language: Language, text: &str) -> bool {
    if language == Language::Python {
        for line in text.lines() {
            let line = line.trim_start();
            let Some(decorator) = line.strip_prefix('@') else {
                if line.starts_with("def ") || line.starts_with("async ") {
                    break;
                }
                continue;
            };
            let name = decorator
                .split(|c: char| c == '(' || c.is_whitespace() || c == '#')
                .next()
                .unwrap_or("");
            let last = name.rsplit('.').next().unwrap_or(name);
            if matches!(last, "property" | "setter" | "getter" | "deleter")
                || (last.ends_with("_property") && last != "cached_property")
            {
                return false;
            }
        }
        return true;
    }
    plain_method(text, true)
}

/// Whether a method's text (its extent) is a plain method: not a getter, setter or static
/// method, and (unless `decorated_ok`) no decorator.
fn plain_method(text: &str, decorated_ok: bool) -> bool {
    let mut t = text.trim_start();
    loop {
        if let Some(rest) = t.strip_prefix("/*") {
            t = rest.split_once("*/").map_or("", |(_, r)| r).trim_start();
        } else if t.starts_with("//") {
            t = t.split_once('\n').map_or("", |(_, r)| r).trim_start();
        } else {
            break;
        }
    }
    if t.starts_with('@') && !decorated_ok {
        return false;
    }
    for word in t.split_whitespace() {
        if word.starts_with('@') || word.starts_with('(') || word.starts_with(')') {
            continue;
        }
        match word {
            "public" | "private" | "protected" | "readonly" | "override" | "declare" | "async"
            | "export" => continue,
            "get" | "set" | "static" | "accessor" => return false,
            _ => return true,
        }
    }
    true
}

/// Whether symbol `i` of `file` or one of its ancestors is granted `edit`, or it lies inside
/// the body of a body-granted ancestor.
fn covered_by_ancestor(
    file: &SourceFile,
    grants: &GrantIndex<'_>,
    i: usize,
    include_self: bool,
) -> bool {
    let symbols = file.symbols();
    let extent = symbols[i].extent;
    if include_self && grants.edits(&symbols[i]) {
        return true;
    }
    let mut at = symbols[i].parent;
    while let Some(p) = at {
        let s = &symbols[p];
        if grants.edits(s) || (grants.bodies(s) && s.body.is_some_and(|b| b.contains(&extent))) {
            return true;
        }
        at = s.parent;
    }
    false
}

/// Turns the symbol-level diff into violations: every change no grant covers.
#[allow(clippy::too_many_arguments)]
fn explain(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
    options: &CheckOptions,
    file_diff: &FileDiff,
    (paths_b, paths_a): (&HashSet<&str>, &HashSet<&str>),
    same_within: &dyn Fn(usize, usize) -> bool,
    out: &mut Vec<Violation>,
) {
    let tolerant = options.formatting == Formatting::Tolerant;
    let (cov_b, cov_a) = (Coverage::of(before, grants), Coverage::of(after, grants));
    for c in &file_diff.changes {
        let push = |out: &mut Vec<Violation>, kind: ViolationKind, message: String| {
            out.push(Violation {
                kind,
                symbol: Some(c.symbol.clone()),
                symbol_kind: Some(c.kind),
                before: c.before,
                after: c.after,
                message,
            });
        };
        let name = &c.symbol;
        match c.change {
            ChangeKind::Added => {
                let a = c.after_index.unwrap_or_default();
                let s = &after.symbols()[a];
                if cov_a.covered(a, false) {
                    continue;
                }
                let into = grants.adds_into(after, s.parent);
                let container = s.parent.map_or_else(
                    || "the file's top level".to_string(),
                    |p| format!("`{}`", after.symbols()[p].path),
                );
                if into && paths_b.contains(s.path.as_str()) {
                    push(out, ViolationKind::Redefined, format!("{} `{name}` is added with the name of an existing symbol, which it would shadow; grant `edit` on `{name}` to change it", s.kind));
                } else if !into {
                    push(
                        out,
                        ViolationKind::Added,
                        format!(
                            "{} `{name}` was added, but adding to {container} is not granted",
                            s.kind
                        ),
                    );
                }
            }
            ChangeKind::Removed => {
                let b = c.before_index.unwrap_or_default();
                let s = &before.symbols()[b];
                if cov_b.covered(b, false) {
                    continue;
                }
                if !grants.deletes(s) {
                    push(
                        out,
                        ViolationKind::Removed,
                        format!(
                            "{} `{name}` was removed, but deleting it is not granted",
                            s.kind
                        ),
                    );
                } else if paths_a.contains(s.path.as_str()) {
                    push(out, ViolationKind::Removed, format!("one definition of `{name}` was removed while others remain; `delete` removes a symbol whole"));
                }
            }
            ChangeKind::Body
            | ChangeKind::Signature
            | ChangeKind::Formatting
            | ChangeKind::Moved => {
                let (b, a) = (
                    c.before_index.unwrap_or_default(),
                    c.after_index.unwrap_or_default(),
                );
                let sb = &before.symbols()[b];
                let edit = cov_b.covered(b, true) && cov_a.covered(a, true);
                let body_granted = grants.bodies(sb);
                // A Rust `mod { }` whose only difference is its freed `use` lines.
                let imports_only = || {
                    grants.imports
                        && without_imports(before, sb.extent.range())
                            == without_imports(after, after.symbols()[a].extent.range())
                };
                if c.change != ChangeKind::Moved && !edit && same_within(b, a) {
                    continue;
                }
                let ok = match c.change {
                    ChangeKind::Body => edit || body_granted || imports_only(),
                    ChangeKind::Formatting => {
                        edit || tolerant || (body_granted && c.signature_same)
                    }
                    ChangeKind::Signature => edit,
                    _ => cov_b.covered(b, false),
                };
                if ok {
                    continue;
                }
                let (kind, message) = match c.change {
                    ChangeKind::Signature if body_granted => (
                        ViolationKind::SignatureChanged,
                        format!("the signature of `{name}` changed (name, parameters, return type, decorators, attributes or doc comment), but only its body is granted"),
                    ),
                    ChangeKind::Moved => (ViolationKind::Moved, format!("{} `{name}` was moved; its position is outside the grants", sb.kind)),
                    change => (ViolationKind::Changed, format!("{} `{name}` changed ({}), but it is not granted", sb.kind, change.name())),
                };
                push(out, kind, message);
            }
        }
    }
    for o in &file_diff.outside {
        if tolerant && o.whitespace_only {
            continue;
        }
        if grants.imports
            && only_imports(before, o.before_bytes.clone())
            && only_imports(after, o.after_bytes.clone())
        {
            continue;
        }
        out.push(Violation {
            kind: ViolationKind::Outside,
            symbol: None,
            symbol_kind: None,
            before: o.before,
            after: o.after,
            message: match (o.before, o.after) {
                (Some(b), None) => format!("code outside any symbol was deleted (before: lines {}-{})", b.start_line, b.end_line),
                (None, Some(a)) => format!("code outside any symbol was added (after: lines {}-{}), where no grant allows it", a.start_line, a.end_line),
                _ => "code outside any symbol changed (imports, module-level code or comments between symbols)".to_string(),
            },
        });
    }
}

fn bidi_violation(found: crate::bidi::Found) -> Violation {
    Violation {
        kind: ViolationKind::BidiControl,
        symbol: None,
        symbol_kind: None,
        before: None,
        after: Some(LineRange {
            start_line: found.line,
            end_line: found.line,
        }),
        message: crate::bidi::message(&found),
    }
}

/// The import statements an `imports` grant frees: those at module level (the file's top
/// level, or directly inside a Rust `mod { }` block). An import inside a function, class or
/// impl is part of that symbol.
fn module_level_imports(file: &SourceFile) -> impl Iterator<Item = &(crate::Span, Option<usize>)> {
    file.imports()
        .iter()
        .filter(|(_, parent)| module_level(file, *parent))
}

/// Whether an import whose innermost enclosing symbol is `parent` is at module level.
fn module_level(file: &SourceFile, parent: Option<usize>) -> bool {
    parent.is_none_or(|p| file.symbols()[p].kind == SymbolKind::Module)
}

/// The text of `range` without the module-level import statements in it (and the
/// whitespace after each).
fn without_imports(file: &SourceFile, range: std::ops::Range<usize>) -> String {
    let text = file.text();
    let mut out = String::new();
    let mut pos = range.start;
    for (span, _) in module_level_imports(file) {
        if span.start_byte < pos || span.end_byte > range.end {
            continue;
        }
        out.push_str(&text[pos..span.start_byte]);
        pos = span.end_byte;
        let rest = &text[pos..range.end];
        pos += rest.len() - rest.trim_start().len();
    }
    out.push_str(&text[pos..range.end]);
    out
}

/// Whether every non-whitespace byte of `range` lies in a module-level import statement.
fn only_imports(file: &SourceFile, range: std::ops::Range<usize>) -> bool {
    let text = file.text().as_bytes();
    let mut pos = range.start;
    while pos < range.end {
        if text[pos].is_ascii_whitespace() {
            pos += 1;
            continue;
        }
        // Imports are in document order and disjoint: the last one starting at or before
        // `pos` is the only candidate.
        let imports = file.imports();
        let at = imports.partition_point(|(s, _)| s.start_byte <= pos);
        match at.checked_sub(1).map(|i| &imports[i]) {
            Some((s, parent)) if pos < s.end_byte && module_level(file, *parent) => {
                pos = s.end_byte
            }
            _ => return false,
        }
    }
    true
}

/// A violation for a skeleton difference the symbol-level explanation did not name.
fn fallback(
    before: &SourceFile,
    after: &SourceFile,
    sk_b: &[Piece<'_>],
    sk_a: &[Piece<'_>],
    deadline: &Deadline,
) -> Violation {
    let hunk = skeleton::hunks(sk_b, sk_a, deadline.instant())
        .into_iter()
        .next();
    let (rb, ra) = hunk.map(|h| (h.before, h.after)).unwrap_or((0..0, 0..0));
    let symbol = before
        .innermost(rb.clone())
        .map(|i| &before.symbols()[i])
        .or_else(|| after.innermost(ra.clone()).map(|i| &after.symbols()[i]));
    Violation {
        kind: if symbol.is_some() { ViolationKind::Changed } else { ViolationKind::Outside },
        symbol: symbol.map(|s| s.path.clone()),
        symbol_kind: symbol.map(|s| s.kind),
        before: LineRange::of_bytes(before.text(), rb),
        after: LineRange::of_bytes(after.text(), ra),
        message: match symbol {
            Some(s) => format!("text around granted regions of `{}` changed (blank lines, layout or order between granted symbols)", s.path),
            None => "text outside the granted regions changed (blank lines, layout or order between granted symbols)".to_string(),
        },
    }
}

/// The verdict straight from the definition, without the fast path: fresh parses, skeletons
/// as strings with `\0label\0` placeholders. Exact mode only; for tests. `None` is
/// unverifiable: a syntax error in `before`, or the second parser not confirming (crate
/// docs, "Two parsers").
#[doc(hidden)]
pub fn reference_allowed(
    language: Language,
    before: &str,
    after: &str,
    grants: &Grants,
) -> Result<Option<bool>, Error> {
    let b = SourceFile::parse(language, before)?;
    let a = SourceFile::parse(language, after)?;
    let mut opaque = second::Tolerated::default();
    if !b.syntax_errors().is_empty() || !a.syntax_errors().is_empty() {
        match second::tolerate(&b, &a) {
            Ok(t) => opaque = t,
            Err(_) if !b.syntax_errors().is_empty() => return Ok(None),
            Err(_) if matches!(a.second(), Some(Ok(_))) => return Ok(None),
            Err(_) => return Ok(Some(false)),
        }
    }
    let grants = &grants.canonical(language);
    grants.validate(&b)?;
    let grants = &GrantIndex::new(grants);
    let tab_error =
        language == Language::Python && crate::indent::python_divergence(&b, &a).is_some();
    if a.syntax_errors()
        .iter()
        .any(|e| !opaque.contains(false, e.byte))
        || tab_error
        || !crate::bidi::added_in(Some(language), before, after).is_empty()
    {
        return Ok(Some(false));
    }
    let pairs = diff::pair(&b, &a);
    let (unpaired_b, unpaired_a) = unpaired(&pairs, &a);
    let rb = regions(&b, &paths(&a), grants, true, &unpaired_b);
    let ra = regions(&a, &paths(&b), grants, false, &unpaired_a);
    let unbounded = Deadline::start(Duration::MAX);
    let allowed = skeleton::reference_string(b.text(), &rb)
        == skeleton::reference_string(a.text(), &ra)
        && ungranted_keep_their_shape(&b, &a, &pairs, grants, (&rb, &ra), None, &unbounded)
            .unwrap_or(false)
        && rebindings(&b, &a, grants).is_empty();
    if allowed && confirm(&b, &a, &opaque, (&rb, &ra)).is_some() {
        return Ok(None);
    }
    Ok(Some(allowed))
}
