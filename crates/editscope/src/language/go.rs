//! The Go profile.
//!
//! - `func f()` is `f`; a method `func (r *T[K]) M()` is `T.M`: the receiver's type without
//!   pointer, parentheses or type parameters (a receiver of any other shape is no symbol).
//! - Each name of a top-level `type`, `const` and `var` declaration is a symbol; with one
//!   spec in the declaration its extent is the whole declaration, with several (`var ( ...
//!   )`) the spec. A spec naming several names (`var a, b = 1, 2`) is not a symbol (its
//!   names cannot be changed apart).
//! - A `const ( ... )` group that mentions `iota` or repeats an expression implicitly (a
//!   spec without `=`) is one symbol named by its first constant: every constant's value
//!   there depends on the others.
//! - Doc comments: the `//` or `/* */` comments right above, without a blank line.

use std::sync::OnceLock;

use super::profile::{Attach, NameRule, Placement, Profile, SymbolRule, Table};
use crate::language::SymbolKind;

const SPECS: NameRule = NameRule::Specs {
    specs: &[
        ("type_spec", SymbolKind::TypeAlias),
        ("type_alias", SymbolKind::TypeAlias),
        ("const_spec", SymbolKind::Constant),
        ("var_spec", SymbolKind::Variable),
    ],
    lists: &["var_spec_list"],
    name_field: "name",
    type_field: "type",
    value_field: "value",
    by_type: &[
        ("struct_type", SymbolKind::Struct),
        ("interface_type", SymbolKind::Interface),
    ],
    grouped: "const_spec",
    group_word: "iota",
};

const fn specs(node: &'static str) -> SymbolRule {
    SymbolRule {
        node,
        kind: SymbolKind::Variable,
        name: SPECS,
        body: None,
        placement: Placement::Declaration,
    }
}

static RULES: &[SymbolRule] = &[
    SymbolRule {
        node: "function_declaration",
        kind: SymbolKind::Function,
        name: NameRule::Field("name"),
        body: Some("body"),
        placement: Placement::Anywhere,
    },
    SymbolRule {
        node: "method_declaration",
        kind: SymbolKind::Method,
        name: NameRule::Receiver {
            receiver_field: "receiver",
            parameter: "parameter_declaration",
            type_field: "type",
            wrappers: &["pointer_type", "parenthesized_type"],
            generic: "generic_type",
            identifier: "type_identifier",
            name_field: "name",
        },
        body: Some("body"),
        placement: Placement::Anywhere,
    },
    specs("type_declaration"),
    specs("const_declaration"),
    specs("var_declaration"),
];

static ATTACH: &[Attach] = &[Attach::DocComment {
    node: "comment",
    prefixes: &["//", "/*"],
    except: &[],
    adjacent: true,
}];

pub(super) fn profile() -> &'static Profile {
    static PROFILE: OnceLock<Profile> = OnceLock::new();
    PROFILE.get_or_init(|| {
        Profile::new(
            tree_sitter_go::LANGUAGE.into(),
            Table {
                rules: RULES,
                wrappers: &[],
                attach: ATTACH,
                separators: &[";"],
                imports: &["import_declaration"],
                opaque: &[
                    "interpreted_string_literal",
                    "raw_string_literal",
                    "rune_literal",
                ],
                docstring: None,
                require: None,
            },
        )
    })
}
