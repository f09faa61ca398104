//! Profile rows the JavaScript and TypeScript tables share, so the two grammars cannot
//! drift apart on the syntax they have in common.

use super::profile::{Attach, NameRule, Placement, SymbolRule};
use crate::language::SymbolKind;

/// A top-level-or-anywhere rule named by the node's `name` field.
pub(super) const fn rule(
    node: &'static str,
    kind: SymbolKind,
    body: Option<&'static str>,
) -> SymbolRule {
    SymbolRule {
        node,
        kind,
        name: NameRule::Field("name"),
        body,
        placement: Placement::Anywhere,
    }
}

/// The expression nodes that make a declarator (or assignment) a function.
pub(super) const FUNCTIONS: &[&str] = &[
    "arrow_function",
    "function_expression",
    "generator_function",
];

/// `const` / `let` / `var` declarators, each a symbol named by its binding.
pub(super) const DECLARATORS: NameRule = NameRule::Declarators {
    declarator: "variable_declarator",
    name_field: "name",
    value_field: "value",
    identifier: "identifier",
    functions: FUNCTIONS,
    classes: &["class"],
    body_field: "body",
    constant_keywords: &["const"],
};

/// `export default ...`: the symbol `default`.
pub(super) const DEFAULT_EXPORT: SymbolRule = SymbolRule {
    node: "export_statement",
    kind: SymbolKind::Value,
    name: NameRule::DefaultExport {
        default_keyword: "default",
        declaration_field: "declaration",
        value_field: "value",
        with_body: &[
            "function_expression",
            "arrow_function",
            "class",
            "generator_function",
        ],
        body_field: "body",
    },
    body: None,
    placement: Placement::Anywhere,
};

/// Decorators and adjacent `/** ... */` doc comments belong to the symbol they precede.
pub(super) static ATTACH: &[Attach] = &[
    Attach::Node("decorator"),
    Attach::DocComment {
        node: "comment",
        prefixes: &["/**"],
        except: &["/**/"],
        adjacent: true,
    },
];
