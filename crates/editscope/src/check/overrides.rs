//! Java and C#: members that take over an ungranted member without binding its path.
//!
//! A Java or C# member is reached through more names than its own path. A method of `Auth`
//! is what `admin.verify(t)` runs for every `Admin` that extends `Auth` (and what an enum
//! constant runs), and what an unqualified `verify(t)` runs inside the classes nested in
//! `Auth`. A member the change adds elsewhere can take those over with no second binding of
//! `Auth.verify` (which the symbol comparison would see as a new overload):
//!
//! - an override or a hiding member (`@Override`, C# `override` and `new`, a static method
//!   of the same name) in a type of the file that extends or implements the member's type,
//!   directly or through other types of the file: every call on an instance of that subtype
//!   (code in other files included) now runs the new member;
//! - a member added to another supertype of a type that inherits the member (`class C
//!   extends Base implements I`: a method added to `Base` wins over `I`'s default method for
//!   every `C`, in Java and C#): every call on an instance of `C` now runs the new member;
//! - a Java enum constant's body declaring a method of its enum (`A { boolean ok() {...} }`):
//!   `Mode.A.ok()` now runs it;
//! - a member of the same name in a type nested in the member's type (or in a subtype):
//!   the innermost class that has a member of that name is where an unqualified name is
//!   looked up (JLS 15.12.1, C# member lookup), so the nested type's own uses of the name now
//!   reach the new member. Counted only where the nested type uses the name.
//!
//! Only types that `before` has count: a type the change adds is reached by no code that
//! reached the member before (its instances come from new or granted code, which may call
//! anything anyway; a Java enum constant the change adds does count, as `values()` reaches
//! it). Each is a [`ViolationKind::Redefined`] of the member it takes over. Names compete as the
//! language looks them up: in Java a method with a method, a field with a field, a type with
//! a type; in C# every member of a type with every other. Subtypes are found by name (every
//! identifier of a type's `extends`, `implements` or base list, type arguments included):
//! over-approximate, never by resolution. A member abstract in its type (no body) has no code
//! to take over and is left out. Not seen, being beyond one file: subtypes declared in other
//! files, and anonymous classes (`new Auth() { ... }`), which are code of the symbol that
//! writes them.

use super::*;
use std::collections::{HashMap, HashSet};

mod python;
pub(super) use python::python_overrides;

use crate::language::names;

/// Which names a member's name competes with ([`space`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Space {
    Method,
    Field,
    Type,
    /// C#: one name space per type.
    Any,
}

/// The name space a symbol of `kind` is looked up in.
fn space(lang: Language, kind: SymbolKind) -> Space {
    if lang == Language::CSharp {
        return Space::Any;
    }
    match kind {
        SymbolKind::Method => Space::Method,
        k if is_type(k) => Space::Type,
        _ => Space::Field,
    }
}

/// Whether a symbol of `kind` is a Java or C# type (it can have members and supertypes).
fn is_type(kind: SymbolKind) -> bool {
    matches!(
        kind,
        SymbolKind::Class | SymbolKind::Interface | SymbolKind::Enum | SymbolKind::Struct
    )
}

/// The node kinds whose identifiers name a type's supertypes (Java `extends`, `implements`,
/// an interface's `extends`; the C# base list).
const SUPER_CLAUSES: &[&str] = &[
    "superclass",
    "super_interfaces",
    "extends_interfaces",
    "base_list",
];

/// The declaration node of type symbol `s` of `file` (the parent of its body), if found.
pub(super) fn declaration<'t>(
    file: &'t SourceFile,
    s: &crate::Symbol,
) -> Option<tree_sitter::Node<'t>> {
    let body = s.body?;
    let node = file
        .tree()
        .root_node()
        .descendant_for_byte_range(body.start_byte, body.end_byte)?;
    let mut node = node;
    while node.byte_range() != (body.start_byte..body.end_byte) {
        node = node.parent()?;
    }
    node.parent()
}

/// The types of one file, for [`overrides`]: by index, the names in their supertype clauses;
/// and by supertype name, the types (indices) that name it.
struct Types {
    children: HashMap<String, Vec<usize>>,
    /// By type path: the names in its supertype clauses, in document order (every part of a
    /// C# `partial` type).
    supers: HashMap<String, Vec<String>>,
}

impl Types {
    fn of(file: &SourceFile) -> Types {
        let lang = file.language();
        let text = file.text();
        let mut children: HashMap<String, Vec<usize>> = HashMap::new();
        let mut supers: HashMap<String, Vec<String>> = HashMap::new();
        for (i, s) in file.symbols().iter().enumerate() {
            if !is_type(s.kind) {
                continue;
            }
            let Some(decl) = declaration(file, s) else {
                continue;
            };
            let mut cursor = decl.walk();
            for clause in decl.children(&mut cursor) {
                if !SUPER_CLAUSES.contains(&clause.kind()) {
                    continue;
                }
                crate::walk::preorder(clause, |c, _| {
                    let n = c.node();
                    if matches!(n.kind(), "identifier" | "type_identifier") {
                        let name = names::canonical(lang, &text[n.byte_range()]).into_owned();
                        supers.entry(s.path.clone()).or_default().push(name.clone());
                        let list = children.entry(name).or_default();
                        if list.last() != Some(&i) {
                            list.push(i);
                        }
                    }
                    true
                });
            }
        }
        Types { children, supers }
    }

    /// The types of `file` that extend or implement a type named `name`, directly or
    /// through one another (by name); and every name on the way (`name` included).
    fn subtypes(&self, file: &SourceFile, name: &str) -> (HashSet<usize>, HashSet<String>) {
        let mut found = HashSet::new();
        let mut names: HashSet<String> = HashSet::new();
        let mut todo = vec![name.to_string()];
        while let Some(n) = todo.pop() {
            if !names.insert(n.clone()) {
                continue;
            }
            for &i in self.children.get(&n).map(Vec::as_slice).unwrap_or(&[]) {
                if found.insert(i) {
                    todo.push(
                        names::canonical(file.language(), &file.symbols()[i].name).into_owned(),
                    );
                }
            }
        }
        (found, names)
    }
}

/// By type path: the paths of every type of `file` it extends or implements, directly or
/// through one another (by name, [`Types`]).
fn ancestors_of(file: &SourceFile, types: &Types) -> HashMap<String, HashSet<String>> {
    let lang = file.language();
    let mut by_name: HashMap<String, Vec<&str>> = HashMap::new();
    for s in file.symbols().iter().filter(|s| is_type(s.kind)) {
        by_name
            .entry(names::canonical(lang, &s.name).into_owned())
            .or_default()
            .push(s.path.as_str());
    }
    let mut out: HashMap<String, HashSet<String>> = HashMap::new();
    for s in file.symbols().iter().filter(|s| is_type(s.kind)) {
        let mut up: HashSet<String> = HashSet::new();
        let mut todo: Vec<&str> = vec![s.path.as_str()];
        while let Some(t) = todo.pop() {
            for n in types.supers.get(t).map(Vec::as_slice).unwrap_or(&[]) {
                for p in by_name.get(n).map(Vec::as_slice).unwrap_or(&[]) {
                    if up.insert(p.to_string()) {
                        todo.push(p);
                    }
                }
            }
        }
        out.insert(s.path.clone(), up);
    }
    out
}

/// Where a member of type `owner` (a path) is reached in `file`, by type path: the subtypes
/// (`true`) and the types nested in the owner or in a subtype (`false`); and the names of
/// the owner and its subtypes (for enum constant bodies).
fn reach(
    file: &SourceFile,
    types: &Types,
    owner: &str,
    owner_name: &str,
) -> (HashMap<String, bool>, HashSet<String>) {
    let symbols = file.symbols();
    let (subs, names) = types.subtypes(file, owner_name);
    let mut out: HashMap<String, bool> = HashMap::new();
    for &i in &subs {
        if symbols[i].path != owner {
            out.insert(symbols[i].path.clone(), true);
        }
    }
    for s in symbols.iter().filter(|s| is_type(s.kind)) {
        if out.contains_key(&s.path) || s.path == owner {
            continue;
        }
        let mut p = s.parent;
        while let Some(at) = p {
            let up = &symbols[at];
            if up.path == owner || subs.contains(&at) {
                out.insert(s.path.clone(), false);
                break;
            }
            p = up.parent;
        }
    }
    (out, names)
}

/// Where one owner's members are reached ([`reach`]): in `after` (by type path: subtype or
/// nested), the names of the owner and its subtypes in `after`, and in `before`.
type Reached = (
    HashMap<String, bool>,
    HashSet<String>,
    HashMap<String, bool>,
);

/// Java enum constants with a body: (constant path, enum name, method name, first byte of
/// the method), in document order.
fn constant_methods(file: &SourceFile) -> Vec<(String, String, String, usize)> {
    let mut out = Vec::new();
    if file.language() != Language::Java {
        return out;
    }
    let text = file.text();
    let symbols = file.symbols();
    for s in symbols.iter().filter(|s| s.kind == SymbolKind::Constant) {
        let Some(e) = s
            .parent
            .map(|p| &symbols[p])
            .filter(|p| p.kind == SymbolKind::Enum)
        else {
            continue;
        };
        let Some(body) = s.body else { continue };
        let Some(node) = file
            .tree()
            .root_node()
            .descendant_for_byte_range(body.start_byte, body.end_byte)
        else {
            continue;
        };
        let mut cursor = node.walk();
        for m in node.named_children(&mut cursor) {
            if m.kind() != "method_declaration" {
                continue;
            }
            if let Some(name) = m.child_by_field_name("name") {
                out.push((
                    s.path.clone(),
                    names::canonical(Language::Java, &e.name).into_owned(),
                    names::canonical(Language::Java, &text[name.byte_range()]).into_owned(),
                    m.start_byte(),
                ));
            }
        }
    }
    out
}

/// Whether the code of type symbol `u` of `file` names `name` (an identifier that is not the
/// name a declaration declares).
fn uses(file: &SourceFile, u: &crate::Symbol, name: &str) -> bool {
    let text = file.text();
    let lang = file.language();
    let Some(node) = file
        .tree()
        .root_node()
        .descendant_for_byte_range(u.extent.start_byte, u.extent.end_byte)
    else {
        return true;
    };
    let mut found = false;
    crate::walk::preorder(node, |c, _| {
        let n = c.node();
        if found {
            return false;
        }
        if n.end_byte() <= u.extent.start_byte || n.start_byte() >= u.extent.end_byte {
            return true;
        }
        if matches!(n.kind(), "identifier" | "type_identifier")
            && names::canonical(lang, &text[n.byte_range()]) == name
        {
            let declared = n.parent().is_some_and(|p| {
                p.child_by_field_name("name")
                    .is_some_and(|d| d.id() == n.id())
                    && p.kind().ends_with("_declaration")
            });
            if !declared {
                found = true;
            }
        }
        true
    });
    found
}

/// The rule of this module: each ungranted member (of `protected`, by path) that a member the
/// change adds takes over, as a [`ViolationKind::Redefined`].
pub(super) fn overrides(
    before: &SourceFile,
    after: &SourceFile,
    protected: &HashMap<String, usize>,
    seen: &mut HashSet<usize>,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    let lang = after.language();
    if !matches!(lang, Language::Java | Language::CSharp) || protected.is_empty() {
        return;
    }
    let sb = before.symbols();
    let sa = after.symbols();
    // The members that can be taken over, by name: (index in `before`, owner path, owner
    // name, space).
    let mut targets: HashMap<String, Vec<(usize, &str, String, Space)>> = HashMap::new();
    for &i in protected.values() {
        let s = &sb[i];
        let Some(owner) = s.parent.map(|p| &sb[p]).filter(|p| is_type(p.kind)) else {
            continue;
        };
        if s.kind == SymbolKind::Method && s.body.is_none() {
            continue;
        }
        targets
            .entry(names::canonical(lang, &s.name).into_owned())
            .or_default()
            .push((
                i,
                owner.path.as_str(),
                names::canonical(lang, &owner.name).into_owned(),
                space(lang, s.kind),
            ));
    }
    if targets.is_empty() {
        return;
    }
    let (types_b, types_a) = (Types::of(before), Types::of(after));
    let paths_b: HashSet<&str> = sb.iter().map(|s| s.path.as_str()).collect();
    // Where no supertype clause changed, a member `before` has reaches what it reached
    // before: only new members can take anything over.
    let clauses_changed = types_b.supers != types_a.supers;
    // Candidates: members of a type in `after` with a target's name (new ones, or any when
    // a supertype clause changed), and methods of Java enum constant bodies that `before`
    // did not have.
    // A member is new where `after` has more definitions of its path with its header (all
    // but the body: a new overload, a changed signature) than `before`.
    let header = |file: &'_ SourceFile, s: &crate::Symbol| -> String {
        let text = file.text();
        match s.body {
            Some(b) => format!(
                "{}{{}}{}",
                &text[s.extent.start_byte..b.start_byte],
                &text[b.end_byte..s.extent.end_byte.max(b.end_byte)]
            ),
            None => text[s.extent.range()].to_string(),
        }
    };
    let mut old_headers: HashMap<(&str, String), usize> = HashMap::new();
    for s in sb {
        if s.parent.is_some_and(|p| is_type(sb[p].kind))
            && targets.contains_key(names::canonical(lang, &s.name).as_ref())
        {
            *old_headers
                .entry((s.path.as_str(), header(before, s)))
                .or_default() += 1;
        }
    }
    // Members of a target's name: (index, whether new).
    let mut members: HashMap<String, Vec<(usize, bool)>> = HashMap::new();
    for (k, s) in sa.iter().enumerate() {
        if !s.parent.is_some_and(|p| is_type(sa[p].kind)) {
            continue;
        }
        let n = names::canonical(lang, &s.name);
        if !targets.contains_key(n.as_ref()) {
            continue;
        }
        let fresh = match old_headers.get_mut(&(s.path.as_str(), header(after, s))) {
            Some(left) if *left > 0 => {
                *left -= 1;
                false
            }
            _ => true,
        };
        if fresh || clauses_changed {
            members.entry(n.into_owned()).or_default().push((k, fresh));
        }
    }
    let old_constants: HashSet<(String, String)> = constant_methods(before)
        .into_iter()
        .map(|(c, _, m, _)| (c, m))
        .collect();
    let constants: Vec<(String, String, String, usize)> = constant_methods(after)
        .into_iter()
        .filter(|(c, _, m, _)| {
            targets.contains_key(m) && !old_constants.contains(&(c.clone(), m.clone()))
        })
        .collect();
    if members.is_empty() && constants.is_empty() {
        return;
    }
    // Per owner: where its members are reached, in `after` and in `before`.
    let mut reached: HashMap<&str, Reached> = HashMap::new();
    let mut hits: Vec<(usize, usize, String, String)> = Vec::new();
    // Every type's supertypes in `after`, transitively (made on first use).
    let mut ancestors: Option<HashMap<String, HashSet<String>>> = None;
    for (name, list) in &targets {
        for (i, owner, owner_name, sp) in list {
            // Only members of that name in other types, and enum constant bodies, can take
            // it over: without one, nothing to look at.
            let others: Vec<(usize, bool)> = members
                .get(name)
                .into_iter()
                .flatten()
                .copied()
                // A type the change adds is reached by no code that reached the owner's
                // members before (its instances are made by new or granted code, which may
                // call anything): as a new class's members shadow only its own new code.
                .filter(|(k, _)| {
                    sa[*k].parent.is_some_and(|p| {
                        sa[p].path != *owner && paths_b.contains(sa[p].path.as_str())
                    })
                })
                .collect();
            if others.is_empty() && !constants.iter().any(|c| c.2 == *name) {
                continue;
            }
            let (now, names_now, then) = reached.entry(owner).or_insert_with(|| {
                let (now, names_now) = reach(after, &types_a, owner, owner_name);
                let (then, _) = reach(before, &types_b, owner, owner_name);
                (now, names_now, then)
            });
            for (k, fresh) in &others {
                let m = &sa[*k];
                let u = &sa[m.parent.unwrap_or(*k)];
                let msp = space(lang, m.kind);
                if !(msp == *sp || msp == Space::Any || *sp == Space::Any) {
                    continue;
                }
                let Some(&sub) = now.get(&u.path) else {
                    // Not a subtype: a new member of another supertype of a type that also
                    // inherits the owner's (`class C extends Base implements I`: a method
                    // added to `Base` wins over `I`'s default method for every `C`).
                    if !fresh {
                        continue;
                    }
                    let anc = ancestors.get_or_insert_with(|| ancestors_of(after, &types_a));
                    let both = anc.iter().find(|(c, up)| {
                        c.as_str() != u.path
                            && c.as_str() != *owner
                            && paths_b.contains(c.as_str())
                            && up.contains(&u.path)
                            && up.contains(*owner)
                    });
                    if let Some((c, _)) = both {
                        hits.push((
                            *i,
                            m.extent.start_byte,
                            format!("the added {} `{}`", m.kind, m.path),
                            format!(
                                "takes it over for `{c}`, which inherits from both `{}` and `{owner}` in this file (a class's member wins over an interface's default one: calls that ran it on an instance of `{c}` now run the new code)",
                                u.path
                            ),
                        ));
                    }
                    continue;
                };
                // The same member, in a type that reached the owner's members before too.
                if !fresh && then.get(&u.path) == Some(&sub) {
                    continue;
                }
                if !sub && !uses(after, u, name) {
                    continue;
                }
                let how = if sub {
                    format!(
                        "overrides or hides it for `{}`, which extends or implements `{owner}` in this file (calls that ran it on an instance of `{}` now run the new code)",
                        u.path, u.name
                    )
                } else {
                    format!(
                        "hides it for the code of `{}`, nested in `{owner}` or in a subtype (its unqualified `{name}` now reaches the new member)",
                        u.path
                    )
                };
                hits.push((
                    *i,
                    m.extent.start_byte,
                    format!("the added {} `{}`", m.kind, m.path),
                    how,
                ));
            }
            for (c, e, m, byte) in &constants {
                if m == name && *sp != Space::Type && names_now.contains(e) {
                    hits.push((
                        *i,
                        *byte,
                        format!("the method `{m}` added to the body of enum constant `{c}`"),
                        format!(
                            "overrides it for that constant (`{c}.{m}()` now runs the new code)"
                        ),
                    ));
                }
            }
        }
    }
    hits.sort_by_key(|(i, byte, ..)| (*byte, *i));
    for (i, byte, what, how) in hits {
        if !seen.insert(i) {
            continue;
        }
        let s = &sb[i];
        out.push(redefined(
            s,
            line_of(byte),
            format!(
                "{what} takes over the ungranted {} `{}`: it {how}; name it differently or grant `edit` on `{}` to change it",
                s.kind, s.path, s.path
            ),
        ));
    }
}

#[cfg(test)]
mod tests;
