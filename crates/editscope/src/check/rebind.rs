//! The rebinding rule: no change binds the name of an ungranted symbol more often than
//! before, nor adds a definition (or lookup hook) that shadows what ungranted code uses.

use super::*;

/// The rebinding rule (step 3 of the definition, second half): no change binds the name of
/// an ungranted symbol more often than before, by whatever statement form
/// ([`bindings`](crate::check::bindings)): a chained assignment, a walrus, an import
/// alias, `global` and an assignment inside a granted body, `Class.prototype.m = ...`.
/// Each such name is a [`ViolationKind::Redefined`]. A binding of every name of a scope
/// (`from m import *`) counts against the ungranted symbols defined above it.
pub(crate) fn rebindings(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
) -> Vec<Violation> {
    use crate::check::bindings::Only;
    use std::collections::HashMap;
    let key = |file: &SourceFile, s: &crate::Symbol| -> String {
        if file.language() == Language::Python {
            if let Some(p) = s.parent.map(|p| &file.symbols()[p]) {
                if p.kind == SymbolKind::Class {
                    if let Some(m) = crate::check::bindings::python_mangle(&p.name, &s.name) {
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
    // With every symbol granted, ungranted code is what lies outside them (module-level
    // statements, a body-granted symbol's signature): without an identifier there, no
    // binding can matter.
    if protected.is_empty() && !ungranted_identifiers(before, after, grants) {
        return Vec::new();
    }
    // Made once per file (kept in its memo, so a memoised or warm file brings its own).
    let bindings_b = crate::check::bindings::bindings(before);
    let bindings_a = crate::check::bindings::bindings(after);
    // Counted per key and per kind of binding (an instance attribute is not a definition).
    let mut count: HashMap<(&str, Only), isize> = HashMap::new();
    for b in bindings_b {
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
            // A glob import never rebinds a symbol of its module (see `module_shadowing`).
            Only::Unbound => false,
            Only::Shadowable => {
                s.kind == SymbolKind::Method
                    && shadowable_method(before.language(), &before.text()[s.extent.range()])
            }
        };
        if !fits || !seen.insert(i) {
            return;
        }
        out.push(redefined(
            s,
            line_of(byte),
            format!(
                "{} `{}` is bound again by a new statement (an assignment, import, `global` or similar), which would replace it; grant `edit` on `{}` to change it",
                s.kind, s.path, s.path
            ),
        ));
    };
    for b in bindings_a {
        let c = count.entry((b.key.as_str(), b.only)).or_default();
        *c -= 1;
        if *c >= 0 {
            continue;
        }
        // One binding more than before: which ungranted symbols does it bind? `**` (a
        // binder passed as a value: `map(setattr, ...)`) binds every attribute of everything.
        if b.key == "**" {
            let mut all: Vec<usize> = protected.values().copied().collect();
            all.sort_unstable();
            for i in all {
                report(&mut out, i, b.byte, b.only);
            }
            continue;
        }
        // A binding of every name of a scope is gathered per scope and looked at once, below.
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
            if let Some(i) = function_prefix(&protected, (before, after), &b.key, sep) {
                report(&mut out, i, b.byte, Only::Any);
            }
        }
    }
    // The protected keys by scope (the key up to its last separator), so that a binding of
    // every name of a scope looks at that scope's keys only, not at every key.
    let mut by_scope: HashMap<&str, Vec<(&String, &usize)>> = HashMap::new();
    if !wild.is_empty() {
        for (k, i) in &protected {
            // Every prefix ending in the separator whose rest has none (one, but two with
            // overlapping occurrences: `a:::b` is in `a::` and in `a:::`).
            if !k.contains(sep) {
                by_scope.entry("").or_default().push((k, i));
            }
            let mut at = 0;
            while let Some(off) = k[at..].find(sep) {
                let end = at + off + sep.len();
                if !k[end..].contains(sep) {
                    by_scope.entry(&k[..end]).or_default().push((k, i));
                }
                // The separator is ASCII: one byte on is a character boundary.
                at += off + 1;
            }
        }
    }
    let everything: Vec<(&String, &usize)> = Vec::new();
    for ((prefix, only), (first, deferred, last)) in wild {
        // A scope prefix (empty, or ending in the separator) has its keys in `by_scope`;
        // any other prefix is matched against every key.
        let all: Vec<(&String, &usize)>;
        let candidates = if prefix.is_empty() || prefix.ends_with(sep) {
            by_scope.get(prefix).unwrap_or(&everything)
        } else {
            all = protected.iter().collect();
            &all
        };
        let mut hits: Vec<usize> = candidates
            .iter()
            .copied()
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
            } else if let Some(i) = function_prefix(&protected, (before, after), owner, sep) {
                report(&mut out, i, first, Only::Any);
            }
        }
    }
    lookup_changes(before, after, &protected, &mut seen, &mut out, &line_of);
    shadowing(
        before, after, grants, &protected, &mut seen, &mut out, &line_of,
    );
    module_shadowing(
        before,
        after,
        grants,
        (bindings_b, bindings_a),
        &protected,
        &mut seen,
        &mut out,
        &line_of,
    );
    super::on_demand::on_demand_imports(
        before, after, grants, &protected, &mut seen, &mut out, &line_of,
    );
    global_items(
        before, after, grants, &protected, &mut seen, &mut out, &line_of,
    );
    module_initializers(before, after, &mut out, &line_of);
    super::on_demand::global_usings(before, after, &mut out, &line_of);
    go_method_sets(before, after, &protected, &mut seen, &mut out, &line_of);
    super::overrides::overrides(before, after, &protected, &mut seen, &mut out, &line_of);
    super::overrides::python_overrides(
        before, after, grants, &protected, &mut seen, &mut out, &line_of,
    );
    imported_monkeypatches(before, after, (bindings_b, bindings_a), &mut out, &line_of);
    program_wide_items(before, after, grants, &mut out, &line_of);
    positional_shifts(before, after, grants, &mut out, &line_of);
    rust_resolution_changes(
        before, after, grants, &protected, &mut seen, &mut out, &line_of,
    );
    out.sort_by(|x, y| {
        (x.after.map(|a| a.start_line), &x.symbol).cmp(&(y.after.map(|a| a.start_line), &y.symbol))
    });
    out
}

/// Python: a binding the change adds of an attribute of a name the file imports
/// (`hmac.compare_digest = ...`, `setattr(hmac, "compare_digest", ...)`, `vars(hmac)[k] =
/// ...`, `Model.save = ...` after `from app import Model`), at module level or in any
/// function: it monkeypatches an object of another module, which every importer of that
/// module sees, beyond any grant on this file. One violation per new binding (kind
/// [`ViolationKind::Redefined`], no symbol). The `builtins` module has its own rule
/// ([`module_shadowing`]).
pub(super) fn imported_monkeypatches(
    before: &SourceFile,
    after: &SourceFile,
    (bindings_b, bindings_a): (
        &[crate::check::bindings::Binding],
        &[crate::check::bindings::Binding],
    ),
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    use std::collections::HashMap;
    if after.language() != Language::Python {
        return;
    }
    // Every module this one imports, the builtins (which every module sees) and those
    // named by a literal in `__import__("hmac")` / `importlib.import_module("hmac")`.
    let mut imported = imported_names(after, true);
    imported.extend(
        ["builtins", "__builtin__", "__builtins__"]
            .iter()
            .map(|s| s.to_string()),
    );
    imported.extend(dynamic_import_roots(after));
    dynamic_code(before, after, out, line_of);
    // The import system's state (`sys.modules`, `sys.path`, `sys.meta_path`, ...): a new use
    // can replace any module that ungranted code imports.
    // Each use by the text of its statement: one `before` does not have as often is new.
    let mut old: HashMap<String, isize> = HashMap::new();
    for (_, _, statement) in import_machinery(before) {
        *old.entry(statement).or_default() += 1;
    }
    let fresh = import_machinery(after)
        .into_iter()
        .find(|(_, _, statement)| {
            let c = old.entry(statement.clone()).or_default();
            *c -= 1;
            *c < 0
        });
    if let Some((byte, what, _)) = fresh {
        let byte = &byte;
        out.push(redefined_outside(line_of(*byte), format!(
                "a new use of `sys.{what}` can change which code every `import` loads (replace a module in `sys.modules`, prepend a directory to `sys.path`, add an import hook), beyond any grant on this file; it is not allowed by symbol grants"
            )));
    }
    // The root name of a key that binds an attribute of an imported name.
    let root = |key: &str| -> Option<String> {
        let (first, rest) = key.split_once('.')?;
        (!rest.is_empty() && imported.contains(first)).then(|| first.to_string())
    };
    let mut count: HashMap<&str, isize> = HashMap::new();
    for b in bindings_b {
        *count.entry(b.key.as_str()).or_default() += 1;
    }
    let mut reported: HashSet<String> = HashSet::new();
    // What `before` imports (a name the change imports first is no name ungranted code
    // reached through an import).
    let imported_before = imported_names(before, false);
    for b in bindings_a {
        let c = count.entry(b.key.as_str()).or_default();
        *c -= 1;
        if *c >= 0 {
            continue;
        }
        // A module-level imported name rebound from a function body (`global hmac; hmac =
        // fake`, `globals()["hmac"] = fake`): every use of it in the module then reaches the
        // new value. (A name that is a symbol of the file has the symbol rule.)
        if b.deferred
            && !b.attribute
            && imported_before.contains(b.key.as_str())
            && before.find(&b.key).next().is_none()
        {
            if !reported.insert(b.key.clone()) {
                continue;
            }
            out.push(redefined_outside(line_of(b.byte), format!(
                    "a new binding of the imported name `{}` from a function body (`global`, `globals()`, a function's `__globals__`, a frame's `f_globals`) replaces it for every use in the module, ungranted code included, beyond any grant on this file; it is not allowed by symbol grants",
                    b.key
                )));
            continue;
        }
        // A binding on an object no name can be read for (`globals()[k].x = ...`,
        // `sys.modules[name].x`, `__import__(name).x`): any module's, fail closed.
        if b.key == "**" {
            if !reported.insert(b.key.clone()) {
                continue;
            }
            out.push(redefined_outside(line_of(b.byte), "a new binding of an attribute of an object that cannot be named (an item of `globals()`, `vars()`, `sys.modules` or a `__dict__` under a computed name, `__import__` of a computed name, `setattr` passed as a value) may monkeypatch any module or rebind any symbol, beyond any grant on this file; it is not allowed by symbol grants".to_string()));
            continue;
        }
        let Some(name) = root(&b.key) else { continue };
        // `def get_pager_file(): from ._impl import get_pager_file`: a name bound in the
        // scope of a function or class of that name (its key is that scope's path), no
        // attribute of the imported object.
        if !b.attribute && after.find(&name).next().is_some() {
            continue;
        }
        if !reported.insert(b.key.clone()) {
            continue;
        }
        let attr = b.key[name.len() + 1..].to_string();
        let attr = if attr.ends_with('*') {
            "any attribute".to_string()
        } else {
            format!("`{attr}`")
        };
        out.push(redefined_outside(line_of(b.byte), format!(
                "a new binding of {attr} of the imported `{name}` monkeypatches an object of another module (every importer of it, and every ungranted use here, then runs the new value), beyond any grant on this file; it is not allowed by symbol grants"
            )));
    }
}

/// The modules Python `file` names by a literal in `__import__("a.b")`,
/// `importlib.import_module("a.b")` (the first and the full name): objects of other modules,
/// like imported names.
fn dynamic_import_roots(file: &SourceFile) -> HashSet<String> {
    let text = file.text();
    let mut out = HashSet::new();
    if !text.contains("__import__") && !text.contains("import_module") {
        return out;
    }
    crate::walk::preorder(file.tree().root_node(), |cursor, _| {
        let n = cursor.node();
        if n.kind() != "call" {
            return true;
        }
        let f = n
            .child_by_field_name("function")
            .map_or("", |f| &text[f.byte_range()]);
        if !matches!(
            f,
            "__import__" | "importlib.import_module" | "import_module" | "importlib.__import__"
        ) {
            return true;
        }
        let first = n.child_by_field_name("arguments").and_then(|a| {
            let mut c = a.walk();
            let found = a.named_children(&mut c).find(|c| c.kind() != "comment");
            found
        });
        if let Some(name) = first
            .filter(|a| a.kind() == "string")
            .and_then(|a| crate::language::names::string_key(&text[a.byte_range()]))
        {
            out.insert(name.split('.').next().unwrap_or(&name).to_string());
            out.insert(name);
        }
        true
    });
    out
}

/// The builtins that run code given as a value (and `compile`, which makes it).
const DYNAMIC_CODE: &[&str] = &["exec", "eval", "compile", "execfile"];

/// Whether `word` occurs in `text` as a whole word (no identifier character around it).
fn has_word(text: &str, word: &str) -> bool {
    let ident = |c: Option<char>| c.is_some_and(|c| c.is_alphanumeric() || c == '_');
    text.match_indices(word).any(|(at, _)| {
        !ident(text[..at].chars().next_back()) && !ident(text[at + word.len()..].chars().next())
    })
}

/// Python: a new use of `exec`, `eval` or `compile` (the builtins: called, passed as a
/// value, reached as `builtins.exec` or `getattr(builtins, "exec")`) in granted or added
/// code runs code no grant can read, which may rebind or monkeypatch anything: one
/// [`ViolationKind::Redefined`] violation of no symbol (fail closed, whatever the argument).
/// A use is new when `before` has fewer statements of its text; a file that defines or
/// imports the name (`from re import compile`) uses its own.
fn dynamic_code(
    before: &SourceFile,
    after: &SourceFile,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    use std::collections::HashMap;
    let uses = |file: &SourceFile| -> Vec<(usize, String, String)> {
        let text = file.text();
        if !DYNAMIC_CODE.iter().any(|n| has_word(text, n)) {
            return Vec::new();
        }
        let own = imported_names(file, true);
        let defined: HashSet<&str> = file
            .symbols()
            .iter()
            .filter(|s| s.parent.is_none())
            .map(|s| s.name.as_str())
            .collect();
        let mut found = Vec::new();
        crate::walk::preorder(file.tree().root_node(), |cursor, _| {
            let n = cursor.node();
            if matches!(n.kind(), "import_statement" | "import_from_statement") {
                return false;
            }
            let name = match n.kind() {
                "identifier" => text[n.byte_range()].to_string(),
                // `getattr(builtins, "exec")`, `__builtins__["eval"]`
                "string" => match crate::language::names::string_key(&text[n.byte_range()]) {
                    Some(v)
                        if n.parent().is_some_and(|p| {
                            p.kind() == "subscript"
                                || (p.kind() == "argument_list"
                                    && p.parent().is_some_and(|c| {
                                        c.child_by_field_name("function")
                                            .is_some_and(|f| &text[f.byte_range()] == "getattr")
                                    }))
                        }) =>
                    {
                        v
                    }
                    _ => return true,
                },
                _ => return true,
            };
            if !DYNAMIC_CODE.contains(&name.as_str()) {
                return true;
            }
            if n.kind() == "identifier" {
                let Some(p) = n.parent() else { return true };
                let field_of = |field: &str| {
                    p.child_by_field_name(field)
                        .is_some_and(|c| c.id() == n.id())
                };
                match p.kind() {
                    // `x.compile(...)`: a method, unless of the builtins module.
                    "attribute" if field_of("attribute") => {
                        let owner = p
                            .child_by_field_name("object")
                            .map_or("", |o| &text[o.byte_range()]);
                        if !matches!(owner, "builtins" | "__builtins__" | "__builtin__") {
                            return true;
                        }
                    }
                    "keyword_argument" if field_of("name") => return true,
                    "function_definition"
                    | "class_definition"
                    | "parameters"
                    | "default_parameter"
                    | "typed_parameter"
                    | "typed_default_parameter" => return true,
                    _ => {}
                }
                if own.contains(&name) || defined.contains(name.as_str()) {
                    return true;
                }
            }
            found.push((n.start_byte(), name, statement_of(n, text)));
            true
        });
        found
    };
    let mut old: HashMap<String, isize> = HashMap::new();
    for (_, _, statement) in uses(before) {
        *old.entry(statement).or_default() += 1;
    }
    let fresh = uses(after).into_iter().find(|(_, _, statement)| {
        let c = old.entry(statement.clone()).or_default();
        *c -= 1;
        *c < 0
    });
    if let Some((byte, name, _)) = fresh {
        out.push(redefined_outside(line_of(byte), format!(
                "a new use of `{name}` runs code that cannot be read here, which may rebind or monkeypatch anything (this file's symbols, other modules, the builtins), beyond any grant on this file; it is not allowed by symbol grants"
            )));
    }
}

/// The `sys` attributes that hold the import system's state.
const IMPORT_STATE: &[&str] = &[
    "modules",
    "path",
    "meta_path",
    "path_hooks",
    "path_importer_cache",
];

/// Where Python `file` uses the import system's state ([`IMPORT_STATE`]): `sys.modules`
/// (through any name `sys` is imported as), or a name imported from `sys`
/// (`from sys import modules as m`); with the attribute's name and the text of the statement
/// holding the use.
fn import_machinery(file: &SourceFile) -> Vec<(usize, String, String)> {
    let text = file.text();
    if !text.contains("sys") {
        return Vec::new();
    }
    let canon = |t: &str| crate::language::names::canonical(Language::Python, t).into_owned();
    // The names `sys` is bound to, and the names bound to its state.
    let mut sys: HashSet<String> = HashSet::new();
    let mut state: std::collections::HashMap<String, String> = Default::default();
    crate::walk::preorder(file.tree().root_node(), |cursor, _| {
        let n = cursor.node();
        match n.kind() {
            "import_statement" => {
                let mut c = n.walk();
                for name in n.children_by_field_name("name", &mut c) {
                    match name.kind() {
                        "dotted_name" if text[name.byte_range()].trim() == "sys" => {
                            sys.insert("sys".into());
                        }
                        "aliased_import" => {
                            if let (Some(full), Some(alias)) = (
                                name.child_by_field_name("name"),
                                name.child_by_field_name("alias"),
                            ) {
                                if text[full.byte_range()].trim() == "sys" {
                                    sys.insert(canon(&text[alias.byte_range()]));
                                }
                            }
                        }
                        _ => {}
                    }
                }
                false
            }
            "import_from_statement" => {
                let from_sys = n
                    .child_by_field_name("module_name")
                    .is_some_and(|m| text[m.byte_range()].trim() == "sys");
                if from_sys {
                    let mut c = n.walk();
                    for name in n.children_by_field_name("name", &mut c) {
                        let (full, bound) = match name.kind() {
                            "aliased_import" => (
                                name.child_by_field_name("name"),
                                name.child_by_field_name("alias"),
                            ),
                            _ => (Some(name), Some(name)),
                        };
                        if let (Some(full), Some(bound)) = (full, bound) {
                            let attr = text[full.byte_range()].trim().to_string();
                            if IMPORT_STATE.contains(&attr.as_str()) {
                                state.insert(canon(&text[bound.byte_range()]), attr);
                            }
                        }
                    }
                }
                false
            }
            _ => true,
        }
    });
    let mut out = Vec::new();
    if sys.is_empty() && state.is_empty() {
        return out;
    }
    crate::walk::preorder(file.tree().root_node(), |cursor, _| {
        let n = cursor.node();
        if matches!(n.kind(), "import_statement" | "import_from_statement") {
            return false;
        }
        if n.kind() == "attribute" {
            if let (Some(o), Some(a)) = (
                n.child_by_field_name("object"),
                n.child_by_field_name("attribute"),
            ) {
                let attr = canon(&text[a.byte_range()]);
                if o.kind() == "identifier"
                    && sys.contains(&canon(&text[o.byte_range()]))
                    && IMPORT_STATE.contains(&attr.as_str())
                {
                    out.push((n.start_byte(), attr, statement_of(n, text)));
                }
            }
        } else if n.kind() == "identifier" {
            if let Some(attr) = state.get(&canon(&text[n.byte_range()])) {
                let is_attr_name = n.parent().is_some_and(|p| {
                    p.kind() == "attribute"
                        && p.child_by_field_name("attribute")
                            .is_some_and(|a| a.id() == n.id())
                });
                if !is_attr_name {
                    out.push((n.start_byte(), attr.clone(), statement_of(n, text)));
                }
            }
        }
        true
    });
    out
}

/// The text of the innermost statement holding `node` (its own text when none).
fn statement_of(node: tree_sitter::Node<'_>, text: &str) -> String {
    let mut at = Some(node);
    while let Some(n) = at {
        if n.kind().ends_with("statement") || n.kind().ends_with("definition") {
            return text[n.byte_range()].to_string();
        }
        at = n.parent();
    }
    text[node.byte_range()].to_string()
}

/// The names a Python file's import statements bind (anywhere in it), the `builtins`
/// module's aside: `import a.b` binds `a`, `import a as b` and `from m import a as b` bind
/// `b`, `from m import a` binds `a`.
fn imported_names(file: &SourceFile, with_builtins: bool) -> HashSet<String> {
    let text = file.text();
    let mut out = HashSet::new();
    let canon = |t: &str| crate::language::names::canonical(Language::Python, t).into_owned();
    let builtin = |t: &str| !with_builtins && matches!(t, "builtins" | "__builtin__");
    crate::walk::preorder(file.tree().root_node(), |cursor, _| {
        let n = cursor.node();
        match n.kind() {
            "import_statement" | "import_from_statement" => {
                let from = n.kind() == "import_from_statement";
                let module = n.child_by_field_name("module_name");
                let mut c = n.walk();
                for name in n.children_by_field_name("name", &mut c) {
                    match name.kind() {
                        "aliased_import" => {
                            let (Some(full), Some(alias)) = (
                                name.child_by_field_name("name"),
                                name.child_by_field_name("alias"),
                            ) else {
                                continue;
                            };
                            let source = if from { module } else { Some(full) };
                            if source.is_some_and(|m| builtin(&text[m.byte_range()])) {
                                continue;
                            }
                            out.insert(canon(&text[alias.byte_range()]));
                        }
                        "dotted_name" => {
                            let t = &text[name.byte_range()];
                            if from {
                                if module.is_some_and(|m| builtin(&text[m.byte_range()])) {
                                    continue;
                                }
                                out.insert(canon(t.rsplit('.').next().unwrap_or(t).trim()));
                            } else {
                                let first = t.split('.').next().unwrap_or(t).trim();
                                if !builtin(first) {
                                    out.insert(canon(first));
                                }
                            }
                        }
                        _ => {}
                    }
                }
                false
            }
            _ => true,
        }
    });
    out
}

/// Python methods that, added to a class, change how the class's existing members are looked
/// up, set or created (on the class, its instances or its subclasses).
pub(super) const LOOKUP_DUNDERS: &[&str] = &[
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
/// member of the class, and of the classes in the file that inherit from it, directly or
/// not, or name it as their metaclass: every hook is inherited), and a Rust inherent method added for a type that has a trait
/// method of that name in this file (an inherent method wins in method-call syntax).
pub(super) fn lookup_changes(
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
        out.push(redefined(&before.symbols()[i], line_of(byte), message));
    };
    let mut hits: Vec<(usize, usize, String)> = Vec::new();
    // Python: the inheritance graph of `before` (made once), the subclasses of each class
    // name asked about (once per name).
    let mut inheritance: Option<std::collections::HashMap<String, Vec<usize>>> = None;
    let mut reached: std::collections::HashMap<String, HashSet<String>> =
        std::collections::HashMap::new();
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
                // Every hook is inherited: the classes of this file that name it as a base,
                // directly or through one another (`class D(C)`, `class E(D)`), or as their
                // metaclass, are reached too.
                let children = inheritance.get_or_insert_with(|| inheritance_of(before));
                let subclasses = reached
                    .entry(parent.name.clone())
                    .or_insert_with(|| subclasses_of(before, children, &parent.name));
                for i in protected.values() {
                    let s = &before.symbols()[*i];
                    let owner = s.parent.map(|p| before.symbols()[p].path.as_str());
                    if owner.is_some_and(|o| o == class || subclasses.contains(o)) {
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
/// same name is not). Top-level additions (and Rust macros, which reach every module after
/// them) count against references anywhere in the file; an addition directly inside a
/// module or namespace (a Rust inline `mod`, a TypeScript `namespace`) counts against the
/// references inside that module, nested modules included (Rust reaches them through
/// `use super::*`): there it shadows a glob-imported name or a prelude item just as at the
/// top level; one directly inside a function or method (a Python `def audit` added in
/// `outer`, which the protected `outer.inner` calls) against the references inside it. In
/// Java and C#, where a simple name is looked up through the enclosing classes, an addition
/// at any depth (members included) inside a symbol `before` has counts against references
/// anywhere in the file. A new helper nothing ungranted refers to stays allowed.
#[allow(clippy::too_many_arguments)]
pub(super) fn shadowing(
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
    // Java and C# look a simple name up through the enclosing classes (and their
    // supertypes) before the imports: a member added at any depth (a method, a field, a
    // nested type, a constructor that replaces the default one) can take over what an
    // unqualified name of ungranted code meant.
    let members = matches!(lang, Language::Java | Language::CSharp);
    // Where an addition's name is seen: `None` for the whole file (a top-level addition, a
    // Rust macro, a Java or C# member), else the extent of the module, namespace or function
    // it is written directly in (members of a class, impl or trait are no bare names).
    let seen_in = |s: &crate::Symbol| -> Option<Option<std::ops::Range<usize>>> {
        if s.parent.is_none() || (lang == Language::Rust && s.kind == SymbolKind::Macro) {
            return Some(None);
        }
        let parent = &symbols[s.parent?];
        if members {
            // A member of a class that is itself new shadows only inside that new code.
            return paths_b.contains(parent.path.as_str()).then_some(None);
        }
        matches!(
            parent.kind,
            SymbolKind::Module | SymbolKind::Function | SymbolKind::Method
        )
        .then(|| Some(parent.extent.range()))
    };
    // Each added name: (the first definition's byte, where it is seen: `None` = the file).
    type Seen = Option<std::ops::Range<usize>>;
    let mut added: std::collections::HashMap<String, Vec<(usize, Seen)>> =
        std::collections::HashMap::new();
    for s in symbols {
        if paths_b.contains(s.path.as_str())
            || (!members
                && matches!(
                    s.kind,
                    SymbolKind::Impl | SymbolKind::Method | SymbolKind::Field
                ))
        {
            continue;
        }
        // A C# extension method is seen wherever its namespace is, even in a new class
        // (`static class Strings { static string Normalized(this string s) ... }`).
        let extension = lang == Language::CSharp
            && s.kind == SymbolKind::Method
            && is_extension_method(&after.text()[s.extent.range()]);
        let Some(scope) = (if extension { Some(None) } else { seen_in(s) }) else {
            continue;
        };
        let name = s.name.trim_end_matches('!');
        added
            .entry(name.to_string())
            .or_default()
            .push((s.extent.start_byte, scope));
    }
    // C# extension methods (`static void Trim(this string s)`): a call `s.Trim()` reaches a
    // new one where no instance method of that name applies, so member names count too.
    let extensions: HashSet<&str> = if lang == Language::CSharp {
        symbols
            .iter()
            .filter(|s| {
                s.kind == SymbolKind::Method
                    && !paths_b.contains(s.path.as_str())
                    && is_extension_method(&after.text()[s.extent.range()])
            })
            .map(|s| s.name.as_str())
            .collect()
    } else {
        HashSet::new()
    };
    if added.is_empty() {
        return;
    }
    let excluded = granted_in_after(before, after, grants);
    let text = after.text();
    let mut hits: Vec<(usize, String, usize)> = Vec::new();
    crate::walk::preorder(after.tree().root_node(), |cursor, _| {
        let node = cursor.node();
        if !matches!(node.kind(), "identifier" | "type_identifier") {
            return true;
        }
        let byte = node.start_byte();
        if in_ranges(&excluded, byte) {
            return true;
        }
        let extension_use = !extensions.is_empty()
            && node.parent().is_some_and(|p| {
                matches!(
                    p.kind(),
                    "member_access_expression" | "member_binding_expression"
                ) && p
                    .child_by_field_name("name")
                    .is_some_and(|n| n.id() == node.id())
            })
            && extensions.contains(
                crate::language::names::canonical(lang, &text[node.byte_range()]).as_ref(),
            );
        if !extension_use && !is_reference_in(lang, node) {
            return true;
        }
        let name = crate::language::names::canonical(lang, &text[node.byte_range()]);
        let def = added.get(name.as_ref()).and_then(|defs| {
            defs.iter()
                .find(|(_, scope)| scope.as_ref().is_none_or(|r| r.contains(&byte)))
                .map(|(def, _)| *def)
        });
        if let Some(def) = def {
            if parameter_named(lang, text, node, &name) {
                return true;
            }
            hits.push((byte, name.into_owned(), def));
        }
        true
    });
    report_users(
        (before, after),
        protected,
        hits,
        seen,
        out,
        line_of,
        &|name, who, _| {
            format!("the added `{name}` shadows the `{name}` that {who} uses (an import, builtin or other name that is not a symbol here), which changes what it calls; name the new definition differently or grant `edit` on the code that uses it")
        },
    );
}

/// Whether a C# method's text (its extent) declares an extension method: its first parameter
/// is `this T x`.
fn is_extension_method(text: &str) -> bool {
    text.split_once('(').is_some_and(|(_, params)| {
        let first = params.trim_start();
        first.starts_with("this ") || first.starts_with("this\t") || first.starts_with("this\n")
    })
}

/// C# `[ModuleInitializer]` (`System.Runtime.CompilerServices`): a method so marked runs when
/// the assembly loads, before any ungranted code, whatever calls it. More of them in `after`
/// than in `before` (counted as attribute names, wherever they stand) is a redefinition of
/// the program's start: one violation, at the first new one.
pub(super) fn module_initializers(
    before: &SourceFile,
    after: &SourceFile,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    if after.language() != Language::CSharp {
        return;
    }
    let marks = |file: &SourceFile| -> Vec<usize> {
        let text = file.text();
        let mut found = Vec::new();
        crate::walk::preorder(file.tree().root_node(), |cursor, _| {
            let n = cursor.node();
            if n.kind() == "attribute" {
                if let Some(name) = n.child_by_field_name("name") {
                    let full = &text[name.byte_range()];
                    let last = full.rsplit(['.', ':']).next().unwrap_or(full).trim();
                    let last = crate::language::names::canonical(Language::CSharp, last);
                    if matches!(
                        last.as_ref(),
                        "ModuleInitializer" | "ModuleInitializerAttribute"
                    ) {
                        found.push(n.start_byte());
                    }
                }
                return false;
            }
            true
        });
        found
    };
    let (old, new) = (marks(before), marks(after));
    if new.len() > old.len() {
        let byte = new[old.len().min(new.len() - 1)];
        out.push(redefined_outside(line_of(byte), "a new `[ModuleInitializer]` method runs when the assembly loads, before any ungranted code, whatever the grants; it changes what that code starts with".to_string()));
    }
}

/// A [`ViolationKind::Redefined`] of no symbol (what it rebinds is outside every symbol, or
/// any symbol), by a binding on `line` of `after`.
pub(super) fn redefined_outside(line: usize, message: String) -> Violation {
    Violation {
        changed_lines: Default::default(),
        kind: ViolationKind::Redefined,
        symbol: None,
        symbol_kind: None,
        before: None,
        after: Some(LineRange {
            start_line: line,
            end_line: line,
        }),
        message,
    }
}

/// A [`ViolationKind::Redefined`] of symbol `s` of `before`, by a binding on `line` of
/// `after`.
pub(super) fn redefined(s: &crate::Symbol, line: usize, message: String) -> Violation {
    Violation {
        changed_lines: Default::default(),
        kind: ViolationKind::Redefined,
        symbol: Some(s.path.clone()),
        symbol_kind: Some(s.kind),
        before: Some(s.extent.into()),
        after: Some(LineRange {
            start_line: line,
            end_line: line,
        }),
        message,
    }
}

/// The protected function or method that `key` names an attribute of (`helper.__code__`,
/// `C.delete.__func__.__code__`): the longest proper prefix of `key` that is one. A prefix
/// followed by the name of a definition nested in it (`setup.C.x`: `self.x = ...` in a
/// class `C` defined in `setup`) names that definition's attribute, none of the function's.
pub(super) fn function_prefix(
    protected: &std::collections::HashMap<String, usize>,
    (before, after): (&SourceFile, &SourceFile),
    key: &str,
    sep: &str,
) -> Option<usize> {
    let defined = |p: &str| {
        before.symbols().iter().any(|s| s.path == p) || after.symbols().iter().any(|s| s.path == p)
    };
    let mut end = key.len();
    while let Some(at) = key[..end].rfind(sep) {
        // `key[..next]`: the prefix and the name after it.
        let next = end;
        end = at;
        if next < key.len() && defined(&key[..next]) {
            continue;
        }
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
pub(super) fn shadowable_method(language: Language, text: &str) -> bool {
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
pub(super) fn plain_method(text: &str, decorated_ok: bool) -> bool {
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

/// A Python `before`'s inheritance graph: each name written in a class's arguments (its
/// bases, its metaclass, any identifier there) to the classes (indices) that write it, from
/// the syntax tree (`superclasses`). Over-approximate: by name, not by resolution.
pub(super) fn inheritance_of(before: &SourceFile) -> std::collections::HashMap<String, Vec<usize>> {
    use std::collections::HashMap;
    let text = before.text();
    // Class symbols by where their definition ends (a decorated one ends with its class).
    let by_end: HashMap<usize, usize> = before
        .symbols()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == SymbolKind::Class)
        .map(|(i, s)| (s.extent.end_byte, i))
        .collect();
    let mut children: HashMap<String, Vec<usize>> = HashMap::new();
    crate::walk::preorder(before.tree().root_node(), |cursor, _| {
        let node = cursor.node();
        if node.kind() != "class_definition" {
            return true;
        }
        let (Some(bases), Some(&i)) = (
            node.child_by_field_name("superclasses"),
            by_end.get(&node.end_byte()),
        ) else {
            return true;
        };
        crate::walk::preorder(bases, |c, _| {
            let n = c.node();
            if n.kind() == "identifier" {
                if let Some(word) = text.get(n.byte_range()) {
                    let word = crate::language::names::canonical(Language::Python, word);
                    children.entry(word.into_owned()).or_default().push(i);
                }
            }
            true
        });
        true
    });
    children
}

/// The paths of the classes of `before` that inherit from a class named `name` (or name it
/// in their class arguments: a metaclass), directly or through one another, by the graph of
/// [`inheritance_of`].
pub(super) fn subclasses_of(
    before: &SourceFile,
    children: &std::collections::HashMap<String, Vec<usize>>,
    name: &str,
) -> HashSet<String> {
    let mut seen: HashSet<usize> = HashSet::new();
    let mut names: HashSet<&str> = HashSet::new();
    let mut todo: Vec<&str> = vec![name];
    let mut out = HashSet::new();
    while let Some(n) = todo.pop() {
        if !names.insert(n) {
            continue;
        }
        for &i in children.get(n).map(Vec::as_slice).unwrap_or(&[]) {
            if seen.insert(i) {
                let s = &before.symbols()[i];
                out.insert(s.path.clone());
                todo.push(s.name.as_str());
            }
        }
    }
    out
}
