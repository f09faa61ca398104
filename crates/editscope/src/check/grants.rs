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
    /// Symbols the contract protects (full paths): never covered by a grant, an enclosing
    /// one included, for the rules on top of the skeleton (rebinding, lookup hooks,
    /// shadowing). Their bytes are compared by the report's protect check.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    protect: Vec<String>,
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

    /// Marks the symbol at `path` (a full symbol path of `before`) as protected: whatever
    /// grant encloses it (`body` on its class, module or function), it and everything inside
    /// it stay ungranted for the rebinding, lookup and shadowing rules, so that a grant on a
    /// container frees the container's own bytes but never the right to rebind, delete or
    /// redirect the protected member (`delete = None` in the class body, `S.delete = ...` in
    /// a sibling method, an added `__getattribute__`). The protected bytes themselves are
    /// compared by the contract's protect check (`check_changes`).
    pub(crate) fn protect(mut self, path: impl Into<String>) -> Grants {
        self.protect.push(path.into());
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
            let found: Vec<&crate::Symbol> = if many {
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
            };
            // A full path names its own symbols only (as `GrantIndex` matches it).
            if found.iter().any(|s| s.path == path) {
                found.into_iter().filter(|s| s.path == path).collect()
            } else {
                found
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
                if let Some(reason) = ambiguous(&found) {
                    return Err(fail(level, path, reason));
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
                            "is a {}, not a container (class, impl, trait, interface, module, enum, struct)",
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

    /// Turns the `edit` grants `to_body` accepts into `body` grants (an `edit` on a container
    /// of a protected symbol: the container's members may change, its header may not).
    pub(crate) fn edit_to_body(mut self, to_body: impl Fn(&str) -> bool) -> Grants {
        let (moved, kept): (Vec<String>, Vec<String>) =
            self.edit.into_iter().partition(|p| to_body(p));
        self.edit = kept;
        for p in moved {
            if !self.body.contains(&p) {
                self.body.push(p);
            }
        }
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
            protect: canon(&self.protect),
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

/// Why a grant's path is ambiguous, or `None`: it names symbols of different full paths
/// (a Rust short form `P::fmt` matching the inherent `P::fmt` and `<P as Display>::fmt`, or
/// two trait impls' methods). A short form grants only one symbol's worth; the full path of
/// each candidate is listed. Symbols sharing one path (a Python redefinition, TypeScript
/// overloads, several `impl P` blocks) are one name, not ambiguous.
pub(crate) fn ambiguous(found: &[&crate::Symbol]) -> Option<String> {
    let mut paths: Vec<&str> = found.iter().map(|s| s.path.as_str()).collect();
    paths.sort_unstable();
    paths.dedup();
    (paths.len() > 1).then(|| {
        const SHOWN: usize = 8;
        let mut list = paths
            .iter()
            .take(SHOWN)
            .map(|p| format!("`{p}`"))
            .collect::<Vec<_>>()
            .join(", ");
        if paths.len() > SHOWN {
            list.push_str(&format!(" and {} more", paths.len() - SHOWN));
        }
        format!(
            "is ambiguous: it names {} symbols of different paths ({list}); write the full path of the one meant",
            paths.len()
        )
    })
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
    /// Protected paths (always a set: compared with full paths only).
    protect: HashSet<&'g str>,
    /// The granted paths that are the full path of a symbol of `before`: they name those
    /// symbols only, never others whose short form they also are (`P::fmt`, the inherent
    /// method, is not `<P as Display>::fmt`).
    full: HashSet<&'g str>,
    pub(crate) imports: bool,
}

impl<'g> GrantIndex<'g> {
    /// Up to this many grants of a level are scanned; more are looked up.
    const SCAN: usize = 16;

    pub(crate) fn new(grants: &'g Grants, before: &SourceFile) -> GrantIndex<'g> {
        // Looked up from the grants' side: symbol paths can be long (deep nesting), so only
        // those of a granted path's length are hashed.
        let granted: HashSet<&'g str> = grants
            .edit
            .iter()
            .chain(&grants.body)
            .chain(&grants.delete)
            .map(String::as_str)
            .collect();
        let lengths: HashSet<usize> = granted.iter().map(|p| p.len()).collect();
        let full: HashSet<&'g str> = before
            .symbols()
            .iter()
            .filter(|s| lengths.contains(&s.path.len()))
            .filter_map(|s| granted.get(s.path.as_str()).copied())
            .collect();
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
            protect: grants.protect.iter().map(String::as_str).collect(),
            full,
            imports: grants.imports,
        }
    }

    /// Whether a grant of `list` (or `set`, its set past [`GrantIndex::SCAN`]) names `s`: its
    /// full path, or its short path where that is no symbol's full path.
    pub(super) fn hit(&self, list: &[String], set: &HashSet<&str>, s: &crate::Symbol) -> bool {
        let short = |p: &str| !self.full.contains(p);
        if list.len() > Self::SCAN {
            set.contains(s.path.as_str())
                || s.short_path
                    .as_deref()
                    .is_some_and(|p| set.contains(p) && short(p))
        } else {
            list.iter()
                .any(|p| s.path == *p || (s.short_path.as_deref() == Some(p.as_str()) && short(p)))
        }
    }

    pub(super) fn edits(&self, s: &crate::Symbol) -> bool {
        self.hit(&self.grants.edit, &self.edit, s)
    }

    pub(super) fn bodies(&self, s: &crate::Symbol) -> bool {
        self.hit(&self.grants.body, &self.body, s)
    }

    /// Whether `s` is protected ([`Grants::protect`]): no grant covers it or what is inside.
    pub(super) fn protects(&self, s: &crate::Symbol) -> bool {
        !self.protect.is_empty() && self.protect.contains(s.path.as_str())
    }

    /// Whether any symbol is protected.
    pub(super) fn protects_any(&self) -> bool {
        !self.protect.is_empty()
    }

    pub(super) fn deletes(&self, s: &crate::Symbol) -> bool {
        self.hit(&self.grants.delete, &self.delete, s)
    }

    pub(super) fn adds_into(&self, file: &SourceFile, parent: Option<usize>) -> bool {
        if self.grants.add.len() <= Self::SCAN {
            return self.grants.adds_into(file, parent);
        }
        match parent {
            None => self.add.contains(""),
            Some(i) => {
                let s = &file.symbols()[i];
                s.kind.is_container()
                    && (self.hit(&self.grants.add, &self.add, s)
                        || (s.kind == SymbolKind::Impl
                            && (self.add.contains(s.scope.as_str())
                                || s.short_scope
                                    .as_deref()
                                    .is_some_and(|p| self.add.contains(p)))))
            }
        }
    }
}
