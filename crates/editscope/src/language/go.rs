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
//! - Doc comments: the `//` or `/* */` comments right above, without a blank line; a
//!   comment after code on its line is that code's (`x int // note` is not the doc comment
//!   of the field below), as `go/parser` reads them.
//! - Struct fields (issue 14): each field of a top-level struct type is a symbol of kind
//!   `field`, `Config.Timeout`, with its doc comments, its tag and a `;` after it; an
//!   embedded field is named by its type without pointer, package or type arguments
//!   (`*pkg.Reader` is `Config.Reader`, `List[T]` is `Config.List`), as Go names it. A field
//!   line naming several fields (`A, B int`) is no symbol: its names cannot be changed apart
//!   (grant the struct). A comment after a field on its line is not the field's (the
//!   struct's). The fields of a struct inside a field's type are not symbols. A struct type
//!   is a container: `add Config` lets fields be added.

use std::sync::OnceLock;

use super::profile::{Attach, Container, NameRule, Placement, Profile, SymbolRule, Table};
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
        placement: Placement::Declaration(&[]),
    }
}

/// A struct type holds its fields (`type T struct { ... }`, `type T = struct { ... }`).
static CONTAINERS: &[Container] = &[
    Container {
        node: "type_spec",
        field: "type",
        kinds: &["struct_type"],
        inner: Some("field_declaration_list"),
    },
    Container {
        node: "type_alias",
        field: "type",
        kinds: &["struct_type"],
        inner: Some("field_declaration_list"),
    },
];

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
    SymbolRule {
        node: "field_declaration",
        kind: SymbolKind::Field,
        name: NameRule::Embedded {
            name_field: "name",
            type_field: "type",
            qualified: "qualified_type",
            qualified_name: "name",
            generic: "generic_type",
            generic_type: "type",
            identifier: "type_identifier",
        },
        body: None,
        placement: Placement::Member,
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
    own_line: true,
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
                file_scopes: &[],
                comments: &["comment"],
                containers: CONTAINERS,
                field_separator: None,
            },
        )
    })
}

#[cfg(test)]
mod tests {
    use crate::{Language, SourceFile, SymbolKind};

    fn outline(src: &str) -> Vec<(String, SymbolKind, usize, usize)> {
        let file = SourceFile::parse(Language::Go, src).unwrap();
        assert!(
            file.syntax_errors().is_empty(),
            "{:?}",
            file.syntax_errors()
        );
        file.symbols()
            .iter()
            .map(|s| {
                (
                    s.path.clone(),
                    s.kind,
                    s.extent.start_byte,
                    s.extent.end_byte,
                )
            })
            .collect()
    }

    fn paths(src: &str) -> Vec<String> {
        outline(src).into_iter().map(|s| s.0).collect()
    }

    #[test]
    fn receivers_drop_pointer_parentheses_and_type_parameters() {
        let src = "package p\n\nfunc (T) A() {}\nfunc (t *T) B() {}\nfunc (t (*T)) C() {}\nfunc (m *Map[K, V]) D() {}\nfunc (m Map[K, V]) E() {}\n";
        assert_eq!(paths(src), ["T.A", "T.B", "T.C", "Map.D", "Map.E"]);
        // A qualified receiver type is no Go; it is no symbol either.
        let file = SourceFile::parse(Language::Go, "package p\n\nfunc (t pkg.T) M() {}\n").unwrap();
        assert!(file.symbols().iter().all(|s| s.path != "T.M"));
    }

    #[test]
    fn declarations_one_symbol_per_name() {
        let src = "package p\n\ntype (\n\tA int\n\tB = string\n\tC struct{}\n)\n\nvar x, y = 1, 2\nvar _ = 3\nvar (\n\tz int\n\tw = 4\n)\nconst K = 1\n";
        let o = outline(src);
        let names: Vec<(&str, SymbolKind)> = o.iter().map(|s| (s.0.as_str(), s.1)).collect();
        assert_eq!(
            names,
            [
                ("A", SymbolKind::TypeAlias),
                ("B", SymbolKind::TypeAlias),
                ("C", SymbolKind::Struct),
                ("z", SymbolKind::Variable),
                ("w", SymbolKind::Variable),
                ("K", SymbolKind::Constant),
            ]
        );
        // In a group, each spec is its own extent; alone, the whole declaration.
        let a = &o[0];
        assert_eq!(&src[a.2..a.3], "A int");
        let k = &o[5];
        assert_eq!(&src[k.2..k.3], "const K = 1");
    }

    #[test]
    fn dependent_const_groups_are_one_symbol() {
        let src = "package p\n\nconst (\n\tA = iota\n\tB\n)\n\nconst (\n\tX = 1\n\tY\n)\n\nconst (\n\tP = 1\n\tQ = 2\n)\n";
        assert_eq!(paths(src), ["A", "X", "P", "Q"]);
    }

    #[test]
    fn doc_comments_attach() {
        let src = "package p\n\n// F does.\n// More.\nfunc F() {}\n\n// Detached.\n\nfunc G() {}\n";
        let o = outline(src);
        assert!(src[o[0].2..].starts_with("// F does."));
        assert!(src[o[1].2..].starts_with("func G"));
    }

    #[test]
    fn struct_fields_named_as_go_names_them() {
        let src = "package p\n\ntype C struct {\n\t// T doc.\n\tT int `j:\"t\"`\n\tA, B int\n\t*pkg.R\n\tpkg.M\n\tL[K]\n\t*G[K, V]\n\tE; F int\n\t_ int\n\tN struct{ In int }\n}\n\nvar v struct{ X int }\n\nfunc f() {\n\ttype Local struct{ Y int }\n}\n";
        let o = outline(src);
        let names: Vec<(&str, SymbolKind)> = o.iter().map(|s| (s.0.as_str(), s.1)).collect();
        assert_eq!(
            names,
            [
                ("C", SymbolKind::Struct),
                ("C.T", SymbolKind::Field),
                ("C.R", SymbolKind::Field),
                ("C.M", SymbolKind::Field),
                ("C.L", SymbolKind::Field),
                ("C.G", SymbolKind::Field),
                ("C.E", SymbolKind::Field),
                ("C.F", SymbolKind::Field),
                ("C.N", SymbolKind::Field),
                // (A variable of a struct type is of kind struct, but holds no members.)
                ("v", SymbolKind::Struct),
                ("f", SymbolKind::Function),
            ]
        );
        let text = |i: usize| &src[o[i].2..o[i].3];
        assert_eq!(text(1), "// T doc.\n\tT int `j:\"t\"`");
        assert_eq!(text(2), "*pkg.R");
        assert_eq!(text(6), "E;");
        assert_eq!(text(8), "N struct{ In int }");
        // A struct type is a container; the variable of a struct type is not.
        let file = SourceFile::parse(Language::Go, src).unwrap();
        assert!(file.symbols()[0].is_container());
        assert!(!file.symbols()[9].is_container());
    }

    #[test]
    fn each_spec_of_a_group_encloses_its_own_fields() {
        let src = "package p\n\ntype (\n\tA struct{ X int }\n\tB = struct{ Y int }\n\tC int\n)\n";
        assert_eq!(paths(src), ["A", "B", "C", "A.X", "B.Y"]);
    }

    #[test]
    fn go_rests_on_tree_sitter_alone() {
        assert_eq!(Language::Go.verified_by(), ["tree-sitter"]);
        assert!(crate::second::outline(Language::Go, "package p\n").is_none());
    }
}
