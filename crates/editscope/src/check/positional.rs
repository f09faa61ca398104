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
//!   a metaclass, or passed to a call in the file: dataclasses, `NamedTuple`, attrs,
//!   pydantic models, `Enum` and `Flag`; a class that is a `TypedDict` and nothing else,
//!   [`typed_dict_only`], keeps the index rule): the tokens of every field and nested class
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
    /// Counted from the last explicit value before it (`None`: the start) at this distance,
    /// with the conditional attributes of the members it counts over (from that one on).
    Counted(Option<String>, usize, Vec<String>),
    /// Its index among the members, with the conditional attributes of the members before
    /// it.
    Index(usize, Vec<String>),
    /// Python (a class that can be a dataclass, `NamedTuple`, attrs class or `Enum`): the
    /// SHA-256 of the tokens of every member before it, in order (each one's name, annotation
    /// and value), and how many there are.
    Preceded([u8; 32], usize),
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
    /// A Python class: by [`Key::Preceded`] where the class can generate code from its
    /// field list ([`python_shape`]), else by index among its fields.
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
fn members(
    file: &SourceFile,
    c: usize,
    children: &[usize],
    rule: Rule,
    shape: Shape,
) -> Option<Vec<Member>> {
    let symbols = file.symbols();
    let by_name = |name: &str, kind: SymbolKind| {
        children
            .iter()
            .copied()
            .find(|i| symbols[*i].name == name && symbols[*i].kind == kind)
    };
    match rule {
        Rule::Python => {
            if shape == Shape::Plain {
                return members(file, c, children, Rule::Index(SymbolKind::Field), shape);
            }
            use sha2::Digest as _;
            let mut out = Vec::new();
            // A dataclass's fields come after its bases' (those of this file, by name).
            let mut before: Vec<String> = Vec::new();
            inherited(file, c, &mut before, &mut HashSet::new());
            let mut hash = sha2::Sha256::new();
            let mut count = 0;
            let feed = |hash: &mut sha2::Sha256, t: &str| {
                hash.update(t.len().to_le_bytes());
                hash.update(t.as_bytes());
            };
            for t in &before {
                feed(&mut hash, t);
                count += 1;
            }
            for &i in children {
                let s = &symbols[i];
                // Fields, nested classes (an `Enum` member before Python 3.13) and methods
                // decorated `@member` / `@enum.member` (an `Enum` member since 3.11).
                let member_method = s.kind == SymbolKind::Method
                    && file.text()[s.extent.range()]
                        .lines()
                        .any(|l| l.trim_start().starts_with('@') && l.contains("member"));
                if !matches!(s.kind, SymbolKind::Field | SymbolKind::Class) && !member_method {
                    continue;
                }
                out.push(Member {
                    name: s.name.clone(),
                    symbol: Some(i),
                    key: Key::Preceded(hash.clone().finalize().into(), count),
                });
                let t = match shape {
                    Shape::Decorated => field_shape(file, s),
                    _ => tokens(file, s.extent.range()),
                };
                feed(&mut hash, &t);
                count += 1;
            }
            Some(out)
        }
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
            for (n, i) in children
                .iter()
                .filter(|i| symbols[**i].kind == kind)
                .enumerate()
            {
                out.push(Member {
                    name: symbols[*i].name.clone(),
                    symbol: Some(*i),
                    key: Key::Index(n, before.clone()),
                });
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
pub(super) fn class_node<'t>(
    file: &'t SourceFile,
    s: &crate::Symbol,
) -> Option<tree_sitter::Node<'t>> {
    let body = s.body?;
    let mut node = file
        .tree()
        .root_node()
        .descendant_for_byte_range(body.start_byte, body.end_byte)?;
    while node.byte_range() != (body.start_byte..body.end_byte) {
        node = node.parent()?;
    }
    // A block of one statement has its range: up to the block.
    while let Some(p) = node
        .parent()
        .filter(|p| p.byte_range() == node.byte_range())
    {
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
                if m.parent == Some(b) && matches!(m.kind, SymbolKind::Field | SymbolKind::Class) {
                    out.push(tokens(file, symbols[i].extent.range()));
                }
            }
        }
    }
}

/// How a Python class's field list is read ([`python_shape`]).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Shape {
    /// No decorator, no class arguments, passed to no call: only its fields' indices count.
    Plain,
    /// Decorated, without class arguments (`@dataclass`, `@attr.s`, `@define`): no `Enum`
    /// (which needs a base), so a literal default value (`= 0`, `= "x"`) places nothing.
    Decorated,
    /// With class arguments (a base: `NamedTuple`, `TypedDict`, `Enum`, `Flag`, a pydantic
    /// model; a metaclass; type parameters), or passed to a call: every token counts.
    Generated,
}

/// Whether Python class `c` of `file` may generate code from its field list, and how:
/// a decorator (`@dataclass`, `@attr.s`, `@define`), class arguments, or its name passed to a
/// call in the file (`dataclass(Point)`; `passed`, from [`call_arguments`]). A plain class
/// (`class C:` given to no call) has no field list the language reads.
fn python_shape(file: &SourceFile, c: usize, passed: &HashSet<String>) -> Shape {
    let s = &file.symbols()[c];
    let Some(node) = class_node(file, s) else {
        return Shape::Generated;
    };
    if node.child_by_field_name("type_parameters").is_some() {
        return Shape::Generated;
    }
    // Before `passed`: a `TypedDict` named as another's class argument is no call's value.
    if node.child_by_field_name("superclasses").is_some() {
        return if typed_dict_only(file, node, &mut Vec::new()) {
            Shape::Plain
        } else {
            Shape::Generated
        };
    }
    if passed.contains(&s.name) {
        return Shape::Generated;
    }
    let mut cursor = node.walk();
    let decorators: Vec<String> = node
        .parent()
        .filter(|p| p.kind() == "decorated_definition")
        .map(|p| {
            p.named_children(&mut cursor)
                .filter(|d| d.kind() == "decorator")
                .map(|d| file.text()[d.byte_range()].to_string())
                .collect()
        })
        .unwrap_or_default();
    if decorators.is_empty() {
        return if file.text()[s.extent.range()].trim_start().starts_with('@') {
            Shape::Generated
        } else {
            Shape::Plain
        };
    }
    // Only the dataclass and attrs decorators are known to place fields by their
    // annotations and `field()` calls alone; any other decorator may read the values.
    let known = decorators.iter().all(|d| {
        let name = d
            .trim_start_matches('@')
            .split(|c: char| c == '(' || c.is_whitespace() || c == '#')
            .find(|w| !w.is_empty())
            .unwrap_or("");
        matches!(
            name,
            "dataclass"
                | "dataclasses.dataclass"
                | "pydantic.dataclasses.dataclass"
                | "attr.s"
                | "attr.attrs"
                | "attr.define"
                | "attr.frozen"
                | "attr.mutable"
                | "attrs.define"
                | "attrs.frozen"
                | "attrs.mutable"
                | "define"
                | "frozen"
                | "mutable"
        )
    });
    if known {
        Shape::Decorated
    } else {
        Shape::Generated
    }
}

/// Words whose presence in a Python file lets code rebind a name or reach a class's
/// creation without writing the name as an identifier (`globals()["TypedDict"] = f`,
/// `setattr(m, "A", f)`, `exec`, a base's `__init_subclass__`): a file holding any of them
/// has no [`typed_dict_only`] class.
const TYPED_DICT_SPOILERS: &[&str] = &[
    "globals",
    "locals",
    "vars",
    "setattr",
    "exec",
    "eval",
    "compile",
    "__dict__",
    "__import__",
    "importlib",
    "builtins",
    "__builtins__",
    "__init_subclass__",
    "__class__",
    "__bases__",
    "__mro_entries__",
    "__prepare__",
    "sys",
];

/// Whether Python class `node` of `file` is a `TypedDict` and nothing else, so its field list
/// generates nothing positional (its fields are keys: `__required_keys__`,
/// `__optional_keys__` and `__annotations__` hold each by its own name and annotation, and
/// the type's constructor is `dict`'s, by keyword) and it reads as a plain class
/// ([`Shape::Plain`]: fields by index). It holds when:
///
/// - the class is undecorated, and its class arguments are only `TypedDict`, classes of the
///   file for which this holds (each the one class of that name in the file), and `total=`;
/// - `TypedDict` is imported from `typing` or `typing_extensions` by name (`from typing
///   import TypedDict`), and every identifier `TypedDict` of the file is that import or a
///   class argument; every identifier naming the class or such a base class is its class
///   name (one class of that name in the file), a class argument or inside an annotation
///   (`Unpack[GetKwargs]`): nothing rebinds them, and no call is given them;
/// - the file has no wildcard import but from `typing`/`typing_extensions`, and none of
///   [`TYPED_DICT_SPOILERS`] as a word (the ways to rebind a name or hook class creation
///   without writing it).
///
/// `stack` holds the classes being checked (a cycle fails).
fn typed_dict_only(file: &SourceFile, node: tree_sitter::Node<'_>, stack: &mut Vec<usize>) -> bool {
    let text = file.text();
    if stack.contains(&node.start_byte()) || stack.len() > 16 {
        return false;
    }
    if node
        .parent()
        .is_some_and(|p| p.kind() == "decorated_definition")
    {
        return false;
    }
    let Some(args) = node.child_by_field_name("superclasses") else {
        return false;
    };
    let words = || {
        text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .filter(|w| !w.is_empty())
    };
    if words().any(|w| TYPED_DICT_SPOILERS.contains(&w)) {
        return false;
    }
    stack.push(node.start_byte());
    let mut ok = true;
    let mut typed_dict = false;
    let mut bases: Vec<String> = Vec::new();
    let mut cursor = args.walk();
    for a in args.named_children(&mut cursor) {
        match a.kind() {
            "identifier" if &text[a.byte_range()] == "TypedDict" => typed_dict = true,
            "identifier" => bases.push(text[a.byte_range()].to_string()),
            "keyword_argument"
                if a.child_by_field_name("name")
                    .is_some_and(|n| &text[n.byte_range()] == "total") => {}
            "comment" => {}
            _ => ok = false,
        }
    }
    if !ok || (!typed_dict && bases.is_empty()) {
        stack.pop();
        return false;
    }
    let own = node
        .child_by_field_name("name")
        .map(|n| text[n.byte_range()].to_string())
        .unwrap_or_default();
    // The class's own name is held to the same places as its bases'.
    let names: Vec<&str> = bases
        .iter()
        .map(String::as_str)
        .chain([own.as_str()])
        .collect();
    // Every identifier of the names involved, where it stands.
    let mut classes: Vec<(String, tree_sitter::Node<'_>)> = Vec::new();
    let mut imported = false;
    crate::walk::preorder(file.tree().root_node(), |cursor, _| {
        let n = cursor.node();
        if !ok {
            return false;
        }
        match n.kind() {
            // Annotations bind nothing.
            "type" => return false,
            "wildcard_import" => {
                let module = n
                    .parent()
                    .and_then(|p| p.child_by_field_name("module_name"))
                    .map(|m| &text[m.byte_range()]);
                if !matches!(module, Some("typing" | "typing_extensions")) {
                    ok = false;
                }
            }
            "identifier" => {
                let name = &text[n.byte_range()];
                let is_base = names.contains(&name);
                if name != "TypedDict" && !is_base {
                    return true;
                }
                let parent = n.parent();
                let in_args = parent.is_some_and(|p| {
                    p.kind() == "argument_list"
                        && p.parent().is_some_and(|c| {
                            c.kind() == "class_definition"
                                && c.child_by_field_name("superclasses") == Some(p)
                        })
                });
                if in_args {
                    return true;
                }
                if is_base
                    && parent.is_some_and(|p| {
                        p.kind() == "class_definition" && p.child_by_field_name("name") == Some(n)
                    })
                {
                    classes.push((name.to_string(), parent.unwrap_or(n)));
                    return true;
                }
                // `from typing import TypedDict` (no alias: the name is the import's own).
                let import = parent
                    .filter(|p| p.kind() == "dotted_name")
                    .and_then(|d| d.parent().map(|s| (d, s)))
                    .filter(|(d, s)| {
                        s.kind() == "import_from_statement"
                            && s.child_by_field_name("module_name") != Some(*d)
                            && s.child_by_field_name("module_name").is_some_and(|m| {
                                matches!(&text[m.byte_range()], "typing" | "typing_extensions")
                            })
                    });
                if name == "TypedDict" && import.is_some() {
                    imported = true;
                    return true;
                }
                ok = false;
            }
            _ => {}
        }
        true
    });
    if !ok || (typed_dict && !imported) {
        stack.pop();
        return false;
    }
    if classes.iter().filter(|(n, _)| *n == own).count() != 1 {
        stack.pop();
        return false;
    }
    for b in &bases {
        let mut of_name = classes.iter().filter(|(n, _)| n == b);
        match (of_name.next(), of_name.next()) {
            (Some((_, c)), None) if typed_dict_only(file, *c, stack) => {}
            _ => {
                stack.pop();
                return false;
            }
        }
    }
    stack.pop();
    true
}

/// The identifiers passed as arguments of a call anywhere in Python `file` (canonical),
/// but to `isinstance` and `issubclass`, which only read the class. Made once per file (a
/// warm baseline's is kept in its memo).
fn call_arguments(file: &SourceFile) -> &HashSet<String> {
    file.memo(crate::source::Slot::CallArguments, || {
        let mut out = HashSet::new();
        if file.language() != Language::Python {
            return out;
        }
        let text = file.text();
        // The ancestors of the node visited, one per depth (its parent is the last one): the
        // walk's own path, not `Node::parent` (which searches down from the root).
        let mut path: Vec<tree_sitter::Node<'_>> = Vec::new();
        // Kinds compared by id (a table of the kinds' names, not a name per node).
        let language = file.tree().language();
        let kinds: Vec<u8> = (0..language.node_kind_count())
            .map(|id| match language.node_kind_for_id(id as u16) {
                Some("identifier") => 1,
                Some("argument_list") => 2,
                Some("keyword_argument") => 3,
                _ => 0,
            })
            .collect();
        let kind = |n: tree_sitter::Node<'_>| kinds.get(n.kind_id() as usize).copied().unwrap_or(0);
        crate::walk::preorder(file.tree().root_node(), |cursor, depth| {
            let n = cursor.node();
            path.truncate(depth);
            let parent = depth.checked_sub(1).and_then(|d| path.get(d).copied());
            let grandparent = depth.checked_sub(2).and_then(|d| path.get(d).copied());
            path.push(n);
            let checked = || {
                grandparent
                    .and_then(|c| c.child_by_field_name("function"))
                    .is_some_and(|f| matches!(&text[f.byte_range()], "isinstance" | "issubclass"))
            };
            if kind(n) == 1 && parent.is_some_and(|p| (kind(p) == 2 && !checked()) || kind(p) == 3)
            {
                out.insert(
                    crate::language::names::canonical(Language::Python, &text[n.byte_range()])
                        .into_owned(),
                );
            }
            true
        });
        out
    })
}

/// A decorated class's field `s` as its place in the field list sees it: its tokens, with a
/// value that names nothing (a literal, `-1`, `"a" "b"`, `(1, 2)`: no identifier, so no
/// `field(...)`, `attr.ib()` or a name bound to one) as one placeholder.
fn field_shape(file: &SourceFile, s: &crate::Symbol) -> String {
    let range = s.extent.range();
    let value = file
        .tree()
        .root_node()
        .descendant_for_byte_range(range.start, range.end)
        .and_then(|n| {
            let mut n = n;
            while n.kind() != "expression_statement" {
                n = n.parent()?;
            }
            let a = n.named_child(0).filter(|a| a.kind() == "assignment")?;
            a.child_by_field_name("right")
        });
    let Some(v) = value else {
        return tokens(file, range);
    };
    let mut names = false;
    crate::walk::preorder(v, |cursor, _| {
        let k = cursor.node().kind();
        if matches!(
            k,
            "identifier" | "call" | "attribute" | "subscript" | "lambda"
        ) {
            names = true;
        }
        !names
    });
    if names || v.start_byte() < range.start || v.end_byte() > range.end {
        return tokens(file, range);
    }
    format!(
        "{}<literal>{}",
        tokens(file, range.start..v.start_byte()),
        tokens(file, v.end_byte()..range.end)
    )
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
    let (passed_b, passed_a) = (call_arguments(before), call_arguments(after));
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
        // One reading of the class for both versions: the more cautious one.
        let shape = if r == Rule::Python {
            python_shape(before, c, passed_b).max(python_shape(after, ca, passed_a))
        } else {
            Shape::Plain
        };
        let (Some(mb), Some(ma)) = (
            members(before, c, &kids_b[c], r, shape),
            members(after, ca, &kids_a[ca], r, shape),
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
                Rule::Python if matches!(m.key, Key::Preceded(..)) => "a member before it changed (added, deleted, moved, or its annotation or value edited: a `ClassVar`, `InitVar` or `KW_ONLY` annotation, `field(init=False)` or `kw_only=True`, an attrs `attr.ib()`, an `Enum` value that `auto()` counts from or that makes it an alias, `_ignore_`), which changes its place in the generated `__init__`, `__match_args__`, comparisons or its `Enum` value",
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

#[cfg(test)]
mod call_argument_tests {
    use super::*;

    /// The walk's own path gives the parents `Node::parent` gives: the same identifiers, on
    /// a file cut at every few bytes (broken ones too).
    #[test]
    fn call_arguments_are_those_node_parent_finds() {
        let base = "@dataclass\nclass P:\n    x: int = 0\n\ndataclass(P)\nf(a, b=c, *d, **e)\nisinstance(P, Q)\nclass R(S, metaclass=M):\n    g(h(i), j=k(l))\n";
        let reference = |file: &SourceFile| {
            let mut out = HashSet::new();
            let text = file.text();
            crate::walk::preorder(file.tree().root_node(), |cursor, _| {
                let n = cursor.node();
                let checked = |p: tree_sitter::Node<'_>| {
                    p.parent()
                        .and_then(|c| c.child_by_field_name("function"))
                        .is_some_and(|f| {
                            matches!(&text[f.byte_range()], "isinstance" | "issubclass")
                        })
                };
                if n.kind() == "identifier"
                    && n.parent().is_some_and(|p| {
                        (p.kind() == "argument_list" && !checked(p))
                            || p.kind() == "keyword_argument"
                    })
                {
                    out.insert(
                        crate::language::names::canonical(Language::Python, &text[n.byte_range()])
                            .into_owned(),
                    );
                }
                true
            });
            out
        };
        let mut texts = vec![base.to_string()];
        for at in (0..base.len()).step_by(3) {
            texts.push(format!(
                "{}{}",
                &base[..at],
                &base[(at + 2).min(base.len())..]
            ));
            texts.push(format!("{}(x, \n{}", &base[..at], &base[at..]));
        }
        for text in texts {
            let file = SourceFile::parse(Language::Python, text.as_str()).unwrap();
            assert_eq!(call_arguments(&file), &reference(&file), "{text}");
        }
    }
}
