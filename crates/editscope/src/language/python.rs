//! The Python profile.

use std::sync::OnceLock;

use super::profile::{Docstring, NameRule, Placement, Profile, SymbolRule, Table};
use crate::language::SymbolKind;

static RULES: &[SymbolRule] = &[
    SymbolRule {
        node: "function_definition",
        kind: SymbolKind::Function,
        name: NameRule::Field("name"),
        body: Some("body"),
        placement: Placement::Anywhere,
    },
    SymbolRule {
        node: "class_definition",
        kind: SymbolKind::Class,
        name: NameRule::Field("name"),
        body: Some("body"),
        placement: Placement::Anywhere,
    },
    SymbolRule {
        node: "expression_statement",
        kind: SymbolKind::Variable,
        name: NameRule::Assignment {
            assignment: "assignment",
            left_field: "left",
            identifier: "identifier",
        },
        body: None,
        placement: Placement::Declaration(&[]),
    },
    SymbolRule {
        node: "type_alias_statement",
        kind: SymbolKind::TypeAlias,
        name: NameRule::Field("left"),
        body: None,
        placement: Placement::Declaration(&[]),
    },
];

pub(super) fn profile() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        Profile::new(
            tree_sitter_python::LANGUAGE.into(),
            Table {
                rules: RULES,
                wrappers: &["decorated_definition"],
                attach: &[],
                separators: &[],
                imports: &[
                    "import_statement",
                    "import_from_statement",
                    "future_import_statement",
                ],
                opaque: &["string", "concatenated_string"],
                docstring: Some(Docstring {
                    statement: "expression_statement",
                    string: "string",
                    concatenated: "concatenated_string",
                    parenthesized: "parenthesized_expression",
                }),
                require: None,
                file_scopes: &[],
                comments: &["comment"],
                containers: &[],
                field_separator: None,
            },
        )
    })
}
