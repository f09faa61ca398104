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

/// The functions that need not be symbols (a callback, an object literal's method): a
/// declaration inside one is a local, no symbol ([`Placement::Declaration`]).
pub(super) const FUNCTION_SCOPES: &[&str] = &[
    "function_expression",
    "arrow_function",
    "generator_function",
    "method_definition",
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
        own_line: false,
    },
];

/// Test blocks (jest, vitest, mocha, jasmine, node:test, ava): `describe("title", () => {...})`,
/// `it.only("title", fn)`, `test.each(table)("title %i", fn)`, called as a statement with a
/// literal title. Named by the title in double quotes (`"adds numbers"`), nested as written;
/// the locals of their callbacks are not symbols. See [`NameRule::TestCall`].
/// `optional_token`: how the grammar marks an optional call (`it?.(...)`): tree-sitter-javascript
/// has an `optional_chain` child, tree-sitter-typescript a `?.` token.
pub(super) const fn test_call(optional_token: (&'static str, bool)) -> SymbolRule {
    SymbolRule {
        node: "call_expression",
        kind: SymbolKind::Test,
        name: NameRule::TestCall {
            statement: "expression_statement",
            function_field: "function",
            arguments_field: "arguments",
            member: "member_expression",
            object_field: "object",
            property_field: "property",
            identifier: "identifier",
            property: "property_identifier",
            strings: &["string", "template_string"],
            substitution: "template_substitution",
            optional: "optional_chain",
            optional_token,
            functions: FUNCTIONS,
            body_field: "body",
            names: TEST_FUNCTIONS,
            modifiers: TEST_MODIFIERS,
        },
        body: None,
        placement: Placement::Anywhere,
    }
}

/// The callees that open a test block.
pub(crate) const TEST_FUNCTIONS: &[&str] = &[
    "describe",
    "fdescribe",
    "xdescribe",
    "it",
    "fit",
    "xit",
    "test",
    "xtest",
    "suite",
    "context",
    "xcontext",
    "specify",
    "xspecify",
    "bench",
];

/// The properties that may follow a test callee (`it.only`, `test.concurrent.each`).
pub(crate) const TEST_MODIFIERS: &[&str] = &[
    "only",
    "skip",
    "todo",
    "concurrent",
    "sequential",
    "shuffle",
    "fails",
    "failing",
    "serial",
    "cb",
    "each",
    "for",
    "skipIf",
    "runIf",
];
