//! Dispatch-changing additions: a member that an `add` grant on a class would let in as a
//! new symbol, but that changes how the class's existing code, its instances or its
//! subclasses behave wherever they are used (a protocol member), so that no ungranted
//! use of the class stays the same.
//!
//! - **Python**: any sunder name (`_x_`: `_missing_`, `_generate_next_value_`, `_ignore_`,
//!   `_order_`, `_numeric_repr_`, the hooks and settings `enum` reads from an `Enum` class,
//!   which changes the values and lookups of its ungranted members), the members frameworks
//!   read to configure a class's fields (`Meta`, `Config`, `model_config`), and any special
//!   name (`__x__`: `__bool__`, `__eq__`, `__len__`, `__iter__`,
//!   `__del__`, `__init__`, `__new__`, `__call__`, `__slots__`, `__class_getitem__`,
//!   `__init_subclass__`, ...; a method or a class attribute). The interpreter calls or reads
//!   them implicitly (`if acct:`, `==`, `len()`, construction, `del`), and an `__init__`
//!   added to a subclass replaces its base's.
//! - **JavaScript / TypeScript**: `constructor` (in a subclass it replaces the base's),
//!   `then` (instances become thenables: `await` changes), the members the language and
//!   libraries call implicitly (`toString`, `valueOf`, `toJSON`, `toLocaleString`, ...), a
//!   computed key (`[Symbol.iterator]`, `[Symbol.toPrimitive]`, `[k]`), any getter or
//!   setter (in TypeScript, one of a name the file never wrote on a class whose whole chain
//!   is known is an ordinary member: [`inert_accessor`]), and a member named like one of a
//!   base class in the file (an override).
//! - **Java / C#** (`jvm_protocol`): any new member of a type with a supertype declared
//!   outside the file, or of a C# `partial` type (what it inherits is unknown: it may
//!   override, hide or implement an inherited member), but a Java `private` method that
//!   [`inert_private_method`] clears; in a type whose root is known, a
//!   member named like one of `java.lang.Object`'s, `Enum`'s, `System.Object`'s, a C# name
//!   the language calls by pattern (`Dispose`, `GetEnumerator`, ...), an operator,
//!   conversion, indexer or finalizer; a record's implicit members (a component's accessor or
//!   property, a constructor, C# `Deconstruct`, `PrintMembers`, `EqualityContract`).
//!
//! Such an addition needs the class itself granted (`edit` or `body` on it, or on what holds
//! it); under `add` alone it is a [`ViolationKind::Redefined`] of the class. Ordinary new
//! members (a new method `refund`, a new field) stay allowed by `add`. At a Python module's
//! top level, an added `__getattr__`, `__dir__`, `__all__`, `__path__` (module attribute
//! lookup, `from m import *`, submodules), `__builtins__` (the builtins of every function
//! defined after it), `__class__`, `__spec__`, `__loader__` or `__package__` counts the same
//! way under `add` on the file.

use super::*;

/// JavaScript / TypeScript members the language or common libraries call implicitly.
const JS_PROTOCOL: &[&str] = &[
    "constructor",
    "then",
    "catch",
    "finally",
    "toString",
    "valueOf",
    "toJSON",
    "toLocaleString",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "__proto__",
    "__defineGetter__",
    "__defineSetter__",
    "__lookupGetter__",
    "__lookupSetter__",
    "inspect",
    "handleEvent",
];

/// Python class members that common frameworks read implicitly to configure the class's
/// existing fields (pydantic, Django, marshmallow, factory_boy).
const PY_FRAMEWORK_HOOKS: &[&str] = &["Meta", "Config", "model_config"];

/// Python module-level names the import system reads implicitly (PEP 562, `import *`).
/// `__builtins__` is where the functions defined after it look builtins up (CPython takes a
/// function's builtins from its globals when the function is made); `__class__` a module
/// type whose attribute hooks then run; `__spec__`, `__loader__`, `__package__` what
/// relative imports and reloads read.
const PY_MODULE_PROTOCOL: &[&str] = &[
    "__getattr__",
    "__dir__",
    "__all__",
    "__path__",
    "__builtins__",
    "__class__",
    "__spec__",
    "__loader__",
    "__package__",
];

/// The violations of the dispatch-changing additions rule (module docs).
pub(super) fn protocol_additions(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
) -> Vec<Violation> {
    let language = after.language();
    let jvm = matches!(language, Language::Java | Language::CSharp);
    if !(language == Language::Python || language.is_ecmascript() || jvm) {
        return Vec::new();
    }
    let paths_b: std::collections::HashMap<&str, usize> = before
        .symbols()
        .iter()
        .enumerate()
        .map(|(i, s)| (s.path.as_str(), i))
        .rev()
        .collect();
    let covered = Coverage::of(before, grants);
    let line_of = |byte: usize| {
        after.text()[..byte.min(after.text().len())]
            .bytes()
            .filter(|b| *b == b'\n')
            .count()
            + 1
    };
    let mut out = Vec::new();
    let mut seen: HashSet<usize> = HashSet::new();
    for added in after.symbols() {
        if paths_b.contains_key(added.path.as_str()) {
            continue;
        }
        let parent = added.parent.map(|p| &after.symbols()[p]);
        let Some(parent) = parent else {
            // Python's module level: `add` on the file.
            if language == Language::Python
                && PY_MODULE_PROTOCOL.contains(&added.name.as_str())
                && grants.adds_into(before, None)
            {
                out.push(Violation {
                    changed_lines: Default::default(),
                    kind: ViolationKind::Redefined,
                    symbol: None,
                    symbol_kind: None,
                    before: None,
                    after: Some(LineRange {
                        start_line: line_of(added.extent.start_byte),
                        end_line: line_of(added.extent.start_byte),
                    }),
                    message: format!(
                        "the added module-level `{}` changes how the module's names are looked up or imported (`import *`, attribute access from other modules), beyond any `add` grant; grant the file in `files` or `edit` to change it",
                        added.name
                    ),
                });
            }
            continue;
        };
        let is_type = matches!(
            parent.kind,
            SymbolKind::Class | SymbolKind::Interface | SymbolKind::Enum | SymbolKind::Struct
        );
        if !(parent.kind == SymbolKind::Class || (jvm && is_type)) {
            continue;
        }
        let Some(&class) = paths_b.get(parent.path.as_str()) else {
            continue;
        };
        let class_b = &before.symbols()[class];
        // The class granted itself: everything in it may change.
        if covered.covered(class, true) || grants.bodies(class_b) {
            continue;
        }
        // Not allowed by `add` either: already an `added` violation.
        if !grants.adds_into(before, Some(class)) {
            continue;
        }
        let why = match language {
            Language::Python if python_special(&added.name) => Some("a special name the interpreter calls or reads implicitly (truth value, comparison, length, iteration, construction, deletion, attribute layout, subclassing)".to_string()),
            Language::Python if PY_FRAMEWORK_HOOKS.contains(&added.name.as_str()) => Some("a name frameworks read from the class implicitly (pydantic's `model_config` and `Config`, Django's and marshmallow's `Meta`): it changes how the class's existing fields are validated, stored or serialised".to_string()),
            Language::Python => python_sunder(&added.name).then(|| "a sunder name (`_x_`) that `enum` reads implicitly (`_missing_`, `_generate_next_value_`, `_ignore_`, `_order_`, `_numeric_repr_`, `_add_alias_`, ...): it changes how the members' values are made and looked up".to_string()),
            Language::Java if inert_private_method(before, after, added) => None,
            Language::Java | Language::CSharp => jvm_protocol(after, added, parent),
            _ => ecmascript_protocol(before, after, added, parent).map(str::to_string),
        };
        let Some(why) = why else { continue };
        if !seen.insert(class) {
            continue;
        }
        out.push(redefined(
            class_b,
            line_of(added.extent.start_byte),
            format!(
                "the added `{}` in {} `{}` is {why}: it changes how the class's existing code, its instances or its subclasses behave wherever they are used, beyond an `add` grant; grant `edit` on `{}` to change it",
                added.name, class_b.kind, class_b.path, class_b.path
            ),
        ));
    }
    out
}

/// The private methods Java serialization calls by name (`ObjectOutputStream` and
/// `ObjectInputStream` find them by reflection, private as they are).
const JAVA_SERIALIZATION_HOOKS: &[&str] = &[
    "writeObject",
    "readObject",
    "readObjectNoData",
    "writeReplace",
    "readResolve",
];

/// Whether `added`, a Java method new in `after`, changes nothing that code outside the
/// grants reaches, whatever the class's supertypes: it is `private` (no other class's code
/// can call it, and a private method overrides, implements and hides nothing: one that
/// would is a compile error, JLS 8.4.8.3), unannotated (frameworks call annotated private
/// methods: `@PostConstruct`, `@JsonCreator`), not one of the serialization hooks
/// ([`JAVA_SERIALIZATION_HOOKS`]), and its name is no word of `before` at all, so no
/// ungranted code of the file (which stands in `before` as it is) calls it or resolves an
/// overload among methods of that name; new calls of it are in granted code. Reflection by
/// a computed name is not seen (as for every rule).
fn inert_private_method(before: &SourceFile, after: &SourceFile, added: &crate::Symbol) -> bool {
    if added.kind != SymbolKind::Method || JAVA_SERIALIZATION_HOOKS.contains(&added.name.as_str()) {
        return false;
    }
    let Some(decl) = super::overrides::declaration(after, added) else {
        return false;
    };
    if decl.kind() != "method_declaration" {
        return false;
    }
    let text = after.text();
    let mut cursor = decl.walk();
    let Some(modifiers) = decl.children(&mut cursor).find(|c| c.kind() == "modifiers") else {
        return false;
    };
    let mut cursor = modifiers.walk();
    let mut private = false;
    for m in modifiers.children(&mut cursor) {
        match m.kind() {
            "marker_annotation" | "annotation" => return false,
            _ if &text[m.byte_range()] == "private" => private = true,
            _ => {}
        }
    }
    let name = added.name.as_str();
    let word = |c: char| c.is_alphanumeric() || c == '_' || c == '$';
    // Words are Java's identifiers only where nothing else can join or spell one: a unicode
    // escape (`\u0066oo` is `foo`), an identifier-ignorable or format character
    // (`fo\u{200b}o` is `foo` too), a currency symbol or connecting punctuation other than
    // `$` and `_` (identifier parts) make the file fail this test.
    let plain = |t: &str| {
        !t.contains("\\u")
            && t.chars()
                .all(|c| c.is_ascii() || c.is_alphanumeric() || c.is_whitespace())
            && !t
                .chars()
                .any(|c| c.is_ascii_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0c'))
    };
    private
        && !name.is_empty()
        && name.chars().all(word)
        && plain(before.text())
        && !before.text().split(|c: char| !word(c)).any(|w| w == name)
}

/// The members of `java.lang.Object` (overridable or not: a new overload of a final one,
/// `wait(String)`, still changes what a call `x.wait(...)` resolves to).
const JAVA_OBJECT: &[&str] = &[
    "clone",
    "equals",
    "finalize",
    "getClass",
    "hashCode",
    "notify",
    "notifyAll",
    "toString",
    "wait",
];

/// The members `java.lang.Enum` adds to [`JAVA_OBJECT`] (and the implicit `values`,
/// `valueOf`).
const JAVA_ENUM: &[&str] = &[
    "compareTo",
    "describeConstable",
    "getDeclaringClass",
    "name",
    "ordinal",
    "valueOf",
    "values",
];

/// The members of `System.Object` (and `System.ValueType`, `System.Enum`), and the names C#
/// calls by pattern on any type, whatever its base list: `using` (`Dispose`), `foreach`
/// (`GetEnumerator`, `MoveNext`, `Current`), `await` (`GetAwaiter`, `GetResult`,
/// `IsCompleted`, `OnCompleted`), deconstruction, collection initializers (`Add`), `fixed`,
/// indices and ranges (`Length`, `Count`, `Slice`), query expressions (`Select`, `Where`,
/// ...). Operators (`operator+`, conversions `operator int`), the indexer (`this`) and the
/// finalizer (`~T`) are matched by their form.
const CSHARP_OBJECT: &[&str] = &[
    "Equals",
    "GetHashCode",
    "ToString",
    "GetType",
    "MemberwiseClone",
    "ReferenceEquals",
    "Finalize",
    "CompareTo",
    "HasFlag",
    "GetTypeCode",
    "Dispose",
    "DisposeAsync",
    "GetEnumerator",
    "GetAsyncEnumerator",
    "MoveNext",
    "MoveNextAsync",
    "Current",
    "GetAwaiter",
    "GetResult",
    "IsCompleted",
    "OnCompleted",
    "UnsafeOnCompleted",
    "Deconstruct",
    "Add",
    "GetPinnableReference",
    "Length",
    "Count",
    "Slice",
    "Item",
    "Select",
    "SelectMany",
    "Where",
    "OrderBy",
    "OrderByDescending",
    "ThenBy",
    "ThenByDescending",
    "GroupBy",
    "GroupJoin",
    "Join",
    "Cast",
    "Invoke",
];

/// The members a C# record synthesizes (besides its positional properties and its
/// constructors).
const CSHARP_RECORD: &[&str] = &[
    "Deconstruct",
    "PrintMembers",
    "EqualityContract",
    "<Clone>$",
];

/// Why a Java or C# member `added` to the existing type `parent` (in `after`) takes over
/// something ungranted code reaches without naming it, if it does:
///
/// - the type extends or implements a type this file does not declare (directly or through
///   the file's own types), or is a C# `partial` type (another part may name a base type):
///   what it inherits is unknown here, so any new member may override, hide or implement an
///   inherited one (`size()` in a class that extends `ArrayList`), which every caller and
///   the library itself reach;
/// - otherwise its root is known (`java.lang.Object`, `Enum`, `Record`; `System.Object`,
///   `ValueType`, `Enum`): a member named like one of the root's ([`JAVA_OBJECT`],
///   [`JAVA_ENUM`], [`CSHARP_OBJECT`]: string concatenation, `HashMap`, `==` on records,
///   `using`, `foreach` call them implicitly), a C# operator, conversion, indexer or
///   finalizer;
/// - a record's implicit members: an accessor or property named like a component (the
///   record header is their definition), a constructor (the canonical one, or a compact
///   one), and the C# synthesized `Deconstruct`, `PrintMembers`, `EqualityContract`.
///
/// Types are matched by simple name (a supertype named like a type of the file counts as
/// that type); a qualified supertype (`a.b.Base`) is outside the file.
fn jvm_protocol(
    after: &SourceFile,
    added: &crate::Symbol,
    parent: &crate::Symbol,
) -> Option<String> {
    let language = after.language();
    let name = added.name.as_str();
    let canon = |n: &str| crate::language::names::canonical(language, n).into_owned();
    let mut records: Vec<String> = Vec::new();
    let mut roots: HashSet<&'static str> = HashSet::new();
    // Walk the type and its supertypes declared in the file (by simple name).
    let symbols = after.symbols();
    let mut todo: Vec<usize> = symbols
        .iter()
        .position(|s| std::ptr::eq(s, parent))
        .into_iter()
        .collect();
    let mut visited: HashSet<usize> = HashSet::new();
    while let Some(t) = todo.pop() {
        if !visited.insert(t) {
            continue;
        }
        let s = &symbols[t];
        let Some(decl) = super::overrides::declaration(after, s) else {
            return Some(format!("a member of `{}`, whose declaration cannot be read here: it may override or hide an inherited member", s.path));
        };
        let text = after.text();
        let kind = decl.kind();
        if language == Language::CSharp {
            let mut cursor = decl.walk();
            let partial = decl
                .children(&mut cursor)
                .any(|c| c.kind() == "modifier" && text[c.byte_range()].trim() == "partial");
            if partial {
                return Some(format!("a member of the `partial` type `{}`, whose other parts (in other files) may name a base type or interfaces: it may override, hide or implement an inherited member that ungranted code reaches", s.path));
            }
        }
        roots.insert("object");
        match kind {
            "enum_declaration" => {
                roots.insert("enum");
            }
            "record_declaration" | "record_struct_declaration" => {
                roots.insert("record");
                if let Some(params) = decl.child_by_field_name("parameters").or_else(|| {
                    let mut c = decl.walk();
                    let found = decl
                        .named_children(&mut c)
                        .find(|n| n.kind() == "parameter_list");
                    found
                }) {
                    let mut c = params.walk();
                    for p in params.named_children(&mut c) {
                        if let Some(n) = p.child_by_field_name("name") {
                            records.push(canon(&text[n.byte_range()]));
                        }
                    }
                }
                records.push(canon(&s.name));
            }
            "struct_declaration" => {
                roots.insert("struct");
            }
            _ => {}
        }
        // A C# enum's base list is its underlying type, no supertype; an enum constant
        // inherits nothing it could override (its body's methods are the override rule's).
        let heads = if (language == Language::CSharp && kind == "enum_declaration")
            || added.kind == SymbolKind::Constant
        {
            Vec::new()
        } else {
            super_heads(after, decl)
        };
        for head in heads {
            let Some(head) = head else {
                return Some(format!("a member of `{}`, which extends or implements a type by a qualified name, declared outside this file: it may override, hide or implement a member inherited from there, which every caller (and the library itself) reaches", parent.path));
            };
            if matches!(head.as_str(), "object" | "Object")
                && !symbols
                    .iter()
                    .any(|x| canon(&x.name) == head && is_jvm_type(x.kind))
            {
                continue;
            }
            // The file's types of that name that are in scope where `s` names it: at the top
            // level, directly in a namespace around `s`, or nested in a type around it (a
            // type nested elsewhere is not what the name means there).
            let around: Vec<usize> =
                std::iter::successors(Some(t), |i| symbols[*i].parent).collect();
            let inner: Vec<usize> = symbols
                .iter()
                .enumerate()
                .filter(|(_, x)| is_jvm_type(x.kind) && canon(&x.name) == head)
                .filter(|(_, x)| x.parent.is_none_or(|p| around.contains(&p)))
                .map(|(i, _)| i)
                .collect();
            if inner.is_empty() {
                return Some(format!("a member of `{}`, which extends or implements `{head}`, declared outside this file (its members are unknown here): it may override, hide or implement a member of `{head}`, which every caller (and the library itself) reaches", parent.path));
            }
            todo.extend(inner);
        }
    }
    let n = canon(name);
    if records.contains(&n)
        || (roots.contains("record")
            && CSHARP_RECORD.contains(&n.as_str())
            && language == Language::CSharp)
    {
        return Some(format!("one of the record's implicit members (an accessor or property of a component, a constructor, `Deconstruct`, `PrintMembers`, `EqualityContract`): the record header defines `{name}`, and the new member replaces what ungranted code reaches"));
    }
    let root = match language {
        Language::Java => {
            JAVA_OBJECT.contains(&n.as_str())
                || (roots.contains("enum") && JAVA_ENUM.contains(&n.as_str()))
        }
        _ => {
            CSHARP_OBJECT.contains(&n.as_str())
                || n.starts_with("operator")
                || n == "this"
                || n.starts_with('~')
        }
    };
    root.then(|| format!("named like a member that every {} has or that the language calls implicitly (string conversion, equality, hashing, finalization, `using`, `foreach`, `await`, operators): it overrides or overloads what ungranted code and the library reach", if language == Language::Java { "Java object (`java.lang.Object`, `Enum`, `Record`)" } else { "C# object (`System.Object`, `ValueType`, `Enum`)" }))
}

/// Whether a symbol of `kind` is a Java or C# type.
fn is_jvm_type(kind: SymbolKind) -> bool {
    matches!(
        kind,
        SymbolKind::Class | SymbolKind::Interface | SymbolKind::Enum | SymbolKind::Struct
    )
}

/// The supertypes a Java or C# type declaration names (`extends`, `implements`, an
/// interface's `extends`, the C# base list), each by its simple name (type arguments left
/// out), or `None` where it is qualified or not a plain name.
pub(super) fn super_heads(file: &SourceFile, decl: tree_sitter::Node<'_>) -> Vec<Option<String>> {
    let text = file.text();
    let lang = file.language();
    let canon = |n: tree_sitter::Node<'_>| {
        Some(crate::language::names::canonical(lang, &text[n.byte_range()]).into_owned())
    };
    fn head(
        n: tree_sitter::Node<'_>,
        canon: &dyn Fn(tree_sitter::Node<'_>) -> Option<String>,
    ) -> Option<Option<String>> {
        match n.kind() {
            "type_identifier" | "identifier" => Some(canon(n)),
            "predefined_type" => Some(canon(n)),
            "generic_type" | "generic_name" => {
                let first = n.named_child(0)?;
                match first.kind() {
                    "type_identifier" | "identifier" => Some(canon(first)),
                    _ => Some(None),
                }
            }
            "primary_constructor_base_type" => {
                n.child_by_field_name("type").and_then(|t| head(t, canon))
            }
            "argument_list" | "comment" => None,
            _ => Some(None),
        }
    }
    let mut out = Vec::new();
    let mut cursor = decl.walk();
    for clause in decl.children(&mut cursor) {
        let types: Vec<tree_sitter::Node<'_>> = match clause.kind() {
            "superclass" | "base_list" => {
                let mut c = clause.walk();
                clause.named_children(&mut c).collect()
            }
            "super_interfaces" | "extends_interfaces" => {
                let mut c = clause.walk();
                let lists: Vec<_> = clause.named_children(&mut c).collect();
                let mut all = Vec::new();
                for l in lists {
                    if l.kind() == "type_list" {
                        let mut c2 = l.walk();
                        all.extend(l.named_children(&mut c2));
                    } else {
                        all.push(l);
                    }
                }
                all
            }
            _ => continue,
        };
        for t in types {
            if let Some(h) = head(t, &canon) {
                out.push(h);
            }
        }
    }
    out
}

/// `__x__`: a Python special name.
fn python_special(name: &str) -> bool {
    name.len() > 4 && name.starts_with("__") && name.ends_with("__")
}

/// `_x_`: a sunder name, as `enum` tells them (`enum._is_sunder`): reserved for its hooks
/// and settings in an `Enum` class, which may be any class with bases.
fn python_sunder(name: &str) -> bool {
    let b = name.as_bytes();
    b.len() > 2 && b[0] == b'_' && b[b.len() - 1] == b'_' && b[1] != b'_' && b[b.len() - 2] != b'_'
}

/// Why a JavaScript / TypeScript member `added` to class `class` (in `after`) is a protocol
/// member, if it is.
fn ecmascript_protocol(
    before: &SourceFile,
    after: &SourceFile,
    added: &crate::Symbol,
    class: &crate::Symbol,
) -> Option<&'static str> {
    let name = added.name.trim_start_matches('#');
    if JS_PROTOCOL.contains(&name) {
        return Some("a member the language or its libraries call implicitly (construction, `await`, conversion to a string, number or JSON)");
    }
    if name.starts_with('[') || name.contains("Symbol.") {
        return Some("a computed key (`[Symbol.iterator]`, `[Symbol.toPrimitive]`, ...), which the language may call implicitly");
    }
    let text = after.text();
    // The member's own node: a getter or setter (`get total()`).
    let mut node = after
        .tree()
        .root_node()
        .descendant_for_byte_range(added.extent.start_byte, added.extent.start_byte);
    while let Some(n) = node.filter(|n| n.end_byte() < added.extent.end_byte.min(text.len())) {
        node = n.parent();
    }
    if let Some(n) = node {
        let mut cursor = n.walk();
        let accessor = n
            .children(&mut cursor)
            .take_while(|c| {
                c.kind() != "property_identifier" && c.kind() != "computed_property_name"
            })
            .any(|c| matches!(c.kind(), "get" | "set"));
        if accessor && !inert_accessor(before, after, name, class) {
            return Some("a getter or setter, which runs on every read or write of that property (a field or method of the same name in a base class included)");
        }
    }
    // An override of a base class's member (a base class of this file, by name).
    let base = class_base(after, class)?;
    let overrides = after.symbols().iter().any(|b| {
        b.kind == SymbolKind::Class
            && b.name == base
            && after.symbols().iter().any(|m| {
                m.parent
                    .is_some_and(|p| std::ptr::eq(&after.symbols()[p], b))
                    && m.name == added.name
            })
    });
    overrides.then_some("an override of the base class's member of that name, which every call through an instance of the subclass now reaches")
}

/// Members of the global error classes, of `Object.prototype` and of every class (a static
/// `name` or `length`), and the properties engines and Node read on error objects: a getter
/// or setter named so is never [`inert_accessor`].
const JS_ERROR_AND_OBJECT_MEMBERS: &[&str] = &[
    "message",
    "name",
    "stack",
    "cause",
    "errors",
    "code",
    "errno",
    "syscall",
    "path",
    "captureStackTrace",
    "stackTraceLimit",
    "prepareStackTrace",
    "fileName",
    "lineNumber",
    "columnNumber",
    "description",
    "number",
    "length",
    "prototype",
    "caller",
    "arguments",
    "apply",
    "bind",
    "call",
];

/// The global error classes a TypeScript class may extend without its inherited members
/// being unknown: their members are [`JS_ERROR_AND_OBJECT_MEMBERS`] and `Object`'s.
const JS_ERROR_CLASSES: &[&str] = &[
    "Error",
    "TypeError",
    "RangeError",
    "SyntaxError",
    "ReferenceError",
    "EvalError",
    "URIError",
    "AggregateError",
];

/// Whether a getter or setter `name` added to `class` (in `after`) under `add` changes no
/// existing code: an accessor differs from a method of the same name (which `add` allows)
/// where code *writes* the property (`this.name = v` in a constructor, a base class's or a
/// subclass's field, `x.name = v`: a getter without a setter makes it throw in strict code, a
/// setter intercepts it) or where it overrides a member that inherited code reads. So it is
/// inert when all of these hold:
/// - the file is TypeScript: code of other files that writes the property (`err.flag = v`) or
///   a subclass declaring it as a field is a type error against an accessor (TS2540, TS2610),
///   and before the change such a write to a member the class did not declare was one too
///   (no class up the chain has an index signature, which would have allowed it);
///   code of other files that reads the new name changes as it does for a new method;
/// - `name` is a plain name, no member of the global error classes, of `Object.prototype` or
///   of every class, nor one the language or Node reads implicitly (the caller has ruled out
///   `then`, `toString`, `toJSON`, ...);
/// - `name` appears nowhere in `before` as a word, so no code of this file wrote, read,
///   declared or overrode it (a field, `this.name = ...`, a base class's member, a string key
///   given to `Object.defineProperty`);
/// - every class up the chain is known: `class` (at the file's top level) extends nothing, or
///   (written as a plain name) one of the global error classes, whose name the file writes
///   nowhere but after `extends ` (so binds no other), or a top-level class of this file that
///   `before` has, the only one of its name, whose own base is known the same way. A base class of another
///   module may write or read `this.name` in code this file does not show.
pub(super) fn inert_accessor(
    before: &SourceFile,
    after: &SourceFile,
    name: &str,
    class: &crate::Symbol,
) -> bool {
    if !matches!(after.language(), Language::TypeScript | Language::Tsx)
        || name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '$')
        || JS_PROTOCOL.contains(&name)
        || JS_ERROR_AND_OBJECT_MEMBERS.contains(&name)
    {
        return false;
    }
    let word = |t: &str, w: &str| {
        let b = t.as_bytes();
        let is = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80;
        t.match_indices(w)
            .any(|(i, _)| (i == 0 || !is(b[i - 1])) && b.get(i + w.len()).is_none_or(|c| !is(*c)))
    };
    if word(before.text(), name) {
        return false;
    }
    let paths_b: HashSet<&str> = before.symbols().iter().map(|s| s.path.as_str()).collect();
    if class.parent.is_some() {
        return false;
    }
    let mut at = class;
    for _ in 0..16 {
        let text = after.text();
        // An index signature (`[key: string]: unknown`) lets other modules write any name.
        let mut indexed = false;
        if let Some(n) = after
            .tree()
            .root_node()
            .descendant_for_byte_range(at.extent.start_byte, at.extent.end_byte)
        {
            crate::walk::preorder(n, |cursor, _| {
                indexed |= cursor.node().kind() == "index_signature";
                !indexed
            });
        }
        if indexed {
            return false;
        }
        let header =
            &text[at.extent.start_byte..at.body.map_or(at.extent.end_byte, |b| b.start_byte)];
        // The `extends` clause of the class declaration itself (not of a decorator's text).
        let Some((_, rest)) = header.split_once(" extends ") else {
            return !header.contains("extends");
        };
        let rest = rest.trim_start();
        let base: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '$')
            .collect();
        let next = rest[base.len()..].trim_start().chars().next();
        // `extends Base`, `extends Base<T>`, `extends Base implements I`, not `ns.Base`,
        // `mixin(Base)` or an expression.
        if base.is_empty() || !matches!(next, Some('{' | '<' | 'i') | None) {
            return false;
        }
        if JS_ERROR_CLASSES.contains(&base.as_str()) {
            // The global class: the file binds no other (an import, a declaration, a
            // parameter, an assignment), as it writes the name nowhere but after `extends `.
            let t = text.as_bytes();
            let is = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80;
            return text.match_indices(base.as_str()).all(|(i, _)| {
                let whole =
                    (i == 0 || !is(t[i - 1])) && t.get(i + base.len()).is_none_or(|c| !is(*c));
                !whole || text[..i].ends_with(" extends ")
            });
        }
        let Some(b) = after
            .symbols()
            .iter()
            .find(|s| s.kind == SymbolKind::Class && s.name == base && s.parent.is_none())
        else {
            return false;
        };
        if !paths_b.contains(b.path.as_str())
            || after
                .symbols()
                .iter()
                .filter(|s| s.kind == SymbolKind::Class && s.name == base)
                .count()
                != 1
        {
            return false;
        }
        at = b;
    }
    false
}

/// The name the class `extends` (its last identifier: `extends ns.Base` is `Base`), if any.
fn class_base(file: &SourceFile, class: &crate::Symbol) -> Option<String> {
    let text = file.text();
    let header =
        &text[class.extent.start_byte..class.body.map_or(class.extent.end_byte, |b| b.start_byte)];
    let (_, rest) = header.split_once("extends")?;
    let base: String = rest
        .trim()
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == '$' || c == '.'))
        .next()?
        .rsplit('.')
        .next()?
        .to_string();
    (!base.is_empty()).then_some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verdict(language: Language, before: &str, after: &str, grants: &Grants) -> Status {
        check_text(language, before, after, grants, &CheckOptions::default())
            .unwrap()
            .status
    }

    #[test]
    fn special_names_need_the_class_granted() {
        let before = "class A:\n    def f(self):\n        return 1\n";
        for (added, status) in [
            ("    def g(self):\n        return 2\n", Status::Allowed),
            (
                "    def __bool__(self):\n        return False\n",
                Status::Rejected,
            ),
            ("    __slots__ = ()\n", Status::Rejected),
            ("    def __init__(self):\n        pass\n", Status::Rejected),
        ] {
            let after = format!("{before}\n{added}");
            let add = Grants::new().add("A");
            assert_eq!(
                verdict(Language::Python, before, &after, &add),
                status,
                "{added}"
            );
            // Granted the class itself: anything in it may change.
            let edit = Grants::new().edit("A");
            assert_eq!(
                verdict(Language::Python, before, &after, &edit),
                Status::Allowed
            );
        }
        assert!(python_special("__eq__") && !python_special("__") && !python_special("_x_"));
        assert!(python_sunder("_missing_") && python_sunder("_x_"));
        assert!(!python_sunder("__x__") && !python_sunder("_private") && !python_sunder("__"));
        assert!(!python_sunder("_") && !python_sunder("_x__") && !python_sunder("__x_"));
    }

    #[test]
    fn ecmascript_protocol_members_need_the_class_granted() {
        let before = "class B {\n  m() {\n    return 1;\n  }\n}\n\nclass A extends B {\n  f() {\n    return 1;\n  }\n}\n";
        for (added, status) in [
            ("  g() {\n    return 2;\n  }\n", Status::Allowed),
            ("  then(r) {\n    r(0);\n  }\n", Status::Rejected),
            ("  constructor() {\n    super();\n  }\n", Status::Rejected),
            ("  toString() {\n    return '';\n  }\n", Status::Rejected),
            ("  get size() {\n    return 0;\n  }\n", Status::Rejected),
            (
                "  [Symbol.iterator]() {\n    return [][Symbol.iterator]();\n  }\n",
                Status::Rejected,
            ),
            ("  m() {\n    return 2;\n  }\n", Status::Rejected),
        ] {
            let after = before.replace(
                "  f() {\n    return 1;\n  }\n}\n",
                &format!("  f() {{\n    return 1;\n  }}\n\n{added}}}\n"),
            );
            let add = Grants::new().add("A");
            assert_eq!(
                verdict(Language::JavaScript, before, &after, &add),
                status,
                "{added}"
            );
        }
    }

    #[test]
    fn jvm_members_that_override_implicit_or_inherited_ones_need_the_type_granted() {
        // (language, before, the member added at the end of `A`'s body, expected).
        let java_plain = "class A {\n    int f() {\n        return 1;\n    }\n}\n";
        let java_enum = "enum A {\n    X;\n\n    int f() {\n        return 1;\n    }\n}\n";
        let java_iface = "interface A extends java.io.Serializable {\n    default int f() {\n        return 1;\n    }\n}\n";
        let java_inner = "class B {\n    int g() {\n        return 2;\n    }\n}\n\nclass A extends B {\n    int f() {\n        return 1;\n    }\n}\n";
        let cs_plain =
            "public class A\n{\n    public int F()\n    {\n        return 1;\n    }\n}\n";
        let cs_enum = "public enum A : byte\n{\n    X,\n}\n";
        for (language, before, added, status) in [
            (
                Language::Java,
                java_plain,
                "    int g() {\n        return 2;\n    }\n",
                Status::Allowed,
            ),
            (
                Language::Java,
                java_plain,
                "    public int hashCode() {\n        return 0;\n    }\n",
                Status::Rejected,
            ),
            (
                Language::Java,
                java_plain,
                "    protected void finalize() {\n    }\n",
                Status::Rejected,
            ),
            (
                Language::Java,
                java_plain,
                "    void wait(String s) {\n    }\n",
                Status::Rejected,
            ),
            (
                Language::Java,
                java_enum,
                "    String name(int i) {\n        return \"\";\n    }\n",
                Status::Rejected,
            ),
            (
                Language::Java,
                java_enum,
                "    int g() {\n        return 2;\n    }\n",
                Status::Allowed,
            ),
            (
                Language::Java,
                java_iface,
                "    default int g() {\n        return 2;\n    }\n",
                Status::Rejected,
            ),
            // A supertype of the file: its members are known (the override rule's).
            (
                Language::Java,
                java_inner,
                "    int h() {\n        return 3;\n    }\n",
                Status::Allowed,
            ),
            (
                Language::CSharp,
                cs_plain,
                "    public int G() => 2;\n",
                Status::Allowed,
            ),
            (
                Language::CSharp,
                cs_plain,
                "    ~A()\n    {\n    }\n",
                Status::Rejected,
            ),
            (
                Language::CSharp,
                cs_plain,
                "    public int this[int i] => i;\n",
                Status::Rejected,
            ),
            (
                Language::CSharp,
                cs_plain,
                "    public static implicit operator int(A a) => 0;\n",
                Status::Rejected,
            ),
            (
                Language::CSharp,
                cs_plain,
                "    public void Dispose()\n    {\n    }\n",
                Status::Rejected,
            ),
            (
                Language::CSharp,
                cs_plain,
                "    public IEnumerator<int> GetEnumerator() => null;\n",
                Status::Rejected,
            ),
        ] {
            let cut = before.rfind("}\n").unwrap();
            let after = format!("{}\n{added}}}\n", &before[..cut]);
            let add = Grants::new().add("A");
            assert_eq!(verdict(language, before, &after, &add), status, "{after}");
            assert_eq!(
                verdict(language, before, &after, &Grants::new().edit("A")),
                Status::Allowed,
                "{after}"
            );
        }
        // A C# enum's base list is its underlying type: a new member stays an ordinary one.
        let after = cs_enum.replace("    X,\n", "    X,\n    Y,\n");
        assert_eq!(
            verdict(Language::CSharp, cs_enum, &after, &Grants::new().add("A")),
            Status::Allowed
        );
    }
}
