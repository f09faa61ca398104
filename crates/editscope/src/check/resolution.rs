//! Rust name resolution that an addition can change without rebinding a name.
//!
//! A method call `x.len()` is resolved by walking the receiver's autoderef steps and taking,
//! at the first step that has one, an inherent method, else a method of a trait in scope
//! implemented for that step's type. A path `Pool::MAX` takes an inherent associated item
//! before a trait's. So additions that bind no existing name can still take over what
//! ungranted code calls:
//!
//! - an inherent associated item (method, `const`, `type`) added to `impl T`: `x.n()` where
//!   the old `n` was reached through `Deref` or a trait, `T::n` / `Self::n` where it was a
//!   trait's;
//! - a trait item (a new trait, a default method added to a trait) and a trait impl added
//!   for a type: `x.n()` where `n` is one of the trait's items now implemented, and
//!   `Trait::n(...)`, `T::n`, `Self::n`;
//! - a trait impl of a trait *not defined in this file*: its items (provided ones, and
//!   blanket extensions such as `ToString` for `Display`) are not known here, so every
//!   method call of ungranted code counts, and every path through the trait or the type;
//! - an impl for `i32` or `f64` (the types integer and float literals fall back to) or a
//!   generic blanket impl, of a trait that is foreign or already implemented for another
//!   numeric type: a literal whose type was inferred from the one impl
//!   (`Width::width(200)`, `f(200)` with `f<T: Width>`) now falls back to the new one.
//!
//! An impl block is new when `before` has no block with its header (its text up to the body:
//! attributes, generics, trait, self type, where clause; [`impl_header`]), and an inherent
//! item when `before` has no item of its path in a block of that header: the symbol name
//! drops the generics, so `impl Foo<u16>` and `impl Foo<u8>` share it.
//!
//! Impls for a type the change defines ([`impl_for_new_type`]: a struct, enum or union added
//! unconditionally in the impl's module under a name `before` never wrote) reach no method
//! call: only receivers of that type, which no ungranted code had, see their methods. Paths
//! through the type or the trait still count.
//!
//! Uses are found in the text of `after` outside the granted regions and the additions
//! (macro arguments, comments and strings too: fail closed), and each counts against the
//! innermost ungranted symbol around it as a [`ViolationKind::Redefined`].
//!
//! What this refuses that may be harmless: under `add`, a new method or associated item
//! whose name ungranted code calls on another type (`fn len` added to `impl Stack` while a
//! protected function calls `v.len()` on a `Vec`), a new trait impl of a foreign trait for
//! an existing type (`impl fmt::Display for Error`, `impl From<New> for io::Error`: a blanket
//! impl elsewhere bounded by `From` can give `io::Error` new methods) in a file whose
//! ungranted code makes any method call, and a new `impl Tr for i32` of such a trait. Grant
//! `edit` on the code that calls it, or add the item in another file.

use std::collections::{HashMap, HashSet};

use super::*;

/// Paths `Q::n` and method calls `.n(` an addition can take over.
#[derive(Default)]
struct Reach {
    /// Method names (`x.n()`).
    dot: HashSet<String>,
    /// Every method call (a foreign trait's impl).
    dot_any: bool,
    /// Item names with the qualifiers that reach them (`Pool`, `Limits`); `Self` and a
    /// qualifier that is no plain name (`<T as Tr>::n`, `Vec::<u8>::n`) always count.
    path: HashMap<String, HashSet<String>>,
    /// Qualifiers every item under which counts (a foreign trait, the type it is for).
    qualifier_any: HashSet<String>,
    /// Method calls in a byte range (the module an added `use` is in) that count: every one
    /// (`None`: a `use` of what could be any trait) or these names (a known trait).
    dot_in: Vec<(std::ops::Range<usize>, Option<&'static [&'static str]>)>,
}

/// The last path segment of a type or trait as written, without generics or references
/// (`&'a mut fmt::Display<T>` is `Display`).
fn last_segment(t: &str) -> String {
    let t = t.split('<').next().unwrap_or(t);
    let t = t.trim().trim_start_matches('&').trim();
    let t = t.strip_prefix("mut ").unwrap_or(t).trim();
    let t = t.strip_prefix("dyn ").unwrap_or(t).trim();
    t.rsplit("::").next().unwrap_or(t).trim().to_string()
}

/// The header of an impl block: its text from its first byte (attributes and doc comments
/// included) to its body, which holds its generics, its trait, its self type and its where
/// clause. Two blocks with the same header in the same scope are the same impl for method
/// resolution: the same self type with the same parameters and bounds, under the same `cfg`.
/// The symbol's name drops the generics (`impl Foo<u8>` and `impl Foo<u16>` are both
/// `impl Foo`), so it cannot tell them apart.
pub(super) fn impl_header<'a>(file: &'a SourceFile, s: &crate::Symbol) -> &'a str {
    let end = s.body.map_or(s.extent.end_byte, |b| b.start_byte);
    file.text().get(s.extent.start_byte..end).unwrap_or("")
}

/// The (impl header, item path) of every associated item of an impl block of `file`: an item
/// of `after` whose key `before` lacks is new for method resolution, even when its path is
/// not (`fn a` added to a new `impl Foo<u16>` while `impl Foo<u8>` has one, or moved from
/// one block to the other).
pub(super) fn impl_item_keys(file: &SourceFile) -> HashSet<(&str, &str)> {
    let symbols = file.symbols();
    symbols
        .iter()
        .filter_map(|s| {
            let p = &symbols[s.parent?];
            (p.kind == SymbolKind::Impl).then(|| (impl_header(file, p), s.path.as_str()))
        })
        .collect()
}

/// Whether the impl block `impl_index` of `after` is for a type this change defines: its self
/// type is written as a plain name `N` (generic arguments allowed), not declared as a generic
/// parameter of the impl, and `N` is a struct, enum or union that `after` defines in the same
/// module scope as the impl (both at the file's top level, or both directly in one inline
/// module), whose path `before` does not have and whose name appears nowhere in `before`'s
/// text as a word.
///
/// Why its items and trait impls can take over no method call of ungranted code: a method call
/// `x.m()` is resolved from the receiver's type and its autoderef steps. An inherent item or a
/// trait implemented for `N` is a candidate only at a step whose type is `N` (or `&N`, `&mut N`),
/// and a blanket impl `impl<T: Display> Ext for T` it completes adds methods to `N` alone.
/// `N` is a new nominal type: no expression of `before` had it or a type built from it, since
/// it did not exist and `before` never wrote its name, and the ungranted code of `after` is
/// `before`'s text. A value of `N` reaches ungranted code only through granted code (a granted
/// function that now returns one), which is that grant's effect, as with any change of what it
/// returns. In a module scope a plain type name resolves to the module's own item before a glob
/// import or the prelude (an explicit import of the same name would clash with it), so the
/// impl's `N` is the new type. Paths through the type or the trait (`N::m`, `Tr::m`) are still
/// counted by the caller, so a name ungranted code wrote is never taken over through them.
/// A `type N = ...;` alias is no new type (it names an existing one) and does not count.
pub(super) fn impl_for_new_type(
    before: &SourceFile,
    after: &SourceFile,
    impl_index: usize,
) -> bool {
    let sa = after.symbols();
    let s = &sa[impl_index];
    if s.kind != SymbolKind::Impl {
        return false;
    }
    let module_scope = |p: Option<usize>| p.is_none_or(|p| sa[p].kind == SymbolKind::Module);
    if !module_scope(s.parent) {
        return false;
    }
    let root = after.tree().root_node();
    let Some(node) = root
        .descendant_for_byte_range(s.extent.start_byte, s.extent.end_byte)
        .and_then(|mut n| loop {
            if n.kind() == "impl_item" {
                return Some(n);
            }
            n = n.parent()?;
        })
    else {
        return false;
    };
    let text = after.text();
    let Some(ty) = node.child_by_field_name("type") else {
        return false;
    };
    // `N` or `N<..>`: a plain name, no path, reference, tuple or slice.
    let head = match ty.kind() {
        "type_identifier" => ty,
        "generic_type" => match ty.child_by_field_name("type") {
            Some(t) if t.kind() == "type_identifier" => t,
            _ => return false,
        },
        _ => return false,
    };
    let name = &text[head.byte_range()];
    // Not a generic parameter of the impl (`impl<N> Tr for N` is a blanket impl).
    if let Some(params) = node.child_by_field_name("type_parameters") {
        let mut shadowed = false;
        crate::walk::preorder(params, |cursor, _| {
            let n = cursor.node();
            shadowed |= matches!(n.kind(), "type_identifier" | "identifier")
                && &text[n.byte_range()] == name;
            !shadowed
        });
        if shadowed {
            return false;
        }
    }
    // Defined unconditionally (no `cfg` anywhere in its text): then any other binding of `N` in the module's
    // type namespace (a `use`, an item, a derive's output) clashes with it wherever the impl
    // is compiled, and a glob import's `N` is shadowed by it. (A `#[cfg(a)] struct N;` next to
    // a `#[cfg(not(a))] use other::N;` would make the impl one for an existing type.)
    let defined = sa.iter().any(|d| {
        matches!(
            d.kind,
            SymbolKind::Struct | SymbolKind::Enum | SymbolKind::Union
        ) && d.name == name
            && d.parent == s.parent
            && !text.get(d.extent.range()).unwrap_or("cfg").contains("cfg")
    });
    if !defined {
        return false;
    }
    let paths_b: HashSet<&str> = before.symbols().iter().map(|b| b.path.as_str()).collect();
    let path = match s.parent {
        Some(p) => format!("{}::{name}", sa[p].path),
        None => name.to_string(),
    };
    if paths_b.contains(path.as_str()) {
        return false;
    }
    // The name nowhere in `before` (as a word: identifiers, strings, comments alike).
    let b = before.text().as_bytes();
    let word = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80;
    !before.text().match_indices(name).any(|(i, _)| {
        (i == 0 || !word(b[i - 1])) && b.get(i + name.len()).is_none_or(|c| !word(*c))
    })
}

const NUMERIC: &[&str] = &[
    "i8", "i16", "i32", "i64", "i128", "isize", "u8", "u16", "u32", "u64", "u128", "usize", "f32",
    "f64",
];

/// The rule (module docs).
pub(super) fn rust_resolution_changes(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
    protected: &HashMap<String, usize>,
    seen: &mut HashSet<usize>,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    if after.language() != Language::Rust {
        return;
    }
    let (sb, sa) = (before.symbols(), after.symbols());
    let paths_b: HashSet<&str> = sb.iter().map(|s| s.path.as_str()).collect();
    // Impl blocks by header, counted (two `impl Pool` blocks may share one), and the items
    // of impl blocks by header and path: a block of `after` is new when `before` has no block
    // left with its header (in document order), an item of an inherent block when its key is
    // new ([`impl_header`], [`impl_item_keys`]). By name, `impl Foo<u16>` written above an
    // existing `impl Foo<u8>` would pass for the old block and its items for old ones.
    let mut impls_b: HashMap<&str, usize> = HashMap::new();
    for s in sb.iter().filter(|s| s.kind == SymbolKind::Impl) {
        *impls_b.entry(impl_header(before, s)).or_default() += 1;
    }
    let item_keys_b = impl_item_keys(before);
    let mut new_impl = vec![false; sa.len()];
    for (i, s) in sa.iter().enumerate() {
        if s.kind == SymbolKind::Impl {
            let n = impls_b.entry(impl_header(after, s)).or_default();
            if *n > 0 {
                *n -= 1;
            } else {
                new_impl[i] = true;
            }
        }
    }
    // Impl blocks for a type the change defines: their items take over no method call
    // ([`impl_for_new_type`]); paths through the type or the trait still count.
    let for_new_type: Vec<bool> = (0..sa.len())
        .map(|i| {
            sa[i].kind == SymbolKind::Impl
                && (new_impl[i] || sa.iter().any(|c| c.parent == Some(i)))
                && impl_for_new_type(before, after, i)
        })
        .collect();
    let traits_a: HashMap<String, usize> = sa
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == SymbolKind::Trait)
        .map(|(i, s)| (s.name.clone(), i))
        .collect();
    let items_of =
        |t: usize| -> Vec<&crate::Symbol> { sa.iter().filter(|s| s.parent == Some(t)).collect() };
    // (for-type, trait) of every trait impl in `after`.
    let trait_impls: Vec<(String, String)> = sa
        .iter()
        .filter(|s| s.kind == SymbolKind::Impl)
        .filter_map(|s| {
            let (t, ty) = s.name.strip_prefix("impl ")?.split_once(" for ")?;
            Some((last_segment(ty), last_segment(t)))
        })
        .collect();
    let mut reach = Reach::default();
    let mut first_def = usize::MAX;
    let mut inference: Option<usize> = None;
    let add_item = |reach: &mut Reach, s: &crate::Symbol, qualifiers: &[&str], dot: bool| {
        let name = s.name.clone();
        if s.kind == SymbolKind::Method && dot {
            reach.dot.insert(name.clone());
        }
        let q = reach.path.entry(name).or_default();
        for x in qualifiers {
            q.insert(x.to_string());
        }
    };
    for (i, s) in sa.iter().enumerate() {
        // Added associated items of impls and traits that existed before (those of new
        // impls and traits come with their container, below).
        if let Some((pi, p)) = s.parent.map(|p| (p, &sa[p])) {
            let added = match p.kind {
                SymbolKind::Trait => {
                    !paths_b.contains(s.path.as_str()) && paths_b.contains(p.path.as_str())
                }
                // An inherent item by its key alone: two inherent blocks with one header are
                // one impl, so which of them is the new one does not matter. A trait impl's
                // items come with the block when the block is new.
                SymbolKind::Impl => {
                    (!new_impl[pi] || !p.name.contains(" for "))
                        && !item_keys_b.contains(&(impl_header(after, p), s.path.as_str()))
                }
                _ => false,
            };
            if added {
                first_def = first_def.min(s.extent.start_byte);
                match p.kind {
                    SymbolKind::Trait => add_item(&mut reach, s, &[p.name.as_str()], true),
                    _ => {
                        let head = p.name.strip_prefix("impl ").unwrap_or(&p.name);
                        let quals: Vec<String> = match head.split_once(" for ") {
                            Some((t, ty)) => vec![last_segment(t), last_segment(ty)],
                            None => vec![last_segment(head)],
                        };
                        let quals: Vec<&str> = quals.iter().map(String::as_str).collect();
                        add_item(&mut reach, s, &quals, !for_new_type[pi]);
                    }
                }
            }
        }
        if s.kind == SymbolKind::Trait && !paths_b.contains(s.path.as_str()) {
            for item in items_of(i) {
                add_item(&mut reach, item, &[s.name.as_str()], true);
            }
            first_def = first_def.min(s.extent.start_byte);
        }
        if s.kind != SymbolKind::Impl || !new_impl[i] {
            continue;
        }
        // A new impl block.
        first_def = first_def.min(s.extent.start_byte);
        let dot = !for_new_type[i];
        let head = s.name.strip_prefix("impl ").unwrap_or(&s.name);
        let Some((t, ty)) = head.split_once(" for ") else {
            // An inherent block: its items are counted above, by their keys.
            continue;
        };
        let (t, ty_name) = (last_segment(t), last_segment(ty));
        let quals = [t.as_str(), ty_name.as_str()];
        for item in items_of(i) {
            add_item(&mut reach, item, &quals, dot);
        }
        let local = traits_a.get(&t).copied();
        match local {
            Some(ti) => {
                for item in items_of(ti) {
                    add_item(&mut reach, item, &quals, dot);
                }
            }
            None => {
                reach.dot_any |= dot;
                reach.qualifier_any.insert(t.clone());
                reach.qualifier_any.insert(ty_name.clone());
            }
        }
        // Literal fallback: `impl Tr for i32` / `f64`, or a blanket `impl<T> Tr for T`.
        let generic = s.name.starts_with("impl<") || head.starts_with('<');
        let blanket =
            generic && ty.trim().len() <= 2 && ty.trim().chars().all(|c| c.is_ascii_uppercase());
        if matches!(ty_name.as_str(), "i32" | "f64") || blanket {
            let numeric_elsewhere = trait_impls.iter().any(|(other, tr)| {
                *tr == t && *other != ty_name && NUMERIC.contains(&other.as_str())
            });
            if local.is_none() || numeric_elsewhere {
                inference.get_or_insert(s.extent.start_byte);
            }
        }
    }
    if let Some(byte) = inference {
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
            message: "the added impl is for a type integer or float literals fall back to (`i32`, `f64`) or for every type, of a trait implemented for another numeric type or defined elsewhere: a literal of ungranted code whose type was inferred from the one impl can now take the new one; grant `edit` on that code, or implement the trait for a type no literal falls back to".to_string(),
        });
    }
    // Imports: an added, changed or removed module-level `use` may bring a trait into scope
    // (or take one out), whose methods then compete in the method calls of its module
    // (`imported_methods`). Paired by module and path: a `use` moved to another module is
    // removed from one and added to the other.
    let (uses_b, uses_a) = (module_uses(before), module_uses(after));
    let mut old: HashMap<(&str, &str), isize> = HashMap::new();
    for (path, module, ..) in &uses_b {
        *old.entry((module.as_str(), path.as_str())).or_default() += 1;
    }
    #[allow(clippy::type_complexity)]
    let mut changed: Vec<(&str, usize, std::ops::Range<usize>, &SourceFile, usize)> = Vec::new();
    for (path, module, byte, scope) in &uses_a {
        let n = old.entry((module.as_str(), path.as_str())).or_default();
        *n -= 1;
        if *n < 0 {
            changed.push((path.as_str(), *byte, scope.clone(), after, *byte));
        }
    }
    // One that is gone: its module's calls may now resolve elsewhere (the whole file, as
    // its module's place in `after` is not known here).
    for (path, module, use_byte, _) in &uses_b {
        let n = old.entry((module.as_str(), path.as_str())).or_default();
        if *n > 0 {
            *n -= 1;
            changed.push((path.as_str(), 0, 0..after.text().len(), before, *use_byte));
        }
    }
    for (path, byte, scope, file, use_byte) in changed {
        // Proven to name no trait: the file uses the imported name as a struct (`name {..}`).
        if imports_no_trait(file, path, use_byte) {
            continue;
        }
        match imported_methods(path) {
            Imported::NoTrait => continue,
            Imported::Methods(names) => reach.dot_in.push((scope, Some(names))),
            Imported::Unknown => reach.dot_in.push((scope, None)),
        }
        first_def = first_def.min(byte);
    }
    if reach.dot.is_empty() && !reach.dot_any && reach.path.is_empty() && reach.dot_in.is_empty() {
        return;
    }
    let excluded = granted_in_after(before, after, grants);
    let text = after.text();
    let bytes = text.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c >= 0x80;
    let prev_sig = |mut at: usize| -> Option<usize> {
        while at > 0 {
            at -= 1;
            if !bytes[at].is_ascii_whitespace() {
                return Some(at);
            }
        }
        None
    };
    let next_sig = |mut at: usize| -> Option<usize> {
        while at < bytes.len() {
            if !bytes[at].is_ascii_whitespace() {
                return Some(at);
            }
            at += 1;
        }
        None
    };
    let mut hits: Vec<(usize, String, usize)> = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if !ident(bytes[at]) || (at > 0 && ident(bytes[at - 1])) {
            at += 1;
            continue;
        }
        let start = at;
        while at < bytes.len() && ident(bytes[at]) {
            at += 1;
        }
        if bytes[start].is_ascii_digit() || in_ranges(&excluded, start) {
            continue;
        }
        let name = &text[start..at];
        let p = prev_sig(start);
        let called = next_sig(at).is_some_and(|n| bytes[n] == b'(' || bytes[n] == b':');
        let dot = p.is_some_and(|p| bytes[p] == b'.' && (p == 0 || bytes[p - 1] != b'.'));
        let hit = if dot {
            called
                && (reach.dot_any
                    || reach.dot.contains(name)
                    || reach.dot_in.iter().any(|(r, names)| {
                        r.contains(&start) && names.is_none_or(|n| n.contains(&name))
                    }))
        } else if let Some(p) = p.filter(|p| *p > 0 && bytes[*p] == b':' && bytes[*p - 1] == b':') {
            // The qualifier: the name before `::`, else something that is no plain name.
            let q_end = prev_sig(p - 1).map(|q| q + 1).unwrap_or(0);
            let mut q_start = q_end;
            while q_start > 0 && ident(bytes[q_start - 1]) {
                q_start -= 1;
            }
            let q = &text[q_start..q_end];
            let plain = !q.is_empty();
            reach.qualifier_any.contains(q)
                || reach
                    .path
                    .get(name)
                    .is_some_and(|qs| !plain || q == "Self" || qs.contains(q))
        } else {
            false
        };
        if hit {
            hits.push((start, name.to_string(), first_def));
        }
    }
    if hits.is_empty() {
        return;
    }
    report_users(
        (before, after),
        protected,
        hits,
        seen,
        out,
        line_of,
        &|name, who, _| {
            format!("{who} uses `{name}`, which an added impl, trait, associated item or `use` (of a trait, or of what could be one) can take over (method calls and `Type::item` paths resolve to inherent items first, then to the traits implemented for each autoderef step); grant `edit` on the code that uses it, or name the addition differently")
        },
    );
}

/// What an imported path can bring into scope for method calls.
enum Imported {
    /// No trait: a module, a function, a macro, a known standard type, a prelude trait.
    NoTrait,
    /// A known standard trait with these methods.
    Methods(&'static [&'static str]),
    /// Anything else (any name of another crate or module could be a trait; a glob).
    Unknown,
}

/// Standard traits, by path under `std::`, with their methods (the ones a `use` brings
/// into method resolution).
const STD_TRAITS: &[(&str, &[&str])] = &[
    (
        "io::Write",
        &[
            "write",
            "write_all",
            "flush",
            "write_fmt",
            "by_ref",
            "write_vectored",
            "is_write_vectored",
            "write_all_vectored",
        ],
    ),
    (
        "io::Read",
        &[
            "read",
            "read_to_end",
            "read_to_string",
            "read_exact",
            "bytes",
            "chain",
            "take",
            "by_ref",
            "read_vectored",
            "is_read_vectored",
            "read_buf",
            "read_buf_exact",
        ],
    ),
    (
        "io::BufRead",
        &[
            "fill_buf",
            "consume",
            "read_until",
            "read_line",
            "lines",
            "split",
            "has_data_left",
            "skip_until",
        ],
    ),
    (
        "io::Seek",
        &[
            "seek",
            "rewind",
            "stream_position",
            "stream_len",
            "seek_relative",
        ],
    ),
    ("io::IsTerminal", &["is_terminal"]),
    ("fmt::Write", &["write_str", "write_char", "write_fmt"]),
    ("fmt::Display", &["fmt"]),
    ("fmt::Debug", &["fmt"]),
    ("str::FromStr", &["from_str"]),
    ("hash::Hash", &["hash", "hash_slice"]),
    ("borrow::Borrow", &["borrow"]),
    ("borrow::BorrowMut", &["borrow_mut"]),
    ("ops::Deref", &["deref"]),
    ("ops::DerefMut", &["deref_mut"]),
    ("ops::Add", &["add"]),
    ("ops::Sub", &["sub"]),
    ("ops::Mul", &["mul"]),
    ("ops::Div", &["div"]),
    ("ops::Neg", &["neg"]),
    ("ops::Not", &["not"]),
    ("ops::Index", &["index"]),
    ("ops::IndexMut", &["index_mut"]),
    (
        "error::Error",
        &["source", "description", "cause", "provide"],
    ),
    ("any::Any", &["type_id"]),
    ("future::Future", &["poll"]),
];

/// Standard items that are no trait although their name looks like one (by path under
/// `std::`); `std` names no trait in lower case, so those need no list.
const STD_TYPES: &[&str] = &[
    "collections::HashMap",
    "collections::HashSet",
    "collections::BTreeMap",
    "collections::BTreeSet",
    "collections::VecDeque",
    "collections::BinaryHeap",
    "collections::LinkedList",
    "collections::hash_map::Entry",
    "collections::btree_map::Entry",
    "collections::hash_map::DefaultHasher",
    "rc::Rc",
    "rc::Weak",
    "sync::Arc",
    "sync::Weak",
    "sync::Mutex",
    "sync::RwLock",
    "sync::Once",
    "sync::OnceLock",
    "sync::LazyLock",
    "sync::Condvar",
    "sync::Barrier",
    "sync::MutexGuard",
    "sync::mpsc::Sender",
    "sync::mpsc::Receiver",
    "sync::mpsc::SyncSender",
    "sync::atomic::Ordering",
    "sync::atomic::AtomicBool",
    "sync::atomic::AtomicUsize",
    "sync::atomic::AtomicU64",
    "sync::atomic::AtomicU32",
    "sync::atomic::AtomicI64",
    "sync::atomic::AtomicI32",
    "cell::RefCell",
    "cell::Cell",
    "cell::OnceCell",
    "cell::Ref",
    "cell::RefMut",
    "path::Path",
    "path::PathBuf",
    "path::Component",
    "fs::File",
    "fs::OpenOptions",
    "fs::Metadata",
    "fs::DirEntry",
    "fs::Permissions",
    "time::Duration",
    "time::Instant",
    "time::SystemTime",
    "time::UNIX_EPOCH",
    "cmp::Ordering",
    "cmp::Reverse",
    "borrow::Cow",
    "marker::PhantomData",
    "process::Command",
    "process::Stdio",
    "process::Child",
    "process::Output",
    "process::ExitStatus",
    "process::ExitCode",
    "ffi::OsString",
    "ffi::OsStr",
    "ffi::CString",
    "ffi::CStr",
    "fmt::Formatter",
    "fmt::Result",
    "fmt::Error",
    "fmt::Arguments",
    "io::Error",
    "io::ErrorKind",
    "io::Result",
    "io::BufReader",
    "io::BufWriter",
    "io::Cursor",
    "io::Stdin",
    "io::Stdout",
    "io::Stderr",
    "io::SeekFrom",
    "io::LineWriter",
    "convert::Infallible",
    "num::ParseIntError",
    "num::ParseFloatError",
    "num::NonZeroU32",
    "num::NonZeroUsize",
    "num::NonZeroU64",
    "num::Wrapping",
    "ops::Range",
    "ops::RangeInclusive",
    "ops::ControlFlow",
    "ops::Bound",
    "pin::Pin",
    "task::Context",
    "task::Poll",
    "task::Waker",
    "mem::ManuallyDrop",
    "mem::MaybeUninit",
    "ptr::NonNull",
    "any::TypeId",
    "alloc::Layout",
    "alloc::System",
    "alloc::Global",
    "str::Utf8Error",
    "string::FromUtf8Error",
    "string::String",
    "vec::Vec",
    "boxed::Box",
    "option::Option",
    "result::Result",
    "net::TcpStream",
    "net::TcpListener",
    "net::UdpSocket",
    "net::SocketAddr",
    "net::IpAddr",
    "net::Ipv4Addr",
    "net::Ipv6Addr",
    "thread::JoinHandle",
    "thread::Thread",
    "thread::Builder",
    "thread::ThreadId",
    "env::Args",
    "env::Vars",
    "iter::Peekable",
    "str::Chars",
    "panic::Location",
    "panic::AssertUnwindSafe",
];

/// The prelude's traits (already in scope everywhere: importing them again changes
/// nothing), by path under `std::`.
const PRELUDE_TRAITS: &[&str] = &[
    "marker::Copy",
    "marker::Send",
    "marker::Sized",
    "marker::Sync",
    "marker::Unpin",
    "ops::Drop",
    "ops::Fn",
    "ops::FnMut",
    "ops::FnOnce",
    "borrow::ToOwned",
    "clone::Clone",
    "cmp::PartialEq",
    "cmp::PartialOrd",
    "cmp::Eq",
    "cmp::Ord",
    "convert::AsRef",
    "convert::AsMut",
    "convert::Into",
    "convert::From",
    "convert::TryFrom",
    "convert::TryInto",
    "default::Default",
    "iter::Iterator",
    "iter::Extend",
    "iter::IntoIterator",
    "iter::DoubleEndedIterator",
    "iter::ExactSizeIterator",
    "iter::FromIterator",
    "string::ToString",
];

/// What a `use` of `path` (whitespace removed, `::`-separated, `*` for a glob; an alias
/// aside) can bring into method resolution. Only paths under `std`, `core` or `alloc`
/// (written `::std` too) are known; a `self::`/`crate::`/`super::` path or another crate's
/// may name a trait under any name.
fn imported_methods(path: &str) -> Imported {
    let path = path.trim_start_matches("::");
    let Some(rest) = ["std::", "core::", "alloc::"]
        .iter()
        .find_map(|root| path.strip_prefix(root))
    else {
        return Imported::Unknown;
    };
    if matches!(path, "std" | "core" | "alloc") {
        return Imported::NoTrait;
    }
    let last = rest.rsplit("::").next().unwrap_or(rest);
    if last == "*" {
        return match rest {
            "io::prelude::*" => Imported::Methods(&[
                "write",
                "write_all",
                "flush",
                "write_fmt",
                "by_ref",
                "write_vectored",
                "is_write_vectored",
                "write_all_vectored",
                "read",
                "read_to_end",
                "read_to_string",
                "read_exact",
                "bytes",
                "chain",
                "take",
                "read_vectored",
                "is_read_vectored",
                "read_buf",
                "read_buf_exact",
                "fill_buf",
                "consume",
                "read_until",
                "read_line",
                "lines",
                "split",
                "has_data_left",
                "skip_until",
                "seek",
                "rewind",
                "stream_position",
                "stream_len",
                "seek_relative",
            ]),
            _ => Imported::Unknown,
        };
    }
    if last
        .chars()
        .next()
        .is_some_and(|c| c.is_lowercase() || c == '_')
    {
        // `std` names no trait in lower case: a module, a function, a macro.
        return Imported::NoTrait;
    }
    if STD_TYPES.contains(&rest) || PRELUDE_TRAITS.contains(&rest) {
        return Imported::NoTrait;
    }
    match STD_TRAITS.iter().find(|(p, _)| *p == rest) {
        Some((_, methods)) => Imported::Methods(methods),
        None => Imported::Unknown,
    }
}

/// Whether the top-level `use` of `file` starting at `use_byte`, importing `path` under its
/// own last segment `b` (no `as` anywhere in that `use`), provably imports no trait: `file`
/// writes `b { .. }` as a struct expression or a struct pattern, or `-> b` (also `-> b<..>`)
/// as the return type of a function with a body (which must be `Sized`: no trait object), in
/// neither case under a generic parameter `b` of that function or an enclosing impl or trait,
/// outside every inline module
/// and every block that declares an item, a `use` or a macro invocation of its own (which
/// could bind another `b` there). Such a path resolves in the type namespace, where a module
/// holds one `b`: the imported one (an item `b` of the module itself would clash with the
/// import, a glob's is shadowed by it), and a trait there is a compile error. So `a::b`'s
/// type-namespace item is a struct, union, variant or alias; its value and macro namespace
/// items hold no trait either.
fn imports_no_trait(file: &SourceFile, path: &str, use_byte: usize) -> bool {
    let text = file.text();
    let root = file.tree().root_node();
    let name = path.rsplit("::").next().unwrap_or(path);
    if name.is_empty()
        || matches!(name, "*" | "self" | "super" | "crate" | "Self" | "_")
        || !name.chars().all(|c| c.is_alphanumeric() || c == '_')
    {
        return false;
    }
    // The `use` itself: at the top level, with no alias.
    let mut c = root.walk();
    let Some(decl) = root
        .named_children(&mut c)
        .find(|n| n.kind() == "use_declaration" && n.start_byte() == use_byte)
    else {
        return false;
    };
    let mut aliased = false;
    crate::walk::preorder(decl, |cursor, _| {
        aliased |= cursor.node().kind() == "use_as_clause";
        !aliased
    });
    if aliased {
        return false;
    }
    let shadowing_block = |b: tree_sitter::Node<'_>| {
        let mut c = b.walk();
        let found = b.named_children(&mut c).any(|s| {
            let k = s.kind();
            k.ends_with("_item")
                || k == "use_declaration"
                || k == "extern_crate_declaration"
                || k == "macro_invocation"
                || (k == "expression_statement"
                    && s.named_child(0)
                        .is_some_and(|e| e.kind() == "macro_invocation"))
        });
        found
    };
    // A `#[cfg(..)]`/`#[cfg_attr(..)]` on the node or around it: the code may be compiled out.
    let is_cfg = |a: tree_sitter::Node<'_>| {
        matches!(a.kind(), "attribute_item" | "inner_attribute_item")
            && text[a.byte_range()].contains("cfg")
    };
    let cfg_gated = |a: tree_sitter::Node<'_>| {
        let mut prev = a.prev_sibling();
        while let Some(p) = prev {
            match p.kind() {
                "attribute_item" | "inner_attribute_item" if is_cfg(p) => return true,
                "attribute_item" | "inner_attribute_item" | "line_comment" | "block_comment" => {}
                _ => break,
            }
            prev = p.prev_sibling();
        }
        // Its own `#![cfg]`; an outer `#[cfg]` child of a list of items or statements is a
        // sibling's (checked above when the walk passes that sibling), not the list's.
        let mut c = a.walk();
        let list = matches!(a.kind(), "source_file" | "declaration_list" | "block");
        let own = a
            .children(&mut c)
            .any(|ch| is_cfg(ch) && (!list || ch.kind() == "inner_attribute_item"));
        own
    };
    let mut proven = false;
    crate::walk::preorder(root, |cursor, _| {
        if proven {
            return false;
        }
        let node = cursor.node();
        let head = match node.kind() {
            "mod_item" | "token_tree" | "macro_definition" => return false,
            "struct_expression" => node.child_by_field_name("name"),
            "struct_pattern" => node.child_by_field_name("type"),
            // `fn f(..) -> B { .. }`: the return type of a function with a body must be
            // `Sized`, which no trait (a `dyn B` object, spelled bare before edition 2021, an
            // error since) and no alias of one is, so `B` names no trait there. Generic
            // arguments (`B<T>`) change nothing. Not in a trait method without a body.
            "function_item" if node.child_by_field_name("body").is_some() => node
                .child_by_field_name("return_type")
                .map(|t| match t.kind() {
                    "generic_type" => t.child_by_field_name("type").unwrap_or(t),
                    _ => t,
                }),
            _ => None,
        };
        if let Some(_h) =
            head.filter(|h| h.kind() == "type_identifier" && &text[h.byte_range()] == name)
        {
            let mut up = Some(node);
            let mut clear = true;
            while let Some(a) = up {
                if (a.kind() == "block" && shadowing_block(a)) || cfg_gated(a) {
                    clear = false;
                    break;
                }
                // A generic parameter `B` of the function or of an enclosing impl or trait
                // is what `B` names there, not the import.
                if matches!(a.kind(), "function_item" | "impl_item" | "trait_item") {
                    if let Some(params) = a.child_by_field_name("type_parameters") {
                        crate::walk::preorder(params, |cursor, _| {
                            let n = cursor.node();
                            clear &= !(matches!(n.kind(), "type_identifier" | "identifier")
                                && &text[n.byte_range()] == name);
                            clear
                        });
                    }
                    if !clear {
                        break;
                    }
                }
                up = a.parent();
            }
            proven |= clear;
        }
        true
    });
    proven
}

/// Every path a module-level `use` of `file` imports (whitespace removed; `a::b::{self, c}`
/// is `a::b` and `a::b::c`; a glob ends in `*`), with the inline module it is in (`a::b`,
/// empty at the top level), the first byte of its `use` and the bytes it is in scope in: its inline module's, the whole file for one at the top level
/// or a `pub` one (another module's glob import can take it). A `use` inside a function,
/// impl, trait or block is local to it and left out.
#[allow(clippy::type_complexity)]
fn module_uses(file: &SourceFile) -> Vec<(String, String, usize, std::ops::Range<usize>)> {
    let text = file.text();
    let whole = 0..text.len();
    let mut out = Vec::new();
    // (depth, range, path) of the enclosing inline modules.
    let mut modules: Vec<(usize, std::ops::Range<usize>, String)> = Vec::new();
    let clean = |n: tree_sitter::Node<'_>| -> String {
        text[n.byte_range()]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let join = |a: &str, b: &str| {
        if a.is_empty() {
            b.to_string()
        } else {
            format!("{a}::{b}")
        }
    };
    crate::walk::preorder(file.tree().root_node(), |cursor, depth| {
        while modules.last().is_some_and(|(d, ..)| *d >= depth) {
            modules.pop();
        }
        let node = cursor.node();
        match node.kind() {
            "function_item" | "impl_item" | "trait_item" | "block" => false,
            "mod_item" => {
                let name = node
                    .child_by_field_name("name")
                    .map_or("", |n| &text[n.byte_range()]);
                let path = match modules.last() {
                    Some((.., p)) => format!("{p}::{name}"),
                    None => name.to_string(),
                };
                modules.push((depth, node.byte_range(), path));
                true
            }
            "use_declaration" => {
                let byte = node.start_byte();
                let public = {
                    let mut c = node.walk();
                    let p = node
                        .children(&mut c)
                        .any(|n| n.kind() == "visibility_modifier");
                    p
                };
                let scope = match modules.last() {
                    Some((_, r, _)) if !public => r.clone(),
                    _ => whole.clone(),
                };
                let module = modules.last().map(|(.., p)| p.clone()).unwrap_or_default();
                let mut todo: Vec<(tree_sitter::Node<'_>, String)> = node
                    .child_by_field_name("argument")
                    .into_iter()
                    .map(|a| (a, String::new()))
                    .collect();
                while let Some((n, prefix)) = todo.pop() {
                    match n.kind() {
                        "use_as_clause" => {
                            if let Some(p) = n.child_by_field_name("path") {
                                out.push((
                                    join(&prefix, &clean(p)),
                                    module.clone(),
                                    byte,
                                    scope.clone(),
                                ));
                            }
                        }
                        "use_list" => {
                            let mut c = n.walk();
                            for item in n.named_children(&mut c) {
                                todo.push((item, prefix.clone()));
                            }
                        }
                        "scoped_use_list" => {
                            let path = n
                                .child_by_field_name("path")
                                .map(|p| join(&prefix, &clean(p)))
                                .unwrap_or(prefix.clone());
                            if let Some(l) = n.child_by_field_name("list") {
                                todo.push((l, path));
                            }
                        }
                        "self" => out.push((prefix.clone(), module.clone(), byte, scope.clone())),
                        // A glob, a name, a path; anything unknown as written.
                        _ => {
                            let t = clean(n);
                            let t = t.strip_suffix("::self").map(str::to_string).unwrap_or(t);
                            out.push((join(&prefix, &t), module.clone(), byte, scope.clone()));
                        }
                    }
                }
                false
            }
            _ => true,
        }
    });
    out
}

#[cfg(test)]
mod import_tests {
    use super::*;

    #[test]
    fn imported_paths_and_what_they_bring() {
        let f = SourceFile::parse(
            Language::Rust,
            "use std::io::{self, Read as R, prelude::*};\nuse evil::Len;\nfn f() { use x::Y; }\n",
        )
        .unwrap();
        let paths: Vec<String> = module_uses(&f).into_iter().map(|(p, ..)| p).collect();
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(
            sorted,
            [
                "evil::Len",
                "std::io",
                "std::io::Read",
                "std::io::prelude::*"
            ]
        );
        assert!(matches!(imported_methods("std::io"), Imported::NoTrait));
        assert!(matches!(
            imported_methods("std::collections::HashMap"),
            Imported::NoTrait
        ));
        assert!(matches!(
            imported_methods("std::iter::Iterator"),
            Imported::NoTrait
        ));
        assert!(
            matches!(imported_methods("core::fmt::Write"), Imported::Methods(m) if m.contains(&"write_str"))
        );
        assert!(matches!(imported_methods("evil::Len"), Imported::Unknown));
        assert!(matches!(
            imported_methods("crate::util::helper"),
            Imported::Unknown
        ));
        assert!(matches!(
            imported_methods("std::os::unix::fs::PermissionsExt"),
            Imported::Unknown
        ));
        assert!(matches!(imported_methods("std::fmt::*"), Imported::Unknown));
    }
}
