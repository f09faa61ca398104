//! Java and C# imports whose names are unknown here: `import a.b.*;`, `import static
//! a.B.*;`, `using static A.B;` and `using A.B;`. Each brings in names this file cannot
//! list, so the rebinding rule's bindings cannot name them; an `imports` grant frees the
//! directive, never the meaning of ungranted code. A directive of these forms that `after`
//! has more often than `before` (compared by its text, so a replaced target counts as new)
//! counts against every ungranted use it can take over:
//!
//! - Java `import static a.B.*;` (methods, fields and member types of `B`): an unqualified
//!   call `max(a, b)` that no enclosing class of the file declares a method of (the imported
//!   overloads join those of the other static imports, and a more specific one wins), an
//!   unqualified expression name that is no local variable, parameter or field declared
//!   around it (a static field obscures a type or a package of that name: `Helper.run()`,
//!   `java.util.List`), and the first name of a qualified type (`java.util.List x`) unless
//!   the file declares a type of that name;
//! - Java `import a.b.*;` (types): the first name of a qualified name (`java.util.List`,
//!   `com.acme.Util.run()`), which a type named so takes over from a package, unless it is
//!   a variable or a type declared around it or a `java.lang` type (a second type of that
//!   name through an import on demand is a compile error, not a silent change). A simple
//!   type name is never taken over: an import on demand shadows nothing (JLS 6.4.1);
//! - C# `using static A.B;`: an unqualified call `Max(a, b)` or method group used as a value
//!   (an argument, an initializer, an assignment's right side, a return value) that is no
//!   local, parameter or member declared around it (imported methods join the method
//!   group);
//! - C# `using static A.B;` and `using A.B;` (extension methods, and C# 14 extension
//!   members): every member call `x.Foo()` (an extension method wins where no instance
//!   method applies, and among extensions the better overload wins), every operator
//!   expression (extension operators), and the forms C# resolves by pattern through
//!   extensions too (`foreach`, `await`, query expressions, deconstruction, collection
//!   initializers); inside a namespace (a block or a file-scoped one) also every member
//!   access `x.P` in its scope (an extension property of a nearer namespace wins).
//!
//! A C# `global using` the change adds (any form) applies to every file of the compilation,
//! whose code is not seen here: a [`ViolationKind::Redefined`] outside any symbol
//! ([`global_usings`]).
//!
//! Each ungranted user is a [`ViolationKind::Redefined`] (as for other shadowing). Names of
//! the directives themselves, of `package` and `namespace` declarations, and of granted
//! regions and additions are no uses. Locals count only where declared in an enclosing
//! block before the use (Java) or anywhere in it (C#); pattern variables (`x is T t`,
//! `instanceof T t`) and inherited members do not count (they may be the imported name's
//! rivals or not: fail closed).

use super::*;
use std::collections::HashMap;

use crate::language::names;

/// The form of an import whose names are unknown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Form {
    /// Java `import static a.B.*;`, C# `using static A.B;`.
    Static,
    /// Java `import a.b.*;`.
    Types,
    /// C# `using A.B;`.
    Namespace,
}

/// One directive: its form, its text without whitespace, its first byte, and (C#) the
/// range of the namespace it is written in (`None`: the compilation unit).
struct Directive {
    form: Form,
    text: String,
    byte: usize,
    nested: Option<std::ops::Range<usize>>,
}

/// The directives of `file` whose names are unknown.
fn directives(file: &SourceFile) -> Vec<Directive> {
    let text = file.text();
    let lang = file.language();
    let mut out = Vec::new();
    // A C# file-scoped namespace: the directives after it are inside it, to the end.
    let mut file_scoped: Option<usize> = None;
    crate::walk::preorder(file.tree().root_node(), |cursor, _| {
        let node = cursor.node();
        match node.kind() {
            "import_declaration" if lang == Language::Java => {
                let mut c = node.walk();
                let wild = node.children(&mut c).any(|k| k.kind() == "asterisk");
                let mut c = node.walk();
                let stat = node.children(&mut c).any(|k| k.kind() == "static");
                if wild {
                    out.push(Directive {
                        form: if stat { Form::Static } else { Form::Types },
                        text: squeeze(&text[node.byte_range()]),
                        byte: node.start_byte(),
                        nested: None,
                    });
                }
                false
            }
            "file_scoped_namespace_declaration" => {
                file_scoped = Some(node.end_byte());
                false
            }
            "using_directive" if lang == Language::CSharp => {
                if node.child_by_field_name("name").is_none() {
                    let mut c = node.walk();
                    let stat = node.children(&mut c).any(|k| k.kind() == "static");
                    // The namespace block it stands in (its body), if any.
                    let mut nested = None;
                    let mut up = node.parent();
                    while let Some(p) = up {
                        if p.kind() == "namespace_declaration" {
                            nested = Some(p.byte_range());
                            break;
                        }
                        up = p.parent();
                    }
                    if nested.is_none() && file_scoped.is_some_and(|end| end <= node.start_byte()) {
                        nested = Some(0..text.len());
                    }
                    out.push(Directive {
                        form: if stat { Form::Static } else { Form::Namespace },
                        text: squeeze(&text[node.byte_range()]),
                        byte: node.start_byte(),
                        nested,
                    });
                }
                false
            }
            _ => true,
        }
    });
    out
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `java.lang` types (public, top level) a Java head name may be: a second type of that name
/// through an import on demand makes the name ambiguous (a compile error), so it is not
/// taken over silently.
const JAVA_LANG: &[&str] = &[
    "AbstractMethodError",
    "Appendable",
    "ArithmeticException",
    "ArrayIndexOutOfBoundsException",
    "AssertionError",
    "AutoCloseable",
    "Boolean",
    "Byte",
    "CharSequence",
    "Character",
    "Class",
    "ClassCastException",
    "ClassLoader",
    "ClassNotFoundException",
    "CloneNotSupportedException",
    "Cloneable",
    "Comparable",
    "Deprecated",
    "Double",
    "Enum",
    "Error",
    "Exception",
    "Float",
    "FunctionalInterface",
    "IllegalArgumentException",
    "IllegalStateException",
    "IndexOutOfBoundsException",
    "Integer",
    "InterruptedException",
    "Iterable",
    "Long",
    "Math",
    "NullPointerException",
    "Number",
    "NumberFormatException",
    "Object",
    "Override",
    "Process",
    "ProcessBuilder",
    "Record",
    "Runnable",
    "Runtime",
    "RuntimeException",
    "SafeVarargs",
    "SecurityException",
    "Short",
    "StackOverflowError",
    "StrictMath",
    "String",
    "StringBuffer",
    "StringBuilder",
    "SuppressWarnings",
    "System",
    "Thread",
    "ThreadLocal",
    "Throwable",
    "UnsupportedOperationException",
    "Void",
];

/// What a use must be declared as, around it, to stay out of an import's reach.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Want {
    /// A local variable, parameter or field (Java), or any member or local (C#).
    Variable,
    /// A method of an enclosing class (Java), or any member or local (C#).
    Method,
}

/// Whether `name` is declared around `node` as `want` says: in an enclosing block before it
/// (Java) or anywhere in it (C#), as a parameter of an enclosing function or lambda, as a
/// member of an enclosing type body, or by an enclosing `for`, `foreach` or `catch`.
fn declared_around(
    lang: Language,
    text: &str,
    node: tree_sitter::Node<'_>,
    name: &str,
    want: Want,
) -> bool {
    let java = lang == Language::Java;
    if want == Want::Variable && parameter_named(lang, text, node, name) {
        return true;
    }
    let named = |n: Option<tree_sitter::Node<'_>>| {
        n.is_some_and(|n| names::canonical(lang, &text[n.byte_range()]) == name)
    };
    let declarators = |d: tree_sitter::Node<'_>| {
        let mut c = d.walk();
        let found = d
            .named_children(&mut c)
            .filter(|v| v.kind() == "variable_declarator")
            .any(|v| named(v.child_by_field_name("name").or_else(|| v.named_child(0))));
        found
    };
    let declares = |sib: tree_sitter::Node<'_>| -> bool {
        match (sib.kind(), java, want) {
            (
                "local_variable_declaration" | "field_declaration" | "constant_declaration",
                true,
                Want::Variable,
            ) => declarators(sib),
            ("catch_formal_parameter" | "resource" | "enum_constant", true, Want::Variable) => {
                named(sib.child_by_field_name("name"))
            }
            ("formal_parameters", true, Want::Variable) => {
                let mut c = sib.walk();
                let found = sib
                    .named_children(&mut c)
                    .any(|p| named(p.child_by_field_name("name")));
                found
            }
            ("method_declaration", true, Want::Method) => named(sib.child_by_field_name("name")),
            (_, true, _) => false,
            (
                "local_declaration_statement" | "field_declaration" | "event_field_declaration",
                false,
                _,
            ) => {
                let mut c = sib.walk();
                let found = sib
                    .named_children(&mut c)
                    .filter(|v| v.kind() == "variable_declaration")
                    .any(declarators);
                found
            }
            ("variable_declaration", false, _) => declarators(sib),
            (
                "local_function_statement"
                | "method_declaration"
                | "property_declaration"
                | "event_declaration"
                | "catch_declaration"
                | "enum_member_declaration"
                | "delegate_declaration",
                false,
                _,
            ) => named(sib.child_by_field_name("name")),
            ("parameter_list", false, _) => {
                let mut c = sib.walk();
                let found = sib
                    .named_children(&mut c)
                    .any(|p| named(p.child_by_field_name("name")));
                found
            }
            _ => false,
        }
    };
    let mut child = node;
    let mut at = node.parent();
    while let Some(a) = at {
        // What `a` declares for its body (`for (T x : xs)`, `foreach (var x in xs)`).
        if want == Want::Variable || !java {
            let own = match a.kind() {
                "enhanced_for_statement" => a.child_by_field_name("name"),
                "foreach_statement" => a.child_by_field_name("left"),
                _ => None,
            };
            if own.is_some_and(|o| o.id() != child.id()) && named(own) {
                return true;
            }
        }
        // In a Java block a local is in scope after its declaration only.
        let ordered = java
            && matches!(
                a.kind(),
                "block" | "switch_block_statement_group" | "constructor_body" | "switch_rule"
            );
        let mut c = a.walk();
        for sib in a.named_children(&mut c) {
            if sib.id() == child.id() {
                if ordered {
                    break;
                }
                continue;
            }
            if declares(sib) {
                return true;
            }
        }
        child = a;
        at = a.parent();
    }
    false
}

/// Whether `node` is the field `field` of its parent of kind `kind`.
fn field_of(node: tree_sitter::Node<'_>, kinds: &[&str], field: &str) -> bool {
    node.parent().is_some_and(|p| {
        kinds.contains(&p.kind())
            && p.child_by_field_name(field)
                .is_some_and(|c| c.id() == node.id())
    })
}

/// The rule of this module (module docs).
#[allow(clippy::too_many_arguments)]
pub(super) fn on_demand_imports(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
    protected: &HashMap<String, usize>,
    seen: &mut HashSet<usize>,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    let lang = after.language();
    if !matches!(lang, Language::Java | Language::CSharp) {
        return;
    }
    let mut old: HashMap<(Form, String), usize> = HashMap::new();
    for d in directives(before) {
        *old.entry((d.form, d.text)).or_default() += 1;
    }
    let mut fresh: Vec<Directive> = Vec::new();
    for d in directives(after) {
        match old.get_mut(&(d.form, d.text.clone())) {
            Some(n) if *n > 0 => *n -= 1,
            _ => fresh.push(d),
        }
    }
    if fresh.is_empty() {
        return;
    }
    let first = |form: &[Form]| {
        fresh
            .iter()
            .find(|d| form.contains(&d.form))
            .map(|d| d.byte)
    };
    let statics = first(&[Form::Static]);
    let types = first(&[Form::Types]);
    let extensions = first(&[Form::Static, Form::Namespace]);
    // C#: namespaces whose new directive makes every member access a possible extension
    // property: (range, directive byte).
    let nested: Vec<(std::ops::Range<usize>, usize)> = fresh
        .iter()
        .filter_map(|d| d.nested.clone().map(|r| (r, d.byte)))
        .collect();
    let text = after.text();
    // The file's top-level types (in scope everywhere in it; a nested type is not in scope
    // outside its enclosing type, and there the name may mean a package).
    let file_types: HashSet<String> = after
        .symbols()
        .iter()
        .filter(|s| {
            matches!(
                s.kind,
                SymbolKind::Class | SymbolKind::Interface | SymbolKind::Enum | SymbolKind::Struct
            ) && s.parent.is_none()
        })
        .map(|s| names::canonical(lang, &s.name).into_owned())
        .collect();
    let excluded = granted_in_after(before, after, grants);
    let mut hits: Vec<(usize, String, usize)> = Vec::new();
    crate::walk::preorder(after.tree().root_node(), |cursor, _| {
        let node = cursor.node();
        let byte = node.start_byte();
        if in_ranges(&excluded, byte) {
            let at = excluded.partition_point(|r| r.start <= byte) - 1;
            return excluded[at].end < node.end_byte();
        }
        let kind = node.kind();
        if matches!(
            kind,
            "import_declaration" | "package_declaration" | "using_directive"
        ) {
            return false;
        }
        // A namespace's own name is no use.
        if field_of(
            node,
            &["namespace_declaration", "file_scoped_namespace_declaration"],
            "name",
        ) {
            return false;
        }
        if lang == Language::CSharp {
            if let Some(def) = extensions {
                let pattern = match kind {
                    "query_expression" => Some("a query expression"),
                    "foreach_statement" => Some("`foreach`"),
                    "await_expression" => Some("`await`"),
                    "binary_expression"
                    | "prefix_unary_expression"
                    | "postfix_unary_expression" => Some("an operator"),
                    "assignment_expression"
                        if node
                            .child_by_field_name("operator")
                            .is_some_and(|o| &text[o.byte_range()] != "=")
                            || node
                                .child_by_field_name("left")
                                .is_some_and(|l| l.kind() == "tuple_expression") =>
                    {
                        Some("an operator or a deconstruction")
                    }
                    "variable_declaration"
                        if {
                            let mut c = node.walk();
                            let found = node.named_children(&mut c).any(|v| {
                                v.kind() == "variable_declarator"
                                    && v.named_child(0)
                                        .is_some_and(|n| n.kind() == "tuple_pattern")
                            });
                            found
                        } =>
                    {
                        Some("a deconstruction")
                    }
                    "initializer_expression"
                        if node.parent().is_some_and(|p| {
                            matches!(
                                p.kind(),
                                "object_creation_expression"
                                    | "implicit_object_creation_expression"
                            )
                        }) =>
                    {
                        Some("a collection initializer")
                    }
                    _ => None,
                };
                if let Some(what) = pattern {
                    hits.push((byte, what.to_string(), def));
                }
            }
        }
        if !matches!(kind, "identifier" | "type_identifier") {
            return true;
        }
        let name = names::canonical(lang, &text[node.byte_range()]).into_owned();
        let hit = match lang {
            Language::Java => java_use(node, &name, text, statics, types, &file_types),
            _ => csharp_use(node, &name, text, statics, extensions, &nested),
        };
        if let Some(def) = hit {
            hits.push((byte, format!("`{name}`"), def));
        }
        true
    });
    report_users(
        (before, after),
        protected,
        hits,
        seen,
        out,
        line_of,
        &|name, who, def| {
            format!("{name} in {who} may now resolve through the new import on demand or `using` directive (line {def}), whose names (static members, types, extension methods) are unknown here: it can take over what that code calls; import the names one by one (`import a.B.name;`, a using alias) or grant `edit` on the code that uses it")
        },
    );
}

/// C# `global using` directives (any form: namespace, `static`, alias) that `after` has more
/// often than `before` (by text): each applies to every file of the compilation, whose code
/// this check cannot see, so each is a [`ViolationKind::Redefined`] outside any symbol,
/// whatever the grants (`imports` frees this file's directives, not other files' names).
pub(super) fn global_usings(
    before: &SourceFile,
    after: &SourceFile,
    out: &mut Vec<Violation>,
    line_of: &dyn Fn(usize) -> usize,
) {
    if after.language() != Language::CSharp {
        return;
    }
    let globals = |file: &SourceFile| -> Vec<(String, usize)> {
        let text = file.text();
        let mut found = Vec::new();
        crate::walk::preorder(file.tree().root_node(), |cursor, _| {
            let n = cursor.node();
            if n.kind() == "using_directive" {
                let mut c = n.walk();
                if n.children(&mut c).any(|k| k.kind() == "global") {
                    found.push((squeeze(&text[n.byte_range()]), n.start_byte()));
                }
                return false;
            }
            matches!(
                n.kind(),
                "compilation_unit" | "namespace_declaration" | "declaration_list"
            ) || n.parent().is_none()
        });
        found
    };
    let mut old: HashMap<String, usize> = HashMap::new();
    for (t, _) in globals(before) {
        *old.entry(t).or_default() += 1;
    }
    for (t, byte) in globals(after) {
        match old.get_mut(&t) {
            Some(n) if *n > 0 => *n -= 1,
            _ => {
                out.push(Violation {
                    changed_lines: Default::default(),
                    kind: ViolationKind::Redefined,
                    symbol: None,
                    symbol_kind: None,
                    before: None,
                    after: Some(LineRange {
                        start_line: line_of(byte),
                        end_line: line_of(byte),
                    }),
                    message: format!("the new `{t}` applies to every file of the compilation, whose code this check cannot see: it can take over names that code uses (types, static members, extension methods); write it without `global` or grant the files it reaches"),
                });
                return;
            }
        }
    }
}

/// The directive (its byte) a Java identifier's use may be taken over by, if any.
fn java_use(
    node: tree_sitter::Node<'_>,
    name: &str,
    text: &str,
    statics: Option<usize>,
    types: Option<usize>,
    file_types: &HashSet<String>,
) -> Option<usize> {
    let lang = Language::Java;
    let parent = node.parent()?;
    // The first name of a qualified type (`java.util.List`).
    if node.kind() == "type_identifier" {
        let head = parent.kind() == "scoped_type_identifier"
            && parent.named_child(0).is_some_and(|c| c.id() == node.id());
        if !head || file_types.contains(name) {
            return None;
        }
        return statics.or(types.filter(|_| !JAVA_LANG.contains(&name)));
    }
    if !is_reference_in(lang, node) || matches!(parent.kind(), "marker_annotation" | "annotation") {
        return None;
    }
    // An unqualified call: looked up in the enclosing classes, then the static imports.
    if field_of(node, &["method_invocation"], "name") {
        let def = statics?;
        return (!declared_around(lang, text, node, name, Want::Method)).then_some(def);
    }
    if let Some(def) = statics {
        if !declared_around(lang, text, node, name, Want::Variable) {
            return Some(def);
        }
        return None;
    }
    // Only a head (`java` in `java.util.List.of()`) can be a package that a type takes over.
    let def = types?;
    let head = field_of(node, &["field_access", "method_invocation"], "object")
        || field_of(node, &["scoped_identifier"], "scope");
    (head
        && !file_types.contains(name)
        && !JAVA_LANG.contains(&name)
        && !declared_around(lang, text, node, name, Want::Variable))
    .then_some(def)
}

/// The directive (its byte) a C# identifier's use may be taken over by, if any.
fn csharp_use(
    node: tree_sitter::Node<'_>,
    name: &str,
    text: &str,
    statics: Option<usize>,
    extensions: Option<usize>,
    nested: &[(std::ops::Range<usize>, usize)],
) -> Option<usize> {
    let lang = Language::CSharp;
    let parent = node.parent()?;
    // `Foo<T>` stands for `Foo` where the generic name is.
    let at = if parent.kind() == "generic_name" {
        parent
    } else {
        node
    };
    let member = field_of(
        at,
        &["member_access_expression", "member_binding_expression"],
        "name",
    );
    if member {
        // `x.Foo(...)`, `x?.Foo(...)`: an extension method may win.
        let access = at.parent()?;
        let call = if access.kind() == "member_binding_expression" {
            // `x?.Foo()`: the binding is the function of the invocation.
            field_of(access, &["invocation_expression"], "function")
        } else {
            field_of(access, &["invocation_expression"], "function")
        };
        if call {
            if let Some(def) = extensions {
                return Some(def);
            }
        }
        // Inside a namespace that a new directive imports into: extension properties.
        let byte = node.start_byte();
        return nested
            .iter()
            .find(|(r, _)| r.contains(&byte))
            .map(|(_, def)| *def);
    }
    let def = statics?;
    if !is_reference_in(lang, node) {
        return None;
    }
    let invoked = field_of(at, &["invocation_expression"], "function");
    // A method group used as a value.
    let value = matches!(
        at.parent().map(|p| p.kind()),
        Some(
            "argument"
                | "equals_value_clause"
                | "variable_declarator"
                | "return_statement"
                | "arrow_expression_clause"
                | "conditional_expression"
                | "parenthesized_expression"
                | "cast_expression"
                | "lambda_expression"
        )
    ) || field_of(at, &["assignment_expression"], "right");
    if !(invoked || value) {
        return None;
    }
    let want = if invoked {
        Want::Method
    } else {
        Want::Variable
    };
    (!declared_around(lang, text, node, name, want)).then_some(def)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(lang: Language, before: &str, after: &str) -> Status {
        let grants = Grants::new().imports();
        check_text(lang, before, after, &grants, &CheckOptions::default())
            .unwrap()
            .status
    }

    /// Each (language, before, the directive added at the top, expected status).
    #[test]
    fn imports_on_demand_count_against_what_they_can_take_over() {
        let java_helper = "class Helper {\n    static int run() {\n        return 1;\n    }\n}\n\nclass Use {\n    int go() {\n        return Helper.run();\n    }\n}\n";
        let java_pkg =
            "class Use {\n    int go() {\n        return com.acme.Util.run();\n    }\n}\n";
        let java_lang = "class Use {\n    int go(int x) {\n        return Math.abs(x) + String.valueOf(x).length();\n    }\n}\n";
        let java_local = "class Use {\n    int go(int[] xs) {\n        int total = 0;\n        for (int x : xs) {\n            total += x;\n        }\n        return total;\n    }\n}\n";
        let cs_group = "public class Use\n{\n    public object Map() => Transform;\n}\n";
        let cs_local = "public class Use\n{\n    public int Go(int a)\n    {\n        int Twice(int x) => x;\n        var b = a;\n        return Twice(b);\n    }\n}\n";
        let cs_foreach = "public class Use\n{\n    public void Go(Bag b)\n    {\n        foreach (var x in b)\n        {\n        }\n    }\n}\n";
        let cs_nested = "namespace App\n{\n    public class Use\n    {\n        public int Go(Bag b) => b.Size;\n    }\n}\n";
        for (lang, before, directive, expected) in [
            // A static field `Helper` would obscure the class `Helper`.
            (
                Language::Java,
                java_helper,
                "import static evil.X.*;",
                Status::Rejected,
            ),
            // Types never take over a type of the file, and `Helper` is one.
            (
                Language::Java,
                java_helper,
                "import evil.*;",
                Status::Allowed,
            ),
            // A type `com` takes the package name over.
            (Language::Java, java_pkg, "import evil.*;", Status::Rejected),
            // `java.lang` types: a second one is ambiguous, a compile error.
            (Language::Java, java_lang, "import evil.*;", Status::Allowed),
            (
                Language::Java,
                java_lang,
                "import static evil.X.*;",
                Status::Rejected,
            ),
            // Locals, parameters and loop variables are declared around their uses.
            (
                Language::Java,
                java_local,
                "import static evil.X.*;",
                Status::Allowed,
            ),
            // A method group used as a value joins the imported methods.
            (
                Language::CSharp,
                cs_group,
                "using static Evil.X;",
                Status::Rejected,
            ),
            // A local function and a local.
            (
                Language::CSharp,
                cs_local,
                "using static Evil.X;",
                Status::Allowed,
            ),
            // `foreach` finds `GetEnumerator` through extensions too.
            (
                Language::CSharp,
                cs_foreach,
                "using Evil;",
                Status::Rejected,
            ),
            (Language::CSharp, cs_local, "using Evil;", Status::Allowed),
        ] {
            let after = format!("{directive}\n{before}");
            assert_eq!(
                status(lang, before, &after),
                expected,
                "{directive}\n{before}"
            );
        }
        // Inside a namespace, a member access may reach an extension property.
        let after = cs_nested.replace(
            "{\n    public class",
            "{\n    using Evil;\n\n    public class",
        );
        assert_eq!(
            status(Language::CSharp, cs_nested, &after),
            Status::Rejected
        );
        assert_eq!(
            status(
                Language::CSharp,
                cs_nested,
                &format!("using Evil;\n{cs_nested}")
            ),
            Status::Allowed
        );
        // A directive retargeted is new; one removed is not.
        let before = "import static java.lang.Math.*;\n\nclass Use {\n    int go(int a) {\n        return max(a, 1);\n    }\n}\n";
        let after = before.replace("java.lang.Math", "evil.Math");
        assert_eq!(status(Language::Java, before, &after), Status::Rejected);
        let after = before.replace("import static java.lang.Math.*;\n\n", "");
        assert_eq!(status(Language::Java, before, &after), Status::Allowed);
    }
}
