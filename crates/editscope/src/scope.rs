//! The smallest contract that allows a change (`editscope scope`): what a person would write.
//!
//! For each changed file, [`scope_changes`] starts from the narrowest grant for every symbol
//! change the diff names (`body` for a body change of a symbol that has one, `edit` for any
//! other change of it, `add` on the container of a new symbol, `delete` for a removed one,
//! `create`/`delete` for new and deleted files), then runs the check itself and widens only
//! where it still rejects, one violation at a time (`body` to `edit`, `edit` on a symbol to
//! `edit` on its container, code outside any symbol to `imports`), and gives a file the
//! whole-file `files` grant only where no symbol-level grant can allow its change (a file
//! editscope does not parse, a binary file, a symlink, a mode change, code outside any
//! symbol that is not an import), saying why. Last, it drops every entry the check does
//! not need and narrows each `edit` that `body` can replace: so every entry is needed (the
//! contract without it rejects the change) and each is as narrow as the check allows.
//!
//! What no grant allows (a contract file, a symlink leading out of the root, an added
//! bidirectional control character, a file that cannot be verified) is listed in
//! [`Scope::refused`], never granted around.
//!
//! ```
//! use editscope::{check_changes, scope_changes, ChangeSet, ScopeOptions};
//!
//! let before = "def create(name):\n    return name\n\n\ndef delete(i):\n    pass\n";
//! let after = "def create(name):\n    return name.strip()\n\n\ndef delete(i):\n    pass\n";
//! let changes = ChangeSet::from_memory([("app.py", Some(before.into()), Some(after.into()))])?;
//! let scope = scope_changes(&changes, &ScopeOptions::default());
//! assert_eq!(scope.entries.len(), 1);
//! assert_eq!(scope.entries[0].selector, "app.py::create");
//! assert!(check_changes(&scope.contract()?, &changes)?.is_allowed());
//! assert!(scope.to_toml("app.py").contains("body = [\n    \"app.py::create\",\n]"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::sync::Arc;

use serde::Serialize;

use crate::{
    check_changes_with, ChangeKind, ChangeSet, CheckChangesOptions, Contract, ContractError,
    ContractSpec, FileChange, Language, Report, SourceFile, Status, ViolationKind, WarmCache,
};

/// A contract key as `editscope scope` writes it, narrowest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ScopeKey {
    /// `body`: only the symbol's body.
    Body,
    /// `edit`: anything in the symbol's extent.
    Edit,
    /// `add`: new symbols directly inside a container, or (a file) at its top level.
    Add,
    /// `delete`: the symbol may go, or (a file) the file may be deleted.
    Delete,
    /// `imports`: the file's module-level imports.
    Imports,
    /// `create`: the file may be created.
    Create,
    /// `files`: the whole file, free.
    Files,
}

/// One entry of a scoped contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeEntry {
    /// The contract key it is listed under.
    pub key: ScopeKey,
    /// The selector or file glob as written in the contract (`src/app.py::UserService.create`;
    /// a path is its own file part: `[`, `]`, `{`, `}` are literal).
    pub selector: String,
    /// The file's path.
    pub path: String,
    /// The symbol path, for a symbol entry.
    pub symbol: Option<String>,
    /// Why this entry is as wide as it is, where that needs saying (why a whole-file grant).
    pub reason: Option<String>,
}

/// A changed file that no grant can allow, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScopeRefusal {
    /// The file's path.
    pub path: String,
    /// Why no contract allows its change (the check's own message).
    pub reason: String,
}

/// The smallest contract that allows a change: see the [module docs](self).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Scope {
    /// The entries, narrowest key first; within a key in the change set's file order and
    /// the document order of the symbols.
    pub entries: Vec<ScopeEntry>,
    /// The files no grant allows (the contract does not allow the change while any is here).
    pub refused: Vec<ScopeRefusal>,
    /// Whether the check of the whole change against [`Scope::contract`] allows it (it
    /// does unless something is refused).
    pub allowed: bool,
}

/// What [`scope_changes`] takes besides the change.
#[derive(Debug, Clone, Default)]
pub struct ScopeOptions {
    /// Root-relative paths of contract files in use under another name (as
    /// [`CheckChangesOptions::protected`]).
    pub protected: Vec<String>,
    /// How many files to scope at once (`None`: [`crate::par::jobs`]); the result is the same
    /// for any number.
    pub jobs: Option<usize>,
}

impl ScopeKey {
    fn list(self, spec: &mut ContractSpec) -> &mut Vec<String> {
        match self {
            ScopeKey::Body => &mut spec.body,
            ScopeKey::Edit => &mut spec.edit,
            ScopeKey::Add => &mut spec.add,
            ScopeKey::Delete => &mut spec.delete,
            ScopeKey::Imports => &mut spec.imports,
            ScopeKey::Create => &mut spec.create,
            ScopeKey::Files => &mut spec.files,
        }
    }
}

impl Scope {
    /// The contract's keys and selectors.
    pub fn spec(&self) -> ContractSpec {
        spec_of(self.entries.iter())
    }

    /// The contract without entry `index` (to see that each entry is needed).
    pub fn spec_without(&self, index: usize) -> ContractSpec {
        spec_of(
            self.entries
                .iter()
                .enumerate()
                .filter(|(i, _)| *i != index)
                .map(|(_, e)| e),
        )
    }

    /// The contract, compiled.
    pub fn contract(&self) -> Result<Contract, ContractError> {
        Contract::from_spec(self.spec())
    }

    /// The contract as TOML a person would write: a comment naming `source` (the commit
    /// range, the patch, the directories), one key per line group, one entry per line,
    /// whole-file grants with a comment saying why, and the refused files as comments.
    /// Every string is escaped (TOML basic strings; `\uXXXX` for control and invisible
    /// characters), and comments hold no line break or invisible character.
    pub fn to_toml(&self, source: &str) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "# The smallest contract that allows {} (editscope scope).",
            comment(source)
        );
        out.push_str(
            "# Each entry is needed: without any one of them `editscope check` rejects the change.\n",
        );
        if self.entries.is_empty() && self.refused.is_empty() {
            out.push_str("# The change needs no grant.\n");
        }
        for &key in ScopeKey::ALL {
            let entries: Vec<&ScopeEntry> = self.entries.iter().filter(|e| e.key == key).collect();
            if entries.is_empty() {
                continue;
            }
            let _ = writeln!(out, "{} = [", key.as_str());
            for e in entries {
                if let Some(reason) = &e.reason {
                    let _ = writeln!(out, "    # {}: {}", comment(&e.path), comment(reason));
                }
                let _ = writeln!(out, "    {},", toml_string(&e.selector));
            }
            out.push_str("]\n");
        }
        if !self.refused.is_empty() {
            out.push_str("# Not allowed by any grant (`editscope check` rejects these whatever the contract):\n");
            for r in &self.refused {
                let _ = writeln!(out, "#   {}: {}", comment(&r.path), comment(&r.reason));
            }
        }
        out
    }
}

fn spec_of<'e>(entries: impl Iterator<Item = &'e ScopeEntry>) -> ContractSpec {
    let mut spec = ContractSpec::default();
    for e in entries {
        let list = e.key.list(&mut spec);
        if !list.contains(&e.selector) {
            list.push(e.selector.clone());
        }
    }
    spec
}

/// `text` as a TOML basic string: `"` and `\` escaped, and every control, bidi or other
/// invisible character as `\uXXXX` (`\UXXXXXXXX` above the BMP), so the contract file shows
/// what it names.
fn toml_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if invisible(c) => {
                if (c as u32) <= 0xFFFF {
                    let _ = write!(out, "\\u{:04X}", c as u32);
                } else {
                    let _ = write!(out, "\\U{:08X}", c as u32);
                }
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn invisible(c: char) -> bool {
    c.is_control() || crate::bidi::escape_invisible(c.encode_utf8(&mut [0; 4])).len() > 1
}

/// `text` for a `#` comment: one line, invisible characters written as `\u{XXXX}`.
fn comment(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if invisible(c) {
            let _ = write!(out, "\\u{{{:04X}}}", c as u32);
        } else {
            out.push(c);
        }
    }
    out
}

/// A path as the file part of a selector that names exactly that file: the path itself, since
/// only `*`, `**` and `?` are wildcards (`[`, `]`, `{`, `}`, `,`, `!` are literal). A path
/// holding `*`, `?` or `::` has no literal form ([`unnamable`]): `scope` refuses it.
pub(crate) fn literal_glob(path: &str) -> String {
    path.to_string()
}

/// Why a contract cannot name `path` exactly, if it cannot: a `*` or `?` (wildcards) or a
/// `::` (where a selector's symbol part starts).
fn unnamable(path: &str) -> Option<String> {
    (path.contains(['*', '?']) || path.contains("::")).then(|| {
        format!("the path `{path}` holds `*`, `?` or `::`, which a contract cannot name literally (wildcards, or where a selector's symbol part starts): rename the file or grant a pattern by hand")
    })
}

/// What one entry of a file names.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Target {
    /// The file itself.
    File,
    /// A renamed file's old path.
    OldPath,
    /// A symbol of the file.
    Symbol(String),
}

fn sym(path: &str) -> Target {
    Target::Symbol(path.to_string())
}

/// One file's entries while they are worked out: (key, target) to the reason.
type Grants = BTreeMap<(ScopeKey, Target), Option<String>>;

/// What scoping one file gives.
struct FileScope {
    entries: Vec<ScopeEntry>,
    refused: Option<String>,
}

/// The parsed versions of a file and where its symbols are.
struct Parsed {
    before: SourceFile,
    after: SourceFile,
}

impl Parsed {
    fn new(f: &FileChange) -> Option<Parsed> {
        let language = Language::from_path(&f.path)?;
        let (Some(b), Some(a)) = (&f.before, &f.after) else {
            return None;
        };
        Some(Parsed {
            before: SourceFile::parse(language, b.as_str()).ok()?,
            after: SourceFile::parse(language, a.as_str()).ok()?,
        })
    }

    /// The symbol of `before` at `path`.
    fn before_symbol(&self, path: &str) -> Option<usize> {
        self.before.symbols().iter().position(|s| s.path == path)
    }

    /// The container of `path`: its parent's path in `before` (or, for a symbol only in
    /// `after`, in `after`), `None` at the top level.
    fn parent(&self, path: &str) -> Option<String> {
        let in_side = |file: &SourceFile| {
            let i = file.symbols().iter().position(|s| s.path == path)?;
            let p = file.symbols()[i].parent?;
            Some(file.symbols()[p].path.clone())
        };
        in_side(&self.before).or_else(|| in_side(&self.after))
    }

    fn has_body(&self, path: &str) -> bool {
        self.before_symbol(path)
            .is_some_and(|i| self.before.symbols()[i].body.is_some())
    }

    fn is_container(&self, path: &str) -> bool {
        self.before_symbol(path)
            .is_some_and(|i| self.before.symbols()[i].kind.is_container())
    }

    /// Where a symbol sits, for ordering entries (its first line in `before`, else `after`).
    fn line(&self, path: &str) -> usize {
        let at = |file: &SourceFile| {
            file.symbols()
                .iter()
                .find(|s| s.path == path)
                .map(|s| s.extent.start_line)
        };
        at(&self.before).or_else(|| at(&self.after)).unwrap_or(0)
    }
}

/// The grants the diff of a parsed file names, each at the narrowest level.
fn initial(p: &Parsed, grants: &mut Grants) {
    let diff = crate::diff(&p.before, &p.after);
    for c in &diff.changes {
        let s = c.symbol.as_str();
        match c.change {
            ChangeKind::Body if p.has_body(s) => {
                grants.insert((ScopeKey::Body, sym(s)), None);
            }
            ChangeKind::Body | ChangeKind::Signature | ChangeKind::Formatting => {
                grants.insert((ScopeKey::Edit, sym(s)), None);
            }
            ChangeKind::Removed => {
                grants.insert((ScopeKey::Delete, sym(s)), None);
            }
            ChangeKind::Added => add_to_container(p, s, grants),
            // A reordering of a container's members: `edit` on the container; at the top
            // level the check's answer decides.
            ChangeKind::Moved => {
                if let Some(parent) = p.parent(s) {
                    widen_to_edit(p, &parent, grants, "its members were reordered");
                }
            }
        }
    }
    if !diff.outside.is_empty() {
        grants.insert((ScopeKey::Imports, Target::File), None);
    }
}

/// A new symbol `s`: `add` on its container (the file for the top level), or `edit` on a
/// container that cannot take `add` (a function, a symbol the change creates).
fn add_to_container(p: &Parsed, s: &str, grants: &mut Grants) {
    match p.parent(s) {
        None => {
            grants.insert((ScopeKey::Add, Target::File), None);
        }
        Some(parent) if p.is_container(&parent) => {
            grants.insert((ScopeKey::Add, sym(&parent)), None);
        }
        Some(parent) => widen_to_edit(p, &parent, grants, "a definition was added inside it"),
    }
}

/// `edit` on `s`, or on the nearest container of it that `before` has and that is not
/// granted `edit` already; the whole file when there is none.
fn widen_to_edit(p: &Parsed, s: &str, grants: &mut Grants, why: &str) {
    let mut at = Some(s.to_string());
    while let Some(s) = at {
        if p.before_symbol(&s).is_some() && !grants.contains_key(&(ScopeKey::Edit, sym(&s))) {
            grants.remove(&(ScopeKey::Body, sym(&s)));
            grants.insert((ScopeKey::Edit, sym(&s)), None);
            return;
        }
        at = p.parent(&s);
    }
    files(grants, why);
}

/// `s` one level wider: nothing to `body` (where it has one), `body` to `edit`, `edit` to
/// `edit` on its container; a symbol only in `after` widens its container.
fn widen_symbol(p: &Parsed, s: &str, grants: &mut Grants, why: &str) {
    let edit = grants.contains_key(&(ScopeKey::Edit, sym(s)));
    let body = grants.contains_key(&(ScopeKey::Body, sym(s)));
    if p.before_symbol(s).is_none() || edit {
        match p.parent(s) {
            Some(parent) => widen_to_edit(p, &parent, grants, why),
            None => files(grants, why),
        }
    } else if !body && p.has_body(s) {
        grants.insert((ScopeKey::Body, sym(s)), None);
    } else {
        widen_to_edit(p, s, grants, why);
    }
}

/// The whole file, with why (kept from the first reason given).
fn files(grants: &mut Grants, why: &str) {
    grants
        .entry((ScopeKey::Files, Target::File))
        .or_insert_with(|| Some(why.to_string()));
}

/// Checks one file against `grants`; `warm` keeps its baseline parsed across the many
/// checks of one file (the verdicts are those of a cold check).
fn check_one(
    f: &FileChange,
    changes: &ChangeSet,
    grants: &Grants,
    options: &ScopeOptions,
    warm: &Arc<WarmCache>,
) -> Option<Report> {
    let contract = Contract::from_spec(spec_of(entries(f, None, grants).iter())).ok()?;
    let one = ChangeSet {
        files: vec![f.clone()],
        notes: vec![],
        link_targets: changes.link_targets.clone(),
        // The file's staged version too (a working-tree check judges what a commit lands).
        index_versions: changes
            .index_versions
            .iter()
            .filter(|v| v.path == f.path)
            .cloned()
            .collect(),
        staged_in_place: changes
            .staged_in_place
            .iter()
            .filter(|p| **p == f.path)
            .cloned()
            .collect(),
        committed_versions: changes
            .committed_versions
            .iter()
            .filter(|v| v.path == f.path)
            .cloned()
            .collect(),
    };
    // Only the verdict and the violations are read: no selector warnings (looking for them
    // parses the file again, on every one of the many checks of a file).
    crate::report::check_changes_inner(
        &contract,
        &one,
        &CheckChangesOptions {
            protected: options.protected.clone(),
            jobs: Some(1),
            warm: Some(Arc::clone(warm)),
            ..CheckChangesOptions::default()
        },
        false,
    )
    .ok()
}

fn entries(f: &FileChange, p: Option<&Parsed>, grants: &Grants) -> Vec<ScopeEntry> {
    let glob = literal_glob(&f.path);
    let mut out: Vec<(usize, ScopeEntry)> = grants
        .iter()
        .map(|((key, target), reason)| {
            let (path, selector, symbol, line) = match target {
                Target::File => (f.path.clone(), glob.clone(), None, 0),
                Target::OldPath => {
                    let old = f.old_path.clone().unwrap_or_default();
                    let sel = literal_glob(&old);
                    (old, sel, None, 0)
                }
                Target::Symbol(s) => (
                    f.path.clone(),
                    format!("{glob}::{s}"),
                    Some(s.clone()),
                    p.map_or(0, |p| p.line(s)),
                ),
            };
            (
                line,
                ScopeEntry {
                    key: *key,
                    selector,
                    path,
                    symbol,
                    reason: reason.clone(),
                },
            )
        })
        .collect();
    out.sort_by_key(|(line, e)| (e.key, *line));
    out.into_iter().map(|(_, e)| e).collect()
}

/// One step wider where `report` still rejects: `Ok(false)` when nothing widened, an
/// error (the reason) when no grant can allow the change.
fn widen(
    f: &FileChange,
    p: Option<&Parsed>,
    report: &Report,
    grants: &mut Grants,
) -> Result<bool, String> {
    let before = grants.clone();
    let whole = (ScopeKey::Files, Target::File);
    if report.status == Status::Unverifiable {
        let reason = report
            .files
            .iter()
            .find_map(|r| r.unverifiable.as_ref())
            .map(|u| format!("cannot be verified: {u}"))
            .unwrap_or_else(|| "cannot be verified".into());
        if grants.contains_key(&whole) {
            return Err(reason);
        }
        grants.clear();
        files(grants, &reason);
        return Ok(true);
    }
    for v in &report.violations {
        let v = &v.violation;
        let why = v.message.as_str();
        match (v.kind, &v.symbol, p) {
            (
                ViolationKind::ContractChanged
                | ViolationKind::SymlinkOutside
                | ViolationKind::BidiControl
                | ViolationKind::Protected,
                _,
                _,
            ) => return Err(v.message.clone()),
            (ViolationKind::FileCreated, _, _) => {
                grants.insert((ScopeKey::Create, Target::File), None);
            }
            (ViolationKind::FileDeleted, _, _) => {
                grants.insert((ScopeKey::Delete, Target::File), None);
            }
            (ViolationKind::FileRenamed, _, _) => {
                grants.insert((ScopeKey::Create, Target::File), None);
                if f.old_path.is_some() {
                    grants.insert((ScopeKey::Delete, Target::OldPath), None);
                }
            }
            (
                ViolationKind::FileChanged
                | ViolationKind::ModeChanged
                | ViolationKind::BinaryChanged
                | ViolationKind::SymlinkChanged
                | ViolationKind::SyntaxError,
                _,
                _,
            ) => files(grants, &file_reason(f, v.kind, why)),
            (ViolationKind::Removed, Some(s), Some(p)) => {
                let delete = (ScopeKey::Delete, sym(s));
                if p.before_symbol(s).is_some() && !grants.contains_key(&delete) {
                    grants.insert(delete, None);
                } else {
                    match p.parent(s) {
                        Some(parent) => widen_to_edit(p, &parent, grants, why),
                        None => files(grants, why),
                    }
                }
            }
            (ViolationKind::Added, Some(s), Some(p)) => {
                let container = p.parent(s);
                let add = match &container {
                    None => Some((ScopeKey::Add, Target::File)),
                    Some(c) if p.is_container(c) => Some((ScopeKey::Add, sym(c))),
                    Some(_) => None,
                };
                match (add, container) {
                    (Some(add), _) if !grants.contains_key(&add) => {
                        grants.insert(add, None);
                    }
                    (_, Some(c)) => widen_to_edit(p, &c, grants, why),
                    (_, None) => files(grants, why),
                }
            }
            (ViolationKind::Outside, None, _) => {
                let imports = (ScopeKey::Imports, Target::File);
                if Language::from_path(&f.path).is_some() && !grants.contains_key(&imports) {
                    grants.insert(imports, None);
                } else {
                    let at = v
                        .location()
                        .map(|r| {
                            if r.start_line == r.end_line {
                                format!(" (line {})", r.start_line)
                            } else {
                                format!(" (lines {}-{})", r.start_line, r.end_line)
                            }
                        })
                        .unwrap_or_default();
                    files(
                        grants,
                        &format!(
                            "code outside any symbol changed{at}, and it is not an import: only a whole-file grant allows that"
                        ),
                    );
                }
            }
            (_, Some(s), Some(p)) => widen_symbol(p, s, grants, why),
            _ => files(grants, &file_reason(f, v.kind, why)),
        }
    }
    Ok(*grants != before)
}

/// Why a file needs the whole-file grant.
fn file_reason(f: &FileChange, kind: ViolationKind, message: &str) -> String {
    match kind {
        ViolationKind::BinaryChanged => "binary: editscope cannot look inside it".into(),
        ViolationKind::ModeChanged => {
            "its mode changed: only a whole-file grant allows that".into()
        }
        ViolationKind::SymlinkChanged => {
            "a symlink: only a `files` grant naming it allows it".into()
        }
        ViolationKind::SyntaxError => {
            format!("it does not parse after the change, so no symbol grant can hold ({message})")
        }
        _ if Language::from_path(&f.path).is_none() => {
            "not source editscope parses: only a whole-file grant allows changing it".into()
        }
        _ => message.to_string(),
    }
}

/// The smallest grants for one file.
fn file_scope(f: &FileChange, changes: &ChangeSet, options: &ScopeOptions) -> FileScope {
    if let Some(reason) = std::iter::once(&f.path)
        .chain(f.old_path.as_ref())
        .find_map(|p| unnamable(p))
    {
        return refused(reason);
    }
    let p = Parsed::new(f);
    let mut grants = Grants::new();
    if let Some(p) = &p {
        initial(p, &mut grants);
    }
    let warm = Arc::new(WarmCache::new());
    let allowed = |g: &Grants| {
        check_one(f, changes, g, options, &warm).is_some_and(|r| r.status == Status::Allowed)
    };
    // Widen until allowed: each step adds an entry or widens one, so this ends; the bound
    // is a guard.
    let symbols = p
        .as_ref()
        .map_or(0, |p| p.before.symbols().len() + p.after.symbols().len());
    let limit = 4 * symbols + 16;
    let mut steps = 0;
    loop {
        let Some(report) = check_one(f, changes, &grants, options, &warm) else {
            return refused("the check fails on every contract scoped for it".into());
        };
        if report.status == Status::Allowed {
            break;
        }
        let first = report
            .violations
            .first()
            .map(|v| v.violation.message.clone())
            .unwrap_or_else(|| "no grant allows this change".into());
        steps += 1;
        match widen(f, p.as_ref(), &report, &mut grants) {
            Err(reason) => return refused(reason),
            Ok(true) if steps < limit => {}
            Ok(_) if grants.contains_key(&(ScopeKey::Files, Target::File)) => {
                return refused(first)
            }
            Ok(_) => files(&mut grants, &first),
        }
    }
    // Drop what is not needed, broadest first, then narrow each `edit` that `body` can
    // replace. A grant on a symbol the diff names as changed (or removed) with no other
    // grant around it (an `edit` or `body` of an enclosing symbol, the whole file) is needed
    // without asking: nothing else covers that change. (Asking the check for each of them
    // made `scope` quadratic in the symbols a file changes.)
    let changed: HashSet<String> = p.as_ref().map_or_else(HashSet::new, |p| {
        crate::diff(&p.before, &p.after)
            .changes
            .iter()
            .filter(|c| !matches!(c.change, ChangeKind::Added | ChangeKind::Moved))
            .map(|c| c.symbol.clone())
            .collect()
    });
    let needed = |grants: &Grants, (key, target): &(ScopeKey, Target)| -> bool {
        let (Some(p), Target::Symbol(s)) = (p.as_ref(), target) else {
            return false;
        };
        // Another grant on the same symbol (`edit` covers `body`) or the whole file: ask.
        let others_on_it = [ScopeKey::Body, ScopeKey::Edit, ScopeKey::Delete]
            .iter()
            .any(|k| k != key && grants.contains_key(&(*k, sym(s))));
        if !matches!(key, ScopeKey::Body | ScopeKey::Edit | ScopeKey::Delete)
            || !changed.contains(s)
            || others_on_it
            || grants.contains_key(&(ScopeKey::Files, Target::File))
        {
            return false;
        }
        let mut at = p.parent(s);
        let mut guard = 0;
        while let Some(a) = at {
            if grants.contains_key(&(ScopeKey::Edit, sym(&a)))
                || grants.contains_key(&(ScopeKey::Body, sym(&a)))
                || guard > 10_000
            {
                return false;
            }
            guard += 1;
            at = p.parent(&a);
        }
        true
    };
    let keys: Vec<_> = grants.keys().rev().cloned().collect();
    let whole = (ScopeKey::Files, Target::File);
    for k in keys {
        if !grants.contains_key(&k) || needed(&grants, &k) {
            continue;
        }
        let mut without = grants.clone();
        without.remove(&k);
        if allowed(&without) {
            grants = without;
        } else if k == whole {
            // The whole file is needed (it comes first: the broadest key). It allows every
            // change inside the file, so the symbol-level grants of the file (and `add` and
            // `imports` on it) are dropped in one check rather than one check each (a file
            // with hundreds of changed symbols took minutes): when the file's grants without
            // them allow the change, so does every set between (more grants never allow
            // less), and dropping them one by one would have dropped each.
            let subsumed = |(key, target): &(ScopeKey, Target)| {
                matches!(target, Target::Symbol(_))
                    || (matches!(target, Target::File)
                        && matches!(key, ScopeKey::Add | ScopeKey::Imports))
            };
            let mut only: Grants = grants.clone();
            only.retain(|k, _| !subsumed(k));
            if only.len() < grants.len() && allowed(&only) {
                grants = only;
            }
        }
    }
    if let Some(p) = &p {
        let edits: Vec<String> = grants
            .keys()
            .filter_map(|(k, t)| match (k, t) {
                (ScopeKey::Edit, Target::Symbol(s)) if p.has_body(s) => Some(s.clone()),
                _ => None,
            })
            .collect();
        for s in edits {
            let mut narrower = grants.clone();
            let reason = narrower.remove(&(ScopeKey::Edit, sym(&s))).flatten();
            narrower.insert((ScopeKey::Body, sym(&s)), reason);
            if allowed(&narrower) {
                grants = narrower;
            }
        }
    }
    FileScope {
        entries: entries(f, p.as_ref(), &grants),
        refused: None,
    }
}

fn refused(reason: String) -> FileScope {
    FileScope {
        entries: vec![],
        refused: Some(reason),
    }
}

/// The smallest contract that allows `changes`: see the [module docs](self).
pub fn scope_changes(changes: &ChangeSet, options: &ScopeOptions) -> Scope {
    let jobs = options.jobs.unwrap_or_else(|| crate::par::jobs(None));
    let each = crate::par::map(&changes.files, jobs, |f| {
        if f.is_change() {
            file_scope(f, changes, options)
        } else {
            FileScope {
                entries: vec![],
                refused: None,
            }
        }
    });
    let mut scope = Scope::default();
    let mut by_key: Vec<Vec<ScopeEntry>> = vec![vec![]; ScopeKey::ALL.len()];
    for (f, one) in changes.files.iter().zip(each) {
        if let Some(reason) = one.refused {
            scope.refused.push(ScopeRefusal {
                path: f.path.clone(),
                reason,
            });
        }
        for e in one.entries {
            let at = ScopeKey::ALL.iter().position(|k| *k == e.key).unwrap_or(0);
            if !by_key
                .iter()
                .flatten()
                .any(|o| o.key == e.key && o.selector == e.selector)
            {
                by_key[at].push(e);
            }
        }
    }
    scope.entries = by_key.into_iter().flatten().collect();
    scope.allowed = scope.refused.is_empty()
        && scope.contract().ok().is_some_and(|c| {
            check_changes_with(
                &c,
                changes,
                &CheckChangesOptions {
                    protected: options.protected.clone(),
                    jobs: options.jobs,
                    ..CheckChangesOptions::default()
                },
            )
            .is_ok_and(|r| r.is_allowed())
        });
    scope
}

#[cfg(test)]
mod tests;
