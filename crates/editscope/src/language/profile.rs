//! The declarative shape of a language profile.
//!
//! A profile is data, not code: a table of [`SymbolRule`]s (which node kinds are symbols,
//! what kind of symbol each is, where its name and body are), the wrapper node kinds that
//! belong to a definition's extent (`decorated_definition`, `export_statement`), the
//! preceding siblings that attach to it (attributes, doc comments, decorators), and the node
//! kinds compared as one opaque token in formatting-tolerant mode (string literals). The few
//! naming rules that need more than a field lookup ([`NameRule`]) carry every node kind and
//! field name they use, so `check_kinds` can verify the whole profile against the grammar.

// With some grammars compiled out, some rule shapes are unused.
#![cfg_attr(
    not(all(
        feature = "rust",
        feature = "python",
        feature = "typescript",
        feature = "javascript",
        feature = "go",
        feature = "java",
        feature = "csharp"
    )),
    allow(dead_code)
)]

use crate::language::SymbolKind;

/// Everything editscope knows about one language.
pub(crate) struct Profile {
    /// The compiled grammar.
    pub grammar: tree_sitter::Language,
    /// Node kinds that are symbols.
    pub rules: &'static [SymbolRule],
    /// Node kinds that wrap a definition and belong to its extent.
    #[cfg_attr(not(test), allow(dead_code))]
    pub wrappers: &'static [&'static str],
    /// Preceding siblings that belong to the definition after them.
    pub attach: &'static [Attach],
    /// Separator tokens (`;`, `,`) right after a member that belong to its extent.
    pub separators: &'static [&'static str],
    /// Import statements (what an `imports` grant frees).
    #[cfg_attr(not(test), allow(dead_code))]
    pub imports: &'static [&'static str],
    /// Node kinds whose whole text is one token when comparing token sequences.
    #[cfg_attr(not(test), allow(dead_code))]
    pub opaque: &'static [&'static str],
    /// Python: a string statement first in a function or class body is its docstring, which
    /// belongs to the signature, not the body.
    pub docstring: Option<Docstring>,
    /// JavaScript: a top-level declaration whose every declarator is `x = require("m")` is
    /// an import statement, not a symbol.
    pub require: Option<Require>,
    /// Node kinds (C# `namespace A.B;`) whose symbol reaches to the end of the file and
    /// encloses every top-level symbol after it.
    pub file_scopes: &'static [&'static str],
    /// Comment node kinds, where in-source markers (`editscope: protect`) are read
    /// (`crate::markers`).
    pub comments: &'static [&'static str],
    /// Definitions that are containers by their shape: where their members sit.
    pub containers: &'static [Container],
    /// The separator before a field's name in its path, where it is not the language's
    /// path separator (Rust: `Config.timeout`, as a field is reached, while `Config::new`
    /// and `Color::Red` are paths).
    pub field_separator: Option<&'static str>,
    /// Lookup tables built from the above (indexed by node kind id).
    rule_by_kind: Vec<Option<u16>>,
    wrapper_ids: Vec<u16>,
    opaque_ids: Vec<u16>,
    import_ids: Vec<u16>,
    comment_ids: Vec<u16>,
}

/// A language's declarative table, by name (see [`Profile`] for each part's meaning).
pub(crate) struct Table {
    pub rules: &'static [SymbolRule],
    pub wrappers: &'static [&'static str],
    pub attach: &'static [Attach],
    pub separators: &'static [&'static str],
    pub imports: &'static [&'static str],
    pub opaque: &'static [&'static str],
    pub docstring: Option<Docstring>,
    pub require: Option<Require>,
    pub file_scopes: &'static [&'static str],
    pub comments: &'static [&'static str],
    pub containers: &'static [Container],
    pub field_separator: Option<&'static str>,
}

/// A definition that is a container by its shape, not by its kind (a Rust struct with named
/// fields, an enum, a Go struct type, a TypeScript type alias of an object type): the node
/// `node` (the symbol's defining node, or for Go the spec) whose child in `field` is of one
/// of `kinds` (and, with `inner`, whose child of kind `inner` is) holds its members. Such a
/// symbol is a container ([`Symbol::is_container`](crate::Symbol::is_container)), and a
/// [`Placement::Member`] rule applies inside it only to that node's direct children: not
/// to an object type in its type parameters, nor to a field of a field's own type.
pub(crate) struct Container {
    pub node: &'static str,
    pub field: &'static str,
    pub kinds: &'static [&'static str],
    pub inner: Option<&'static str>,
}

/// How a CommonJS import is recognised: a `declarations` node whose every `declarator` has a
/// `value_field` that is a `call` of the identifier `callee` with one `string` argument.
pub(crate) struct Require {
    pub declarations: &'static [&'static str],
    pub declarator: &'static str,
    pub value_field: &'static str,
    pub call: &'static str,
    pub function_field: &'static str,
    pub arguments_field: &'static str,
    pub identifier: &'static str,
    pub callee: &'static str,
    pub string: &'static str,
}

/// How a docstring is recognised: `statement` whose only named child is a `string`, or a
/// `concatenated` run of them (implicit concatenation, `"a" "b"`), either of them inside any
/// number of `parenthesized` wrappers (`("a")`): every form CPython takes as the docstring
/// (and, fail closed, also the f-string and bytes forms it does not: they stay frozen).
pub(crate) struct Docstring {
    pub statement: &'static str,
    pub string: &'static str,
    pub concatenated: &'static str,
    pub parenthesized: &'static str,
}

impl Docstring {
    /// Whether `value` (the statement's only named child) is a docstring's string.
    pub(crate) fn is_string(&self, value: tree_sitter::Node<'_>) -> bool {
        let mut at = value;
        while at.kind() == self.parenthesized {
            let mut inner = (0..at.named_child_count() as u32)
                .filter_map(|i| at.named_child(i))
                .filter(|c| !c.is_extra());
            match (inner.next(), inner.next()) {
                (Some(only), None) => at = only,
                _ => return false,
            }
        }
        at.kind() == self.string
            || (at.kind() == self.concatenated
                && (0..at.named_child_count() as u32)
                    .filter_map(|i| at.named_child(i))
                    .filter(|c| !c.is_extra())
                    .all(|c| c.kind() == self.string))
    }
}

/// One node kind that is a symbol.
pub(crate) struct SymbolRule {
    /// The tree-sitter node kind.
    pub node: &'static str,
    /// The symbol kind; [`SymbolKind::Function`] becomes [`SymbolKind::Method`] inside a
    /// class, impl, trait or interface.
    pub kind: SymbolKind,
    /// Where the name comes from.
    pub name: NameRule,
    /// The field that holds the body, if this kind has one.
    pub body: Option<&'static str>,
    /// Whether the rule applies everywhere or only at declaration level.
    pub placement: Placement,
}

/// Where a rule applies.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placement {
    /// At any depth (functions nested in functions are symbols).
    Anywhere,
    /// Only where the nearest enclosing symbol is none (module level) or a container (a class,
    /// impl, trait, interface or namespace), and with no node of these kinds (functions that
    /// need not be symbols: a callback, an object literal's method) between it and that
    /// symbol's node (or the root): variables local to a function are not symbols.
    Declaration(&'static [&'static str]),
    /// Only directly in a container: class and interface members, not the members of object
    /// literals or inline object types (`{ name: string }` in a parameter type).
    Member,
    /// Only at the top level of the file (no enclosing symbol), and only as a direct child of
    /// the root node: JavaScript's `exports.f = ...` statements.
    TopLevel,
    /// Only where the nearest enclosing symbol is none or a container, as a direct child of
    /// a node of one of these kinds (the file's root, a class's member list), and with only
    /// such nodes between it and the enclosing symbol's node (or the root): a Java class
    /// declared in an initializer block or a method is none, nor is a method of an anonymous
    /// class or of a class that is no symbol.
    Within(&'static [&'static str]),
}

/// How a symbol's name is found.
pub(crate) enum NameRule {
    /// The text of this field.
    Field(&'static str),
    /// The text of this field followed by `!` (Rust `macro_rules!`).
    Macro(&'static str),
    /// `prefix` followed by the text of this field (C# `~Foo`, `operator+`, `operator int`).
    Prefixed {
        prefix: &'static str,
        field: &'static str,
    },
    /// Always this name (a C# indexer, `this`).
    Fixed(&'static str),
    /// A Rust `impl` block: `impl Type` or `impl Trait for Type`, generics dropped. Methods
    /// inside are named `Type::m` or `<Type as Trait>::m`.
    Impl {
        trait_field: &'static str,
        type_field: &'static str,
        /// Node kinds `Foo<T>` whose `type_field` child is the bare name.
        generic: &'static [&'static str],
    },
    /// Each declarator with a plain identifier name is a symbol (TypeScript `const a = 1`).
    /// With one declarator the extent is the whole declaration; with several, the
    /// declarator. A function or class value makes it a function or class with that body.
    Declarators {
        declarator: &'static str,
        name_field: &'static str,
        value_field: &'static str,
        identifier: &'static str,
        /// Value kinds that make the symbol a function; their `body_field` is its body.
        functions: &'static [&'static str],
        /// Value kinds that make the symbol a class; their `body_field` is its body.
        classes: &'static [&'static str],
        body_field: &'static str,
        /// Keyword child kinds that make the symbol a constant (`const`).
        constant_keywords: &'static [&'static str],
    },
    /// A statement whose first named child is an assignment to a plain identifier (Python
    /// `MAX_RETRIES = 3`, `name: str`).
    Assignment {
        assignment: &'static str,
        left_field: &'static str,
        identifier: &'static str,
    },
    /// A statement whose only named child is an assignment (`=`) to a member chain of plain
    /// names (`exports.f`, `module.exports.f`, `Foo.prototype.bar`): named by its left side,
    /// segments joined by `.`. A function or class value makes it a function or class with
    /// that body; a chained assignment (`a.b = c.d = ...`) is not a symbol.
    MemberAssignment {
        assignment: &'static str,
        left_field: &'static str,
        right_field: &'static str,
        member: &'static str,
        object_field: &'static str,
        property_field: &'static str,
        /// The kind of the chain's first name.
        root: &'static str,
        /// The kind of each further name.
        property: &'static str,
        functions: &'static [&'static str],
        classes: &'static [&'static str],
        body_field: &'static str,
    },
    /// Go `type`, `const` and `var` declarations: each name of each spec (`specs`, also
    /// inside a `lists` node) is a symbol of the spec's kind (a `type_field` of a kind in
    /// `by_type` gives that kind); see `language/go.rs` for extents, multi-name specs and
    /// `grouped` specs (a group whose text has `group_word`, or a `grouped` spec without
    /// `value_field`, is one symbol named by its first name).
    Specs {
        specs: &'static [(&'static str, SymbolKind)],
        lists: &'static [&'static str],
        name_field: &'static str,
        type_field: &'static str,
        value_field: &'static str,
        by_type: &'static [(&'static str, SymbolKind)],
        grouped: &'static str,
        group_word: &'static str,
    },
    /// A Go method: `Type.name`, the type of the receiver's one `parameter` without the
    /// `wrappers` (`*T`, `(T)`) and the type arguments of a `generic` type.
    Receiver {
        receiver_field: &'static str,
        parameter: &'static str,
        type_field: &'static str,
        wrappers: &'static [&'static str],
        generic: &'static str,
        identifier: &'static str,
        name_field: &'static str,
    },
    /// A field named by its `name_field` (exactly one; a declaration naming several names,
    /// `A, B int`, is no symbol: its names cannot be changed apart), or, with none (a Go
    /// embedded field, `*pkg.Reader`, `List[T]`), by its `type_field`'s type name: without
    /// the pointer, the package of a `qualified` type (its `qualified_name` field) and the
    /// type arguments of a `generic` type (its `generic_type` field).
    Embedded {
        name_field: &'static str,
        type_field: &'static str,
        qualified: &'static str,
        qualified_name: &'static str,
        generic: &'static str,
        generic_type: &'static str,
        identifier: &'static str,
    },
    /// A test block: a `call` that is the whole of a statement (`statement`), whose callee is
    /// one of `names` (`describe`, `it`, `test`, ...), optionally through `member` properties
    /// all in `modifiers` (`it.only`, `describe.skip`) and a call or tagged template of such a
    /// chain (`test.each(table)`), and whose first argument is a `strings` literal (a
    /// template without `substitution`). Named by that title ([`crate::language::names::test_title`]),
    /// its extent the statement, its body the body of the first `functions` argument after
    /// the title. Optional calls (`it?.(...)`: an `optional` node or an `optional_token` child,
    /// as the grammar writes it) are not test blocks.
    TestCall {
        statement: &'static str,
        function_field: &'static str,
        arguments_field: &'static str,
        member: &'static str,
        object_field: &'static str,
        property_field: &'static str,
        identifier: &'static str,
        property: &'static str,
        strings: &'static [&'static str],
        substitution: &'static str,
        optional: &'static str,
        /// The node kind and whether it is named.
        optional_token: (&'static str, bool),
        functions: &'static [&'static str],
        body_field: &'static str,
        names: &'static [&'static str],
        modifiers: &'static [&'static str],
    },
    /// `export default <anonymous>`: named `default`. A named declaration inside the export
    /// is named by its own rule instead.
    DefaultExport {
        default_keyword: &'static str,
        declaration_field: &'static str,
        value_field: &'static str,
        /// Value kinds whose `body_field` is the symbol's body.
        with_body: &'static [&'static str],
        body_field: &'static str,
    },
}

/// A preceding sibling that belongs to the definition that follows it.
pub(crate) enum Attach {
    /// Any node of this kind (an attribute or decorator), however far above (blank lines
    /// included): it applies to the definition whatever the layout.
    Node(&'static str),
    /// A comment node whose text starts with one of `prefixes` and with none of `except`.
    /// With `adjacent`, only when no blank line separates it from what follows. With
    /// `own_line`, only when no code ends on the line where it starts: a comment after code
    /// on its line is that code's trailing comment (Go's doc comments, as `go/parser` reads
    /// them), not the doc of the definition below.
    DocComment {
        node: &'static str,
        prefixes: &'static [&'static str],
        except: &'static [&'static str],
        adjacent: bool,
        own_line: bool,
    },
    /// A node of this kind (a plain comment) that is passed over, not attached by itself:
    /// when an attribute or doc comment lies above it, with only whitespace and such nodes
    /// in between, the extent reaches up to that one, this node included (rustc attaches
    /// every outer attribute before an item, whatever comments stand between them).
    Through(&'static str),
}

impl Attach {
    #[cfg(test)]
    pub(crate) fn node_kind(&self) -> &'static str {
        match self {
            Attach::Node(kind) | Attach::Through(kind) => kind,
            Attach::DocComment { node, .. } => node,
        }
    }
}

impl NameRule {
    /// Every `(node kinds, field names)` this rule names, for the grammar check.
    #[cfg(test)]
    pub(crate) fn kinds_and_fields(&self) -> (Vec<(&'static str, bool)>, Vec<&'static str>) {
        match self {
            NameRule::Field(f) | NameRule::Macro(f) | NameRule::Prefixed { field: f, .. } => {
                (vec![], vec![f])
            }
            NameRule::Fixed(_) => (vec![], vec![]),
            NameRule::Impl {
                trait_field,
                type_field,
                generic,
            } => (
                generic.iter().map(|k| (*k, true)).collect(),
                vec![trait_field, type_field],
            ),
            NameRule::Declarators {
                declarator,
                name_field,
                value_field,
                identifier,
                functions,
                classes,
                body_field,
                constant_keywords,
            } => {
                let mut kinds = vec![(*declarator, true), (*identifier, true)];
                kinds.extend(functions.iter().chain(classes.iter()).map(|k| (*k, true)));
                kinds.extend(constant_keywords.iter().map(|k| (*k, false)));
                (kinds, vec![name_field, value_field, body_field])
            }
            NameRule::Assignment {
                assignment,
                left_field,
                identifier,
            } => (
                vec![(*assignment, true), (*identifier, true)],
                vec![left_field],
            ),
            NameRule::MemberAssignment {
                assignment,
                left_field,
                right_field,
                member,
                object_field,
                property_field,
                root,
                property,
                functions,
                classes,
                body_field,
            } => {
                let mut kinds = vec![
                    (*assignment, true),
                    (*member, true),
                    (*root, true),
                    (*property, true),
                ];
                kinds.extend(functions.iter().chain(classes.iter()).map(|k| (*k, true)));
                (
                    kinds,
                    vec![
                        left_field,
                        right_field,
                        object_field,
                        property_field,
                        body_field,
                    ],
                )
            }
            NameRule::TestCall {
                statement,
                function_field,
                arguments_field,
                member,
                object_field,
                property_field,
                identifier,
                property,
                strings,
                substitution,
                optional,
                optional_token,
                functions,
                body_field,
                names: _,
                modifiers: _,
            } => {
                let mut kinds = vec![
                    (*statement, true),
                    (*member, true),
                    (*identifier, true),
                    (*property, true),
                    (*substitution, true),
                    (*optional, true),
                    *optional_token,
                ];
                kinds.extend(strings.iter().chain(functions.iter()).map(|k| (*k, true)));
                (
                    kinds,
                    vec![
                        function_field,
                        arguments_field,
                        object_field,
                        property_field,
                        body_field,
                    ],
                )
            }
            NameRule::Specs {
                specs,
                lists,
                name_field,
                type_field,
                value_field,
                by_type,
                grouped,
                group_word: _,
            } => {
                let mut kinds: Vec<(&'static str, bool)> =
                    specs.iter().map(|(k, _)| (*k, true)).collect();
                kinds.extend(lists.iter().map(|k| (*k, true)));
                kinds.extend(by_type.iter().map(|(k, _)| (*k, true)));
                kinds.push((grouped, true));
                (kinds, vec![name_field, type_field, value_field])
            }
            NameRule::Receiver {
                receiver_field,
                parameter,
                type_field,
                wrappers,
                generic,
                identifier,
                name_field,
            } => {
                let mut kinds = vec![(*parameter, true), (*generic, true), (*identifier, true)];
                kinds.extend(wrappers.iter().map(|k| (*k, true)));
                (kinds, vec![receiver_field, type_field, name_field])
            }
            NameRule::Embedded {
                name_field,
                type_field,
                qualified,
                qualified_name,
                generic,
                generic_type,
                identifier,
            } => (
                vec![(*qualified, true), (*generic, true), (*identifier, true)],
                vec![name_field, type_field, qualified_name, generic_type],
            ),
            NameRule::DefaultExport {
                default_keyword,
                declaration_field,
                value_field,
                with_body,
                body_field,
            } => {
                let mut kinds = vec![(*default_keyword, false)];
                kinds.extend(with_body.iter().map(|k| (*k, true)));
                (kinds, vec![declaration_field, value_field, body_field])
            }
        }
    }
}

impl Profile {
    /// Builds the lookup tables. Kinds unknown to the grammar are skipped here and reported by
    /// the `check_kinds` test.
    pub(crate) fn new(grammar: tree_sitter::Language, table: Table) -> Profile {
        let Table {
            rules,
            wrappers,
            attach,
            separators,
            imports,
            opaque,
            docstring,
            require,
            file_scopes,
            comments,
            containers,
            field_separator,
        } = table;
        let mut rule_by_kind = vec![None; grammar.node_kind_count()];
        for (index, rule) in rules.iter().enumerate() {
            let id = grammar.id_for_node_kind(rule.node, true) as usize;
            if id != 0 && id < rule_by_kind.len() {
                rule_by_kind[id] = Some(index as u16);
            }
        }
        let ids = |kinds: &[&str]| -> Vec<u16> {
            kinds
                .iter()
                .map(|k| grammar.id_for_node_kind(k, true))
                .filter(|id| *id != 0)
                .collect()
        };
        let wrapper_ids = ids(wrappers);
        let opaque_ids = ids(opaque);
        let import_ids = ids(imports);
        let comment_ids = ids(comments);
        Profile {
            grammar,
            rules,
            wrappers,
            attach,
            separators,
            imports,
            opaque,
            docstring,
            require,
            file_scopes,
            comments,
            containers,
            field_separator,
            rule_by_kind,
            wrapper_ids,
            opaque_ids,
            import_ids,
            comment_ids,
        }
    }

    /// The node holding the members of `def` when `def` is a container by its shape
    /// ([`Container`]).
    pub(crate) fn members<'t>(&self, def: tree_sitter::Node<'t>) -> Option<tree_sitter::Node<'t>> {
        let kind = def.kind();
        self.containers.iter().find_map(|c| {
            if c.node != kind {
                return None;
            }
            let at = def.child_by_field_name(c.field)?;
            if !c.kinds.contains(&at.kind()) {
                return None;
            }
            match c.inner {
                None => Some(at),
                Some(inner) => {
                    let mut cursor = at.walk();
                    let found = at.named_children(&mut cursor).find(|n| n.kind() == inner);
                    found
                }
            }
        })
    }

    /// The rule for a node kind id, if that kind is a symbol.
    #[inline]
    pub(crate) fn rule(&self, kind_id: u16) -> Option<&SymbolRule> {
        let index = (*self.rule_by_kind.get(kind_id as usize)?)?;
        self.rules.get(index as usize)
    }

    #[inline]
    pub(crate) fn is_wrapper(&self, kind_id: u16) -> bool {
        self.wrapper_ids.contains(&kind_id)
    }

    #[inline]
    pub(crate) fn is_import(&self, kind_id: u16) -> bool {
        self.import_ids.contains(&kind_id)
    }

    /// Whether a node kind id is a comment (where markers are read).
    #[inline]
    pub(crate) fn is_comment(&self, kind_id: u16) -> bool {
        self.comment_ids.contains(&kind_id)
    }

    #[inline]
    pub(crate) fn is_opaque(&self, kind_id: u16) -> bool {
        self.opaque_ids.contains(&kind_id)
    }

    /// Every `(kind, named)` and field the profile names, for the grammar check.
    #[cfg(test)]
    pub(crate) fn kinds_and_fields(&self) -> (Vec<(&'static str, bool)>, Vec<&'static str>) {
        let mut kinds: Vec<(&'static str, bool)> = Vec::new();
        let mut fields: Vec<&'static str> = Vec::new();
        for rule in self.rules {
            kinds.push((rule.node, true));
            if let Placement::Within(parents) = rule.placement {
                kinds.extend(parents.iter().map(|k| (*k, true)));
            }
            fields.extend(rule.body);
            let (k, f) = rule.name.kinds_and_fields();
            kinds.extend(k);
            fields.extend(f);
        }
        kinds.extend(self.wrappers.iter().map(|k| (*k, true)));
        kinds.extend(self.attach.iter().map(|a| (a.node_kind(), true)));
        kinds.extend(self.opaque.iter().map(|k| (*k, true)));
        kinds.extend(self.imports.iter().map(|k| (*k, true)));
        kinds.extend(self.comments.iter().map(|k| (*k, true)));
        kinds.extend(self.separators.iter().map(|k| (*k, false)));
        kinds.extend(self.file_scopes.iter().map(|k| (*k, true)));
        if let Some(d) = &self.docstring {
            kinds.push((d.statement, true));
            kinds.push((d.string, true));
            kinds.push((d.concatenated, true));
            kinds.push((d.parenthesized, true));
        }
        for c in self.containers {
            kinds.push((c.node, true));
            kinds.extend(c.kinds.iter().map(|k| (*k, true)));
            kinds.extend(c.inner.iter().map(|k| (*k, true)));
            fields.push(c.field);
        }
        if let Some(r) = &self.require {
            kinds.extend(r.declarations.iter().map(|k| (*k, true)));
            kinds.extend([
                (r.declarator, true),
                (r.call, true),
                (r.identifier, true),
                (r.string, true),
            ]);
            fields.extend([r.value_field, r.function_field, r.arguments_field]);
        }
        (kinds, fields)
    }
}

#[cfg(test)]
mod tests {
    use crate::Language;

    /// Every node kind and field name in every profile exists in its grammar (a typo would
    /// silently make a symbol kind invisible).
    #[test]
    fn check_kinds() {
        for language in Language::ALL {
            let Ok(profile) = language.profile() else {
                continue;
            };
            let grammar = &profile.grammar;
            let (kinds, fields) = profile.kinds_and_fields();
            assert!(!kinds.is_empty(), "{language}: empty profile");
            for (kind, named) in kinds {
                assert_ne!(
                    grammar.id_for_node_kind(kind, named),
                    0,
                    "{language}: unknown node kind {kind:?} (named: {named})"
                );
            }
            for field in fields {
                assert!(
                    grammar.field_id_for_name(field).is_some(),
                    "{language}: unknown field {field:?}"
                );
            }
        }
    }

    /// Every profile names its comment kinds, where in-source markers are read: a
    /// language without them would silently ignore `editscope: protect`.
    #[test]
    fn every_profile_names_its_comments() {
        for language in Language::ALL {
            let Ok(profile) = language.profile() else {
                continue;
            };
            assert!(!profile.comments.is_empty(), "{language}: no comment kinds");
        }
    }

    /// Every rule's node kind has a rule-table entry (no two rules share a kind).
    #[test]
    fn rules_are_unique() {
        for language in Language::ALL {
            let Ok(profile) = language.profile() else {
                continue;
            };
            let mut seen = std::collections::HashSet::new();
            for rule in profile.rules {
                assert!(
                    seen.insert(rule.node),
                    "{language}: two rules for {}",
                    rule.node
                );
            }
        }
    }
}
