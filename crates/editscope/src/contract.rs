//! Contracts: what one task may change, for a whole repository.
//!
//! A contract is a flat TOML (or JSON) file, one key per grant kind, so it reads like the task
//! it scopes:
//!
//! ```toml
//! edit    = ["src/app.py::UserService.create"]   # anything inside these symbols
//! body    = ["src/lib.rs::Parser::parse"]        # body only, signature frozen
//! add     = ["src/app.py::UserService"]          # new members directly inside
//! delete  = ["src/app.py::legacy_helper", "old/*.py"]   # symbols, or whole files
//! files   = ["docs/**"]                          # whole files, free to edit (or create)
//! create  = ["tests/**"]                         # new files allowed here
//! imports = ["src/**/*.py"]                      # module-level import statements may change
//! formatting = "exact"                           # or "tolerant"
//! budget_ms = 5000                               # time budget of one check (default 5000)
//! allow_bidi = false                             # bidirectional controls may be added
//! ```
//!
//! The file part of a selector is a glob with three wildcards: `*` (any run of characters
//! within a path segment), `**` (any number of whole segments) and `?` (one character other
//! than `/`). Every other character is literal, `[`, `]`, `{`, `}` and `,` included, so
//! `pages/[id].tsx` names exactly that file (no character classes, no alternations). A
//! symbol segment may use `*` too (`test_*`, or `*` for any one level). Everything not
//! granted is frozen.
//!
//! # Protect lists
//!
//! `protect = ["src/app.py::UserService.delete", "src/auth/**"]` names what must not change:
//! a file glob protects whole files (any edit, deletion, rename or mode change), a
//! `file::Symbol` selector the symbol's whole extent (doc comments, attributes and
//! decorators included), against edits, deletion, signature changes, renames and rebinding
//! of its name. Precedence: **protect wins over every grant** (`edit`, `body`, `delete`,
//! `add`, `files`, `create`, `imports`), including a grant on an enclosing symbol. A
//! contract with `protect` and no grant key allows everything else: every other file may
//! change, be created or deleted; in a file holding a protected symbol every other symbol
//! may change, but text outside any symbol and the headers of the protected symbol's
//! containers stay frozen (so nothing can rebind the protected name there). Such a file
//! that cannot be parsed is unverifiable, never allowed. A protect entry that matches
//! nothing (no symbol, or no file) is reported as a warning. A protect entry without `::`
//! naming a directory (`src/auth`) protects what is in it, as `src/auth/**` does.
//!
//! In-source markers (`editscope: protect` comments, [`SourceFile::markers`]) add to the
//! protected symbols of a file ([`Contract::protected_in`]) under every contract, with the
//! same precedence; a file granted whole that may hold one is checked symbol by symbol.

use std::collections::BTreeSet;
use std::fmt;
use std::path::Path;

use globset::{Glob, GlobBuilder, GlobMatcher};
use serde::{Deserialize, Serialize};

use crate::check::{Formatting, Grants};
use crate::selector::Selector;
use crate::{SourceFile, Symbol};

/// The contract file format: every key optional, unknown keys rejected.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContractSpec {
    /// Selectors whose whole extent may change (a selector without `::` frees the file).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub edit: Vec<String>,
    /// Selectors whose body may change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub body: Vec<String>,
    /// Selectors of symbols that may be removed, or file globs that may be deleted.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delete: Vec<String>,
    /// Containers (`file::Class`) or files (`file`, for top level) that may gain symbols.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub add: Vec<String>,
    /// File globs that may be edited freely (and created).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files: Vec<String>,
    /// File globs where new files may be created.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub create: Vec<String>,
    /// File globs where module-level import statements may be added, removed or changed
    /// (not imports inside a function, class or impl: those are part of that symbol).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub imports: Vec<String>,
    /// Selectors (`file::Symbol`) or file globs that must not change at all: no edit,
    /// deletion, signature change, rename or rebinding. Protect wins over every grant; a
    /// contract with only `protect` (no grant key) lets everything else change.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub protect: Vec<String>,
    /// How text outside the grants is compared.
    #[serde(default, skip_serializing_if = "is_exact")]
    pub formatting: Formatting,
    /// Check files whose `before` has syntax errors instead of calling them unverifiable.
    #[serde(default, skip_serializing_if = "is_false")]
    pub allow_syntax_errors: bool,
    /// Time budget of one check of a whole change set, in milliseconds (default: 5000).
    /// Past it the report is unverifiable, never allowed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub budget_ms: Option<u64>,
    /// Allow the change to add bidirectional control characters (U+202A–U+202E,
    /// U+2066–U+2069, U+200E, U+200F, U+061C); by default each is a violation.
    #[serde(default, skip_serializing_if = "is_false")]
    pub allow_bidi: bool,
}

fn is_exact(f: &Formatting) -> bool {
    *f == Formatting::Exact
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A contract that does not parse or does not make sense, with where.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, thiserror::Error)]
pub struct ContractError {
    /// What is wrong.
    pub message: String,
    /// The key at fault (`edit`, `edit[2]`), when known.
    pub key: Option<String>,
    /// 1-based line in the contract file, when known.
    pub line: Option<usize>,
    /// 1-based column, when known.
    pub column: Option<usize>,
}

impl fmt::Display for ContractError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "contract line {l}, column {c}: ")?,
            (Some(l), None) => write!(f, "contract line {l}: ")?,
            _ => f.write_str("contract: ")?,
        }
        if let Some(key) = &self.key {
            write!(f, "`{key}`: ")?;
        }
        f.write_str(&self.message)
    }
}

/// A grant level on a symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Anything inside the extent.
    Edit,
    /// Only the body.
    Body,
    /// The symbol may be removed.
    Delete,
    /// New symbols directly inside.
    Add,
}

impl Level {
    /// The lowercase name used in JSON and human output: the same as `as_str()`.
    pub fn name(self) -> &'static str {
        self.as_str()
    }
}

/// A compiled file glob.
#[derive(Debug, Clone)]
struct FileGlob {
    #[allow(dead_code)]
    source: String,
    matcher: GlobMatcher,
    literal: bool,
}

impl FileGlob {
    fn new(source: &str) -> Result<FileGlob, String> {
        Self::with_case(source, false)
    }

    /// [`FileGlob::new`], letters compared without case when `ignore_case` (for "did you
    /// mean" hints only: paths are judged with their case).
    fn with_case(source: &str, ignore_case: bool) -> Result<FileGlob, String> {
        // `./src/app.py` names `src/app.py`.
        let mut source = source;
        while let Some(rest) = source.strip_prefix("./") {
            source = rest;
        }
        if source.is_empty() {
            return Err("empty file pattern".into());
        }
        if source
            .chars()
            .any(|c| c.is_control() || crate::selector::invisible(c))
        {
            return Err(format!(
                "`{}` holds a control, invisible or bidirectional control character (shown as `\\u{{...}}`); no contract path may",
                crate::selector::escaped(source)
            ));
        }
        if source.starts_with('/')
            || source.split('/').any(|s| s == "..")
            || source.contains('\\')
            || source.contains('\0')
        {
            return Err(format!("`{source}` must be a relative path inside the repository (no leading `/`, no `..`, no `\\`)"));
        }
        // Only `*`, `**` and `?` are wildcards: `[`, `]`, `{` and `}` are literal characters
        // of a file name (`pages/[id].tsx`, `routes/[...slug]/+page.svelte`), never a class
        // or an alternation. Read as a class, `protect = ["pages/[id].tsx"]` would protect
        // `pages/i.tsx` and `pages/d.tsx` and miss the route file itself.
        let mut escaped = String::with_capacity(source.len() + 4);
        for c in source.chars() {
            if matches!(c, '[' | ']' | '{' | '}') {
                escaped.push('\\');
            }
            escaped.push(c);
        }
        let glob: Glob = GlobBuilder::new(&escaped)
            .literal_separator(true)
            .case_insensitive(ignore_case)
            .backslash_escape(true)
            .build()
            .map_err(|e| format!("invalid glob `{source}`: {}", e.kind()))?;
        let literal = !source.contains(['*', '?']);
        Ok(FileGlob {
            source: source.to_string(),
            matcher: glob.compile_matcher(),
            literal,
        })
    }

    fn matches(&self, path: &str) -> bool {
        self.matcher.is_match(path)
    }
}

/// One symbol grant: a file glob and a symbol path pattern.
#[derive(Debug, Clone)]
struct SymbolGrant {
    level: Level,
    file: FileGlob,
    /// `None`: the whole file (edit: free; add: top level).
    symbol: Option<String>,
    /// As written in the contract.
    source: String,
}

/// A compiled contract: what a task may change in a repository.
///
/// ```
/// use editscope::Contract;
/// let contract = Contract::from_toml(r#"
/// edit = ["src/app.py::UserService.create"]
/// create = ["tests/**"]
/// "#)?;
/// assert!(contract.may_create("tests/test_app.py"));
/// assert!(!contract.may_create("src/new.py"));
/// # Ok::<(), editscope::ContractError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Contract {
    spec: ContractSpec,
    symbols: Vec<SymbolGrant>,
    files: Vec<FileGlob>,
    create: Vec<FileGlob>,
    delete_files: Vec<FileGlob>,
    imports: Vec<FileGlob>,
    /// `protect` file globs (whole files).
    protect_files: Vec<FileGlob>,
    /// `protect` symbol selectors.
    protect_symbols: Vec<SymbolGrant>,
}

/// What a contract allows for one file, with the grants on its symbols.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileRules {
    /// The file may change freely (`files`, or `edit` on the whole file).
    pub free: bool,
    /// The file may be created.
    pub create: bool,
    /// The file may be deleted.
    pub delete: bool,
    /// Its module-level import statements may change.
    pub imports: bool,
    /// Whether any symbol selector names this file.
    pub has_symbol_grants: bool,
}

fn locate(text: Option<&str>, needle: &str) -> Option<usize> {
    let text = text?;
    let quoted = format!("\"{needle}\"");
    let at = text
        .find(&quoted)
        .or_else(|| text.find(&format!("'{needle}'")))?;
    Some(text[..at].matches('\n').count() + 1)
}

impl Contract {
    /// Parses a contract in TOML.
    pub fn from_toml(text: &str) -> Result<Contract, ContractError> {
        let spec: ContractSpec = toml::from_str(text).map_err(|e| {
            let (line, column) = match e.span() {
                Some(span) => {
                    let before = &text[..span.start.min(text.len())];
                    let line = before.matches('\n').count() + 1;
                    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
                    (Some(line), Some(column))
                }
                None => (None, None),
            };
            ContractError {
                message: e.message().to_string(),
                key: None,
                line,
                column,
            }
        })?;
        Self::compile(spec, Some(text))
    }

    /// Parses a contract in JSON (the same keys).
    pub fn from_json(text: &str) -> Result<Contract, ContractError> {
        let spec: ContractSpec = serde_json::from_str(text).map_err(|e| ContractError {
            message: e
                .to_string()
                .split(" at line ")
                .next()
                .unwrap_or_default()
                .to_string(),
            key: None,
            line: Some(e.line()),
            column: Some(e.column()),
        })?;
        Self::compile(spec, Some(text))
    }

    /// Reads a contract file: JSON for `.json`, TOML otherwise.
    pub fn from_path(path: impl AsRef<Path>) -> Result<Contract, ContractError> {
        let path = path.as_ref();
        let fail = |message: String| ContractError {
            message,
            key: None,
            line: None,
            column: None,
        };
        // Bounded whatever the metadata says: `/dev/zero`, a pipe or `/dev/stdin` has none.
        let bytes = crate::limits::read_file_bounded(path, crate::limits::MAX_FILE_BYTES)
            .map_err(|e| fail(format!("{e} (a contract)")))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| fail(format!("{}: not valid UTF-8", path.display())))?;
        if path.extension().is_some_and(|e| e == "json") {
            Self::from_json(&text)
        } else {
            Self::from_toml(&text)
        }
    }

    /// Compiles a spec built in code.
    pub fn from_spec(spec: ContractSpec) -> Result<Contract, ContractError> {
        Self::compile(spec, None)
    }

    /// A builder for contracts made in code.
    ///
    /// ```
    /// use editscope::Contract;
    /// let contract = Contract::builder().body("src/lib.rs::Parser::parse").create("tests/**").build()?;
    /// assert_eq!(contract.spec().body, ["src/lib.rs::Parser::parse"]);
    /// # Ok::<(), editscope::ContractError>(())
    /// ```
    pub fn builder() -> ContractBuilder {
        ContractBuilder::default()
    }

    fn compile(spec: ContractSpec, text: Option<&str>) -> Result<Contract, ContractError> {
        let fail = |key: &str, index: usize, value: &str, message: String| ContractError {
            message,
            key: Some(format!("{key}[{index}]")),
            line: locate(text, value),
            column: None,
        };
        let globs = |key: &str, values: &[String]| -> Result<Vec<FileGlob>, ContractError> {
            values
                .iter()
                .enumerate()
                .map(|(i, v)| FileGlob::new(v).map_err(|m| fail(key, i, v, m)))
                .collect()
        };
        let mut symbols = Vec::new();
        let mut files = globs("files", &spec.files)?;
        let mut delete_files = Vec::new();
        for (key, level, values) in [
            ("edit", Level::Edit, &spec.edit),
            ("body", Level::Body, &spec.body),
            ("delete", Level::Delete, &spec.delete),
            ("add", Level::Add, &spec.add),
        ] {
            for (i, value) in values.iter().enumerate() {
                let selector =
                    Selector::parse(value).map_err(|e| fail(key, i, value, e.to_string()))?;
                let file = FileGlob::new(selector.file()).map_err(|m| fail(key, i, value, m))?;
                match (level, selector.symbol()) {
                    (Level::Edit, None) => files.push(file),
                    (Level::Delete, None) => delete_files.push(file),
                    (Level::Body, None) => {
                        return Err(fail(
                            key,
                            i,
                            value,
                            "`body` needs a symbol: `<file>::<symbol>`".into(),
                        ));
                    }
                    (_, symbol) => symbols.push(SymbolGrant {
                        level,
                        file,
                        symbol: symbol.map(str::to_string),
                        source: value.clone(),
                    }),
                }
            }
        }
        let create = globs("create", &spec.create)?;
        let imports = globs("imports", &spec.imports)?;
        let mut protect_files = Vec::new();
        let mut protect_symbols = Vec::new();
        for (i, value) in spec.protect.iter().enumerate() {
            let selector =
                Selector::parse(value).map_err(|e| fail("protect", i, value, e.to_string()))?;
            let file = FileGlob::new(selector.file()).map_err(|m| fail("protect", i, value, m))?;
            match selector.symbol() {
                None => {
                    // Fail closed: `src/auth` (or `src/auth/`) naming a directory protects
                    // what lies in it, as `src/auth/**` does; matching more is safe here.
                    let below = format!("{}/**", selector.file().trim_end_matches('/'));
                    if !selector.file().ends_with("**") {
                        protect_files
                            .push(FileGlob::new(&below).map_err(|m| fail("protect", i, value, m))?);
                    }
                    protect_files.push(file);
                }
                Some(symbol) => protect_symbols.push(SymbolGrant {
                    // The level is not used for protect selectors.
                    level: Level::Edit,
                    file,
                    symbol: Some(symbol.to_string()),
                    source: value.clone(),
                }),
            }
        }
        Ok(Contract {
            spec,
            symbols,
            files,
            create,
            delete_files,
            imports,
            protect_files,
            protect_symbols,
        })
    }

    /// The contract as written (for receipts and display).
    pub fn spec(&self) -> &ContractSpec {
        &self.spec
    }

    /// The contract in canonical TOML: keys in a fixed order, each list sorted and without
    /// duplicates. Two contracts that allow the same thing print the same.
    pub fn canonical_toml(&self) -> String {
        let mut spec = self.spec.clone();
        for list in [
            &mut spec.edit,
            &mut spec.body,
            &mut spec.delete,
            &mut spec.add,
            &mut spec.files,
            &mut spec.create,
            &mut spec.imports,
            &mut spec.protect,
        ] {
            let set: BTreeSet<String> = list.drain(..).collect();
            list.extend(set);
        }
        toml::to_string(&spec).unwrap_or_default()
    }

    /// The formatting mode.
    pub fn formatting(&self) -> Formatting {
        self.spec.formatting
    }

    /// The time budget of one check (`budget_ms`, default
    /// [`CheckOptions::DEFAULT_BUDGET`](crate::CheckOptions::DEFAULT_BUDGET)).
    pub fn budget(&self) -> std::time::Duration {
        self.spec.budget_ms.map_or(
            crate::CheckOptions::DEFAULT_BUDGET,
            std::time::Duration::from_millis,
        )
    }

    /// Whether a new file may be created at `path` (`create` or `files`, or anywhere under a
    /// protect-only contract), unless a `protect` glob names it.
    pub fn may_create(&self, path: &str) -> bool {
        (self.protect_only()
            || self
                .create
                .iter()
                .chain(&self.files)
                .any(|g| g.matches(path)))
            && !self.is_protected_file(path)
    }

    /// What the contract allows for the file at `path`. Protect wins: a file a `protect`
    /// glob names is never free, creatable or deletable, and a file a protected symbol
    /// selector names is never free (it is checked symbol by symbol).
    pub fn rules(&self, path: &str) -> FileRules {
        let only = self.protect_only();
        let protected_file = self.is_protected_file(path);
        let protected_symbols = self.has_protected_symbols(path);
        let free_base = only || self.files.iter().any(|g| g.matches(path));
        FileRules {
            free: free_base && !protected_file && !protected_symbols,
            create: self.may_create(path),
            delete: (only || self.delete_files.iter().any(|g| g.matches(path)))
                && !protected_file
                && !protected_symbols,
            imports: (only || self.imports.iter().any(|g| g.matches(path))) && !protected_file,
            has_symbol_grants: self.symbols.iter().any(|g| g.file.matches(path))
                || (protected_symbols && free_base),
        }
    }

    /// Whether the contract has `protect` and no grant key: everything not protected may
    /// change.
    pub fn protect_only(&self) -> bool {
        let s = &self.spec;
        !s.protect.is_empty()
            && [
                &s.edit, &s.body, &s.delete, &s.add, &s.files, &s.create, &s.imports,
            ]
            .iter()
            .all(|l| l.is_empty())
    }

    /// Whether any `protect` entry names `path`: a file glob, or a symbol selector's file
    /// part (what a working-tree check must see even where git ignores it,
    /// [`ChangeSet::include_ignored`](crate::ChangeSet::include_ignored)).
    pub fn protects_path(&self, path: &str) -> bool {
        self.is_protected_file(path) || self.has_protected_symbols(path)
    }

    /// Whether a `protect` file glob names `path`: the file may not change in any way.
    pub fn is_protected_file(&self, path: &str) -> bool {
        self.protect_files.iter().any(|g| g.matches(path))
    }

    /// Whether a `protect` symbol selector's file part names `path`.
    pub fn has_protected_symbols(&self, path: &str) -> bool {
        self.protect_symbols.iter().any(|g| g.file.matches(path))
    }

    /// The paths of the symbols of `before` (at `path`) that `protect` selectors name or an
    /// in-source marker protects ([`SourceFile::markers`]), and the selectors (as written)
    /// that matched.
    pub fn protected_in(&self, path: &str, before: &SourceFile) -> (BTreeSet<String>, Vec<String>) {
        let sep = before.language().path_separator();
        let mut out = BTreeSet::new();
        let mut used = Vec::new();
        for g in self.protect_symbols.iter().filter(|g| g.file.matches(path)) {
            let Some(pattern) = &g.symbol else { continue };
            let pattern =
                &crate::language::names::canonical_pattern(before.language(), pattern).into_owned();
            let before_len = out.len();
            let mut hit = false;
            for s in before
                .symbols()
                .iter()
                .filter(|s| symbol_matches(pattern, s, sep))
            {
                hit = true;
                out.insert(s.path.clone());
            }
            if hit || out.len() > before_len {
                used.push(g.source.clone());
            }
        }
        // Markers protect under every contract.
        out.extend(
            before
                .markers()
                .iter()
                .flat_map(|m| m.symbols.iter().cloned()),
        );
        (out, used)
    }

    /// The symbol grants for the file at `path`, resolved against its `before` version:
    /// patterns become the concrete paths they match. Also returns the selectors (as written)
    /// that matched something here. A selector whose file part is a literal path naming this
    /// file, and whose symbol matches nothing, is an error.
    ///
    /// Protect wins: a grant on a protected symbol (or inside one) is dropped, and in a file
    /// that is otherwise free (a protect-only contract, or `files`) every symbol that is
    /// neither protected, inside a protected one, nor encloses one is granted `edit` and
    /// `delete`, the containers of protected symbols `add`.
    pub fn grants_for(
        &self,
        path: &str,
        before: &SourceFile,
    ) -> Result<(Grants, Vec<String>), crate::Error> {
        let (protected, mut used_protect) = self.protected_in(path, before);
        if protected.is_empty()
            && used_protect.is_empty()
            && !self.has_protected_symbols(path)
            && before.markers().is_empty()
        {
            return self.granted_for(path, before);
        }
        let symbols = before.symbols();
        let covered = |i: usize| {
            let mut at = Some(i);
            while let Some(j) = at {
                if protected.contains(&symbols[j].path) {
                    return true;
                }
                at = symbols[j].parent;
            }
            false
        };
        let mut encloses = vec![false; symbols.len()];
        for s in symbols.iter() {
            if protected.contains(&s.path) {
                let mut at = s.parent;
                while let Some(j) = at {
                    encloses[j] = true;
                    at = symbols[j].parent;
                }
            }
        }
        let free_base = self.protect_only() || self.files.iter().any(|g| g.matches(path));
        let (grants, mut used) = if free_base {
            let mut grants = Grants::new().add_top_level().imports();
            for (i, s) in symbols.iter().enumerate() {
                if covered(i) {
                    continue;
                }
                if encloses[i] {
                    if s.is_container() {
                        grants = grants.add(s.path.clone());
                    }
                } else {
                    grants = grants.edit(s.path.clone()).delete(s.path.clone());
                }
            }
            (grants, Vec::new())
        } else {
            self.granted_for(path, before)?
        };
        // Drop every grant that names a protected symbol, one inside it, or (for `edit` and
        // `delete`, which would cover it) one that encloses it; `body` on an encloser stays,
        // the protected extent is compared on its own.
        let name_covered = |p: &str| {
            symbols
                .iter()
                .enumerate()
                .any(|(i, s)| s.matches(p) && covered(i))
        };
        let name_encloses = |p: &str| {
            symbols
                .iter()
                .enumerate()
                .any(|(i, s)| s.matches(p) && encloses[i])
        };
        // `edit` on a container of a protected symbol becomes `body` on it: its other
        // members may change (as the README promises), its header may not.
        let has_body = |p: &str| symbols.iter().any(|s| s.matches(p) && s.body.is_some());
        let grants = grants
            .edit_to_body(|p| !name_covered(p) && name_encloses(p) && has_body(p))
            .retain(|level, p| match level {
                "edit" | "delete" => !name_covered(p) && !name_encloses(p),
                _ => !name_covered(p),
            });
        // The check itself keeps every protected symbol ungranted for its rules on top of
        // the skeleton (rebinding, lookup hooks, shadowing), whatever grant encloses it.
        let grants = protected.iter().fold(grants, |g, p| g.protect(p.clone()));
        used.append(&mut used_protect);
        Ok((grants, used))
    }

    fn granted_for(
        &self,
        path: &str,
        before: &SourceFile,
    ) -> Result<(Grants, Vec<String>), crate::Error> {
        let mut grants = Grants::new();
        let mut used = Vec::new();
        let sep = before.language().path_separator();
        // Paths (and short paths) of symbols with a body, looked up once per matched path
        // rather than by scanning the file for each.
        let with_body: std::collections::HashSet<&str> = before
            .symbols()
            .iter()
            .filter(|s| s.body.is_some())
            .flat_map(|s| std::iter::once(s.path.as_str()).chain(s.short_path.as_deref()))
            .collect();
        for g in self.symbols.iter().filter(|g| g.file.matches(path)) {
            let Some(pattern) = &g.symbol else {
                // `add = ["file"]`: the top level.
                grants = grants.add_top_level();
                used.push(g.source.clone());
                continue;
            };
            // Names compare as the language compares them (symbol paths are canonical).
            let pattern =
                &crate::language::names::canonical_pattern(before.language(), pattern).into_owned();
            let matched: BTreeSet<&str> = before
                .symbols()
                .iter()
                .filter(|s| {
                    let hit = symbol_matches(pattern, s, sep);
                    hit && (g.level != Level::Add
                        || s.is_container()
                        || pattern_is_literal(pattern))
                })
                .map(|s| {
                    if pattern_is_literal(pattern) {
                        pattern.as_str()
                    } else {
                        s.path.as_str()
                    }
                })
                .collect();
            let add_target = g.level == Level::Add
                && pattern_is_literal(pattern)
                && before.symbols().iter().any(|s| s.is_add_target(pattern));
            // A literal short form naming symbols of different full paths grants more than
            // written: a contract error listing them (fail closed).
            if pattern_is_literal(pattern) && g.level != Level::Add && !matched.is_empty() {
                let found: Vec<&Symbol> = before
                    .symbols()
                    .iter()
                    .filter(|s| s.matches(pattern))
                    .collect();
                // A full path names its own symbols only.
                let exact = found.iter().any(|s| &s.path == pattern);
                if let Some(reason) = crate::check::ambiguous_grant(&found).filter(|_| !exact) {
                    return Err(crate::Error::InvalidGrant {
                        level: g.level.name(),
                        path: g.source.clone(),
                        reason,
                    });
                }
            }
            if matched.is_empty() && !add_target {
                if g.file.literal {
                    return Err(crate::Error::InvalidGrant {
                        level: g.level.name(),
                        path: g.source.clone(),
                        reason: format!(
                            "matches no symbol in the file before the change{}",
                            near_hint(pattern, before)
                        ),
                    });
                }
                continue;
            }
            used.push(g.source.clone());
            let paths: Vec<String> = if matched.is_empty() {
                vec![pattern.clone()]
            } else {
                matched.into_iter().map(str::to_string).collect()
            };
            for p in paths {
                grants = match g.level {
                    Level::Edit => grants.edit(p),
                    Level::Body => {
                        // A pattern grants `body` only on symbols that have one.
                        if pattern_is_literal(pattern) || with_body.contains(p.as_str()) {
                            grants.body(p)
                        } else {
                            grants
                        }
                    }
                    Level::Delete => grants.delete(p),
                    Level::Add => grants.add(p),
                };
            }
        }
        if self.imports.iter().any(|g| g.matches(path)) {
            grants = grants.imports();
        }
        Ok((grants, used))
    }

    /// Every selector and glob as written, with its key, for "matched nothing" reports.
    pub fn selectors(&self) -> Vec<(&'static str, String)> {
        let s = &self.spec;
        let mut out = Vec::new();
        for (key, list) in [
            ("edit", &s.edit),
            ("body", &s.body),
            ("delete", &s.delete),
            ("add", &s.add),
            ("files", &s.files),
            ("create", &s.create),
            ("imports", &s.imports),
            ("protect", &s.protect),
        ] {
            out.extend(list.iter().map(|v| (key, v.clone())));
        }
        out
    }

    /// Whether the file part of the selector `source` matches `path`.
    pub fn selector_matches_file(source: &str, path: &str) -> bool {
        let file = source.split_once("::").map_or(source, |(f, _)| f);
        FileGlob::new(file).is_ok_and(|g| g.matches(path))
    }

    /// [`Contract::selector_matches_file`] with letters compared without case (for hints:
    /// `src/Auth/**` would match `src/auth/keys.py`).
    pub fn selector_matches_file_ignoring_case(source: &str, path: &str) -> bool {
        let file = source.split_once("::").map_or(source, |(f, _)| f);
        FileGlob::with_case(file, true).is_ok_and(|g| g.matches(path))
    }

    /// A short, human description of what the contract allows, one item a line.
    pub fn describe(&self) -> Vec<String> {
        let s = &self.spec;
        let mut out = Vec::new();
        out.extend(s.edit.iter().map(|v| format!("{v} (anything inside it)")));
        out.extend(s.body.iter().map(|v| {
            format!("{v} (its body only; keep its signature, decorators and doc comment)")
        }));
        out.extend(s.delete.iter().map(|v| format!("{v} (may be deleted)")));
        out.extend(
            s.add
                .iter()
                .map(|v| format!("{v} (new symbols directly inside)")),
        );
        out.extend(s.files.iter().map(|v| format!("{v} (whole files, freely)")));
        out.extend(s.create.iter().map(|v| format!("{v} (new files)")));
        out.extend(
            s.imports
                .iter()
                .map(|v| format!("{v} (module-level import statements)")),
        );
        out.extend(
            s.protect
                .iter()
                .map(|v| format!("{v} (protected: must not change, whatever else is granted)")),
        );
        out
    }
}

/// ` (did you mean `a`, `b`?)` with the symbol paths of `file` nearest to `pattern` (member
/// forms first: `Engine.Use` for `Use`), or nothing.
fn near_hint(pattern: &str, file: &SourceFile) -> String {
    let paths: std::collections::BTreeSet<String> = file
        .symbols()
        .iter()
        .flat_map(|s| std::iter::once(s.path.as_str()).chain(s.short_path.as_deref()))
        .map(str::to_string)
        .collect();
    let sep = file.language().path_separator();
    let near = crate::unmatched::nearest_symbols(pattern, &paths, sep);
    if near.is_empty() {
        String::new()
    } else {
        format!(" (did you mean `{}`?)", near.join("`, `"))
    }
}

/// Whether a symbol pattern has no wildcard: no `*`, `?` or `[` outside a quoted segment (a
/// test block's title, `"adds *"`, is always literal: see [`wildcard`]).
fn pattern_is_literal(pattern: &str) -> bool {
    let mut quoted = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => quoted = !quoted,
            '\\' if quoted => {
                chars.next();
            }
            '*' | '?' | '[' if !quoted => return false,
            _ => {}
        }
    }
    true
}

/// Splits a symbol path into segments at `sep`, not inside `<...>` (Rust trait impls).
pub(crate) fn segments<'p>(path: &'p str, sep: &str) -> Vec<&'p str> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            // A quoted segment (a test block's title, `"adds numbers"`): separators, `<`
            // and `>` inside are text; `\` escapes the next character.
            b'"' => {
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    i += if bytes[i] == b'\\' { 2 } else { 1 };
                }
                i += 1;
                continue;
            }
            b'<' => depth += 1,
            b'>' => depth -= 1,
            _ => {}
        }
        // Bytes, not `path[i..]`: `i` may be inside a multi-byte character (`größe`); a
        // separator is ASCII, so a match is always on a character boundary.
        if depth == 0 && bytes[i..].starts_with(sep.as_bytes()) {
            out.push(&path[start..i]);
            i += sep.len();
            start = i;
            continue;
        }
        i += 1;
    }
    out.push(&path[start..]);
    out
}

/// Whether a symbol path pattern (segments may hold `*` and `?`) names the symbol path
/// `path` (a literal pattern: equal to it).
pub(crate) fn path_matches(pattern: &str, path: &str, sep: &str) -> bool {
    if pattern_is_literal(pattern) {
        return pattern == path;
    }
    let pat = segments(pattern, sep);
    let segs = segments(path, sep);
    segs.len() == pat.len() && segs.iter().zip(&pat).all(|(s, p)| wildcard(p, s))
}

/// Whether a symbol path pattern (segments may hold `*` and `?`) names the symbol (its path
/// or Rust short form).
fn symbol_matches(pattern: &str, symbol: &Symbol, sep: &str) -> bool {
    if pattern_is_literal(pattern) {
        return symbol.matches(pattern);
    }
    let pat = segments(pattern, sep);
    let try_path = |path: &str| {
        let segs = segments(path, sep);
        segs.len() == pat.len() && segs.iter().zip(&pat).all(|(s, p)| wildcard(p, s))
    };
    try_path(&symbol.path) || symbol.short_path.as_deref().is_some_and(try_path)
}

/// One character of a segment pattern: literal, `?` (one character) or `*` (any run).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Pat {
    Char(char),
    One,
    Any,
}

/// `*` (any run) and `?` (one character) matching within one segment. Inside double quotes
/// (a test block's title, `"adds *"`, `"is admin?"`) every character is literal, the quotes
/// and escapes included: a title is named as written, never as a pattern (one rule with the
/// quoted TypeScript member names, `Store."get*"`).
fn wildcard(pattern: &str, text: &str) -> bool {
    let mut p: Vec<Pat> = Vec::new();
    let mut quoted = false;
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        let next = match c {
            '"' => {
                quoted = !quoted;
                Pat::Char(c)
            }
            '\\' if quoted => {
                p.push(Pat::Char(c));
                match chars.next() {
                    Some(n) => Pat::Char(n),
                    None => continue,
                }
            }
            '*' if !quoted => Pat::Any,
            '?' if !quoted => Pat::One,
            c => Pat::Char(c),
        };
        p.push(next);
    }
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let (mut star, mut mark) = (None::<usize>, 0usize);
    while ti < t.len() {
        if pi < p.len() && (p[pi] == Pat::One || p[pi] == Pat::Char(t[ti])) {
            pi += 1;
            ti += 1;
        } else if pi < p.len() && p[pi] == Pat::Any {
            star = Some(pi);
            mark = ti;
            pi += 1;
        } else if let Some(s) = star {
            pi = s + 1;
            mark += 1;
            ti = mark;
        } else {
            return false;
        }
    }
    while pi < p.len() && p[pi] == Pat::Any {
        pi += 1;
    }
    pi == p.len()
}

/// Builds a [`Contract`] in code.
#[derive(Debug, Clone, Default)]
pub struct ContractBuilder {
    spec: ContractSpec,
}

impl ContractBuilder {
    /// `edit = [selector]`.
    pub fn edit(mut self, selector: impl Into<String>) -> Self {
        self.spec.edit.push(selector.into());
        self
    }
    /// `body = [selector]`.
    pub fn body(mut self, selector: impl Into<String>) -> Self {
        self.spec.body.push(selector.into());
        self
    }
    /// `delete = [selector or file glob]`.
    pub fn delete(mut self, selector: impl Into<String>) -> Self {
        self.spec.delete.push(selector.into());
        self
    }
    /// `add = [container selector or file]`.
    #[allow(clippy::should_implement_trait)]
    pub fn add(mut self, selector: impl Into<String>) -> Self {
        self.spec.add.push(selector.into());
        self
    }
    /// `files = [glob]`.
    pub fn files(mut self, glob: impl Into<String>) -> Self {
        self.spec.files.push(glob.into());
        self
    }
    /// `create = [glob]`.
    pub fn create(mut self, glob: impl Into<String>) -> Self {
        self.spec.create.push(glob.into());
        self
    }
    /// `imports = [glob]`.
    pub fn imports(mut self, glob: impl Into<String>) -> Self {
        self.spec.imports.push(glob.into());
        self
    }
    /// `protect = [selector or file glob]`.
    pub fn protect(mut self, selector: impl Into<String>) -> Self {
        self.spec.protect.push(selector.into());
        self
    }
    /// `formatting = ...`.
    pub fn formatting(mut self, formatting: Formatting) -> Self {
        self.spec.formatting = formatting;
        self
    }
    /// `budget_ms = ...`.
    pub fn budget_ms(mut self, ms: u64) -> Self {
        self.spec.budget_ms = Some(ms);
        self
    }

    /// `allow_bidi = true`.
    pub fn allow_bidi(mut self, allow: bool) -> Self {
        self.spec.allow_bidi = allow;
        self
    }

    /// `allow_syntax_errors = true`.
    pub fn allow_syntax_errors(mut self, allow: bool) -> Self {
        self.spec.allow_syntax_errors = allow;
        self
    }
    /// Compiles the contract.
    pub fn build(self) -> Result<Contract, ContractError> {
        Contract::from_spec(self.spec)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;

    #[test]
    fn unknown_keys_are_rejected_with_their_line() {
        let err = Contract::from_toml("edit = []\nfiless = [\"x\"]\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        assert!(err.message.contains("unknown field `filess`"), "{err}");
    }

    #[test]
    fn bad_selector_names_key_and_line() {
        let err = Contract::from_toml("create = [\"tests/**\"]\nbody = [\"ok.py::f\", \"::g\"]\n")
            .unwrap_err();
        assert_eq!(err.key.as_deref(), Some("body[1]"));
        assert_eq!(err.line, Some(2));
        assert!(err.to_string().contains("invalid selector"), "{err}");
    }

    #[test]
    fn traversal_in_globs_is_rejected() {
        for bad in ["../x.py", "/etc/passwd", "a/../../b"] {
            assert!(Contract::builder().files(bad).build().is_err(), "{bad}");
        }
    }

    #[test]
    fn json_contracts_read_the_same_keys() {
        let c = Contract::from_json(r#"{"edit": ["a.py::f"], "formatting": "tolerant"}"#).unwrap();
        assert_eq!(c.formatting(), Formatting::Tolerant);
        let err = Contract::from_json(
            r#"{"edit": ["a.py::f"],
  "bogus": 1}"#,
        )
        .unwrap_err();
        assert_eq!(err.line, Some(2));
    }

    #[test]
    fn globs_do_not_cross_slashes_with_one_star() {
        let c = Contract::builder()
            .files("docs/*.md")
            .create("tests/**")
            .build()
            .unwrap();
        assert!(c.rules("docs/a.md").free);
        assert!(!c.rules("docs/sub/a.md").free);
        assert!(c.may_create("tests/a/b/c.py"));
    }

    #[test]
    fn brackets_and_braces_in_file_parts_are_literal() {
        // Next.js, SvelteKit and Remix route files: `[id]`, `[...slug]`, `{a,b}` are names.
        let c = Contract::builder()
            .protect("pages/[id].tsx")
            .protect("routes/[...slug]/+page.svelte::load")
            .protect("cfg/{a,b}.toml")
            .build()
            .unwrap();
        assert!(c.is_protected_file("pages/[id].tsx"));
        assert!(!c.is_protected_file("pages/i.tsx"));
        assert!(!c.is_protected_file("pages/d.tsx"));
        assert!(c.has_protected_symbols("routes/[...slug]/+page.svelte"));
        assert!(!c.has_protected_symbols("routes/s/+page.svelte"));
        assert!(c.is_protected_file("cfg/{a,b}.toml"));
        assert!(!c.is_protected_file("cfg/a.toml"));
        // Every key reads file parts the same way (grants may never match more).
        for c in [
            Contract::builder().files("pages/[id].tsx").build().unwrap(),
            Contract::builder().edit("pages/[id].tsx").build().unwrap(),
        ] {
            assert!(c.rules("pages/[id].tsx").free);
            assert!(!c.rules("pages/i.tsx").free);
        }
        let c = Contract::builder()
            .create("pages/[a-z]*.tsx")
            .build()
            .unwrap();
        assert!(c.may_create("pages/[a-z]new.tsx"));
        assert!(!c.may_create("pages/new.tsx"));
        let c = Contract::builder().delete("old/{x,y}.py").build().unwrap();
        assert!(c.rules("old/{x,y}.py").delete);
        assert!(!c.rules("old/x.py").delete);
        let c = Contract::builder().imports("src/[ab].py").build().unwrap();
        assert!(c.rules("src/[ab].py").imports);
        assert!(!c.rules("src/a.py").imports);
        let c = Contract::builder()
            .edit("pages/[id].tsx::Page")
            .add("pages/{x}.tsx")
            .build()
            .unwrap();
        assert!(c.rules("pages/[id].tsx").has_symbol_grants);
        assert!(!c.rules("pages/i.tsx").has_symbol_grants);
        assert!(c.rules("pages/{x}.tsx").has_symbol_grants);
        assert!(Contract::selector_matches_file(
            "pages/[id].tsx::Page",
            "pages/[id].tsx"
        ));
        assert!(!Contract::selector_matches_file(
            "pages/[id].tsx::Page",
            "pages/i.tsx"
        ));
        // `*`, `**` and `?` stay wildcards; `?` never crosses `/`.
        let c = Contract::builder()
            .files("pages/[*].tsx")
            .files("a/?.py")
            .files("deep/**/[x].py")
            .build()
            .unwrap();
        assert!(c.rules("pages/[slug].tsx").free);
        assert!(!c.rules("pages/slug.tsx").free);
        assert!(c.rules("a/b.py").free);
        assert!(!c.rules("a/bc.py").free);
        assert!(c.rules("deep/1/2/[x].py").free);
        assert!(!c.rules("deep/1/x.py").free);
        // Unbalanced brackets are names too, not errors.
        assert!(
            Contract::builder()
                .files("a[.py")
                .build()
                .unwrap()
                .rules("a[.py")
                .free
        );
        assert!(
            Contract::builder()
                .files("a}.py")
                .build()
                .unwrap()
                .rules("a}.py")
                .free
        );
    }
    #[test]
    fn symbol_patterns() {
        assert!(wildcard("test_*", "test_login"));
        assert!(!wildcard("test_*", "login_test"));
        assert!(wildcard("*", "anything"));
        assert_eq!(
            segments("<Parser as fmt::Display>::fmt", "::"),
            ["<Parser as fmt::Display>", "fmt"]
        );
        let file = SourceFile::parse(Language::Python, "def test_a():\n    pass\n\ndef helper():\n    pass\n\nclass T:\n    def test_b(self):\n        pass\n").unwrap();
        let c = Contract::builder()
            .edit("tests/**/*.py::test_*")
            .edit("tests/**/*.py::T.*")
            .build()
            .unwrap();
        let (grants, used) = c.grants_for("tests/unit/test_x.py", &file).unwrap();
        assert_eq!(grants.edit_paths(), ["test_a", "T.test_b"]);
        assert_eq!(used.len(), 2);
    }

    #[test]
    fn literal_selector_naming_no_symbol_is_an_error() {
        let file = SourceFile::parse(Language::Python, "def f():\n    pass\n").unwrap();
        let c = Contract::builder().edit("a.py::g").build().unwrap();
        assert!(matches!(
            c.grants_for("a.py", &file),
            Err(crate::Error::InvalidGrant { .. })
        ));
    }

    #[test]
    fn quoted_segments_are_one_segment() {
        assert_eq!(
            segments("\"math\".\"v1.2 <a> \\\" b\".x", "."),
            vec!["\"math\"", "\"v1.2 <a> \\\" b\"", "x"]
        );
        assert_eq!(segments("\"a::b\"::c", "::"), vec!["\"a::b\"", "c"]);
        // Unterminated: the rest is one segment, never a panic.
        assert_eq!(segments("\"ab.c", "."), vec!["\"ab.c"]);
        assert_eq!(segments("\"ab\\", "."), vec!["\"ab\\"]);
        assert!(path_matches("\"math\".*", "\"math\".\"adds 1.2\"", "."));
        // Inside quotes, `*` and `?` are literal: a title is named as written.
        assert!(!path_matches(
            "\"math\".\"adds*\"",
            "\"math\".\"adds 1.2\"",
            "."
        ));
        assert!(path_matches(
            "\"math\".\"adds*\"",
            "\"math\".\"adds*\"",
            "."
        ));
        assert!(!path_matches(
            "\"a\".\"adds *\"",
            "\"a\".\"adds numbers\"",
            "."
        ));
        assert!(!path_matches(
            "\"a\".\"is admin?\"",
            "\"a\".\"is admin!\"",
            "."
        ));
        assert!(path_matches("*.\"is admin?\"", "\"a\".\"is admin?\"", "."));
        assert!(path_matches(
            "\"a\".\"x \\\" *\"",
            "\"a\".\"x \\\" *\"",
            "."
        ));
        assert!(!path_matches(
            "\"a\".\"x \\\" *\"",
            "\"a\".\"x \\\" y\"",
            "."
        ));
        assert!(pattern_is_literal("\"a\".\"adds * ?\""));
        assert!(!pattern_is_literal("\"a\".*"));
    }

    #[test]
    fn segments_of_non_ascii_paths_split_on_character_boundaries() {
        assert_eq!(segments("größe", "."), vec!["größe"]);
        assert_eq!(segments("Größe.größe", "."), vec!["Größe", "größe"]);
        assert_eq!(segments("ö::ä<ü::x>::ß", "::"), vec!["ö", "ä<ü::x>", "ß"]);
        assert!(path_matches("*", "größe", "."));
        assert!(path_matches("G*.gr?ße", "Größe.größe", "."));
    }

    #[test]
    fn protect_parses_and_unknown_keys_are_still_rejected() {
        let err = Contract::from_toml("protect = [\"a.py::f\"]\nprotects = [\"x\"]\n").unwrap_err();
        assert!(err.message.contains("unknown field `protects`"), "{err}");
        let err = Contract::from_toml("protect = [\"::g\"]\n").unwrap_err();
        assert_eq!(err.key.as_deref(), Some("protect[0]"));
        assert!(Contract::builder().protect("../x.py").build().is_err());
        let c = Contract::from_json(r#"{"protect": ["src/auth/**", "a.py::f"]}"#).unwrap();
        assert_eq!(c.spec().protect.len(), 2);
        assert!(c.canonical_toml().contains("protect"));
    }

    #[test]
    fn empty_protect_list_changes_nothing() {
        let c = Contract::from_toml("protect = []\n").unwrap();
        assert!(!c.protect_only());
        assert_eq!(c.rules("a.py"), FileRules::default());
        assert!(!c.may_create("a.py"));
    }

    #[test]
    fn protect_only_frees_everything_else_and_protect_wins() {
        let c = Contract::builder()
            .protect("src/auth/**")
            .protect("src/app.py::f")
            .build()
            .unwrap();
        assert!(c.protect_only());
        let other = c.rules("docs/a.md");
        assert!(other.free && other.create && other.delete);
        let auth = c.rules("src/auth/x.py");
        assert!(!auth.free && !auth.create && !auth.delete);
        let app = c.rules("src/app.py");
        assert!(!app.free && !app.delete && app.has_symbol_grants);
        // With a grant key, protect only subtracts.
        let c = Contract::builder()
            .files("src/**")
            .protect("src/auth/**")
            .build()
            .unwrap();
        assert!(!c.protect_only());
        assert!(c.rules("src/x.py").free);
        assert!(!c.rules("src/auth/x.py").free);
        assert!(!c.may_create("src/auth/new.py"));
        assert!(!c.may_create("docs/new.md"));
    }

    #[test]
    fn grants_never_cover_a_protected_symbol() {
        let file = SourceFile::parse(
            Language::Python,
            "class C:\n    def a(self):\n        pass\n\n    def b(self):\n        pass\n\ndef g():\n    pass\n",
        )
        .unwrap();
        let c = Contract::builder().protect("a.py::C.a").build().unwrap();
        let (grants, used) = c.grants_for("a.py", &file).unwrap();
        assert_eq!(grants.edit_paths(), ["C.b", "g"]);
        assert_eq!(grants.add_paths(), ["", "C"]);
        assert_eq!(used, ["a.py::C.a"]);
        let c = Contract::builder()
            .edit("a.py::C")
            .edit("a.py::C.a")
            .body("a.py::C")
            .protect("a.py::C.a")
            .build()
            .unwrap();
        let (grants, _) = c.grants_for("a.py", &file).unwrap();
        assert!(grants.edit_paths().is_empty(), "{grants:?}");
        assert_eq!(grants.body_paths(), ["C"]);
    }

    #[test]
    fn canonical_form_sorts_and_dedups() {
        let a = Contract::builder()
            .edit("b.py::f")
            .edit("a.py::g")
            .edit("b.py::f")
            .build()
            .unwrap();
        let b = Contract::builder()
            .edit("a.py::g")
            .edit("b.py::f")
            .build()
            .unwrap();
        assert_eq!(a.canonical_toml(), b.canonical_toml());
    }
}
