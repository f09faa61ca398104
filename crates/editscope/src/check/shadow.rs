//! Shadowing by what is not a symbol: names a module-level import, a `global` or a
//! global object's member binds over builtins, prelude items and globals that ungranted
//! code uses; items with global effect written inside bodies; inherent methods over called
//! trait methods.

use super::*;

/// Items with an effect beyond the body they are written in, and Rust inherent methods that
/// take over method calls:
/// - a Rust `impl` inside a function body (impls are global: an inherent method wins over
///   a trait method of that name, a `Drop` impl runs where ungranted code drops a value) and
///   a TypeScript `declare global` / `declare module` inside one, written by the change in
///   a granted region: a redefinition (of the type's symbol when the file defines it);
/// - a Rust inherent method added for a type (`impl S { fn to_string(..) }`) whose name
///   ungranted code calls as a method (`s.to_string()`) or through the type (`S::to_string`):
///   it takes precedence over the trait method those calls reached (a trait of the standard
///   library, another crate's), so each such user is redefined;
/// - a Rust `impl Drop for T` added for an ungranted `T`: it runs where ungranted code drops
///   a `T`, so `T` is redefined.
pub(super) fn global_items(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
    protected: &std::collections::HashMap<String, usize>,
    seen: &mut HashSet<usize>,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    let lang = after.language();
    if !matches!(lang, Language::Rust | Language::TypeScript | Language::Tsx) {
        return;
    }
    let (item, function) = match lang {
        Language::Rust => ("impl_item", &["function_item", "closure_expression"][..]),
        _ => (
            "ambient_declaration",
            &[
                "function_declaration",
                "generator_function_declaration",
                "function_expression",
                "arrow_function",
                "method_definition",
                "class_static_block",
            ][..],
        ),
    };
    // Such items nested in function bodies, by text (those `before` has are not new).
    // Made once per file ([`SourceFile::memo`]).
    let nested = |file: &SourceFile| -> Vec<(usize, usize, String)> {
        file.memo(crate::source::Slot::NestedItems, || {
            nested_items(file, item, function)
        })
        .clone()
    };
    let found = nested(after);
    let inherent = |s: &crate::Symbol| {
        s.kind == SymbolKind::Method
            && s.parent.is_some_and(|p| {
                let parent = &after.symbols()[p];
                parent.kind == SymbolKind::Impl && !parent.name.contains(" for ")
            })
    };
    // `impl Drop for T`: the trait whose method runs without a call.
    let drop_impl = |s: &crate::Symbol| -> Option<String> {
        let (tr, ty) = s.name.strip_prefix("impl")?.split_once(" for ")?;
        let tr = tr.trim();
        let tr = tr.rsplit('>').next().unwrap_or(tr).trim();
        (s.kind == SymbolKind::Impl && tr.rsplit("::").next() == Some("Drop")).then(|| {
            let ty = ty.trim();
            let ty = ty.split('<').next().unwrap_or(ty).trim();
            ty.rsplit("::").next().unwrap_or(ty).to_string()
        })
    };
    if found.is_empty()
        && (lang != Language::Rust
            || !after
                .symbols()
                .iter()
                .any(|s| inherent(s) || drop_impl(s).is_some()))
    {
        return;
    }
    let granted = granted_in_after(before, after, grants);
    let old: HashSet<String> = nested(before).into_iter().map(|(_, _, t)| t).collect();
    let mut report = |out: &mut Vec<Violation>, i: Option<usize>, byte: usize, message: String| {
        if let Some(i) = i {
            if !seen.insert(i) {
                return;
            }
        }
        let s = i.map(|i| &before.symbols()[i]);
        out.push(Violation {
            changed_lines: Default::default(),
            kind: ViolationKind::Redefined,
            symbol: s.map(|s| s.path.clone()),
            symbol_kind: s.map(|s| s.kind),
            before: s.map(|s| s.extent.into()),
            after: Some(LineRange {
                start_line: line_of(byte),
                end_line: line_of(byte),
            }),
            message,
        });
    };
    let root = after.tree().root_node();
    for (start, end, t) in found {
        if old.contains(&t) || !granted.iter().any(|r| r.contains(&start)) {
            continue;
        }
        let node = root.descendant_for_byte_range(start, end);
        let ty = node
            .filter(|n| n.kind() == "impl_item")
            .and_then(|n| n.child_by_field_name("type"))
            .map(|n| {
                let t = &after.text()[n.byte_range()];
                t.split('<').next().unwrap_or(t).trim().to_string()
            });
        let owner = ty.as_deref().and_then(|ty| protected.get(ty).copied());
        let what = match &ty {
            Some(ty) => format!("an `impl` for `{ty}`"),
            None => "a `declare global` or `declare module` block".to_string(),
        };
        report(
            out,
            owner,
            start,
            format!("{what} is written inside a function body, but its effect is global (for the whole crate or program), beyond the grant; it can change what ungranted code calls"),
        );
    }
    if lang != Language::Rust {
        return;
    }
    // A `Drop` impl the change adds for an ungranted type runs wherever ungranted code drops
    // one of its values.
    let impls_b: HashSet<&str> = before
        .symbols()
        .iter()
        .filter(|s| s.kind == SymbolKind::Impl)
        .map(|s| s.path.as_str())
        .collect();
    for s in after.symbols() {
        let Some(ty) = drop_impl(s).filter(|_| !impls_b.contains(s.path.as_str())) else {
            continue;
        };
        if let Some(i) = protected.get(&ty).copied() {
            report(
                out,
                Some(i),
                s.extent.start_byte,
                format!("the added `Drop` impl for `{ty}` runs wherever ungranted code drops a `{ty}`, which changes what that code does; grant `edit` on `{ty}` to change it"),
            );
        }
    }
    // Inherent methods the change adds, per type: (name, first byte, whether method calls
    // count). New by impl header and path (`super::resolution::impl_item_keys`): a method
    // whose path exists can still be new for the type, in a block `impl Foo<u16>` next to
    // `impl Foo<u8>`. Those of a block for a type the change defines reach no method call
    // (`super::resolution::impl_for_new_type`); paths through the type still count.
    let keys_b = super::resolution::impl_item_keys(before);
    let mut added: std::collections::HashMap<&str, (usize, bool)> =
        std::collections::HashMap::new();
    let mut types: HashSet<String> = HashSet::new();
    for s in after.symbols() {
        let Some(p) = s.parent.filter(|_| inherent(s)) else {
            continue;
        };
        let header = super::resolution::impl_header(after, &after.symbols()[p]);
        if keys_b.contains(&(header, s.path.as_str())) {
            continue;
        }
        let dot = !super::resolution::impl_for_new_type(before, after, p);
        let e = added
            .entry(s.name.as_str())
            .or_insert((s.extent.start_byte, dot));
        e.1 |= dot;
        if let Some(ty) = s.path.strip_suffix(&format!("::{}", s.name)) {
            types.insert(ty.rsplit("::").next().unwrap_or(ty).to_string());
        }
    }
    if added.is_empty() {
        return;
    }
    let text = after.text();
    let mut hits: Vec<(Option<usize>, usize, String)> = Vec::new();
    crate::walk::preorder(root, |cursor, _| {
        let n = cursor.node();
        let byte = n.start_byte();
        // `x.name(..)` and `T::name` / `Self::name`.
        let mut dot_call = false;
        let name = match n.kind() {
            "field_expression" if n.parent().is_some_and(|p| p.kind() == "call_expression") => {
                dot_call = true;
                n.child_by_field_name("field")
            }
            "scoped_identifier" => n.child_by_field_name("path").and_then(|p| {
                let p = text[p.byte_range()].trim();
                let p = p.rsplit("::").next().unwrap_or(p);
                (p == "Self" || types.contains(p))
                    .then(|| n.child_by_field_name("name"))
                    .flatten()
            }),
            _ => None,
        };
        let Some(name) = name else { return true };
        if granted.iter().any(|r| r.contains(&byte)) {
            return true;
        }
        let name = crate::language::names::canonical(lang, &text[name.byte_range()]);
        if let Some((def, _)) = added
            .get(name.as_ref())
            .filter(|(_, dot)| *dot || !dot_call)
        {
            let user = after
                .symbols()
                .iter()
                .filter(|s| s.extent.range().contains(&byte))
                .filter_map(|s| protected.get(&s.path).copied())
                .max_by_key(|i| before.symbols()[*i].extent.start_byte);
            hits.push((user, *def, name.into_owned()));
        }
        true
    });
    let mut outside = false;
    for (user, def, name) in hits {
        if user.is_none() && std::mem::replace(&mut outside, true) {
            continue;
        }
        let who = user.map_or("code outside any symbol".to_string(), |i| {
            format!(
                "ungranted {} `{}`",
                before.symbols()[i].kind,
                before.symbols()[i].path
            )
        });
        report(
            out,
            user,
            def,
            format!("the added inherent method `{name}` takes precedence over the trait method of that name that {who} calls, which changes what it calls; name it differently or grant `edit` on the code that calls it"),
        );
    }
}

/// The regions of `after` whose identifiers are not uses by ungranted code: additions,
/// `edit`-covered symbols and granted bodies.
pub(super) fn granted_in_after(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
) -> Vec<std::ops::Range<usize>> {
    let paths_b: HashSet<&str> = before.symbols().iter().map(|s| s.path.as_str()).collect();
    let cov = Coverage::of(after, grants);
    let mut excluded = Vec::new();
    for (i, s) in after.symbols().iter().enumerate() {
        if !paths_b.contains(s.path.as_str()) || cov.covered(i, true) {
            excluded.push(s.extent.range());
        } else if grants.bodies(s) {
            if let Some(b) = s.body {
                excluded.push(b.range());
            }
        }
    }
    let excluded = merged(excluded);
    if !grants.protects_any() {
        return excluded;
    }
    // A protected symbol inside a granted body is ungranted code: its identifiers are uses.
    let shielded: Vec<std::ops::Range<usize>> = merged(
        after
            .symbols()
            .iter()
            .filter(|s| paths_b.contains(s.path.as_str()) && grants.protects(s))
            .map(|s| s.extent.range())
            .collect(),
    );
    subtract(excluded, &shielded)
}

/// `ranges` without `holes` (both sorted and disjoint, from [`merged`]).
pub(super) fn subtract(
    ranges: Vec<std::ops::Range<usize>>,
    holes: &[std::ops::Range<usize>],
) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::with_capacity(ranges.len() + holes.len());
    let mut h = 0;
    for r in ranges {
        let mut start = r.start;
        while h < holes.len() && holes[h].end <= start {
            h += 1;
        }
        let mut k = h;
        while k < holes.len() && holes[k].start < r.end {
            if holes[k].start > start {
                out.push(start..holes[k].start);
            }
            start = start.max(holes[k].end);
            k += 1;
        }
        if start < r.end {
            out.push(start..r.end);
        }
    }
    out
}

/// `ranges` sorted and merged where they overlap, for [`in_ranges`].
pub(super) fn merged(mut ranges: Vec<std::ops::Range<usize>>) -> Vec<std::ops::Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// Whether `byte` lies in one of `ranges` (sorted and disjoint, from [`merged`]).
pub(super) fn in_ranges(ranges: &[std::ops::Range<usize>], byte: usize) -> bool {
    let at = ranges.partition_point(|r| r.start <= byte);
    at > 0 && ranges[at - 1].contains(&byte)
}

/// For each byte of `bytes` (in document order): the innermost symbol of `after` around it
/// that is `protected` (by its index in `before`), in one sweep.
pub(super) fn protected_users(
    after: &SourceFile,
    protected: &std::collections::HashMap<String, usize>,
    bytes: &[usize],
) -> Vec<Option<usize>> {
    let symbols = after.symbols();
    let mut stack: Vec<(usize, Option<usize>)> = Vec::new();
    let mut next = 0;
    let mut out = Vec::with_capacity(bytes.len());
    for &byte in bytes {
        while next < symbols.len() && symbols[next].extent.start_byte <= byte {
            let s = &symbols[next];
            while stack
                .last()
                .is_some_and(|(end, _)| *end <= s.extent.start_byte)
            {
                stack.pop();
            }
            stack.push((s.extent.end_byte, protected.get(&s.path).copied()));
            next += 1;
        }
        while stack.last().is_some_and(|(end, _)| *end <= byte) {
            stack.pop();
        }
        out.push(stack.iter().rev().find_map(|(_, p)| *p));
    }
    out
}

/// Whether `after` has an identifier outside the granted regions and additions.
pub(super) fn ungranted_identifiers(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
) -> bool {
    let excluded = granted_in_after(before, after, grants);
    let mut found = false;
    crate::walk::preorder(after.tree().root_node(), |cursor, _| {
        let node = cursor.node();
        let byte = node.start_byte();
        if in_ranges(&excluded, byte) {
            let at = excluded.partition_point(|r| r.start <= byte) - 1;
            return !found && excluded[at].end < node.end_byte();
        }
        found |= node.kind() == "property_identifier"
            || (matches!(node.kind(), "identifier" | "type_identifier")
                && is_reference_in(after.language(), node));
        !found
    });
    found
}

/// A name (or, for a glob, every name) that `after` binds in a module scope and `before`
/// did not: a target of [`module_shadowing`].
pub(super) struct ModuleBinding {
    /// The module's path (`""`: the file's top level).
    scope: String,
    /// The name; `None` for a glob, which binds every name the module does not bind itself
    /// (only `names`, when they are known: `use super::*`).
    name: Option<String>,
    names: Option<HashSet<String>>,
    /// Where it is bound.
    byte: usize,
    /// A member of a global object (`Array.prototype.map = ...`, `globalThis.parseInt =
    /// ...`): member accesses (`xs.map`) are uses too.
    member: bool,
}

/// The rule for names that a change binds at module level through a binding that is not a
/// symbol (a module-level import, `global x` plus an assignment in a granted body,
/// `builtins.len = ...`, a member of a global object such as `Array.prototype.map = ...`):
/// a name so bound that ungranted code uses, and that `before` did not bind in that module
/// by an import or a definition, is a redefinition of what it shadowed (a builtin, a
/// prelude item, a global, another crate). A glob import (`use evil::*`, `from evil import
/// *`) binds unknown names: it counts against every name ungranted code uses that `before`
/// did not bind in the module (for `use super::*`, the names the parent module binds),
/// local variables and parameters excepted. A name already bound in `before` and bound from
/// elsewhere in `after` is what an `imports` grant is for, and stays allowed.
#[allow(clippy::too_many_arguments)]
pub(super) fn module_shadowing(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
    (bindings_b, bindings_a): (
        &[crate::check::bindings::Binding],
        &[crate::check::bindings::Binding],
    ),
    protected: &std::collections::HashMap<String, usize>,
    seen: &mut HashSet<usize>,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    use crate::check::bindings::{Binding, Only};
    use std::collections::HashMap;
    let lang = after.language();
    let sep = lang.path_separator();
    let text = after.text();
    let join = |scope: &str, name: &str| {
        if scope.is_empty() {
            name.to_string()
        } else {
            format!("{scope}{sep}{name}")
        }
    };
    let modules: Vec<(&str, std::ops::Range<usize>)> = after
        .symbols()
        .iter()
        .filter(|s| s.kind == SymbolKind::Module)
        .map(|s| (s.path.as_str(), s.extent.range()))
        .collect();
    // A key's module and name; `None` when its scope is not a module (a class, a function).
    let split = |key: &str| -> Option<(String, String)> {
        match key.rfind(sep) {
            None => Some((String::new(), key.to_string())),
            Some(i) if lang != Language::Python && modules.iter().any(|(p, _)| *p == &key[..i]) => {
                Some((key[..i].to_string(), key[i + sep.len()..].to_string()))
            }
            _ => None,
        }
    };
    // What each version binds by name in its modules: definitions and plain bindings (the
    // paths of nested symbols, long in deep nesting, are not looked at).
    let module_level = |file: &SourceFile, i: usize| {
        file.symbols()[i]
            .parent
            .is_none_or(|p| file.symbols()[p].kind == SymbolKind::Module)
    };
    let named = |file: &SourceFile, bindings: &[Binding]| -> HashSet<String> {
        (0..file.symbols().len())
            .filter(|i| module_level(file, *i))
            .map(|i| file.symbols()[i].path.clone())
            .chain(
                bindings
                    .iter()
                    .filter(|b| !b.attribute && b.only == Only::Any && !b.key.ends_with('*'))
                    .filter(|b| split(&b.key).is_some())
                    .map(|b| b.key.clone()),
            )
            .collect()
    };
    let (bound_b, bound_a) = (named(before, bindings_b), named(after, bindings_a));
    let mut keys_b: HashMap<&str, usize> = HashMap::new();
    for b in bindings_b {
        if b.attribute || split(&b.key).is_some() {
            *keys_b.entry(b.key.as_str()).or_default() += 1;
        }
    }
    let globs: HashSet<&str> = bindings_a
        .iter()
        .filter(|b| b.key.ends_with('*') && !b.attribute)
        .map(|b| b.key.as_str())
        .collect();
    // Python: the names the `builtins` module is imported as (`import builtins as b`).
    let mut builtins: HashSet<String> = ["builtins", "__builtins__"]
        .into_iter()
        .map(String::from)
        .collect();
    // Only a text that spells `builtins` (or could, through NFKC) can name the module.
    let may_name_builtins = lang == Language::Python
        && [before.text(), text]
            .iter()
            .any(|t| t.contains("builtins") || !t.is_ascii());
    if may_name_builtins {
        crate::walk::preorder(after.tree().root_node(), |cursor, _| {
            let n = cursor.node();
            if n.kind() == "aliased_import"
                && n.child_by_field_name("name")
                    .is_some_and(|m| matches!(&text[m.byte_range()], "builtins" | "__builtin__"))
            {
                if let Some(alias) = n.child_by_field_name("alias") {
                    builtins.insert(
                        crate::language::names::canonical(lang, &text[alias.byte_range()])
                            .into_owned(),
                    );
                }
            }
            true
        });
    }
    let mut targets: Vec<ModuleBinding> = Vec::new();
    // Python: the `builtins` module used as a whole (`__builtins__["len"] = ...`,
    // `vars(builtins)[...]`, `builtins.__dict__.update(...)`, `setattr(builtins, k, v)`)
    // more often than before: it can rebind any builtin, like a glob.
    if may_name_builtins {
        let whole = |file: &SourceFile| -> Vec<usize> {
            let text = file.text();
            let mut found = Vec::new();
            crate::walk::preorder(file.tree().root_node(), |cursor, _| {
                let n = cursor.node();
                if n.kind() == "identifier"
                    && builtins.contains(
                        crate::language::names::canonical(lang, &text[n.byte_range()]).as_ref(),
                    )
                {
                    let by_name = n.parent().is_some_and(|p| {
                        p.kind() == "attribute"
                            && p.child_by_field_name("object")
                                .is_some_and(|o| o.id() == n.id())
                            && p.child_by_field_name("attribute")
                                .is_some_and(|a| &text[a.byte_range()] != "__dict__")
                    });
                    let imported = n
                        .parent()
                        .is_some_and(|p| matches!(p.kind(), "dotted_name" | "aliased_import"));
                    if !by_name && !imported {
                        found.push(n.start_byte());
                    }
                }
                true
            });
            found
        };
        let (old, new) = (whole(before), whole(after));
        if new.len() > old.len() {
            targets.push(ModuleBinding {
                scope: String::new(),
                name: None,
                names: None,
                byte: new[0],
                member: false,
            });
        }
    }
    let mut globs_a: HashMap<&str, usize> = HashMap::new();
    for b in bindings_a {
        if matches!(b.only, Only::Statics | Only::Shadowable) {
            continue;
        }
        if b.attribute {
            if keys_b.contains_key(b.key.as_str()) {
                continue;
            }
            let segments: Vec<&str> = b.key.split(sep).collect();
            // `builtins.len = ...` (Python); `Array.prototype.map = ...`, `globalThis.x =
            // ...`, `window.x = ...` on an object the file does not bind (TypeScript).
            let member = match lang {
                Language::Python => segments
                    .iter()
                    .position(|s| builtins.contains(*s))
                    .and_then(|i| segments.get(i + 1)),
                Language::TypeScript | Language::Tsx | Language::JavaScript => {
                    let owner = segments[0];
                    (segments.len() > 1 && !bound_b.contains(owner) && !bound_a.contains(owner))
                        .then(|| segments.last())
                        .flatten()
                }
                Language::Rust | Language::Go | Language::Java | Language::CSharp => None,
            };
            if let Some(m) = member {
                targets.push(ModuleBinding {
                    scope: String::new(),
                    name: (*m != "*").then(|| m.to_string()),
                    names: None,
                    byte: b.byte,
                    member: lang != Language::Python,
                });
            }
            continue;
        }
        let Some((scope, name)) = split(&b.key) else {
            continue;
        };
        if name == "*" {
            // One more glob in the module than before.
            let n = globs_a.entry(b.key.as_str()).or_default();
            *n += 1;
            if *n <= keys_b.get(b.key.as_str()).copied().unwrap_or(0) {
                continue;
            }
            let names = match lang {
                Language::Rust => super_glob_names(after, b.byte, &scope, &bound_a, &globs),
                _ => None,
            };
            targets.push(ModuleBinding {
                scope,
                name: None,
                names,
                byte: b.byte,
                member: false,
            });
        } else if !bound_b.contains(&b.key) {
            targets.push(ModuleBinding {
                scope,
                name: Some(name),
                names: None,
                byte: b.byte,
                member: false,
            });
        }
    }
    if targets.is_empty() {
        return;
    }
    // Uses by ungranted code: outside the granted regions, the additions and the imports
    // the change writes (granted under `imports`; what they bind is the question here).
    let mut excluded = granted_in_after(before, after, grants);
    let kept: HashSet<&str> = module_level_imports(before)
        .map(|(span, _)| &before.text()[span.range()])
        .collect();
    for (span, _) in module_level_imports(after) {
        if !kept.contains(&text[span.range()]) || lang != Language::Rust {
            excluded.push(span.range());
        }
    }
    let excluded = merged(excluded);
    // Whether a use in module `module` of `name` can reach a binding in module `scope`: the
    // same module, or (Rust) a nested one reaching it through glob imports, or (TypeScript)
    // a nested namespace, where no module in between binds the name itself.
    let reaches = |module: &str, scope: &str, name: &str| -> bool {
        let mut at = module.to_string();
        loop {
            if at == scope {
                return true;
            }
            if at.is_empty() && !scope.is_empty() {
                return false;
            }
            if bound_a.contains(&join(&at, name))
                || (lang == Language::Rust && !globs.contains(join(&at, "*").as_str()))
            {
                return false;
            }
            at = at
                .rsplit_once(sep)
                .map_or(String::new(), |(p, _)| p.to_string());
        }
    };
    let wants_members = targets.iter().any(|t| t.member);
    let functions = python_functions(after);
    // Every key of `after`, for the local variables of Python functions (`f.x`).
    let keys_a: HashSet<&str> = match lang {
        Language::Python => bindings_a.iter().map(|b| b.key.as_str()).collect(),
        _ => HashSet::new(),
    };
    let mut hits: Vec<(usize, String, usize)> = Vec::new();
    crate::walk::preorder(after.tree().root_node(), |cursor, _| {
        let node = cursor.node();
        let byte = node.start_byte();
        if in_ranges(&excluded, byte) {
            // A granted region or an addition: nothing in it is a use by ungranted code.
            let at = excluded.partition_point(|r| r.start <= byte) - 1;
            return excluded[at].end < node.end_byte();
        }
        let member_use = wants_members && node.kind() == "property_identifier";
        if !member_use && !matches!(node.kind(), "identifier" | "type_identifier") {
            return true;
        }
        if !member_use && !is_reference_in(lang, node) {
            return true;
        }
        let name = crate::language::names::canonical(lang, &text[node.byte_range()]);
        let module = modules
            .iter()
            .filter(|(_, r)| r.contains(&byte))
            .max_by_key(|(_, r)| r.start)
            .map_or("", |(p, _)| *p);
        let def = targets.iter().find(|t| {
            let fits = match &t.name {
                // A global object's member names a variable only where the file binds none.
                Some(n) if t.member && !member_use => {
                    *n == name.as_ref() && !bound_b.contains(name.as_ref())
                }
                Some(n) => *n == name.as_ref(),
                None => {
                    t.names.as_ref().is_none_or(|ns| ns.contains(name.as_ref()))
                        && !bound_b.contains(&join(&t.scope, &name))
                }
            };
            fits && (t.member || !member_use) && (member_use || reaches(module, &t.scope, &name))
        });
        let Some(def) = def.map(|t| t.byte) else {
            return true;
        };
        if !member_use
            && (parameter_named(lang, text, node, &name)
                || local_variable(after, &functions, &keys_a, node, &name))
        {
            return true;
        }
        hits.push((byte, name.into_owned(), def));
        true
    });
    report_users(
        (before, after),
        protected,
        hits,
        seen,
        out,
        line_of,
        &|name, who, def| {
            format!("`{name}` is bound by a new module-level import or global binding (line {def}), which shadows the `{name}` that {who} uses (a builtin, prelude item, global or other crate, not bound in this module before); import it under another name or grant `edit` on the code that uses it")
        },
    );
}

/// One [`ViolationKind::Redefined`] per ungranted user of a shadowed name (and one for code
/// outside any symbol): `hits` are (the use's byte in `after`, in document order, the name,
/// the binding's byte); `message` says it from the name, who uses it and the binding's line.
pub(super) fn report_users(
    (before, after): (&SourceFile, &SourceFile),
    protected: &std::collections::HashMap<String, usize>,
    hits: Vec<(usize, String, usize)>,
    seen: &mut HashSet<usize>,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
    message: &dyn Fn(&str, &str, usize) -> String,
) {
    let bytes: Vec<usize> = hits.iter().map(|(byte, ..)| *byte).collect();
    let users = protected_users(after, protected, &bytes);
    let mut reported_outside = false;
    for (user, (byte, name, def)) in users.into_iter().zip(hits) {
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
            changed_lines: Default::default(),
            kind: ViolationKind::Redefined,
            symbol,
            symbol_kind,
            before: span,
            after: Some(LineRange {
                start_line: line_of(def),
                end_line: line_of(byte),
            }),
            message: message(&name, &who, line_of(def)),
        });
    }
}

/// For a Rust `use super::*;` (also `super::super::*`) at `byte` in module `scope`: the
/// names the module it names binds in `after`; `None` when they are not known (another
/// glob, or that module itself has a glob import).
pub(super) fn super_glob_names(
    after: &SourceFile,
    byte: usize,
    scope: &str,
    bound_a: &HashSet<String>,
    globs: &HashSet<&str>,
) -> Option<HashSet<String>> {
    let mut node = after
        .tree()
        .root_node()
        .descendant_for_byte_range(byte, byte + 1)?;
    while node.kind() != "use_wildcard" {
        node = node.parent()?;
    }
    let written: String = after.text()[node.byte_range()]
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let path = written.strip_suffix("::*")?;
    // Only a use declaration made of this wildcard alone.
    if node.parent()?.kind() != "use_declaration" {
        return None;
    }
    let mut target: Vec<&str> = scope.split("::").filter(|s| !s.is_empty()).collect();
    for segment in path.split("::") {
        if segment != "super" {
            return None;
        }
        target.pop()?;
    }
    let parent = target.join("::");
    let glob = if parent.is_empty() {
        "*".to_string()
    } else {
        format!("{parent}::*")
    };
    if globs.contains(glob.as_str()) {
        return None;
    }
    Some(
        bound_a
            .iter()
            .filter_map(|k| match k.rsplit_once("::") {
                Some((p, n)) if p == parent => Some(n.to_string()),
                None if parent.is_empty() => Some(k.clone()),
                _ => None,
            })
            .collect(),
    )
}

/// Python functions and methods of `file` by (last byte, name), which their
/// `function_definition` node shares: their paths.
pub(super) fn python_functions(
    file: &SourceFile,
) -> std::collections::HashMap<(usize, &str), &str> {
    if file.language() != Language::Python {
        return std::collections::HashMap::new();
    }
    file.symbols()
        .iter()
        .filter(|s| matches!(s.kind, SymbolKind::Function | SymbolKind::Method))
        .map(|s| ((s.extent.end_byte, s.name.as_str()), s.path.as_str()))
        .collect()
}

/// Whether identifier `node` of `after` names a local variable (which no module-level
/// binding reaches): Python, a name some enclosing function binds (without `global`);
/// Rust, a name a pattern binds around it (`let` before it in an enclosing block, a
/// `match` arm, `for`, `if let`/`while let`), or the pattern itself.
pub(super) fn local_variable(
    after: &SourceFile,
    functions: &std::collections::HashMap<(usize, &str), &str>,
    keys_a: &HashSet<&str>,
    node: tree_sitter::Node<'_>,
    name: &str,
) -> bool {
    let text = after.text();
    let lang = after.language();
    match lang {
        Language::Python => {
            // A comprehension's own variables (`[f(i) for i in xs]`), and a name an
            // enclosing function binds (its key is that function's path and the name).
            let mut at = node.parent();
            while let Some(a) = at {
                if a.kind() == "function_definition" {
                    let own = a
                        .child_by_field_name("name")
                        .map_or("", |n| &text[n.byte_range()]);
                    if let Some(path) = functions.get(&(a.end_byte(), own)) {
                        if keys_a.contains(format!("{path}.{name}").as_str()) {
                            return true;
                        }
                    }
                }
                if a.kind().ends_with("comprehension") || a.kind() == "generator_expression" {
                    let bound = (0..a.named_child_count() as u32)
                        .filter_map(|i| a.named_child(i))
                        .filter(|c| c.kind() == "for_in_clause")
                        .filter_map(|c| c.child_by_field_name("left"))
                        .any(|left| {
                            let mut found = false;
                            crate::walk::preorder(left, |c, _| {
                                let n = c.node();
                                found |= n.kind() == "identifier"
                                    && crate::language::names::canonical(
                                        lang,
                                        &text[n.byte_range()],
                                    ) == name;
                                !found
                            });
                            found
                        });
                    if bound {
                        return true;
                    }
                }
                at = a.parent();
            }
            false
        }
        Language::Rust => {
            // An identifier a pattern binds: not a path (`Some` in `Some(x)`, `E::A`), not
            // capitalised (a bare `None` or unit struct in a pattern is a use of it).
            let binding = |n: tree_sitter::Node<'_>| {
                n.kind() == "identifier"
                    && !text[n.byte_range()].starts_with(|c: char| c.is_uppercase())
                    && n.parent().is_none_or(|p| {
                        p.kind() != "scoped_identifier"
                            && p.child_by_field_name("type")
                                .is_none_or(|t| t.id() != n.id())
                    })
            };
            let binds = |pattern: tree_sitter::Node<'_>| {
                let mut found = false;
                crate::walk::preorder(pattern, |c, _| {
                    let n = c.node();
                    if binding(n)
                        && crate::language::names::canonical(lang, &text[n.byte_range()]) == name
                    {
                        found = true;
                    }
                    !found
                });
                found
            };
            let mut child = node;
            let mut at = node.parent();
            while let Some(a) = at {
                // The pattern itself (`let drop = ...`, `Some(x) =>`).
                if binding(node)
                    && a.child_by_field_name("pattern")
                        .is_some_and(|p| p.byte_range().contains(&node.start_byte()))
                {
                    return true;
                }
                let scoped = match a.kind() {
                    "block" => (0..a.named_child_count() as u32)
                        .filter_map(|i| a.named_child(i))
                        .take_while(|c| c.end_byte() <= node.start_byte())
                        .filter(|c| c.kind() == "let_declaration")
                        .filter_map(|c| c.child_by_field_name("pattern"))
                        .any(binds),
                    "match_arm" | "for_expression" => a
                        .child_by_field_name("pattern")
                        .is_some_and(|p| p.id() != child.id() && binds(p)),
                    "if_expression" | "while_expression" => {
                        a.child_by_field_name("condition").is_some_and(|c| {
                            c.id() != child.id() && {
                                let mut found = false;
                                crate::walk::preorder(c, |cur, _| {
                                    let n = cur.node();
                                    if n.kind() == "let_condition" {
                                        found |=
                                            n.child_by_field_name("pattern").is_some_and(binds);
                                    }
                                    !found
                                });
                                found
                            }
                        })
                    }
                    _ => false,
                };
                if scoped {
                    return true;
                }
                child = a;
                at = a.parent();
            }
            false
        }
        _ => false,
    }
}

/// Whether identifier `node` refers to a variable: not an attribute or keyword-argument
/// name, not a path's last segment (`P::new`, named through its path), not a definition's
/// own name (`fn util` in `mod helpers`).
pub(super) fn is_reference(node: tree_sitter::Node<'_>) -> bool {
    let field_of = |kind: &str, field: &str| {
        node.parent().is_some_and(|p| {
            p.kind() == kind
                && p.child_by_field_name(field)
                    .is_some_and(|c| c.id() == node.id())
        })
    };
    let qualified = field_of("scoped_identifier", "name")
        && node
            .parent()
            .and_then(|p| p.child_by_field_name("path"))
            .is_some();
    let defines = node.parent().is_some_and(|p| {
        !matches!(p.kind(), "scoped_identifier" | "generic_type")
            && p.child_by_field_name("name")
                .is_some_and(|c| c.id() == node.id())
    });
    !(field_of("attribute", "attribute") || defines || qualified)
}

/// [`is_reference`] as `lang` reads it. Java names a method it calls in the `name` field of
/// the call (`helper()`, a use unless the call has an object: `x.helper()` is qualified), an
/// annotation's type in its `name` (`@Override`), and qualifies names in `field_access`
/// (`x.count`), `scoped_identifier` and `scoped_type_identifier` (`a.b.C`: only the first
/// name is looked up) and method references (`Foo::bar`: `bar` is qualified).
///
/// C# qualifies names in `member_access_expression` and `member_binding_expression` (`x.Foo`,
/// `x?.Foo`), `qualified_name` and `alias_qualified_name` (`A.B`, `global::A`: only the
/// first name is looked up); an attribute's name is a use (`[Obsolete]`).
pub(super) fn is_reference_in(lang: Language, node: tree_sitter::Node<'_>) -> bool {
    if lang == Language::CSharp {
        return csharp_reference(node);
    }
    if lang != Language::Java {
        return is_reference(node);
    }
    let Some(parent) = node.parent() else {
        return true;
    };
    let is_field = |f: &str| {
        parent
            .child_by_field_name(f)
            .is_some_and(|c| c.id() == node.id())
    };
    let first_named = || parent.named_child(0).is_some_and(|c| c.id() == node.id());
    match parent.kind() {
        "method_invocation" if is_field("name") => parent.child_by_field_name("object").is_none(),
        "marker_annotation" | "annotation" => true,
        "field_access" => !is_field("field"),
        "scoped_identifier" => !is_field("name"),
        "scoped_type_identifier" | "method_reference" => first_named(),
        _ => !is_field("name"),
    }
}

/// [`is_reference_in`] for C#.
fn csharp_reference(node: tree_sitter::Node<'_>) -> bool {
    let Some(parent) = node.parent() else {
        return true;
    };
    let is_field = |f: &str| {
        parent
            .child_by_field_name(f)
            .is_some_and(|c| c.id() == node.id())
    };
    match parent.kind() {
        "member_access_expression" | "member_binding_expression" | "qualified_name" => {
            !is_field("name")
        }
        "alias_qualified_name" => is_field("alias"),
        "attribute" => true,
        // `Foo<T>` as a whole is named by its identifier: a use where the generic name is.
        "generic_name" => parent.parent().is_none_or(|g| {
            !(matches!(
                g.kind(),
                "member_access_expression" | "member_binding_expression" | "qualified_name"
            ) && g
                .child_by_field_name("name")
                .is_some_and(|c| c.id() == parent.id()))
        }),
        _ => !is_field("name"),
    }
}

/// Whether a parameter of a function enclosing `node` is named `name` (then `node` refers to
/// it).
pub(super) fn parameter_named(
    lang: Language,
    text: &str,
    node: tree_sitter::Node<'_>,
    name: &str,
) -> bool {
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
                    && crate::language::names::canonical(lang, &text[n.byte_range()]) == name
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
    false
}

/// The `item` nodes (`impl` blocks, `declare` blocks) nested in a `function` kind of node,
/// each as (start, end, text).
fn nested_items(file: &SourceFile, item: &str, function: &[&str]) -> Vec<(usize, usize, String)> {
    let mut found = Vec::new();
    crate::walk::preorder(file.tree().root_node(), |cursor, _| {
        let n = cursor.node();
        if n.kind() == item {
            let mut at = n.parent();
            while let Some(a) = at {
                if function.contains(&a.kind()) {
                    found.push((
                        n.start_byte(),
                        n.end_byte(),
                        file.text()[n.byte_range()].to_string(),
                    ));
                    break;
                }
                at = a.parent();
            }
        }
        true
    });
    found
}

/// Go methods that the standard library (and the YAML packages) look for at run time, by a
/// type assertion on an interface value: `fmt` (`String`, `GoString`, `Format`, `Error`),
/// `errors` (`Unwrap`, `Is`, `As`), `encoding/json`, `encoding` text and binary,
/// `encoding/xml`, YAML, `database/sql` (`Scan`, `Value`), `io.Copy` (`WriteTo`,
/// `ReadFrom`) and `net` errors (`Timeout`, `Temporary`).
const GO_DYNAMIC_METHODS: &[&str] = &[
    "String",
    "GoString",
    "Format",
    "Error",
    "Unwrap",
    "Is",
    "As",
    "MarshalJSON",
    "UnmarshalJSON",
    "MarshalText",
    "UnmarshalText",
    "MarshalBinary",
    "UnmarshalBinary",
    "MarshalXML",
    "UnmarshalXML",
    "MarshalYAML",
    "UnmarshalYAML",
    "Scan",
    "Value",
    "WriteTo",
    "ReadFrom",
    "Timeout",
    "Temporary",
];

/// Go's method sets: a method the change adds to a type changes ungranted code without
/// touching it in two ways.
/// - It can make the type satisfy an interface that code checks at run time
///   ([`GO_DYNAMIC_METHODS`]: `fmt.Println(t)` calls an added `String`): for an ungranted
///   type, a redefinition of the type.
/// - It takes over the method of that name promoted from an embedded field (`type Server
///   struct { Base }`: an added `Server.Start` wins over `Base.Start` for every `s.Start()`):
///   for an ungranted promoted method, a redefinition of it.
pub(super) fn go_method_sets(
    before: &SourceFile,
    after: &SourceFile,
    protected: &std::collections::HashMap<String, usize>,
    seen: &mut HashSet<usize>,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    if after.language() != Language::Go {
        return;
    }
    go_added_fields(before, after, protected, seen, out, line_of);
    let methods_b: HashSet<&str> = before
        .symbols()
        .iter()
        .filter(|s| s.kind == SymbolKind::Method)
        .map(|s| s.path.as_str())
        .collect();
    let added: Vec<&crate::Symbol> = after
        .symbols()
        .iter()
        .filter(|s| s.kind == SymbolKind::Method && !methods_b.contains(s.path.as_str()))
        .collect();
    if added.is_empty() {
        return;
    }
    let embedded = go_embedded_types(after);
    let mut report = |i: usize, byte: usize, message: String| {
        if seen.insert(i) {
            out.push(redefined(&before.symbols()[i], line_of(byte), message));
        }
    };
    for m in added {
        let Some((ty, name)) = m.path.rsplit_once('.') else {
            continue;
        };
        let byte = m.extent.start_byte;
        if GO_DYNAMIC_METHODS.contains(&name) {
            if let Some(i) = protected.get(ty).copied() {
                report(
                    i,
                    byte,
                    format!("the added method `{}` makes `{ty}` satisfy an interface that code outside the grant can check at run time (`fmt.Stringer`, `error`, `json.Marshaler`, ...), which changes what that code does with a `{ty}`; grant `edit` on `{ty}` to add it", m.path),
                );
            }
        }
        for e in embedded.get(ty).into_iter().flatten() {
            if let Some(i) = protected.get(&format!("{e}.{name}")).copied() {
                report(
                    i,
                    byte,
                    format!("the added method `{}` takes over `{e}.{name}`, promoted from the embedded `{e}`, for every call on a `{ty}`; name it differently or grant `edit` on `{e}.{name}`", m.path),
                );
            }
        }
    }
}

/// Go's selectors: a field added to a struct type changes what `x.N` means in code that does
/// not change, when the struct embeds a type (Go resolves `x.N` at the shallowest depth):
/// - an added field `T.N` takes over `E.N` (a method or field promoted from the embedded
///   `E`) for every `t.N`: a redefinition of `E.N` when that is ungranted;
/// - where `T` embeds a type this file does not define (`sync.Mutex`, a type of another file
///   or package), editscope cannot see what `N` would take over: a redefinition of `T`
///   unless `T` is granted (`edit`);
/// - an added embedded field promotes its type's methods and fields into `T` (interfaces `T`
///   satisfies at run time, selectors that now resolve to them): a redefinition of `T`
///   unless `T` is granted.
///
/// So `add = ["...::T"]` adds plain fields to a struct that embeds nothing, or only types of
/// this file whose members the new name does not take over.
fn go_added_fields(
    before: &SourceFile,
    after: &SourceFile,
    protected: &std::collections::HashMap<String, usize>,
    seen: &mut HashSet<usize>,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    let fields_b: HashSet<&str> = before
        .symbols()
        .iter()
        .filter(|s| s.kind == SymbolKind::Field)
        .map(|s| s.path.as_str())
        .collect();
    let added: Vec<&crate::Symbol> = after
        .symbols()
        .iter()
        .filter(|s| s.kind == SymbolKind::Field && !fields_b.contains(s.path.as_str()))
        .filter(|s| {
            s.parent
                .is_some_and(|p| after.symbols()[p].parent.is_none())
        })
        .collect();
    if added.is_empty() {
        return;
    }
    let defined: HashSet<&str> = before
        .symbols()
        .iter()
        .filter(|s| s.parent.is_none())
        .map(|s| s.path.as_str())
        .collect();
    let embedded_b = go_embedded_types(before);
    let embedded_a = go_embedded_types(after);
    let mut report = |i: usize, byte: usize, message: String| {
        if !seen.insert(i) {
            return;
        }
        let s = &before.symbols()[i];
        out.push(Violation {
            changed_lines: Default::default(),
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
    for f in added {
        let Some((ty, name)) = f.path.rsplit_once('.') else {
            continue;
        };
        let byte = f.extent.start_byte;
        let was_embedded = embedded_b
            .get(ty)
            .is_some_and(|e| e.iter().any(|e| e == name));
        let now_embedded = embedded_a
            .get(ty)
            .is_some_and(|e| e.iter().any(|e| e == name));
        if now_embedded && !was_embedded {
            if let Some(i) = protected.get(ty).copied() {
                report(
                    i,
                    byte,
                    format!("the added embedded field `{}` promotes the methods and fields of `{name}` into `{ty}` (interfaces it satisfies at run time, what `x.M` means in code outside the grant); grant `edit` on `{ty}` to add it", f.path),
                );
            }
            continue;
        }
        let embeds: Vec<&String> = embedded_b
            .get(ty)
            .into_iter()
            .chain(embedded_a.get(ty))
            .flatten()
            .filter(|e| e.as_str() != name)
            .collect();
        for e in embeds {
            if !defined.contains(e.as_str()) {
                if let Some(i) = protected.get(ty).copied() {
                    report(
                        i,
                        byte,
                        format!("the added field `{}` may take over `{name}` promoted from the embedded `{e}`, which this file does not define, for every `x.{name}` on a `{ty}`; grant `edit` on `{ty}` to add it", f.path),
                    );
                }
            } else if let Some(i) = protected.get(&format!("{e}.{name}")).copied() {
                report(
                    i,
                    byte,
                    format!("the added field `{}` takes over `{e}.{name}`, promoted from the embedded `{e}`, for every `x.{name}` on a `{ty}`; name it differently or grant `edit` on `{e}.{name}`", f.path),
                );
            }
        }
    }
}

/// The types each top-level Go struct type embeds (`type Server struct { Base; *log.Logger
/// }`: `Server` → `Base`, `Logger`), without pointer, package or type arguments.
fn go_embedded_types(file: &SourceFile) -> std::collections::HashMap<String, Vec<String>> {
    let text = file.text();
    let mut out: std::collections::HashMap<String, Vec<String>> = Default::default();
    crate::walk::preorder(file.tree().root_node(), |cursor, depth| {
        let n = cursor.node();
        if n.kind() != "type_spec" {
            // Only top-level declarations hold the package's types.
            return depth < 2 || matches!(n.kind(), "type_declaration");
        }
        let (Some(name), Some(ty)) = (n.child_by_field_name("name"), n.child_by_field_name("type"))
        else {
            return false;
        };
        if ty.kind() != "struct_type" {
            return false;
        }
        let mut fields = Vec::new();
        crate::walk::preorder(ty, |c, _| {
            let f = c.node();
            if f.kind() != "field_declaration" {
                return true;
            }
            if f.child_by_field_name("name").is_none() {
                if let Some(mut t) = f.child_by_field_name("type") {
                    while let kind @ ("pointer_type" | "generic_type" | "qualified_type") = t.kind()
                    {
                        let next = match kind {
                            "qualified_type" => t.child_by_field_name("name"),
                            "generic_type" => t.child_by_field_name("type"),
                            _ => t.named_child(0),
                        };
                        let Some(next) = next else { break };
                        t = next;
                    }
                    fields.push(text[t.byte_range()].to_string());
                }
            }
            false
        });
        out.entry(text[name.byte_range()].to_string())
            .or_default()
            .extend(fields);
        false
    });
    out
}

/// Rust attributes that give an item an effect on the whole program, beyond what calls it:
/// a symbol name the linker resolves other code's calls to (`no_mangle`, `export_name`: a
/// `#[no_mangle] extern "C" fn malloc` replaces the allocator of every caller), a section
/// the loader runs or reads (`link_section`, `used`: `.init_array` runs at start-up).
const RUST_LINKER_ATTRIBUTES: &[&str] = &[
    "no_mangle",
    "export_name",
    "link_section",
    "used",
    // The allocator, panic and allocation-error handlers of the whole program.
    "global_allocator",
    "panic_handler",
    "alloc_error_handler",
    // Language items and the program's entry point.
    "lang",
    "start",
    // Constructors and destructors run by the loader (`ctor`, `dtor` crates), and
    // link-time registries (`linkme::distributed_slice`).
    "ctor",
    "dtor",
    "distributed_slice",
    // Linking a native library, or a symbol's linkage.
    "link",
    "linkage",
];

/// Items whose effect no grant on one symbol covers, that the change writes in a granted
/// region or an addition. JavaScript / TypeScript: a `with` statement (its body's names
/// resolve through an object at run time: assignments there rebind that object's members).
/// Rust: an item carrying a [`RUST_LINKER_ATTRIBUTES`] attribute (anywhere: at the
/// top level, in a module, in a function body) that `before` does not have with the same
/// name and attributes, and a `global_asm!` invocation `before` does not have. Each is a
/// redefinition of code outside any symbol: no grant on one symbol can allow it.
pub(super) fn program_wide_items(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    let keys: fn(&SourceFile) -> (Vec<String>, Vec<usize>) = match after.language() {
        Language::Rust
            if after.text().contains("global_asm")
                || after.text().contains("submit")
                || RUST_LINKER_ATTRIBUTES
                    .iter()
                    .any(|a| after.text().contains(a)) =>
        {
            rust_linker_keys
        }
        Language::JavaScript | Language::TypeScript | Language::Tsx
            if after.text().contains("with") =>
        {
            with_statement_keys
        }
        _ => return,
    };
    let (keys_b, _) = keys(before);
    let (keys_a, at) = keys(after);
    let granted = granted_in_after(before, after, grants);
    let mut old: std::collections::HashMap<&str, usize> = Default::default();
    for k in &keys_b {
        *old.entry(k.as_str()).or_default() += 1;
    }
    for (k, byte) in keys_a.iter().zip(at) {
        // One occurrence `before` had pays for one in `after`.
        if let Some(n) = old.get_mut(k.as_str()).filter(|n| **n > 0) {
            *n -= 1;
            continue;
        }
        if !granted.iter().any(|r| r.contains(&byte)) {
            // Outside the grants, a new item is already a change of what holds it.
            continue;
        }
        out.push(Violation {
            changed_lines: Default::default(),
            kind: ViolationKind::Redefined,
            symbol: None,
            symbol_kind: None,
            before: None,
            after: Some(LineRange {
                start_line: line_of(byte),
                end_line: line_of(byte),
            }),
            message: match after.language() {
                Language::Rust => format!("`{}` has an effect on the whole program (a symbol the linker resolves other code's calls to, or code the loader runs), beyond any grant; it can change what ungranted code does", k.lines().next().unwrap_or(k)),
                _ => "a `with` statement makes every name in its body resolve through an object at run time (`with (C.prototype) { m = ... }` rebinds `C.prototype.m`), which no grant on one symbol can allow".to_string(),
            },
        });
    }
}

/// The `with` statements of a JavaScript / TypeScript file ([`program_wide_items`]): each
/// one's text and first byte.
fn with_statement_keys(file: &SourceFile) -> (Vec<String>, Vec<usize>) {
    let (mut keys, mut at) = (Vec::new(), Vec::new());
    // A `with` statement holds the keyword: the walk skips what holds no `with`, unless the
    // tree has errors (where the keyword may be a zero-width MISSING token).
    let root = file.tree().root_node();
    let needles = (!root.has_error()).then(|| crate::walk::Needles::find(file.text(), &["with"]));
    crate::walk::preorder(root, |cursor, _| {
        let n = cursor.node();
        if needles.as_ref().is_some_and(|w| !w.may_hold(n)) {
            return false;
        }
        if n.kind() == "with_statement" {
            keys.push(file.text()[n.byte_range()].to_string());
            at.push(n.start_byte());
        }
        true
    });
    (keys, at)
}

/// The program-wide items of a Rust file ([`program_wide_items`]): for each, its key (the
/// attributes' text and the item's name, or the `global_asm!` invocation's text) and first
/// byte, in document order.
fn rust_linker_keys(file: &SourceFile) -> (Vec<String>, Vec<usize>) {
    file.memo(crate::source::Slot::LinkerKeys, || {
        rust_linker_keys_of(file)
    })
    .clone()
}

/// [`rust_linker_keys`], made.
fn rust_linker_keys_of(file: &SourceFile) -> (Vec<String>, Vec<usize>) {
    let text = file.text();
    let (mut keys, mut at) = (Vec::new(), Vec::new());
    let words = |t: &str| -> bool {
        t.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .any(|w| RUST_LINKER_ATTRIBUTES.contains(&w))
    };
    // A match's text holds its macro's name or one of the attributes' words: the walk skips
    // what holds none of them (the same matches, in the same order).
    let mut needles: Vec<&str> = vec!["global_asm", "submit"];
    needles.extend(RUST_LINKER_ATTRIBUTES);
    let needles = crate::walk::Needles::find(text, &needles);
    crate::walk::preorder(file.tree().root_node(), |cursor, _| {
        let n = cursor.node();
        if !needles.may_hold(n) {
            return false;
        }
        match n.kind() {
            "macro_invocation" => {
                let name = n
                    .child_by_field_name("macro")
                    .map_or("", |m| &text[m.byte_range()]);
                // `inventory::submit!` adds to a registry ungranted code iterates.
                if matches!(name.rsplit("::").next(), Some("global_asm" | "submit")) {
                    keys.push(text[n.byte_range()].to_string());
                    at.push(n.start_byte());
                }
            }
            "attribute_item" if words(&text[n.byte_range()]) => {
                // The item these attributes belong to: the next sibling that is not one.
                let mut item = n.next_named_sibling();
                while let Some(i) = item.filter(|i| {
                    matches!(
                        i.kind(),
                        "attribute_item" | "line_comment" | "block_comment"
                    )
                }) {
                    item = i.next_named_sibling();
                }
                let name = item
                    .and_then(|i| i.child_by_field_name("name"))
                    .map_or("", |m| &text[m.byte_range()]);
                keys.push(format!("{} {name}", &text[n.byte_range()]));
                at.push(n.start_byte());
            }
            _ => {}
        }
        true
    });
    (keys, at)
}
