//! Python: class members that take over an ungranted member through the method resolution
//! order, and class-level names that take over instance attributes.
//!
//! - **Resolution**: for every class `C` of the file (that `before` has), each name that
//!   `C`'s MRO (C3, over the classes of this file by name; bases from elsewhere are left
//!   out) resolves to an ungranted member `X.n` must still resolve to `X.n`. A method added
//!   under `add` to a subclass of `X` (an override), or to any class that `C`'s MRO puts
//!   before `X` (`class C(Base, Mixin)`: `Base.check` added takes over `Mixin.check` for
//!   every `C`, a sibling and not a subclass), is a [`ViolationKind::Redefined`] of `X.n`.
//! - **Instance attributes**: a class-level name added to class `B` (a property, any
//!   descriptor `limit = Guard()`, a method, a nested class) named like an instance
//!   attribute that ungranted code of a class whose MRO reaches `B` uses through its
//!   receiver (`self.limit = 5` in `__init__`, `self.limit` in a method): a data
//!   descriptor's `__get__`/`__set__` now runs on every such access, and any class
//!   attribute is what a read finds before the assignment. Each ungranted symbol with such a
//!   use is a [`ViolationKind::Redefined`].
//!
//! By name within one file: subclasses in other files, and instances used outside their
//! class's code (`acct.limit` in a function), are not seen.

use super::*;
use std::collections::{HashMap, HashSet};

use crate::check::positional::class_node;
use crate::language::names;

/// One class of a file: its symbol, its bases' names and its members' names.
struct Class {
    symbol: usize,
    bases: Vec<String>,
    members: HashSet<String>,
}

/// The classes of a Python file, their MROs (memoised) and who resolves a name.
struct Classes {
    list: Vec<Class>,
    /// By class name: the last class of that name in the file.
    by_name: HashMap<String, usize>,
    /// By class path: its index in `list`.
    by_path: HashMap<String, usize>,
    mro: Vec<Option<Vec<usize>>>,
}

/// Whether `name` is a private name (`__x`), which Python mangles per class.
fn private(name: &str) -> bool {
    name.starts_with("__") && !name.ends_with("__")
}

impl Classes {
    fn of(file: &SourceFile) -> Classes {
        let text = file.text();
        let symbols = file.symbols();
        let mut list = Vec::new();
        let mut by_name = HashMap::new();
        let mut by_path = HashMap::new();
        let mut at: HashMap<usize, usize> = HashMap::new();
        for (i, s) in symbols.iter().enumerate() {
            if s.kind != SymbolKind::Class {
                continue;
            }
            let mut bases = Vec::new();
            if let Some(args) =
                class_node(file, s).and_then(|n| n.child_by_field_name("superclasses"))
            {
                let mut cursor = args.walk();
                for a in args.named_children(&mut cursor) {
                    // `Base`, `mod.Base`, `Generic[T]`; not `metaclass=M`.
                    let mut n = a;
                    if n.kind() == "subscript" {
                        match n.child_by_field_name("value") {
                            Some(v) => n = v,
                            None => continue,
                        }
                    }
                    if n.kind() == "attribute" {
                        match n.child_by_field_name("attribute") {
                            Some(v) => n = v,
                            None => continue,
                        }
                    }
                    if n.kind() == "identifier" {
                        bases.push(
                            names::canonical(Language::Python, &text[n.byte_range()]).into_owned(),
                        );
                    }
                }
            }
            at.insert(i, list.len());
            by_name.insert(s.name.clone(), list.len());
            by_path.insert(s.path.clone(), list.len());
            list.push(Class {
                symbol: i,
                bases,
                members: HashSet::new(),
            });
        }
        for s in symbols {
            if !matches!(
                s.kind,
                SymbolKind::Method | SymbolKind::Field | SymbolKind::Class
            ) || private(&s.name)
            {
                continue;
            }
            if let Some(c) = s.parent.and_then(|p| at.get(&p)) {
                list[*c].members.insert(s.name.clone());
            }
        }
        let n = list.len();
        Classes {
            list,
            by_name,
            by_path,
            mro: vec![None; n],
        }
    }

    /// The MRO of class `c` (C3 over the classes of the file; where C3 fails, which Python
    /// refuses anyway, depth first).
    fn mro(&mut self, c: usize, depth: usize) -> Vec<usize> {
        if let Some(m) = &self.mro[c] {
            return m.clone();
        }
        let bases: Vec<usize> = self.list[c]
            .bases
            .iter()
            .filter_map(|b| self.by_name.get(b).copied())
            .filter(|b| *b != c)
            .collect();
        let mut seqs: Vec<Vec<usize>> = Vec::new();
        if depth < 64 {
            for &b in &bases {
                seqs.push(self.mro(b, depth + 1));
            }
        }
        seqs.push(bases.clone());
        let mut out = vec![c];
        let mut work = seqs.clone();
        loop {
            work.retain(|s| !s.is_empty());
            if work.is_empty() {
                break;
            }
            let head = work
                .iter()
                .map(|s| s[0])
                .find(|h| !work.iter().any(|s| s[1..].contains(h)));
            let Some(h) = head else {
                // No consistent order: every class of the bases, depth first.
                for s in &seqs {
                    for &x in s {
                        if !out.contains(&x) {
                            out.push(x);
                        }
                    }
                }
                break;
            };
            if !out.contains(&h) {
                out.push(h);
            }
            for s in &mut work {
                if s.first() == Some(&h) {
                    s.remove(0);
                }
            }
        }
        self.mro[c] = Some(out.clone());
        out
    }

    /// The class (index) that class `c`'s MRO finds `name` in, if one of the file's.
    fn resolve(&mut self, c: usize, name: &str) -> Option<usize> {
        self.mro(c, 0)
            .into_iter()
            .find(|k| self.list[*k].members.contains(name))
    }
}

/// The symbol of `file` with path `path` (the first), if any.
fn member_symbol<'a>(
    file: &'a SourceFile,
    class_path: &str,
    name: &str,
) -> Option<&'a crate::Symbol> {
    let path = format!("{class_path}.{name}");
    file.symbols().iter().find(|s| s.path == path)
}

/// The rules of this module (module docs).
#[allow(clippy::too_many_arguments)]
pub(in crate::check) fn python_overrides(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
    protected: &HashMap<String, usize>,
    seen: &mut HashSet<usize>,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    if after.language() != Language::Python || protected.is_empty() {
        return;
    }
    let (sb, sa) = (before.symbols(), after.symbols());
    if !sb.iter().any(|s| s.kind == SymbolKind::Class) {
        return;
    }
    let mut cb = Classes::of(before);
    let mut ca = Classes::of(after);
    let mut hits: Vec<(usize, usize, String)> = Vec::new();
    // Resolution: every name a class's MRO resolves to an ungranted member.
    for c in 0..cb.list.len() {
        let path = &sb[cb.list[c].symbol].path;
        let Some(&c_after) = ca.by_path.get(path) else {
            continue;
        };
        let mut names: Vec<String> = cb
            .mro(c, 0)
            .into_iter()
            .flat_map(|k| cb.list[k].members.iter().cloned().collect::<Vec<_>>())
            .collect();
        names.sort();
        names.dedup();
        for n in names {
            let Some(x) = cb.resolve(c, &n) else { continue };
            let x_path = &sb[cb.list[x].symbol].path;
            let Some(&i) = protected.get(&format!("{x_path}.{n}")) else {
                continue;
            };
            let y = ca.resolve(c_after, &n);
            let y_path = y.map(|y| sa[ca.list[y].symbol].path.clone());
            if y_path.as_deref() == Some(x_path.as_str()) {
                continue;
            }
            let Some(y_path) = y_path else { continue };
            let byte = member_symbol(after, &y_path, &n)
                .map_or(sa[ca.list[c_after].symbol].extent.start_byte, |m| {
                    m.extent.start_byte
                });
            hits.push((
                i,
                byte,
                format!(
                    "{} `{}` is taken over: for `{path}`, whose method resolution order puts `{y_path}` before `{x_path}`, `{n}` now resolves to `{y_path}.{n}` (an override in a subclass, or a member of a class that comes before it in the bases); name it differently or grant `edit` on `{}` to change it",
                    sb[i].kind, sb[i].path, sb[i].path
                ),
            ));
        }
    }
    // Instance attributes: class-level names added where a class's receiver uses them.
    let paths_b: HashSet<&str> = sb.iter().map(|s| s.path.as_str()).collect();
    let mut added: Vec<(usize, String, usize)> = Vec::new();
    for s in sa {
        if paths_b.contains(s.path.as_str())
            || !matches!(
                s.kind,
                SymbolKind::Method | SymbolKind::Field | SymbolKind::Class
            )
            || private(&s.name)
            || (s.name.starts_with('_') && s.name.ends_with('_'))
        {
            continue;
        }
        let Some(b) = s.parent.filter(|p| sa[*p].kind == SymbolKind::Class) else {
            continue;
        };
        if !paths_b.contains(sa[b].path.as_str()) {
            continue;
        }
        if let Some(&k) = ca.by_path.get(&sa[b].path) {
            added.push((k, s.name.clone(), s.extent.start_byte));
        }
    }
    if !added.is_empty() {
        let excluded = granted_in_after(before, after, grants);
        let text = after.text();
        for c in 0..ca.list.len() {
            let cs = &sa[ca.list[c].symbol];
            if !paths_b.contains(cs.path.as_str()) {
                continue;
            }
            let wanted: Vec<(String, usize, usize)> = added
                .iter()
                .filter(|(b, n, _)| ca.resolve(c, n) == Some(*b))
                .map(|(b, n, byte)| (n.clone(), *b, *byte))
                .collect();
            if wanted.is_empty() {
                continue;
            }
            let Some(node) = class_node(after, cs) else {
                continue;
            };
            let class_id = node.id();
            crate::walk::preorder(node, |cursor, _| {
                let n = cursor.node();
                if n.kind() != "attribute" {
                    return true;
                }
                let (Some(obj), Some(attr)) = (
                    n.child_by_field_name("object"),
                    n.child_by_field_name("attribute"),
                ) else {
                    return true;
                };
                if obj.kind() != "identifier" || in_ranges(&excluded, n.start_byte()) {
                    return true;
                }
                let attr = names::canonical(Language::Python, &text[attr.byte_range()]);
                let Some((_, b, def)) = wanted.iter().find(|(w, ..)| *w == attr.as_ref()) else {
                    return true;
                };
                let recv = names::canonical(Language::Python, &text[obj.byte_range()]);
                if receiver_of(n, class_id, text).as_deref() != Some(recv.as_ref()) {
                    return true;
                }
                // The innermost ungranted symbol of `after` holding the use.
                let user = sa
                    .iter()
                    .filter(|s| s.extent.range().contains(&n.start_byte()))
                    .filter_map(|s| protected.get(&s.path).copied())
                    .max_by_key(|i| sb[*i].extent.start_byte);
                if let Some(i) = user {
                    hits.push((
                        i,
                        *def,
                        format!(
                            "{} `{}` is reached differently: it uses the instance attribute `{recv}.{attr}`, and the added class-level `{}.{attr}` (a property, a descriptor, any class attribute) now takes part in that access; name it differently or grant `edit` on `{}` to change it",
                            sb[i].kind, sb[i].path, sa[ca.list[*b].symbol].path, sb[i].path
                        ),
                    ));
                }
                true
            });
        }
    }
    hits.sort_by_key(|(i, byte, _)| (*byte, *i));
    for (i, byte, message) in hits {
        if seen.insert(i) {
            out.push(redefined(&sb[i], line_of(byte), message));
        }
    }
}

/// The receiver (first parameter) of the method of the class whose node id is `class_id`
/// that holds `node`, through nested functions and lambdas.
fn receiver_of(node: tree_sitter::Node<'_>, class_id: usize, text: &str) -> Option<String> {
    let mut at = node.parent();
    while let Some(n) = at {
        if n.kind() == "function_definition" {
            // Directly in the class body (a decorated method sits in a
            // `decorated_definition`)?
            let mut up = n.parent();
            if up.is_some_and(|u| u.kind() == "decorated_definition") {
                up = up.and_then(|u| u.parent());
            }
            let class = up
                .filter(|u| u.kind() == "block")
                .and_then(|u| u.parent())
                .filter(|u| u.id() == class_id);
            if class.is_some() {
                let params = n.child_by_field_name("parameters")?;
                let mut cursor = params.walk();
                let first = params.named_children(&mut cursor).next()?;
                let id = if first.kind() == "identifier" {
                    first
                } else {
                    let mut c2 = first.walk();
                    let found = first
                        .named_children(&mut c2)
                        .find(|c| c.kind() == "identifier");
                    found?
                };
                return Some(
                    names::canonical(Language::Python, &text[id.byte_range()]).into_owned(),
                );
            }
        }
        if n.kind() == "class_definition" && n.id() != class_id {
            return None;
        }
        at = n.parent();
    }
    None
}
