//! The Rust profile.
//!
//! Members (issue 14): a named field of a `struct` or `union` is a symbol of kind `field`
//! named as it is reached, `Config.timeout` (so a field and a getter `Config::timeout` are
//! two names); a variant of an `enum` is a symbol of kind `variant` named by its path,
//! `Color::Red`. Each comes with its attributes and doc comments and the `,` after it. A
//! struct with named fields, a union and an enum are containers (`add Config` lets fields
//! be added). Not symbols: the fields of a tuple struct (`struct P(u8, u16)`: a position is
//! no name; grant the struct) and the fields of a variant (`Shape::Circle { r: f64 }`: the
//! variant is the unit, with its fields and discriminant).

use std::sync::OnceLock;

use super::profile::{Attach, Container, NameRule, Placement, Profile, SymbolRule, Table};
use crate::language::SymbolKind;

const fn rule(node: &'static str, kind: SymbolKind, body: Option<&'static str>) -> SymbolRule {
    SymbolRule {
        node,
        kind,
        name: NameRule::Field("name"),
        body,
        placement: Placement::Anywhere,
    }
}

/// A member of a struct, union or enum (see [`CONTAINERS`]).
const fn member(node: &'static str, kind: SymbolKind) -> SymbolRule {
    SymbolRule {
        node,
        kind,
        name: NameRule::Field("name"),
        body: None,
        placement: Placement::Member,
    }
}

/// Structs with named fields, unions and enums hold members; a tuple or unit struct does not.
static CONTAINERS: &[Container] = &[
    Container {
        node: "struct_item",
        field: "body",
        kinds: &["field_declaration_list"],
        inner: None,
    },
    Container {
        node: "union_item",
        field: "body",
        kinds: &["field_declaration_list"],
        inner: None,
    },
    Container {
        node: "enum_item",
        field: "body",
        kinds: &["enum_variant_list"],
        inner: None,
    },
];

static RULES: &[SymbolRule] = &[
    rule("function_item", SymbolKind::Function, Some("body")),
    rule("function_signature_item", SymbolKind::Function, None),
    rule("struct_item", SymbolKind::Struct, Some("body")),
    rule("enum_item", SymbolKind::Enum, Some("body")),
    rule("union_item", SymbolKind::Union, Some("body")),
    rule("trait_item", SymbolKind::Trait, Some("body")),
    rule("type_item", SymbolKind::TypeAlias, None),
    rule("associated_type", SymbolKind::TypeAlias, None),
    rule("const_item", SymbolKind::Constant, None),
    rule("static_item", SymbolKind::Static, None),
    rule("mod_item", SymbolKind::Module, Some("body")),
    member("field_declaration", SymbolKind::Field),
    member("enum_variant", SymbolKind::Variant),
    SymbolRule {
        node: "macro_definition",
        kind: SymbolKind::Macro,
        name: NameRule::Macro("name"),
        body: None,
        placement: Placement::Anywhere,
    },
    SymbolRule {
        node: "impl_item",
        kind: SymbolKind::Impl,
        name: NameRule::Impl {
            trait_field: "trait",
            type_field: "type",
            generic: &["generic_type"],
        },
        body: Some("body"),
        placement: Placement::Anywhere,
    },
];

static ATTACH: &[Attach] = &[
    Attach::Node("attribute_item"),
    Attach::DocComment {
        node: "line_comment",
        prefixes: &["///"],
        except: &["////"],
        adjacent: false,
        own_line: false,
    },
    Attach::DocComment {
        node: "block_comment",
        prefixes: &["/**"],
        except: &["/**/", "/***"],
        adjacent: false,
        own_line: false,
    },
    // `#[cfg(x)] // why\n#[test]\nfn t() {}`: both attributes are the fn's.
    Attach::Through("line_comment"),
    Attach::Through("block_comment"),
];

pub(super) fn profile() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        Profile::new(
            tree_sitter_rust::LANGUAGE.into(),
            Table {
                rules: RULES,
                wrappers: &[],
                attach: ATTACH,
                // After a field or variant (nothing else of Rust's is followed by one).
                separators: &[","],
                imports: &["use_declaration", "extern_crate_declaration"],
                opaque: &["string_literal", "raw_string_literal", "char_literal"],
                docstring: None,
                require: None,
                file_scopes: &[],
                comments: &["line_comment", "block_comment"],
                containers: CONTAINERS,
                field_separator: Some("."),
            },
        )
    })
}
