//! What may change in one file: [`Grants`], their validation against `before`, and the
//! lookups of one check ([`GrantIndex`]).

use super::*;

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
    /// interface, module/namespace; a struct with named fields, union or enum: new fields
    /// or variants; a TypeScript type alias of an object type: new members). For Rust,
    /// `add Parser` covers every `impl Parser` block.
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
                if s.is_container() {
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
                            "is a {}, not a container (class, impl, trait, interface, module; a \
                             struct with named fields, union or enum; a type alias of an \
                             object type)",
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
    /// The grants `keep` accepts, given each one's level (`edit`, `body`, `delete`, `add`)
    /// and path.
    pub(crate) fn retain(mut self, keep: impl Fn(&str, &str) -> bool) -> Grants {
        self.edit.retain(|p| keep("edit", p));
        self.body.retain(|p| keep("body", p));
        self.delete.retain(|p| keep("delete", p));
        self.add.retain(|p| keep("add", p));
        self
    }

    pub(super) fn canonical(&self, language: Language) -> Grants {
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

    pub(super) fn adds_into(&self, file: &SourceFile, parent: Option<usize>) -> bool {
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

    pub(super) fn hit(list: &[String], set: &HashSet<&str>, s: &crate::Symbol) -> bool {
        if list.len() > Self::SCAN {
            set.contains(s.path.as_str())
                || s.short_path.as_deref().is_some_and(|p| set.contains(p))
        } else {
            list.iter().any(|p| s.matches(p))
        }
    }

    pub(super) fn edits(&self, s: &crate::Symbol) -> bool {
        Self::hit(&self.grants.edit, &self.edit, s)
    }

    pub(super) fn bodies(&self, s: &crate::Symbol) -> bool {
        Self::hit(&self.grants.body, &self.body, s)
    }

    pub(super) fn deletes(&self, s: &crate::Symbol) -> bool {
        Self::hit(&self.grants.delete, &self.delete, s)
    }

    pub(super) fn adds_into(&self, file: &SourceFile, parent: Option<usize>) -> bool {
        if self.grants.add.len() <= Self::SCAN {
            return self.grants.adds_into(file, parent);
        }
        match parent {
            None => self.add.contains(""),
            Some(i) => {
                let s = &file.symbols()[i];
                s.is_container()
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
