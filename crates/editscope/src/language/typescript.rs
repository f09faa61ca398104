//! The TypeScript and TSX profile (one table; two grammars).
//!
//! A type alias of an object type (`type KyOptions = { a: string; b(): void }`) is a
//! container: its property and method signatures are members (`KyOptions.a`), as an
//! interface's are, and `add KyOptions` lets members be added. An alias of any other type
//! (an intersection, a union, a mapped type) is not: its object types are not members of
//! one definition (`{ a } & { a }` has two).

use std::sync::OnceLock;

use super::ecmascript::{rule, test_call, ATTACH, DECLARATORS, DEFAULT_EXPORT, FUNCTION_SCOPES};
use super::profile::{Container, NameRule, Placement, Profile, SymbolRule, Table};
use crate::language::SymbolKind;

const fn member(node: &'static str, kind: SymbolKind, body: Option<&'static str>) -> SymbolRule {
    SymbolRule {
        node,
        kind,
        name: NameRule::Field("name"),
        body,
        placement: Placement::Member,
    }
}

static RULES: &[SymbolRule] = &[
    rule("function_declaration", SymbolKind::Function, Some("body")),
    rule(
        "generator_function_declaration",
        SymbolKind::Function,
        Some("body"),
    ),
    rule("function_signature", SymbolKind::Function, None),
    rule("class_declaration", SymbolKind::Class, Some("body")),
    rule(
        "abstract_class_declaration",
        SymbolKind::Class,
        Some("body"),
    ),
    rule("interface_declaration", SymbolKind::Interface, Some("body")),
    rule("type_alias_declaration", SymbolKind::TypeAlias, None),
    rule("enum_declaration", SymbolKind::Enum, Some("body")),
    rule("internal_module", SymbolKind::Module, Some("body")),
    member("method_definition", SymbolKind::Method, Some("body")),
    member("method_signature", SymbolKind::Method, None),
    member("abstract_method_signature", SymbolKind::Method, None),
    member("public_field_definition", SymbolKind::Field, None),
    member("property_signature", SymbolKind::Field, None),
    SymbolRule {
        node: "lexical_declaration",
        kind: SymbolKind::Variable,
        name: DECLARATORS,
        body: None,
        placement: Placement::Declaration(FUNCTION_SCOPES),
    },
    SymbolRule {
        node: "variable_declaration",
        kind: SymbolKind::Variable,
        name: DECLARATORS,
        body: None,
        placement: Placement::Declaration(FUNCTION_SCOPES),
    },
    DEFAULT_EXPORT,
    test_call(("?.", false)),
];

static WRAPPERS: &[&str] = &["export_statement", "ambient_declaration"];
static OPAQUE: &[&str] = &["string", "template_string", "regex"];

/// One table for both grammars.
fn table() -> Table {
    Table {
        rules: RULES,
        wrappers: WRAPPERS,
        attach: ATTACH,
        separators: &[";", ","],
        imports: &["import_statement"],
        opaque: OPAQUE,
        docstring: None,
        require: None,
        file_scopes: &[],
        comments: &["comment"],
        containers: &[Container {
            node: "type_alias_declaration",
            field: "value",
            kinds: &["object_type"],
            inner: None,
        }],
        field_separator: None,
    }
}

pub(super) fn profile_typescript() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE
        .get_or_init(|| Profile::new(tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(), table()))
}

pub(super) fn profile_tsx() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(|| Profile::new(tree_sitter_typescript::LANGUAGE_TSX.into(), table()))
}
