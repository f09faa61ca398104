//! Symbols: named definitions with qualified paths, found by one cursor walk over the tree.
//!
//! See the crate docs for the exact rules of extents, bodies and qualified paths.

use std::fmt;

use serde::Serialize;
use tree_sitter::Node;

use crate::language::names;
use crate::language::profile::{Attach, NameRule, Placement, Profile, SymbolRule};
use crate::walk::preorder;
use crate::Language;

pub use crate::language::SymbolKind;

/// A byte range of a file with its 1-based, inclusive line range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Span {
    /// First byte (0-based, inclusive).
    pub start_byte: usize,
    /// End byte (exclusive).
    pub end_byte: usize,
    /// Line of the first byte (1-based).
    pub start_line: usize,
    /// Line of the last byte (1-based, inclusive); equal to `start_line` for an empty span.
    pub end_line: usize,
}

impl Span {
    pub(crate) fn from_nodes(first: Node<'_>, last: Node<'_>) -> Span {
        let start = first.start_position();
        let end = last.end_position();
        let (start_byte, end_byte) = (first.start_byte(), last.end_byte());
        let mut end_line = end.row + 1;
        if end.column == 0 && end_byte > start_byte && end_line > start.row + 1 {
            end_line -= 1;
        }
        Span {
            start_byte,
            end_byte,
            start_line: start.row + 1,
            end_line,
        }
    }

    /// The byte range.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start_byte..self.end_byte
    }

    /// Whether `other` lies inside this span.
    pub fn contains(&self, other: &Span) -> bool {
        self.start_byte <= other.start_byte && other.end_byte <= self.end_byte
    }
}

/// One named definition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Symbol {
    /// The qualified path, e.g. `UserService.create` or `<Parser as Display>::fmt`.
    pub path: String,
    /// The bare name, e.g. `create`, `fmt`, `impl Display for Parser`, `vec_of!`.
    pub name: String,
    /// What kind of definition it is.
    pub kind: SymbolKind,
    /// The definition with everything that belongs to it (decorators, attributes, doc
    /// comments, `export`).
    pub extent: Span,
    /// The body (block or member list), where the kind has one.
    pub body: Option<Span>,
    /// Index of the enclosing symbol in [`SourceFile::symbols`](crate::SourceFile::symbols).
    pub parent: Option<usize>,
    /// Rust only: the short form of a trait-impl member path (`Parser::fmt` for
    /// `<Parser as Display>::fmt`), which selectors also match.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_path: Option<String>,
    /// Prefix of the paths of symbols directly inside (the path, except for impl blocks).
    #[serde(skip)]
    pub(crate) scope: String,
    /// Short form of `scope` (Rust trait impls).
    #[serde(skip)]
    pub(crate) short_scope: Option<String>,
    /// Bytes of the node holding its members, when it is a container by its shape (a
    /// struct's field list, an enum's variant list, the object type of a TypeScript alias).
    #[serde(skip)]
    pub(crate) members: Option<(usize, usize)>,
}

impl Symbol {
    /// Whether a grant or selector path names this symbol: its path, or (Rust) its short form.
    pub fn matches(&self, path: &str) -> bool {
        self.path == path || self.short_path.as_deref() == Some(path)
    }

    /// Whether this symbol is a container, so that `add` may grant new symbols directly
    /// inside it: every class, impl, trait, interface and module/namespace
    /// ([`SymbolKind::is_container`]), a Rust struct with named fields, union or enum, a Go
    /// struct type, and a TypeScript type alias of an object type.
    pub fn is_container(&self) -> bool {
        self.kind.is_container() || self.members.is_some()
    }

    /// Whether variables and members declared directly inside are symbols: a kind that holds
    /// declarations ([`SymbolKind::holds_declarations`]) or a container by its shape.
    pub(crate) fn holds_declarations(&self) -> bool {
        self.kind.holds_declarations() || self.members.is_some()
    }

    /// Whether an `add` grant on `path` lets symbols be added directly inside this one: the
    /// path itself, or for an impl block the type or trait-impl it implements (`add Parser`
    /// covers every `impl Parser` block).
    pub fn is_add_target(&self, path: &str) -> bool {
        self.is_container()
            && (self.matches(path)
                || (self.kind == SymbolKind::Impl
                    && (self.scope == path || self.short_scope.as_deref() == Some(path))))
    }
}

/// A syntax error found in the tree: an `ERROR` node or a `MISSING` token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SyntaxError {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset.
    pub byte: usize,
    /// `error` for text the parser could not fit, `missing` for a token it had to assume.
    pub kind: SyntaxErrorKind,
    /// The offending text (at most 80 characters), or the missing token's kind.
    pub fragment: String,
}

/// The two ways tree-sitter marks broken syntax.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SyntaxErrorKind {
    /// Text that fits no rule (`ERROR`).
    Error,
    /// A token the parser assumed to be there (`MISSING`).
    Missing,
}

impl fmt::Display for SyntaxError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            SyntaxErrorKind::Error => write!(
                f,
                "{}:{}: syntax error at `{}`",
                self.line, self.column, self.fragment
            ),
            SyntaxErrorKind::Missing => write!(
                f,
                "{}:{}: missing `{}`",
                self.line, self.column, self.fragment
            ),
        }
    }
}

/// At most this many syntax errors are collected per file.
pub(crate) const MAX_SYNTAX_ERRORS: usize = 20;

/// What one walk over a tree finds.
pub(crate) struct Extracted {
    pub symbols: Vec<Symbol>,
    pub errors: Vec<SyntaxError>,
    /// Import statements and the symbol they are in.
    pub imports: Vec<(Span, Option<usize>)>,
    /// The walk stopped at its deadline: the rest is missing.
    pub cancelled: bool,
}

/// Walks the tree once with a cursor (no recursion: 10,000 nested blocks are fine) and
/// returns the symbols in document order of their definitions, and the syntax errors.
pub(crate) fn extract(
    language: Language,
    profile: &Profile,
    text: &str,
    root: Node<'_>,
    deadline: Option<std::time::Instant>,
) -> Extracted {
    // The walk is linear in the tree (no parent or sibling lookups, see `Level`), and it
    // still checks its deadline every few nodes.
    let mut seen = 0u32;
    let mut cancelled = false;
    let mut symbols: Vec<Symbol> = Vec::new();
    let mut errors = Vec::new();
    let mut imports = Vec::new();
    let want_errors = root.has_error();
    let sep = language.path_separator();
    // The enclosing symbols, innermost last (see `Enclosing`).
    let mut stack: Vec<Enclosing> = Vec::new();
    // The path from the root to the current node, one level per depth, with the siblings
    // seen before it: a node's parent and siblings without asking tree-sitter, which finds
    // them from the root (quadratic in the nesting depth).
    let mut path: Vec<Level<'_>> = Vec::new();
    preorder(root, |cursor, depth| {
        seen = seen.wrapping_add(1);
        if cancelled
            || (seen.is_multiple_of(64) && deadline.is_some_and(|d| std::time::Instant::now() >= d))
        {
            cancelled = true;
            return false;
        }
        while stack.last().is_some_and(|e| e.depth >= depth) {
            stack.pop();
        }
        let node = cursor.node();
        // A symbol drawn around one child of its defining node is done once the walk is
        // past that child (they are pushed last first, so the next one is on top).
        while stack
            .last()
            .is_some_and(|e| e.own.is_some_and(|(_, end)| node.start_byte() >= end))
        {
            stack.pop();
        }
        let enclosing = nearest(&stack, node);
        enter(&mut path, depth, node, profile, &mut symbols);
        if want_errors && (node.is_error() || node.is_missing()) && errors.len() < MAX_SYNTAX_ERRORS
        {
            let e = syntax_error(text, node);
            // Nested ERROR nodes often start at the same place: report each place once.
            if !errors
                .iter()
                .any(|o: &SyntaxError| o.byte == e.byte && o.kind == e.kind)
            {
                errors.push(e);
            }
        }
        if profile.is_import(node.kind_id()) {
            imports.push((Span::from_nodes(node, node), enclosing));
        }
        // A top-level `const x = require("m")` (JavaScript) is an import, not a symbol.
        let required = depth == 1
            && stack.is_empty()
            && profile
                .require
                .as_ref()
                .is_some_and(|r| is_require(r, text, node));
        if required {
            imports.push((Span::from_nodes(node, node), None));
        }
        if let Some(rule) = profile.rule(node.kind_id()).filter(|_| !required) {
            let parent = enclosing;
            // The depth of the enclosing symbol's defining node (0: the file).
            let parent_depth = stack
                .iter()
                .rev()
                .find(|e| Some(e.index) == parent)
                .map_or(0, |e| e.depth);
            let before = symbols.len();
            let owns = visit(
                language,
                profile,
                rule,
                text,
                &mut path,
                (parent, parent_depth),
                sep,
                &mut symbols,
            );
            // A file scope (C# `namespace A.B;`) encloses everything after it: it stays on the
            // stack until the walk ends.
            let at = if profile.file_scopes.contains(&node.kind()) {
                0
            } else {
                depth
            };
            // Last first: the first one is on top when the walk enters its child.
            let below = stack.len();
            for (index, own) in (before..symbols.len()).zip(owns).rev() {
                stack.push(Enclosing {
                    depth: at,
                    index,
                    own,
                    below,
                });
            }
        }
        true
    });
    // The walk is over: no more siblings will come.
    path.clear();
    Extracted {
        symbols,
        errors,
        imports,
        cancelled,
    }
}

/// A symbol around the nodes the walk visits.
struct Enclosing {
    /// Depth of its defining node.
    depth: usize,
    /// Its index in the symbols.
    index: usize,
    /// For a symbol drawn around one child of its defining node (a declarator of several,
    /// a Go spec of several): that child's bytes, outside which it encloses nothing.
    own: Option<(usize, usize)>,
    /// The stack's length before it and its siblings were pushed.
    below: usize,
}

/// The innermost symbol enclosing `node`: the top of the stack, unless that is drawn
/// around a child `node` is not in (the bytes between two declarators), then the one below
/// it and its siblings.
fn nearest(stack: &[Enclosing], node: Node<'_>) -> Option<usize> {
    let top = stack.last()?;
    match top.own {
        Some((start, end)) if !(start <= node.start_byte() && node.end_byte() <= end) => {
            top.below.checked_sub(1).map(|i| stack[i].index)
        }
        _ => Some(top.index),
    }
}

/// Whether `node` is a declaration whose every declarator is `name = require("m")`.
fn is_require(r: &crate::language::profile::Require, text: &str, node: Node<'_>) -> bool {
    if !r.declarations.contains(&node.kind()) {
        return false;
    }
    let mut cursor = node.walk();
    let mut declarators = 0;
    for d in node.named_children(&mut cursor) {
        if d.kind() == "comment" {
            continue;
        }
        if d.kind() != r.declarator {
            return false;
        }
        declarators += 1;
        let Some(call) = d.child_by_field_name(r.value_field) else {
            return false;
        };
        let callee_ok = call.kind() == r.call
            && call
                .child_by_field_name(r.function_field)
                .is_some_and(|f| f.kind() == r.identifier && node_text(text, f) == r.callee);
        let args: Vec<Node<'_>> = match call.child_by_field_name(r.arguments_field) {
            Some(a) => {
                let mut c = a.walk();
                a.named_children(&mut c).collect()
            }
            None => return false,
        };
        if !(callee_ok && args.len() == 1 && args[0].kind() == r.string) {
            return false;
        }
    }
    declarators > 0
}

fn syntax_error(text: &str, node: Node<'_>) -> SyntaxError {
    let pos = node.start_position();
    let line_start = node.start_byte() - pos.column;
    let column = text
        .get(line_start..node.start_byte())
        .map_or(pos.column, |s| s.chars().count())
        + 1;
    let (kind, fragment) = if node.is_missing() {
        (SyntaxErrorKind::Missing, node.kind().to_string())
    } else {
        let raw = text.get(node.byte_range()).unwrap_or("");
        let mut fragment: String = raw.chars().take(80).collect();
        if fragment.len() < raw.len() {
            fragment.push('…');
        }
        (SyntaxErrorKind::Error, fragment)
    };
    SyntaxError {
        line: pos.row + 1,
        column,
        byte: node.start_byte(),
        kind,
        fragment,
    }
}

fn node_text<'t>(text: &'t str, node: Node<'_>) -> &'t str {
    text.get(node.byte_range()).unwrap_or("")
}

/// Collapses runs of whitespace to one space (type names written across lines).
fn collapse(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `name` in the language's canonical spelling ([`names::canonical`]).
fn canon(language: Language, name: String) -> String {
    match names::canonical(language, &name) {
        std::borrow::Cow::Borrowed(_) => name,
        std::borrow::Cow::Owned(s) => s,
    }
}

/// The name of a definition from its name node: the identifier in canonical spelling; for
/// an ECMAScript member named by a string literal (`"delete"() {}`, `["delete"]() {}`), the
/// string's value when it is an identifier name (the same property key).
fn member_name(language: Language, text: &str, name_node: Node<'_>) -> String {
    let mut raw = collapse(node_text(text, name_node));
    // A C# qualified name (`namespace A . B`): its identifiers joined by `.`.
    if language == Language::CSharp && name_node.kind() == "qualified_name" {
        raw.retain(|c| !c.is_whitespace());
    }
    if language.is_ecmascript() {
        let literal = match name_node.kind() {
            "string" => Some(name_node),
            "computed_property_name" if name_node.named_child_count() == 1 => {
                name_node.named_child(0).filter(|c| c.kind() == "string")
            }
            _ => None,
        };
        if let Some(key) = literal.and_then(|l| names::string_key(node_text(text, l))) {
            return key;
        }
        if name_node.kind() == "number" {
            if let Some(key) = names::number_key(&raw) {
                return key;
            }
        }
    }
    canon(language, raw)
}

/// One symbol to be recorded: the defining node, its name, kind and body node.
struct Found<'t> {
    def: Node<'t>,
    name: String,
    kind: SymbolKind,
    /// The body node and the node it is a child of.
    body: Option<(Node<'t>, Node<'t>)>,
    /// Extent node when it is not `def` widened by wrappers (multi-declarator declarations).
    own_extent: bool,
    /// Child scope override (Rust impl blocks): (scope, short scope).
    scope: Option<(String, Option<String>)>,
    /// The extent reaches to the end of the file (a C# file-scoped namespace).
    to_end: bool,
    /// The node holding its members, when it is a container by its shape
    /// ([`Profile::members`]).
    members: Option<Node<'t>>,
    /// The extent is drawn from the statement `def` is the whole of (a test block's call).
    lift: bool,
}

#[allow(clippy::too_many_arguments)]
fn visit<'t>(
    language: Language,
    profile: &Profile,
    rule: &SymbolRule,
    text: &str,
    path: &mut [Level<'t>],
    // The enclosing symbol and the depth of its defining node (0: the file).
    (parent, parent_depth): (Option<usize>, usize),
    sep: &str,
    symbols: &mut Vec<Symbol>,
) -> Vec<Option<(usize, usize)>> {
    let mut owns = Vec::new();
    let Some(node) = path.last().map(|l| l.node) else {
        return owns;
    };
    let parent_kind = parent.map(|i| symbols[i].kind);
    let parent_holds = parent.map(|i| symbols[i].holds_declarations());
    // A container by its shape holds members only as direct children of its member list.
    let in_members = || match parent.and_then(|i| symbols[i].members) {
        None => true,
        Some((start, end)) => {
            path.len() >= 2 && {
                let up = path[path.len() - 2].node;
                (up.start_byte(), up.end_byte()) == (start, end)
            }
        }
    };
    let placed = match rule.placement {
        Placement::Anywhere => true,
        Placement::Declaration(scopes) => {
            parent_holds.is_none_or(|c| c)
                && path.len() >= 2
                && !path[(parent_depth + 1).min(path.len() - 1)..path.len() - 1]
                    .iter()
                    .any(|l| scopes.contains(&l.node.kind()))
        }
        Placement::Member => parent_holds == Some(true) && in_members(),
        Placement::TopLevel => parent.is_none() && path.len() == 2,
        Placement::Within(parents) => {
            // Up through the list nodes, the next node must be the enclosing symbol's own
            // (or the file): not an anonymous class, nor a class that is no symbol.
            let mut at = path.len().saturating_sub(2);
            let direct = path.len() >= 2 && parents.contains(&path[at].node.kind());
            while at > 0 && parents.contains(&path[at].node.kind()) {
                at -= 1;
            }
            direct && parent_holds.is_none_or(|c| c) && at == parent_depth
        }
    };
    if !placed {
        return owns;
    }
    let body = |n: Node<'t>| {
        rule.body
            .and_then(|f| n.child_by_field_name(f))
            .map(|b| (n, b))
    };
    let mut found: Vec<Found<'t>> = Vec::new();
    match &rule.name {
        NameRule::Field(field) | NameRule::Macro(field) | NameRule::Prefixed { field, .. } => {
            let Some(name_node) = node.child_by_field_name(field) else {
                return owns;
            };
            let mut name = member_name(language, text, name_node);
            if name.is_empty() {
                return owns;
            }
            match rule.name {
                NameRule::Macro(_) => name.push('!'),
                NameRule::Prefixed { prefix, .. } => name.insert_str(0, prefix),
                _ => {}
            }
            found.push(Found {
                def: node,
                name,
                kind: rule.kind,
                body: body(node),
                own_extent: false,
                scope: None,
                to_end: profile.file_scopes.contains(&node.kind()),
                members: profile.members(node),
                lift: false,
            });
        }
        NameRule::Embedded {
            name_field,
            type_field,
            qualified,
            qualified_name,
            generic,
            generic_type,
            identifier,
        } => {
            let mut cursor = node.walk();
            let names: Vec<Node<'t>> = node
                .children_by_field_name(name_field, &mut cursor)
                .filter(|n| n.is_named())
                .collect();
            let name_node = match names[..] {
                [one] => one,
                [] => {
                    // Embedded: the type's own name.
                    let Some(mut ty) = node.child_by_field_name(type_field) else {
                        return owns;
                    };
                    if ty.kind() == *generic {
                        let Some(inner) = ty.child_by_field_name(generic_type) else {
                            return owns;
                        };
                        ty = inner;
                    }
                    if ty.kind() == *qualified {
                        let Some(inner) = ty.child_by_field_name(qualified_name) else {
                            return owns;
                        };
                        ty = inner;
                    }
                    if ty.kind() != *identifier {
                        return owns;
                    }
                    ty
                }
                _ => return owns,
            };
            let name = canon(language, node_text(text, name_node).to_string());
            if name.is_empty() || name == "_" {
                return owns;
            }
            found.push(Found {
                def: node,
                name,
                kind: rule.kind,
                body: None,
                own_extent: false,
                scope: None,
                to_end: false,
                members: None,
                lift: false,
            });
        }
        NameRule::Fixed(name) => found.push(Found {
            def: node,
            name: name.to_string(),
            kind: rule.kind,
            body: body(node),
            own_extent: false,
            scope: None,
            to_end: false,
            members: None,
            lift: false,
        }),
        NameRule::Impl {
            trait_field,
            type_field,
            generic,
        } => {
            let bare = |n: Node<'_>| -> String {
                if generic.contains(&n.kind()) {
                    if let Some(inner) = n.child_by_field_name(type_field) {
                        return canon(language, collapse(node_text(text, inner)));
                    }
                }
                canon(language, collapse(node_text(text, n)))
            };
            let Some(ty) = node.child_by_field_name(type_field).map(bare) else {
                return owns;
            };
            let (name, scope, short) = match node.child_by_field_name(trait_field).map(bare) {
                Some(tr) => (
                    format!("impl {tr} for {ty}"),
                    format!("<{ty} as {tr}>"),
                    Some(ty),
                ),
                None => (format!("impl {ty}"), ty, None),
            };
            found.push(Found {
                def: node,
                name,
                kind: rule.kind,
                body: body(node),
                own_extent: false,
                scope: Some((scope, short)),
                to_end: false,
                members: None,
                lift: false,
            });
        }
        NameRule::Declarators {
            declarator,
            name_field,
            value_field,
            identifier,
            functions,
            classes,
            body_field,
            constant_keywords,
        } => {
            let mut cursor = node.walk();
            let declarators: Vec<Node<'t>> = node
                .named_children(&mut cursor)
                .filter(|c| c.kind() == *declarator)
                .collect();
            let is_const = node
                .children(&mut cursor)
                .any(|c| !c.is_named() && constant_keywords.contains(&c.kind()));
            let single = declarators.len() == 1;
            for d in declarators {
                let Some(name_node) = d.child_by_field_name(name_field) else {
                    continue;
                };
                if name_node.kind() != *identifier {
                    continue;
                }
                let value = d.child_by_field_name(value_field);
                let (kind, body) = match value {
                    Some(v) if functions.contains(&v.kind()) => (
                        SymbolKind::Function,
                        v.child_by_field_name(body_field).map(|b| (v, b)),
                    ),
                    Some(v) if classes.contains(&v.kind()) => (
                        SymbolKind::Class,
                        v.child_by_field_name(body_field).map(|b| (v, b)),
                    ),
                    _ if is_const => (SymbolKind::Constant, None),
                    _ => (SymbolKind::Variable, None),
                };
                let name = canon(language, node_text(text, name_node).to_string());
                found.push(Found {
                    def: if single { node } else { d },
                    name,
                    kind,
                    body,
                    own_extent: !single,
                    scope: None,
                    to_end: false,
                    members: None,
                    lift: false,
                });
            }
        }
        NameRule::Assignment {
            assignment,
            left_field,
            identifier,
        } => {
            let Some(first) = node.named_child(0) else {
                return owns;
            };
            if first.kind() != *assignment {
                return owns;
            }
            let Some(left) = first.child_by_field_name(left_field) else {
                return owns;
            };
            if left.kind() != *identifier {
                return owns;
            }
            let name = canon(language, node_text(text, left).to_string());
            let kind = if parent_kind.is_some_and(|k| k.has_methods()) {
                SymbolKind::Field
            } else if name.chars().any(|c| c.is_alphabetic())
                && !name.chars().any(|c| c.is_lowercase())
            {
                SymbolKind::Constant
            } else {
                rule.kind
            };
            found.push(Found {
                def: node,
                name,
                kind,
                body: None,
                own_extent: false,
                scope: None,
                to_end: false,
                members: None,
                lift: false,
            });
        }
        NameRule::MemberAssignment {
            assignment,
            left_field,
            right_field,
            member,
            object_field,
            property_field,
            root,
            property,
            functions,
            classes,
            body_field,
        } => {
            let mut cursor = node.walk();
            let children: Vec<Node<'t>> = node
                .named_children(&mut cursor)
                .filter(|c| c.kind() != "comment")
                .collect();
            let [first] = children[..] else {
                return owns;
            };
            if first.kind() != *assignment {
                return owns;
            }
            let (Some(left), Some(right)) = (
                first.child_by_field_name(left_field),
                first.child_by_field_name(right_field),
            ) else {
                return owns;
            };
            if right.kind() == *assignment {
                return owns;
            }
            // The chain, innermost (the root name) last.
            let mut segments: Vec<String> = Vec::new();
            let mut at = left;
            loop {
                if at.kind() == *member {
                    let (Some(object), Some(prop)) = (
                        at.child_by_field_name(object_field),
                        at.child_by_field_name(property_field),
                    ) else {
                        return owns;
                    };
                    // `a?.b` is not assignable; anything but `.name` is not a plain chain.
                    let dot = at.child_count() == 3 && at.child(1).is_some_and(|d| d.kind() == ".");
                    if prop.kind() != *property || !dot {
                        return owns;
                    }
                    segments.push(canon(language, node_text(text, prop).to_string()));
                    at = object;
                } else if at.kind() == *root {
                    segments.push(canon(language, node_text(text, at).to_string()));
                    break;
                } else {
                    return owns;
                }
            }
            if segments.len() < 2 {
                return owns;
            }
            segments.reverse();
            let (kind, body) = if functions.contains(&right.kind()) {
                (
                    SymbolKind::Function,
                    right.child_by_field_name(body_field).map(|b| (right, b)),
                )
            } else if classes.contains(&right.kind()) {
                (
                    SymbolKind::Class,
                    right.child_by_field_name(body_field).map(|b| (right, b)),
                )
            } else {
                (rule.kind, None)
            };
            found.push(Found {
                def: node,
                name: segments.join("."),
                kind,
                body,
                own_extent: false,
                scope: None,
                to_end: false,
                members: None,
                lift: false,
            });
        }
        NameRule::Specs {
            specs,
            lists,
            name_field,
            type_field,
            value_field,
            by_type,
            grouped,
            group_word,
        } => {
            let mut cursor = node.walk();
            let mut all: Vec<Node<'t>> = Vec::new();
            for c in node.named_children(&mut cursor) {
                if lists.contains(&c.kind()) {
                    let mut inner = c.walk();
                    all.extend(c.named_children(&mut inner));
                } else {
                    all.push(c);
                }
            }
            let kind_of = |k: &str| specs.iter().find(|(s, _)| *s == k).map(|(_, kind)| *kind);
            let spec_nodes: Vec<Node<'t>> = all
                .into_iter()
                .filter(|c| kind_of(c.kind()).is_some())
                .collect();
            let names_of = |spec: Node<'t>| -> Vec<Node<'t>> {
                let mut c = spec.walk();
                spec.children_by_field_name(name_field, &mut c)
                    .filter(|n| n.is_named())
                    .collect()
            };
            // A group whose values depend on each other: one symbol, named by its first name.
            let is_group = spec_nodes.iter().any(|sp| {
                sp.kind() == *grouped
                    && (sp.child_by_field_name(value_field).is_none()
                        || node_text(text, *sp).contains(group_word))
            });
            if is_group {
                let Some(first) = spec_nodes
                    .first()
                    .and_then(|sp| names_of(*sp).first().copied())
                else {
                    return owns;
                };
                found.push(Found {
                    def: node,
                    name: canon(language, node_text(text, first).to_string()),
                    kind: SymbolKind::Constant,
                    body: None,
                    own_extent: false,
                    scope: None,
                    to_end: false,
                    members: None,
                    lift: false,
                });
            } else {
                let single = spec_nodes.len() == 1;
                for sp in spec_nodes {
                    let names = names_of(sp);
                    let [name_node] = names[..] else {
                        continue;
                    };
                    let name = canon(language, node_text(text, name_node).to_string());
                    if name == "_" {
                        continue;
                    }
                    let mut kind = kind_of(sp.kind()).unwrap_or(rule.kind);
                    if let Some(ty) = sp.child_by_field_name(type_field) {
                        if let Some((_, k)) = by_type.iter().find(|(t, _)| *t == ty.kind()) {
                            kind = *k;
                        }
                    }
                    found.push(Found {
                        def: if single { node } else { sp },
                        name,
                        kind,
                        body: None,
                        own_extent: !single,
                        scope: None,
                        to_end: false,
                        members: profile.members(sp),
                        lift: false,
                    });
                }
            }
        }
        NameRule::Receiver {
            receiver_field,
            parameter,
            type_field,
            wrappers,
            generic,
            identifier,
            name_field,
        } => {
            let Some(receiver) = node.child_by_field_name(receiver_field) else {
                return owns;
            };
            let mut cursor = receiver.walk();
            let params: Vec<Node<'t>> = receiver
                .named_children(&mut cursor)
                .filter(|c| c.kind() != "comment")
                .collect();
            let [param] = params[..] else {
                return owns;
            };
            if param.kind() != *parameter {
                return owns;
            }
            let Some(mut ty) = param.child_by_field_name(type_field) else {
                return owns;
            };
            loop {
                if wrappers.contains(&ty.kind()) {
                    let mut c = ty.walk();
                    let inner: Vec<Node<'t>> = ty
                        .named_children(&mut c)
                        .filter(|n| n.kind() != "comment")
                        .collect();
                    let [one] = inner[..] else {
                        return owns;
                    };
                    ty = one;
                } else if ty.kind() == *generic {
                    let Some(inner) = ty.child_by_field_name(type_field) else {
                        return owns;
                    };
                    ty = inner;
                } else {
                    break;
                }
            }
            if ty.kind() != *identifier {
                return owns;
            }
            let Some(name_node) = node.child_by_field_name(name_field) else {
                return owns;
            };
            let name = format!(
                "{}.{}",
                canon(language, node_text(text, ty).to_string()),
                canon(language, node_text(text, name_node).to_string())
            );
            found.push(Found {
                def: node,
                name,
                kind: rule.kind,
                body: body(node),
                own_extent: false,
                scope: None,
                to_end: false,
                members: None,
                lift: false,
            });
        }
        NameRule::TestCall { .. } => {
            let statement = path.len().checked_sub(2).map(|l| path[l].node);
            if let Some((name, body)) = test_block(rule, text, node, statement) {
                found.push(Found {
                    def: node,
                    name,
                    kind: rule.kind,
                    body,
                    own_extent: false,
                    scope: None,
                    to_end: false,
                    members: None,
                    lift: true,
                });
            }
        }
        NameRule::DefaultExport {
            default_keyword,
            declaration_field,
            value_field,
            with_body,
            body_field,
        } => {
            let mut cursor = node.walk();
            let has_default = node
                .children(&mut cursor)
                .any(|c| !c.is_named() && c.kind() == *default_keyword);
            if !has_default {
                return owns;
            }
            let body = match (
                node.child_by_field_name(declaration_field),
                node.child_by_field_name(value_field),
            ) {
                // A declaration is named by its own rule; one without a name is `default`.
                (Some(decl), _) => {
                    if decl.child_by_field_name("name").is_some() {
                        return owns;
                    }
                    decl.child_by_field_name(body_field).map(|b| (decl, b))
                }
                (None, Some(value)) if with_body.contains(&value.kind()) => {
                    if value.child_by_field_name("name").is_some() {
                        // `export default function named() {}`: a function named `named`.
                        let name = canon(
                            language,
                            node_text(text, value.child_by_field_name("name").unwrap_or(value))
                                .to_string(),
                        );
                        let kind = if value.kind() == "class" {
                            SymbolKind::Class
                        } else {
                            SymbolKind::Function
                        };
                        found.push(Found {
                            def: node,
                            name,
                            kind,
                            body: value.child_by_field_name(body_field).map(|b| (value, b)),
                            own_extent: false,
                            scope: None,
                            to_end: false,
                            members: None,
                            lift: false,
                        });
                        None
                    } else {
                        value.child_by_field_name(body_field).map(|b| (value, b))
                    }
                }
                _ => None,
            };
            if found.is_empty() {
                let kind = match node.child_by_field_name(value_field).map(|v| v.kind()) {
                    Some("class") => SymbolKind::Class,
                    Some(k) if with_body.contains(&k) => SymbolKind::Function,
                    _ => rule.kind,
                };
                found.push(Found {
                    def: node,
                    name: "default".to_string(),
                    kind,
                    body,
                    own_extent: false,
                    scope: None,
                    to_end: false,
                    members: None,
                    lift: false,
                });
            }
        }
    }

    let mut siblings_cache: Option<Vec<Node<'t>>> = None;
    for f in found {
        let kind = match f.kind {
            SymbolKind::Function if parent_kind.is_some_and(|k| k.has_methods()) => {
                SymbolKind::Method
            }
            // A variable declared directly in a class (Java fields) is a field.
            SymbolKind::Variable if parent_kind.is_some_and(|k| k.has_methods()) => {
                SymbolKind::Field
            }
            k => k,
        };
        // The first and last node of the extent; `pending`: the extent node's next sibling
        // is yet to be walked (a trailing separator joins it then, in `enter`).
        let (first, last, pending) = if f.own_extent {
            // A declarator of a multi-declarator declaration: a child of `node`, not yet
            // walked; its siblings are the declaration's children, listed once.
            let d = f.def;
            let siblings = siblings_cache.get_or_insert_with(|| {
                let mut c = node.walk();
                node.children(&mut c).collect()
            });
            match siblings.iter().position(|c| *c == d) {
                Some(at) if d.start_byte() < d.end_byte() => {
                    let first = attached_start(profile, text, d, &siblings[..at]);
                    let next = siblings[at + 1..]
                        .iter()
                        .find(|c| c.end_byte() > d.end_byte());
                    let last = match next {
                        Some(next) if is_separator(profile, *next) => *next,
                        _ => d,
                    };
                    (first, last, None)
                }
                _ => slow_extent(profile, text, d),
            }
        } else {
            let level = if f.lift {
                widen(profile, &path[..path.len() - 1])
            } else {
                widen(profile, path)
            };
            let at = &path[level];
            if f.to_end && at.node.start_byte() < at.node.end_byte() {
                // To the end of the file: the root's last byte.
                let first = attached_start(profile, text, at.node, &at.before);
                (first, path[0].node, None)
            } else if at.node.start_byte() < at.node.end_byte() {
                let first = attached_start(profile, text, at.node, &at.before);
                (first, at.node, Some(level))
            } else {
                // Empty (not reached): tree-sitter's sibling rules for empty nodes differ.
                slow_extent(profile, text, at.node)
            }
        };
        let extent = Span::from_nodes(first, last);
        if let Some(level) = pending {
            path[level].pending.push((symbols.len(), first));
        }
        let body = f.body.map(|(owner, b)| body_span(profile, owner, b));
        let sep = match profile.field_separator {
            Some(field) if kind == SymbolKind::Field => field,
            _ => sep,
        };
        let (path, short_path, parent_scope, parent_short) = match parent {
            Some(p) => {
                let ps = &symbols[p];
                let short = ps
                    .short_scope
                    .as_ref()
                    .map(|s| format!("{s}{sep}{}", f.name));
                (
                    format!("{}{sep}{}", ps.scope, f.name),
                    short,
                    Some(ps.scope.clone()),
                    ps.short_scope.clone(),
                )
            }
            None => (f.name.clone(), None, None, None),
        };
        let (scope, short_scope) = match f.scope {
            Some((own, own_short)) => {
                let join = |prefix: Option<&String>, s: String| match prefix {
                    Some(p) => format!("{p}{sep}{s}"),
                    None => s,
                };
                let short =
                    own_short.map(|s| join(parent_short.as_ref().or(parent_scope.as_ref()), s));
                (
                    join(parent_scope.as_ref(), own),
                    short.or_else(|| parent_short.as_ref().map(|p| format!("{p}{sep}{}", f.name))),
                )
            }
            None => (path.clone(), short_path.clone()),
        };
        owns.push(f.own_extent.then(|| (f.def.start_byte(), f.def.end_byte())));
        symbols.push(Symbol {
            path,
            name: f.name,
            kind,
            extent,
            body,
            parent,
            short_path,
            scope,
            short_scope,
            members: f.members.map(|m| (m.start_byte(), m.end_byte())),
        });
    }
    owns
}

/// A test block (see [`NameRule::TestCall`]): `call` in `statement` (its parent): the name
/// and the callback's (function, body).
fn test_block<'t>(
    rule: &SymbolRule,
    text: &str,
    call: Node<'t>,
    statement: Option<Node<'t>>,
) -> Option<(String, Option<(Node<'t>, Node<'t>)>)> {
    let NameRule::TestCall {
        statement: statement_kind,
        function_field,
        arguments_field,
        member,
        object_field,
        property_field,
        identifier,
        property,
        strings,
        substitution,
        optional,
        optional_token,
        functions,
        body_field,
        names,
        modifiers,
    } = &rule.name
    else {
        return None;
    };
    // The call is the whole statement (`it(...)` or `it(...);`).
    let statement = statement.filter(|s| s.kind() == *statement_kind)?;
    if statement.named_child(0) != Some(call) {
        return None;
    }
    let optional_in = |n: Node<'_>| {
        let mut c = n.walk();
        let found = n
            .children(&mut c)
            .any(|k| k.kind() == *optional || k.kind() == optional_token.0);
        found
    };
    // The callee: a name, a chain of modifiers on it, or a call of such a chain.
    let chain = |mut at: Node<'t>| -> bool {
        loop {
            if at.kind() == *identifier {
                return names.contains(&node_text(text, at));
            }
            if at.kind() != *member || optional_in(at) {
                return false;
            }
            let (Some(object), Some(prop)) = (
                at.child_by_field_name(object_field),
                at.child_by_field_name(property_field),
            ) else {
                return false;
            };
            if prop.kind() != *property || !modifiers.contains(&node_text(text, prop)) {
                return false;
            }
            at = object;
        }
    };
    if optional_in(call) {
        return None;
    }
    let callee = call.child_by_field_name(function_field)?;
    let callee_ok = if callee.kind() == call.kind() {
        !optional_in(callee)
            && callee
                .child_by_field_name(function_field)
                .is_some_and(|inner| inner.kind() == *member && chain(inner))
    } else {
        chain(callee)
    };
    if !callee_ok {
        return None;
    }
    let arguments = call.child_by_field_name(arguments_field)?;
    let mut c = arguments.walk();
    let args: Vec<Node<'t>> = arguments
        .named_children(&mut c)
        .filter(|a| !a.is_extra())
        .collect();
    let title = *args.first()?;
    if !strings.contains(&title.kind()) {
        return None;
    }
    let mut c = title.walk();
    if title
        .named_children(&mut c)
        .any(|p| p.kind() == *substitution)
    {
        return None;
    }
    let name = crate::language::names::test_title(node_text(text, title))?;
    let body = args[1..]
        .iter()
        .find(|a| functions.contains(&a.kind()))
        .and_then(|f| f.child_by_field_name(body_field).map(|b| (*f, b)));
    Some((name, body))
}

/// One level of the walk's path: the node at that depth, the siblings walked before it,
/// and the symbols whose extent ends at it and takes a separator that follows it
/// (`(symbol, first node of its extent)`).
pub(crate) struct Level<'t> {
    node: Node<'t>,
    before: Vec<Node<'t>>,
    pending: Vec<(usize, Node<'t>)>,
}

/// Puts `node` at `depth` on the path: deeper levels are done (their pending symbols have
/// no next sibling); a node already at `depth` is the previous sibling of `node`.
fn enter<'t>(
    path: &mut Vec<Level<'t>>,
    depth: usize,
    node: Node<'t>,
    profile: &Profile,
    symbols: &mut [Symbol],
) {
    path.truncate(depth + 1);
    let Some(level) = path.get_mut(depth) else {
        path.push(Level {
            node,
            before: Vec::new(),
            pending: Vec::new(),
        });
        return;
    };
    let prev = std::mem::replace(&mut level.node, node);
    // tree-sitter's next sibling of a non-empty node: the first later one ending after it
    // (empty nodes right at its end are passed over).
    if !level.pending.is_empty() && node.end_byte() > prev.end_byte() {
        let separator = is_separator(profile, node);
        for (index, first) in level.pending.drain(..) {
            if separator {
                symbols[index].extent = Span::from_nodes(first, node);
            }
        }
    }
    level.before.push(prev);
}

/// An unnamed separator (`;`, `,`) that joins the definition before it.
fn is_separator(profile: &Profile, node: Node<'_>) -> bool {
    !node.is_named() && profile.separators.contains(&node.kind())
}

/// The first and last node of `node`'s extent found through tree-sitter's own parent and
/// sibling lookups (slow: from the root), for shapes the walk's path does not cover.
fn slow_extent<'t>(
    profile: &Profile,
    text: &str,
    node: Node<'t>,
) -> (Node<'t>, Node<'t>, Option<usize>) {
    let mut first = node;
    let mut reach = node;
    while let Some(prev) = reach.prev_sibling() {
        match attaches(profile, text, prev, prev.prev_sibling(), reach) {
            Reach::Attach => first = prev,
            Reach::Through => {}
            Reach::Stop => break,
        }
        reach = prev;
    }
    let last = match node.next_sibling() {
        Some(next) if is_separator(profile, next) => next,
        _ => node,
    };
    (first, last, None)
}

/// Widens the definition at the end of `path` to the wrappers around it
/// (`decorated_definition`, `export`): the level of the widened node.
fn widen(profile: &Profile, path: &[Level<'_>]) -> usize {
    let mut level = path.len().saturating_sub(1);
    while level > 0 && profile.is_wrapper(path[level - 1].node.kind_id()) {
        level -= 1;
    }
    level
}

/// The first of the preceding siblings (`before`, in document order) that attach to `node`
/// (or `node` itself).
fn attached_start<'t>(
    profile: &Profile,
    text: &str,
    node: Node<'t>,
    before: &[Node<'t>],
) -> Node<'t> {
    let mut first = node;
    // The topmost node passed over so far (a plain comment below an attribute).
    let mut reach = node;
    for (i, &prev) in before.iter().enumerate().rev() {
        let above = i.checked_sub(1).map(|j| before[j]);
        match attaches(profile, text, prev, above, reach) {
            Reach::Attach => first = prev,
            Reach::Through => {}
            Reach::Stop => break,
        }
        reach = prev;
    }
    first
}

/// What a preceding sibling is to the definition below it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Reach {
    /// It belongs to the definition (an attribute, a doc comment, a decorator).
    Attach,
    /// It is passed over ([`Attach::Through`]): it belongs to the definition only when
    /// something above it attaches.
    Through,
    /// The extent stops below it.
    Stop,
}

/// Whether `prev`, the sibling right before `first` (the definition, or the node passed
/// over last), attaches to it (doc comments, attributes, decorators); `above` is the sibling
/// before `prev`.
fn attaches(
    profile: &Profile,
    text: &str,
    prev: Node<'_>,
    above: Option<Node<'_>>,
    first: Node<'_>,
) -> Reach {
    let gap = text.get(prev.end_byte()..first.start_byte()).unwrap_or("x");
    if !gap.chars().all(char::is_whitespace) {
        return Reach::Stop;
    }
    let blank_line = gap.matches('\n').count() > 1;
    let attach = profile.attach.iter().any(|a| match a {
        Attach::Node(kind) => prev.kind() == *kind,
        Attach::Through(_) => false,
        Attach::DocComment {
            node: kind,
            prefixes,
            except,
            adjacent,
            own_line,
        } => {
            let t = node_text(text, prev);
            // A comment after code on its line is that code's (a trailing comment).
            let trailing = *own_line
                && above.is_some_and(|a| {
                    !profile.comments.contains(&a.kind())
                        && a.end_position().row == prev.start_position().row
                });
            prev.kind() == *kind
                && !trailing
                && !(*adjacent && blank_line)
                && prefixes.iter().any(|p| t.starts_with(p))
                && !except.iter().any(|p| t.starts_with(p))
        }
    });
    if attach {
        Reach::Attach
    } else if profile
        .attach
        .iter()
        .any(|a| matches!(a, Attach::Through(kind) if prev.kind() == *kind))
    {
        Reach::Through
    } else {
        Reach::Stop
    }
}

/// The body span; a Python docstring first in the body is left out of it (it belongs to
/// the signature).
fn body_span<'t>(profile: &Profile, owner: Node<'t>, body: Node<'t>) -> Span {
    // Comments between the signature and the body node (Python puts a comment on the line
    // after `def f():` outside the block) belong to the body: the run of extras right
    // before it among `owner`'s children.
    let mut cursor = owner.walk();
    let mut run: Option<Node<'t>> = None;
    let mut found = None;
    for c in owner.children(&mut cursor) {
        if c == body {
            found = Some(run.unwrap_or(body));
            break;
        }
        if c.is_extra() && !c.is_error() {
            run.get_or_insert(c);
        } else {
            run = None;
        }
    }
    let first = match found {
        Some(first) if body.start_byte() < body.end_byte() => first,
        // Not a child of `owner`, or empty (not reached): ask tree-sitter.
        _ => {
            let mut first = body;
            while let Some(prev) = first.prev_sibling() {
                if !prev.is_extra() || prev.is_error() {
                    break;
                }
                first = prev;
            }
            first
        }
    };
    let span = Span::from_nodes(first, body);
    let Some(doc) = &profile.docstring else {
        return span;
    };
    let Some(first) = body.named_child(0) else {
        return span;
    };
    if first.kind() != doc.statement || first.named_child_count() != 1 {
        return span;
    }
    match first.named_child(0) {
        Some(s) if doc.is_string(s) => {
            let start = first.end_byte();
            let start_line = first.end_position().row + 1;
            Span {
                start_byte: start,
                end_byte: span.end_byte.max(start),
                start_line,
                end_line: span.end_line.max(start_line),
            }
        }
        _ => span,
    }
}
