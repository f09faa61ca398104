//! The Java profile.
//!
//! - Types (`class`, `interface`, `enum`, `record`, `@interface`) are symbols at the top
//!   level and inside other types: `Outer.Inner`. A type declared inside a method body (a
//!   local class) is no symbol: it is part of the method.
//! - Members: methods (`Foo.run`; overloads share the path), constructors named by their class
//!   (`Foo.Foo`, also a record's compact constructor), annotation type elements, enum
//!   constants (`Color.RED`), and fields. A field declaration of one variable is one symbol
//!   with the declaration's extent (modifiers, annotations, type and `;`); one that declares
//!   several (`int a, b;`) is one symbol per variable, whose extent is its declarator (`a`,
//!   with its initializer and the `,` after it): the shared modifiers and type belong to the
//!   class, so changing them needs a grant on the class.
//! - Initializer blocks (`static { }`, `{ }`) are no symbols: they belong to their class,
//!   never to a member; so do the members of anonymous classes and of enum constant bodies
//!   (those are the constant's).
//! - Annotations are part of the declaration node (its `modifiers`); a Javadoc `/** */`
//!   comment above a declaration belongs to it, across blank lines and plain comments, as
//!   javadoc reads it (plain comments between the two belong to it then too).
//! - `import` declarations (also `import static`) are what an `imports` grant frees.

use std::sync::OnceLock;

use super::profile::{Attach, Container, NameRule, Placement, Profile, SymbolRule, Table};
use crate::language::SymbolKind;

/// The nodes whose children are declarations: the file, and the member lists of types.
const LISTS: &[&str] = &[
    "program",
    "class_body",
    "interface_body",
    "enum_body",
    "enum_body_declarations",
    "annotation_type_body",
];

/// Where a declaration is a symbol: in the file or directly in a type's member list (not in
/// a method, an initializer block, an anonymous class or an enum constant's body).
const WITHIN: Placement = Placement::Within(LISTS);

/// A type declaration, named by its `name` field.
const fn ty(node: &'static str, kind: SymbolKind) -> SymbolRule {
    SymbolRule {
        node,
        kind,
        name: NameRule::Field("name"),
        body: Some("body"),
        placement: WITHIN,
    }
}

/// A member of a type, named by its `name` field.
const fn member(node: &'static str, kind: SymbolKind, body: Option<&'static str>) -> SymbolRule {
    SymbolRule {
        node,
        kind,
        name: NameRule::Field("name"),
        body,
        placement: WITHIN,
    }
}

/// Each variable of a field declaration (`int a = 1, b;`) is a field.
const FIELDS: NameRule = NameRule::Declarators {
    declarator: "variable_declarator",
    name_field: "name",
    value_field: "value",
    identifier: "identifier",
    functions: &[],
    classes: &[],
    body_field: "body",
    constant_keywords: &[],
};

const fn fields(node: &'static str) -> SymbolRule {
    SymbolRule {
        node,
        kind: SymbolKind::Field,
        name: FIELDS,
        body: None,
        placement: WITHIN,
    }
}

static RULES: &[SymbolRule] = &[
    ty("class_declaration", SymbolKind::Class),
    ty("interface_declaration", SymbolKind::Interface),
    ty("enum_declaration", SymbolKind::Enum),
    ty("record_declaration", SymbolKind::Class),
    ty("annotation_type_declaration", SymbolKind::Interface),
    member("method_declaration", SymbolKind::Method, Some("body")),
    member("constructor_declaration", SymbolKind::Method, Some("body")),
    member(
        "compact_constructor_declaration",
        SymbolKind::Method,
        Some("body"),
    ),
    member(
        "annotation_type_element_declaration",
        SymbolKind::Method,
        None,
    ),
    member("enum_constant", SymbolKind::Constant, Some("body")),
    fields("field_declaration"),
    fields("constant_declaration"),
];

static ATTACH: &[Attach] = &[
    Attach::DocComment {
        node: "block_comment",
        prefixes: &["/**"],
        except: &["/**/"],
        adjacent: false,
        own_line: false,
    },
    // javac takes the doc comment before a declaration whatever plain comments stand
    // between (`/** Doc. */ // editscope: protect` then the method): they belong to it too.
    Attach::Through("line_comment"),
    Attach::Through("block_comment"),
];

pub(super) fn profile() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        Profile::new(
            tree_sitter_java::LANGUAGE.into(),
            Table {
                rules: RULES,
                wrappers: &[],
                attach: ATTACH,
                separators: &[",", ";"],
                imports: &["import_declaration"],
                opaque: &["string_literal", "character_literal"],
                docstring: None,
                require: None,
                file_scopes: &[],
                comments: &["line_comment", "block_comment"],
                // An enum holds its constants and members (`add Color`).
                containers: &[Container {
                    node: "enum_declaration",
                    field: "body",
                    kinds: &["enum_body"],
                    inner: None,
                }],
                field_separator: None,
            },
        )
    })
}

#[cfg(test)]
mod tests;
