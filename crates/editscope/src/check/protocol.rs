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
//!   setter, and a member named like one of a base class in the file (an override).
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
    if !(language == Language::Python || language.is_ecmascript()) {
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
        if parent.kind != SymbolKind::Class {
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
            Language::Python if python_special(&added.name) => Some("a special name the interpreter calls or reads implicitly (truth value, comparison, length, iteration, construction, deletion, attribute layout, subclassing)"),
            Language::Python if PY_FRAMEWORK_HOOKS.contains(&added.name.as_str()) => Some("a name frameworks read from the class implicitly (pydantic's `model_config` and `Config`, Django's and marshmallow's `Meta`): it changes how the class's existing fields are validated, stored or serialised"),
            Language::Python => python_sunder(&added.name).then_some("a sunder name (`_x_`) that `enum` reads implicitly (`_missing_`, `_generate_next_value_`, `_ignore_`, `_order_`, `_numeric_repr_`, `_add_alias_`, ...): it changes how the members' values are made and looked up"),
            _ => ecmascript_protocol(after, added, parent),
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
        if accessor {
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
}
