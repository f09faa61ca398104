//! The Rust profile.

use std::sync::OnceLock;

use super::profile::{Attach, NameRule, Placement, Profile, SymbolRule, Table};
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
    },
    Attach::DocComment {
        node: "block_comment",
        prefixes: &["/**"],
        except: &["/**/", "/***"],
        adjacent: false,
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
                separators: &[],
                imports: &["use_declaration", "extern_crate_declaration"],
                opaque: &["string_literal", "raw_string_literal", "char_literal"],
                docstring: None,
                require: None,
                file_scopes: &[],
            },
        )
    })
}
