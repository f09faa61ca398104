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
//!   the container's members.
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
    /// Counted from the last explicit value before it (`None`: the start) at this distance,
    /// with the conditional attributes of the members it counts over (from that one on).
    Counted(Option<String>, usize, Vec<String>),
    /// Its index among the members, with the conditional attributes of the members before
    /// it.
    Index(usize, Vec<String>),
}

/// A Python class member's annotation and value (whitespace removed).
#[derive(Default)]
struct PythonField {
    /// Its annotation (`None`: an assignment without one).
    annotation: Option<String>,
    /// Its value's text (empty: none).
    value: String,
    /// Whether the value is a call (`auto()`, `field(...)`).
    called: bool,
}

/// The annotation and value of Python field symbol `s` (`None`: not an assignment).
fn python_field(file: &SourceFile, s: &crate::Symbol) -> Option<PythonField> {
    let text = file.text();
    let mut node = file
        .tree()
        .root_node()
        .descendant_for_byte_range(s.extent.start_byte, s.extent.end_byte)?;
    while node.kind() != "assignment" {
        let mut c = node.walk();
        let next = node
            .named_children(&mut c)
            .find(|n| n.start_byte() < s.extent.end_byte && n.end_byte() > s.extent.start_byte);
        node = next?;
    }
    let clean = |n: tree_sitter::Node<'_>| -> String {
        text[n.byte_range()]
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect()
    };
    let right = node.child_by_field_name("right");
    Some(PythonField {
        annotation: node.child_by_field_name("type").map(clean),
        value: right.map(clean).unwrap_or_default(),
        called: right.is_some_and(|r| r.kind() == "call"),
    })
}

/// Whether an attribute's text may remove what it is on: `cfg`, `cfg_attr` (which can
/// expand to `cfg`), or any attribute naming them (a path, `r#cfg`): a member removed
/// shifts every later one.
fn conditional(attribute: &str) -> bool {
    attribute.contains("cfg")
}

/// The conditional attributes (whitespace removed) written in `range` of `file`, in order.
fn conditions_in(file: &SourceFile, range: std::ops::Range<usize>) -> Vec<String> {
    let text = file.text();
    let mut out = Vec::new();
    if range.start >= range.end || !text[range.clone()].contains("cfg") {
        return out;
    }
    let Some(node) = file
        .tree()
        .root_node()
        .descendant_for_byte_range(range.start, range.end)
    else {
        return out;
    };
    // The smallest node holding the range; its attributes inside the range.
    let mut top = node;
    while top.start_byte() > range.start || top.end_byte() < range.end {
        match top.parent() {
            Some(p) => top = p,
            None => break,
        }
    }
    crate::walk::preorder(top, |cursor, _| {
        let n = cursor.node();
        if n.end_byte() <= range.start || n.start_byte() >= range.end {
            return false;
        }
        if matches!(n.kind(), "attribute_item" | "inner_attribute_item") {
            let t = &text[n.byte_range()];
            if conditional(t) && n.start_byte() >= range.start {
                out.push(t.chars().filter(|c| !c.is_whitespace()).collect());
            }
            return false;
        }
        true
    });
    out
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
}

fn rule(lang: Language, kind: SymbolKind) -> Option<Rule> {
    match (lang, kind) {
        (Language::Rust | Language::CSharp, SymbolKind::Enum) => Some(Rule::Counted),
        (Language::Java, SymbolKind::Enum) => Some(Rule::Index(SymbolKind::Constant)),
        (Language::Rust | Language::CSharp, SymbolKind::Struct) => {
            Some(Rule::Index(SymbolKind::Field))
        }
        (Language::Go, SymbolKind::Struct) => Some(Rule::GoFields),
        (Language::Python, SymbolKind::Class) => Some(Rule::Index(SymbolKind::Field)),
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
        Rule::Index(kind) => {
            // Rust: a `#[cfg]` on a field removes it from the struct (from the start of the
            // member list, or of the container, to the end of each field).
            let rust = file.language() == Language::Rust;
            let mut at = symbols[c]
                .members
                .map(|(s, _)| s)
                .or(symbols[c].body.map(|b| b.start_byte))
                .unwrap_or(symbols[c].extent.start_byte);
            let mut before: Vec<String> = Vec::new();
            let mut out = Vec::new();
            let python = file.language() == Language::Python;
            // Python: the values of the members before (for one whose value is a call, an
            // Enum's `auto()`: counted from the last value before it).
            let mut values: Vec<String> = Vec::new();
            for (n, i) in children
                .iter()
                .filter(|i| symbols[**i].kind == kind)
                .enumerate()
            {
                let shape = if python {
                    python_field(file, &symbols[*i])
                } else {
                    None
                };
                let mut key = before.clone();
                if shape.as_ref().is_some_and(|s| s.called) {
                    key.extend(values.iter().cloned());
                }
                out.push(Member {
                    name: symbols[*i].name.clone(),
                    symbol: Some(*i),
                    key: Key::Index(n, key),
                });
                if python {
                    // A field stops being one of the constructor's positional fields by its
                    // annotation (`ClassVar`, `InitVar`, `KW_ONLY`, none) or by its call
                    // (`field(init=False)`, `field(kw_only=True)`).
                    let shape = shape.unwrap_or_default();
                    before.push(format!(
                        "{}|{}",
                        shape.annotation.as_deref().unwrap_or("-"),
                        if shape.called {
                            shape.value.as_str()
                        } else {
                            ""
                        }
                    ));
                    values.push(shape.value);
                }
                if rust {
                    let end = symbols[*i].extent.end_byte;
                    before.extend(conditions_in(file, at.min(end)..end));
                    at = at.max(end);
                }
            }
            Some(out)
        }
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
            // The conditional attributes of each member so far (its own and those before it
            // since the previous member), for the members counted from it.
            let mut conds: Vec<Vec<String>> = Vec::new();
            let mut pending: Vec<String> = Vec::new();
            let mut cursor = node.walk();
            for m in node.named_children(&mut cursor) {
                if m.is_error() || m.is_missing() {
                    return None;
                }
                if matches!(m.kind(), "attribute_item" | "attribute") {
                    let t = &text[m.byte_range()];
                    if conditional(t) {
                        pending.push(t.chars().filter(|c| !c.is_whitespace()).collect());
                    }
                    continue;
                }
                if m.kind() != item {
                    // Comments: no member.
                    continue;
                }
                let mut own = std::mem::take(&mut pending);
                if file.language() == Language::Rust {
                    own.extend(conditions_in(file, m.byte_range()));
                }
                conds.push(own);
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
                            key: Key::Index(n, Vec::new()),
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
                    None => {
                        let (v, at) = anchor.clone().unwrap_or((None, 0));
                        let over: Vec<String> = conds[at..out.len()].concat();
                        Key::Counted(v, out.len() - at, over)
                    }
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
