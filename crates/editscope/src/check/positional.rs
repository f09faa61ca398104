//! Positional members: a member whose value or meaning comes from its place among its
//! siblings.
//!
//! Enum variants without an explicit value are numbered from the one before them (Rust, C#,
//! `[Flags]` enums too: C# counts on by one, it never doubles); Java enum ordinals (and
//! `values()`, `compareTo`, `EnumSet`, switch tables) are positions; struct field order
//! drives Rust's derived `PartialOrd`/`Ord`/`Hash`/`Debug`, the layout of `#[repr(C)]`, Go
//! and C# structs, Go's unkeyed composite literals and `reflect` indices; a Python class's
//! field order is a dataclass's or `NamedTuple`'s positional constructor, its `order=True`
//! comparisons and an `Enum`'s `auto()` values and iteration order.
//!
//! So a grant on one member (an edit of its explicit value, a member added, deleted or
//! moved before another) can change every later member without touching its text. The
//! rule: each ungranted member present in both versions must keep its *position key*:
//!
//! - implicit-value enums (Rust, C#): a member with an explicit value keeps its own text
//!   (the skeleton compares it); one without is the last explicit value before it (its text,
//!   whitespace aside, or the start of the list) plus its distance from that member;
//! - Java enum constants, struct and class fields (Rust, Go, C#, Python): its index among
//!   the container's members;
//! - Python classes that can generate code from their field list (decorated, with bases or
//!   a metaclass, or passed to a call in the file: dataclasses, `NamedTuple`, `TypedDict`,
//!   attrs, pydantic models, `Enum` and `Flag`): the tokens of every field and nested class
//!   before it (names, annotations, values, comments aside). Turning a field into a
//!   `ClassVar`, an `InitVar` or the `_: KW_ONLY` marker, giving it `field(init=False)` or
//!   `kw_only=True`, an attrs `attr.ib()`, or changing an `Enum` value that a later `auto()`
//!   counts from or that a later member repeats (an alias), or `_ignore_`, changes the
//!   later members' place in `__init__`, `__match_args__`, comparisons, or their values,
//!   without touching their text. A member's own text is compared by the skeleton, and
//!   nothing after it changes what it means, so members after a granted one are free.
//!
//! Appending at the end (under `add` on the container) or deleting the last member keeps
//! every key; inserting, deleting or moving a member before an ungranted one, or editing
//! the explicit value an implicit one counts from, is a [`ViolationKind::Changed`] of that
//! member (or of its container when the member is no symbol: a Go field in a
//! `B, C string` list). A member list that cannot be read is a change of the container
//! when its text changed (fail closed).

use super::*;

/// What a member's value or meaning depends on besides its own text.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Key {
    /// Its explicit value: its own text, which the skeleton compares.
    Own,
    /// Counted from the last explicit value before it (`None`: the start) at this distance.
    Counted(Option<String>, usize),
    /// Its index among the members.
    Index(usize),
    /// Python (a class that can be a dataclass, `NamedTuple`, attrs class or `Enum`): the
    /// tokens of every member before it, in order (each one's name, annotation and value).
    Preceded(Vec<String>),
}

/// One member of a container, in source order.
struct Member {
    name: String,
    /// Its symbol, if it is one.
    symbol: Option<usize>,
    key: Key,
}

/// Whether members of a symbol of this kind and language are positional, and how.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// Implicit values counted from the previous member (Rust and C# enums).
    Counted,
    /// Index among the member symbols of these kinds.
    Index(SymbolKind),
    /// Index among the field names of a Go struct (a `B, C string` line holds two).
    GoFields,
    /// A Python class: by [`Key::Preceded`] where the class can generate code from its
    /// field list ([`python_shaped`]), else by index among its fields.
    Python,
}

fn rule(lang: Language, kind: SymbolKind) -> Option<Rule> {
    match (lang, kind) {
        (Language::Rust | Language::CSharp, SymbolKind::Enum) => Some(Rule::Counted),
        (Language::Java, SymbolKind::Enum) => Some(Rule::Index(SymbolKind::Constant)),
        (Language::Rust | Language::CSharp, SymbolKind::Struct) => {
            Some(Rule::Index(SymbolKind::Field))
        }
        (Language::Go, SymbolKind::Struct) => Some(Rule::GoFields),
        (Language::Python, SymbolKind::Class) => Some(Rule::Python),
        _ => None,
    }
}

/// The members of container `c` of `file` with their keys; `None` when the member list
/// cannot be read as expected.
fn members(file: &SourceFile, c: usize, children: &[usize], rule: Rule) -> Option<Vec<Member>> {
    let symbols = file.symbols();
    let by_name = |name: &str, kind: SymbolKind| {
        children
            .iter()
            .copied()
            .find(|i| symbols[*i].name == name && symbols[*i].kind == kind)
    };
    match rule {
        Rule::Python if !python_shaped(file, c) => {
            members(file, c, children, Rule::Index(SymbolKind::Field))
        }
        Rule::Python => {
            let mut out = Vec::new();
            // A dataclass's fields come after its bases' (those of this file, by name).
            let mut before: Vec<String> = Vec::new();
            inherited(file, c, &mut before, &mut HashSet::new());
            for &i in children {
                let s = &symbols[i];
                // Fields and nested classes (an `Enum` member before Python 3.13).
                if !matches!(s.kind, SymbolKind::Field | SymbolKind::Class) {
                    continue;
                }
                out.push(Member {
                    name: s.name.clone(),
                    symbol: Some(i),
                    key: Key::Preceded(before.clone()),
                });
                before.push(tokens(file, s.extent.range()));
            }
            Some(out)
        }
        Rule::Index(kind) => Some(
            children
                .iter()
                .filter(|i| symbols[**i].kind == kind)
                .enumerate()
                .map(|(n, i)| Member {
                    name: symbols[*i].name.clone(),
                    symbol: Some(*i),
                    key: Key::Index(n),
                })
                .collect(),
        ),
        Rule::Counted | Rule::GoFields => {
            // The member list (a container by its shape), else the body.
            let (start, end) = symbols[c]
                .members
                .or(symbols[c].body.map(|b| (b.start_byte, b.end_byte)))?;
            let text = file.text();
            let mut node = file
                .tree()
                .root_node()
                .descendant_for_byte_range(start, end)?;
            let (list, item, member_kind) = match (file.language(), rule) {
                (Language::Rust, Rule::Counted) => {
                    ("enum_variant_list", "enum_variant", SymbolKind::Variant)
                }
                (Language::CSharp, Rule::Counted) => (
                    "enum_member_declaration_list",
                    "enum_member_declaration",
                    SymbolKind::Constant,
                ),
                (Language::Go, Rule::GoFields) => (
                    "field_declaration_list",
                    "field_declaration",
                    SymbolKind::Field,
                ),
                _ => return None,
            };
            // The body may be the list itself or hold it (a Go `struct_type`).
            if node.kind() != list {
                let mut cursor = node.walk();
                node = node
                    .named_children(&mut cursor)
                    .find(|n| n.kind() == list)?;
            }
            let mut out = Vec::new();
            let mut anchor: Option<(Option<String>, usize)> = None;
            let mut cursor = node.walk();
            for m in node.named_children(&mut cursor) {
                if m.is_error() || m.is_missing() {
                    return None;
                }
                if m.kind() != item {
                    // Attributes, comments: no member.
                    continue;
                }
                if rule == Rule::GoFields {
                    let mut names = Vec::new();
                    let mut c2 = m.walk();
                    for n in m.children_by_field_name("name", &mut c2) {
                        names.push(text[n.byte_range()].to_string());
                    }
                    if names.is_empty() {
                        // An embedded field: named by its type (`*pkg.T` is `T`).
                        let t = m.child_by_field_name("type")?;
                        let t = &text[t.byte_range()];
                        let t = t.trim_start_matches('*');
                        let t = t.split('[').next().unwrap_or(t);
                        names.push(t.rsplit('.').next().unwrap_or(t).to_string());
                    }
                    for name in names {
                        let n = out.len();
                        out.push(Member {
                            symbol: by_name(&name, member_kind),
                            name,
                            key: Key::Index(n),
                        });
                    }
                    continue;
                }
                let name = &text[m.child_by_field_name("name")?.byte_range()];
                let key = match m.child_by_field_name("value") {
                    Some(v) => {
                        let v: String = text[v.byte_range()]
                            .chars()
                            .filter(|c| !c.is_whitespace())
                            .collect();
                        anchor = Some((Some(v), out.len()));
                        Key::Own
                    }
                    None => match &anchor {
                        Some((v, at)) => Key::Counted(v.clone(), out.len() - at),
                        None => Key::Counted(None, out.len()),
                    },
                };
                out.push(Member {
                    name: name.to_string(),
                    symbol: by_name(name, member_kind),
                    key,
                });
            }
            Some(out)
        }
    }
}

/// The text of the tokens of `range` of `file`, comments left out, one space between.
fn tokens(file: &SourceFile, range: std::ops::Range<usize>) -> String {
    let text = file.text();
    let Some(node) = file
        .tree()
        .root_node()
        .descendant_for_byte_range(range.start, range.end)
    else {
        return text[range].to_string();
    };
    let mut out = String::new();
    crate::walk::preorder(node, |cursor, _| {
        let n = cursor.node();
        if n.end_byte() <= range.start || n.start_byte() >= range.end || n.kind() == "comment" {
            return false;
        }
        if n.child_count() == 0 {
            let r = n.start_byte().max(range.start)..n.end_byte().min(range.end);
            out.push_str(&text[r]);
            out.push(' ');
        } else if n.kind() == "string" {
            // A string as written (its content's whitespace counts).
            out.push_str(&text[n.byte_range()]);
            out.push(' ');
            return false;
        }
        true
    });
    out
}

/// The `class_definition` node of Python class symbol `s` (the parent of its body).
fn class_node<'t>(file: &'t SourceFile, s: &crate::Symbol) -> Option<tree_sitter::Node<'t>> {
    let body = s.body?;
    let mut node = file
        .tree()
        .root_node()
        .descendant_for_byte_range(body.start_byte, body.end_byte)?;
    while node.byte_range() != (body.start_byte..body.end_byte) {
        node = node.parent()?;
    }
    // A block of one statement has its range: up to the block.
    while let Some(p) = node.parent().filter(|p| p.byte_range() == node.byte_range()) {
        node = p;
    }
    node.parent().filter(|p| p.kind() == "class_definition")
}

/// The tokens of the fields and nested classes of Python class `c`'s bases that are classes
/// of `file` (by name, through their own bases), appended to `out`: a dataclass's fields
/// follow its bases' fields in its `__init__`.
fn inherited(file: &SourceFile, c: usize, out: &mut Vec<String>, seen: &mut HashSet<usize>) {
    let symbols = file.symbols();
    let s = &symbols[c];
    let text = file.text();
    // The words of the class arguments (`class C(Base, metaclass=M):`).
    let Some(args) = class_node(file, s)
        .and_then(|n| n.child_by_field_name("superclasses"))
        .map(|n| &text[n.byte_range()])
    else {
        return;
    };
    for word in args.split(|ch: char| !(ch.is_alphanumeric() || ch == '_')) {
        if word.is_empty() {
            continue;
        }
        for (b, base) in symbols.iter().enumerate() {
            if base.kind != SymbolKind::Class || base.name != word || b == c || !seen.insert(b) {
                continue;
            }
            inherited(file, b, out, seen);
            for (i, m) in symbols.iter().enumerate() {
                if m.parent == Some(b) && matches!(m.kind, SymbolKind::Field | SymbolKind::Class)
                {
                    out.push(tokens(file, symbols[i].extent.range()));
                }
            }
        }
    }
}

/// Whether Python class `c` of `file` may generate code from its field list: it has a
/// decorator (`@dataclass`, `@attr.s`, `@define`), class arguments (a base: `NamedTuple`,
/// `TypedDict`, `Enum`, `Flag`, a pydantic model; a metaclass), or its name is passed to a
/// call in the file (`dataclass(Point)`). A plain class (`class C:` used by no call) has no
/// field list the language reads: only its fields' indices count.
fn python_shaped(file: &SourceFile, c: usize) -> bool {
    let s = &file.symbols()[c];
    let text = file.text();
    if text[s.extent.range()].trim_start().starts_with('@') {
        return true;
    }
    let Some(node) = class_node(file, s) else {
        return true;
    };
    if node.child_by_field_name("superclasses").is_some()
        || node.child_by_field_name("type_parameters").is_some()
    {
        return true;
    }
    // The class's name as an argument of a call anywhere in the file.
    let mut passed = false;
    crate::walk::preorder(file.tree().root_node(), |cursor, _| {
        let n = cursor.node();
        if passed {
            return false;
        }
        if n.kind() == "identifier"
            && crate::language::names::canonical(Language::Python, &text[n.byte_range()])
                == s.name.as_str()
            && n.parent()
                .is_some_and(|p| matches!(p.kind(), "argument_list" | "keyword_argument"))
        {
            passed = true;
        }
        true
    });
    passed
}

/// The positional rule (module docs): every ungranted member of an enum, struct or class
/// present in both versions keeps its position key.
pub(super) fn positional_shifts(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    let lang = before.language();
    let (sb, sa) = (before.symbols(), after.symbols());
    if !sb.iter().any(|s| rule(lang, s.kind).is_some()) {
        return;
    }
    let covered = Coverage::of(before, grants);
    // The direct children of each symbol, once per file.
    let children = |file: &SourceFile| {
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); file.symbols().len()];
        for (i, s) in file.symbols().iter().enumerate() {
            if let Some(p) = s.parent {
                out[p].push(i);
            }
        }
        out
    };
    let (kids_b, kids_a) = (children(before), children(after));
    // The n-th container of a path in `before` pairs with the n-th of that path in `after`.
    let mut nth_a: std::collections::HashMap<(&str, SymbolKind), Vec<usize>> =
        std::collections::HashMap::new();
    for (i, s) in sa.iter().enumerate() {
        if rule(lang, s.kind).is_some() {
            nth_a.entry((s.path.as_str(), s.kind)).or_default().push(i);
        }
    }
    let mut seen_b: std::collections::HashMap<(&str, SymbolKind), usize> =
        std::collections::HashMap::new();
    let mut reported: HashSet<usize> = HashSet::new();
    for (c, s) in sb.iter().enumerate() {
        let Some(r) = rule(lang, s.kind) else {
            continue;
        };
        let n = seen_b.entry((s.path.as_str(), s.kind)).or_default();
        let k = *n;
        *n += 1;
        let Some(ca) = nth_a
            .get(&(s.path.as_str(), s.kind))
            .and_then(|v| v.get(k))
            .copied()
        else {
            continue;
        };
        if covered.covered(c, true) {
            continue;
        }
        let mut report = |i: usize, byte: usize, message: String| {
            if !reported.insert(i) {
                return;
            }
            let s = &sb[i];
            out.push(Violation {
                changed_lines: Default::default(),
                kind: ViolationKind::Changed,
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
        let (Some(mb), Some(ma)) = (
            members(before, c, &kids_b[c], r),
            members(after, ca, &kids_a[ca], r),
        ) else {
            // Unreadable member list: fail closed when the container changed at all.
            if before.text()[s.extent.range()] != after.text()[sa[ca].extent.range()] {
                report(
                    c,
                    sa[ca].extent.start_byte,
                    format!(
                        "{} `{}` changed, and its member list could not be read to check that its ungranted members keep their positions; grant `edit` on `{}` to change it",
                        s.kind, s.path, s.path
                    ),
                );
            }
            continue;
        };
        for m in &mb {
            if m.symbol.is_some_and(|i| covered.covered(i, true)) {
                continue;
            }
            let Some(now) = ma.iter().find(|x| x.name == m.name) else {
                continue;
            };
            if now.key == m.key {
                continue;
            }
            let what = match r {
                Rule::Python if matches!(m.key, Key::Preceded(_)) => "a member before it changed (added, deleted, moved, or its annotation or value edited: a `ClassVar`, `InitVar` or `KW_ONLY` annotation, `field(init=False)` or `kw_only=True`, an attrs `attr.ib()`, an `Enum` value that `auto()` counts from or that makes it an alias, `_ignore_`), which changes its place in the generated `__init__`, `__match_args__`, comparisons or its `Enum` value",
                Rule::Counted => "its implicit value is counted from the member before it, and a granted change before it (an explicit value edited, a member added, deleted or moved) shifts it",
                _ => "its position among the members changed (a member added, deleted or moved before it), which changes ordinals, derived orderings and layout",
            };
            let byte = now
                .symbol
                .map_or(sa[ca].extent.start_byte, |i| sa[i].extent.start_byte);
            match m.symbol {
                Some(i) => report(
                    i,
                    byte,
                    format!(
                        "{} `{}` changes without being edited: {what}; grant `edit` on `{}` to change it",
                        sb[i].kind, sb[i].path, sb[i].path
                    ),
                ),
                None => report(
                    c,
                    byte,
                    format!(
                        "{} `{}` changes: its member `{}` is not granted and {what}; grant `edit` on `{}` to change it",
                        s.kind, s.path, m.name, s.path
                    ),
                ),
            }
        }
    }
}
