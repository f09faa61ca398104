//! The JavaScript / JSX profile (tree-sitter-javascript, which reads JSX in every file).
//!
//! The TypeScript table minus TypeScript's own syntax, plus the CommonJS and prototype
//! forms JavaScript defines things with: a top-level statement assigning to a member chain
//! of plain names (`exports.f = function () {}`, `module.exports.f = ...`,
//! `Foo.prototype.bar = function () {}`, `res.send = function () {}`) is a symbol named by
//! its left side.

use std::sync::OnceLock;

use super::ecmascript::{
    rule, test_call, ATTACH, DECLARATORS, DEFAULT_EXPORT, FUNCTIONS, FUNCTION_SCOPES,
};
use super::profile::{NameRule, Placement, Profile, Require, SymbolRule, Table};
use crate::language::SymbolKind;

static RULES: &[SymbolRule] = &[
    rule("function_declaration", SymbolKind::Function, Some("body")),
    rule(
        "generator_function_declaration",
        SymbolKind::Function,
        Some("body"),
    ),
    rule("class_declaration", SymbolKind::Class, Some("body")),
    SymbolRule {
        node: "method_definition",
        kind: SymbolKind::Method,
        name: NameRule::Field("name"),
        body: Some("body"),
        placement: Placement::Member,
    },
    SymbolRule {
        node: "field_definition",
        kind: SymbolKind::Field,
        name: NameRule::Field("property"),
        body: None,
        placement: Placement::Member,
    },
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
    SymbolRule {
        node: "expression_statement",
        kind: SymbolKind::Variable,
        name: NameRule::MemberAssignment {
            assignment: "assignment_expression",
            left_field: "left",
            right_field: "right",
            member: "member_expression",
            object_field: "object",
            property_field: "property",
            root: "identifier",
            property: "property_identifier",
            functions: FUNCTIONS,
            classes: &["class"],
            body_field: "body",
        },
        body: None,
        placement: Placement::TopLevel,
    },
    DEFAULT_EXPORT,
    test_call(("optional_chain", true)),
];

pub(super) fn profile() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        Profile::new(
            tree_sitter_javascript::LANGUAGE.into(),
            Table {
                rules: RULES,
                wrappers: &["export_statement"],
                attach: ATTACH,
                separators: &[";", ","],
                imports: &["import_statement"],
                opaque: &["string", "template_string", "regex"],
                docstring: None,
                require: Some(Require {
                    declarations: &["lexical_declaration", "variable_declaration"],
                    declarator: "variable_declarator",
                    value_field: "value",
                    call: "call_expression",
                    function_field: "function",
                    arguments_field: "arguments",
                    identifier: "identifier",
                    callee: "require",
                    string: "string",
                }),
                file_scopes: &[],
                comments: &["comment"],
                containers: &[],
                field_separator: None,
            },
        )
    })
}
