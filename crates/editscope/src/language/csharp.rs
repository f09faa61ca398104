//! The C# profile.
//!
//! - Namespaces are path segments: `namespace A.B { class Foo { void Bar() {} } }` gives
//!   `A.B`, `A.B.Foo`, `A.B.Foo.Bar` (the qualified name is one segment, written without
//!   spaces). A file-scoped `namespace A.B;` is the same: its symbol reaches from the
//!   declaration to the end of the file and encloses every type after it.
//! - Types (`class`, `struct`, `interface`, `enum`, `record`, `record struct`, `delegate`) are
//!   symbols in the file, in namespaces and in other types (`Outer.Inner`).
//! - Members: methods (overloads share the path, and so do an explicit interface
//!   implementation and a method of that name), constructors named by their class (`Foo.Foo`,
//!   the static constructor too), the finalizer `Foo.~Foo`, operators (`Foo.operator+`,
//!   conversions `Foo.operator int`), the indexer `Foo.this`, properties and events (body:
//!   the accessor list), enum members (`Color.Red`) and fields. A field (or event field)
//!   declaration of one variable is one symbol with the declaration's extent (attributes,
//!   modifiers, type, `;`); one of several (`int a, b;`) is one symbol per variable, drawn as
//!   its declarator, leaving the shared type and modifiers to the type.
//! - Local functions, lambdas and top-level statements are no symbols: they belong to what
//!   contains them (top-level statements are code outside any symbol).
//! - Attributes (`[Serializable]`) are part of the declaration node; `///` XML doc comments
//!   (and `/** */`) above it belong to it, and so do plain comments between the two, as the
//!   compiler reads every doc comment of the declaration's leading trivia.
//!   (and `/** */`) above it belong to it, with any plain comments between them and it (as the
//!   compiler reads a declaration's leading trivia).
//! - `using` directives (also `global using`, `using static`, aliases) and `extern alias` are
//!   what an `imports` grant frees.

use std::sync::OnceLock;

use super::profile::{Attach, Container, NameRule, Placement, Profile, SymbolRule, Table};
use crate::language::SymbolKind;

/// Where a declaration is a symbol: in the file, or directly in a namespace's or type's
/// member list (not in a method body: local functions are none).
const WITHIN: Placement = Placement::Within(&["compilation_unit", "declaration_list"]);

/// A declaration named by its `name` field.
const fn decl(node: &'static str, kind: SymbolKind, body: Option<&'static str>) -> SymbolRule {
    SymbolRule {
        node,
        kind,
        name: NameRule::Field("name"),
        body,
        placement: WITHIN,
    }
}

/// A member whose name is `prefix` and a field's text.
const fn prefixed(
    node: &'static str,
    prefix: &'static str,
    field: &'static str,
    kind: SymbolKind,
    body: Option<&'static str>,
) -> SymbolRule {
    SymbolRule {
        node,
        kind,
        name: NameRule::Prefixed { prefix, field },
        body,
        placement: WITHIN,
    }
}

static RULES: &[SymbolRule] = &[
    decl("namespace_declaration", SymbolKind::Module, Some("body")),
    decl(
        "file_scoped_namespace_declaration",
        SymbolKind::Module,
        None,
    ),
    decl("class_declaration", SymbolKind::Class, Some("body")),
    decl("struct_declaration", SymbolKind::Struct, Some("body")),
    decl("interface_declaration", SymbolKind::Interface, Some("body")),
    decl("enum_declaration", SymbolKind::Enum, Some("body")),
    decl("record_declaration", SymbolKind::Class, Some("body")),
    decl("delegate_declaration", SymbolKind::TypeAlias, None),
    decl("method_declaration", SymbolKind::Method, Some("body")),
    decl("constructor_declaration", SymbolKind::Method, Some("body")),
    prefixed(
        "destructor_declaration",
        "~",
        "name",
        SymbolKind::Method,
        Some("body"),
    ),
    prefixed(
        "operator_declaration",
        "operator",
        "operator",
        SymbolKind::Method,
        Some("body"),
    ),
    prefixed(
        "conversion_operator_declaration",
        "operator ",
        "type",
        SymbolKind::Method,
        Some("body"),
    ),
    SymbolRule {
        node: "indexer_declaration",
        kind: SymbolKind::Field,
        name: NameRule::Fixed("this"),
        body: Some("accessors"),
        placement: WITHIN,
    },
    decl("property_declaration", SymbolKind::Field, Some("accessors")),
    decl("event_declaration", SymbolKind::Field, Some("accessors")),
    SymbolRule {
        node: "enum_member_declaration",
        kind: SymbolKind::Constant,
        name: NameRule::Field("name"),
        body: None,
        placement: Placement::Within(&["enum_member_declaration_list"]),
    },
    // The variables of a field or event field declaration (its `variable_declaration`).
    SymbolRule {
        node: "variable_declaration",
        kind: SymbolKind::Field,
        name: NameRule::Declarators {
            declarator: "variable_declarator",
            name_field: "name",
            value_field: "value",
            identifier: "identifier",
            functions: &[],
            classes: &[],
            body_field: "body",
            constant_keywords: &[],
        },
        body: None,
        placement: Placement::Within(&[
            "field_declaration",
            "event_field_declaration",
            "declaration_list",
        ]),
    },
];

/// `///` and `/** */` doc comments above a declaration are its own, also with plain comments
/// between them and the declaration (`/// <summary>` over `// ReSharper disable ...`): the
/// compiler reads every doc comment in the declaration's leading trivia as its documentation.
static ATTACH: &[Attach] = &[
    Attach::DocComment {
        node: "comment",
        prefixes: &["///", "/**"],
        except: &["////", "/**/"],
        adjacent: false,
        own_line: false,
    },
    // The compiler reads every doc comment in a declaration's leading trivia, whatever
    // plain comments stand between (`/// <summary>` then `// editscope: protect`): they
    // belong to it too.
    Attach::Through("comment"),
];

pub(super) fn profile() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        Profile::new(
            tree_sitter_c_sharp::LANGUAGE.into(),
            Table {
                rules: RULES,
                wrappers: &["field_declaration", "event_field_declaration"],
                attach: ATTACH,
                separators: &[",", ";"],
                imports: &["using_directive", "extern_alias_directive"],
                opaque: &[
                    "string_literal",
                    "verbatim_string_literal",
                    "raw_string_literal",
                    "character_literal",
                    "interpolated_string_expression",
                ],
                docstring: None,
                require: None,
                file_scopes: &["file_scoped_namespace_declaration"],
                comments: &["comment"],
                // Structs and enums hold their members (`add Money`, `add State`).
                containers: &[
                    Container {
                        node: "struct_declaration",
                        field: "body",
                        kinds: &["declaration_list"],
                        inner: None,
                    },
                    Container {
                        node: "enum_declaration",
                        field: "body",
                        kinds: &["enum_member_declaration_list"],
                        inner: None,
                    },
                ],
                field_separator: None,
            },
        )
    })
}

#[cfg(test)]
mod tests;
