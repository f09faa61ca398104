//! Name bindings: every statement form that (re)binds a name in a scope, per language.
//!
//! A definition is one way to bind a name; there are many others. Python: chained
//! assignment (`purge = delete = lambda: ...`), the walrus (`(helper := ...)`, also inside
//! comprehensions, which bind in the enclosing scope), augmented assignment, `for`, `with
//! ... as`, `except ... as`, `match` captures, `del`, `import x as helper`, `from m import
//! helper`, `from m import *`, `global`/`nonlocal` followed by any of these inside a body,
//! attribute assignment and `setattr`/`delattr` (also `object.__setattr__`) on a class
//! (`UserService.delete = ...`), `globals()["helper"] = ...` and `globals().update(...)`, and
//! `self.delete = ...` in a method (an instance attribute shadows any method but a property),
//! attribute targets of comprehensions, `operator.setitem` on a namespace, a function's
//! `__globals__`, and `setattr`/`delattr`/`__setattr__` used as a value (every name: `**`).
//! TypeScript: `var`/`let`/`const` declarators (destructuring too), function, class, enum and
//! namespace declarations, imports, assignments, `++`/`--` and `for (x of ...)` targets
//! naming a module binding (also from inside a function that does not declare the name),
//! member assignment and `delete` on a class or its prototype, `this.m = ...` in a method,
//! `Object.assign`/`Object.defineProperty`/`Object.defineProperties`/`Reflect.set`/
//! `Reflect.defineProperty` on a class or its prototype (also through `.call`/`.apply`),
//! `__defineGetter__`/`__defineSetter__`, `X.prototype = ...` /
//! `Object.setPrototypeOf(X.prototype, ...)` and class members with computed keys (every
//! member of `X`).
//! Owners are also reached through `(0, X)`, `new X()` (its `__proto__`) and computed keys
//! (`X["proto" + "type"]`: `X` itself, fail closed).
//! JavaScript: the TypeScript forms, CommonJS top-level `this` (`module.exports`), and, for the top-level `a.b = ...` symbols it names by
//! their left side, every assignment target and `Object.assign`-style owner also by its own
//! spelling (`Foo.prototype.bar`, `module.exports.f`); an assignment to a chain or name
//! (`module.exports = ...`, `exports = ...`, `Foo.prototype = ...`) binds every member below
//! it (`module.exports.*`); `this` in a function declaration `F` is `F.prototype`, and in a
//! function assigned to `P.m` is `P`, so `this.greet = ...` there binds `F.prototype.greet`.
//! Go: declarations, imports and assignments in bodies (`bindings/go.rs`).
//! Java: single-type and single static imports (`bindings/java.rs`); nothing else rebinds.
//! C#: using aliases, and `using` directives inside a namespace block (`bindings/csharp.rs`).
//! Rust: module-level `use` (aliases, lists, `{self}`, globs), `extern crate ... as`, and
//! assignments to a `static mut`.
//!
//! Each binding has a key in the form of a symbol path (`UserService.delete`, `helper`,
//! `net::connect`), so the check can ask whether a change binds the name of an ungranted
//! symbol more often than before. A key ending in `*` binds every name of its scope
//! (`from m import *`, a replaced prototype, a name that is not a literal).
//!
//! Where a target cannot be determined exactly, the binding fails closed: wrappers that leave
//! the target as it is (parentheses, `as`, `satisfies`, `!`, `<T>x`, literal subscripts) are
//! looked through; a computed key binds every member of its owner; a method receiver
//! (`self`, `cls`, `this`, also in closures, field initialisers and static contexts,
//! `type(self)`, `self.__class__`, `self.__dict__`) is its class; a TypeScript owner name
//! counts in every enclosing namespace, a Rust static's in every enclosing module; an
//! attribute binding (`Binding::attribute`) of a function's attribute counts against the
//! function. Python names stand for what they are bound to anywhere in their scope
//! (`bindings/python.rs`: two passes, the first gathers scopes and aliases): `m = hmac`,
//! parameter defaults and the arguments of calls to the file's functions and lambdas, loop
//! and comprehension variables, unpacking, walrus, `with ... as`, namespace items
//! (`globals()["hmac"]`, `sys.modules["hmac"]`, `vars(m)[k]`) and `__import__`/
//! `importlib.import_module` of a literal; an object that cannot be named (a computed
//! namespace item, `globals().values()`, `__import__(name)`) binds every attribute of
//! everything (`**`); also class and instance attributes (`self.mod = hmac`), what the
//! file's functions and lambdas return, collections filled by `append`/`update`/...
//! Not covered: method arguments, other modules' functions, `exec`/`eval` (a rule of their
//! own in `check::rebind`).

use std::collections::HashSet;

use tree_sitter::Node;

use crate::language::names;
use crate::walk::preorder;
use crate::{Language, SourceFile};

/// One binding of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Binding {
    /// The symbol path it binds (canonical; Python class-private names mangled), or a scope
    /// prefix followed by `*` for every name in that scope.
    pub key: String,
    /// Where the binding is (the binding name's first byte).
    pub byte: usize,
    /// Whether it runs later than the definitions around it (inside a function body): a
    /// binding of every name (`*`) then reaches the names defined below it too.
    pub deferred: bool,
    /// Which kinds of symbol it can rebind.
    pub only: Only,
    /// Whether it binds an attribute (`a.b = ...`, `setattr(a, ...)`, `Object.assign(a,
    /// ...)`) rather than a name: an attribute of a function is part of that function.
    pub attribute: bool,
}

/// Which symbols a binding can rebind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Only {
    /// Any symbol of that path.
    Any,
    /// Only a `static` (a Rust assignment: a `let` never shadows a static, but it does
    /// shadow a function).
    Statics,
    /// Only a method an instance attribute shadows (`self.delete = ...`, `this.delete =
    /// ...`): any method but a property, getter, setter or (TypeScript) static member;
    /// assigning a field or a property is what they are for.
    Shadowable,
    /// No symbol: a Rust glob import (`use m::*`), which binds only the names its module
    /// does not bind itself (items and explicit imports win over it). It still shadows what
    /// is not a symbol of the file: the prelude, other crates.
    Unbound,
}

/// Every binding in `file`, in document order.
/// Made once per file ([`SourceFile::memo`]): a warm baseline's are made once.
pub(crate) fn bindings(file: &SourceFile) -> &[Binding] {
    file.memo(crate::source::Slot::Bindings, || {
        let root = file.tree().root_node();
        match file.language() {
            Language::Python => python(file.text(), root),
            Language::TypeScript | Language::Tsx | Language::JavaScript => {
                ecmascript(file.language(), file.text(), root)
            }
            Language::Rust => rust(file.text(), root),
            Language::Go => go(file.text(), root),
            Language::Java => java(file.text(), root),
            Language::CSharp => csharp(file.text(), root),
        }
    })
}

/// The key for a Python name bound directly in class `class_name`: class-private names
/// (`__x`, not `__x__`) are stored mangled (`_Class__x`), so `_Class__x` and `__x` are one
/// name. `None` when no mangling applies.
pub(crate) fn python_mangle(class_name: &str, name: &str) -> Option<String> {
    let stripped = class_name.trim_start_matches('_');
    (name.starts_with("__") && !name.ends_with("__") && !stripped.is_empty() && !name.contains('.'))
        .then(|| format!("_{stripped}{name}"))
}

fn text<'t>(src: &'t str, node: Node<'_>) -> &'t str {
    src.get(node.byte_range()).unwrap_or("")
}

fn join(scope: &str, sep: &str, name: &str) -> String {
    if scope.is_empty() {
        name.to_string()
    } else {
        format!("{scope}{sep}{name}")
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ScopeKind {
    Module,
    Function,
    Class,
    /// A lambda or comprehension (Python), whose own names are local.
    Local,
    /// A comprehension: walrus targets inside bind in the enclosing scope.
    Comprehension,
}

struct Scope {
    kind: ScopeKind,
    /// Depth of the node that opened it (popped when the walk leaves it).
    depth: usize,
    /// Where in the file the scope applies (a function's body, not its parameters).
    range: std::ops::Range<usize>,
    /// Path of the scope (symbol path convention).
    path: String,
    /// Its own name (for Python name mangling).
    name: String,
    /// Names declared `global` (Python) in it.
    globals: HashSet<String>,
    /// Names declared `nonlocal` (Python), or declared locally (TypeScript).
    locals: HashSet<String>,
    /// A method's receiver (`self`, `this`) and the path of its class.
    instance: Option<(String, String)>,
    /// An arrow function (its `this` is the enclosing one's).
    arrow: bool,
    /// The receiver is the class itself (a Python `@classmethod`'s `cls`, `this` in a
    /// TypeScript static method, static field or static block).
    class_this: bool,
    /// JavaScript: `this` is what a function that is no method is called on (its
    /// `instance`); a member assigned on it is an instance property, no attribute of the
    /// function.
    js_this: bool,
}

impl Scope {
    fn module(len: usize) -> Scope {
        Scope {
            kind: ScopeKind::Module,
            depth: 0,
            range: 0..len,
            path: String::new(),
            name: String::new(),
            globals: HashSet::new(),
            locals: HashSet::new(),
            instance: None,
            arrow: false,
            class_this: false,
            js_this: false,
        }
    }
}

/// The scopes (innermost last) that apply at `byte`.
fn applying(stack: &[Scope], byte: usize) -> impl Iterator<Item = &Scope> {
    stack
        .iter()
        .rev()
        .filter(move |s| s.range.start <= byte && byte < s.range.end.max(s.range.start + 1))
}

fn named_children<'t>(node: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    (0..node.named_child_count() as u32).filter_map(move |i| node.named_child(i))
}

fn local_scope(kind: ScopeKind, depth: usize, range: std::ops::Range<usize>) -> Scope {
    Scope {
        kind,
        depth,
        range,
        path: String::new(),
        name: String::new(),
        globals: HashSet::new(),
        locals: HashSet::new(),
        instance: None,
        arrow: false,
        class_this: false,
        js_this: false,
    }
}

/// An identifier chain `a.b.c` (Python `attribute`, ECMAScript `member_expression` with
/// `property_identifier`s or literal subscripts `a["b"]`, TS `nested_identifier`), canonical,
/// or `None`. Wrappers that do not change the value are looked through: parentheses, and
/// TypeScript `as`, `satisfies`, `!` and `<T>` assertions. Any length (a long chain is not
/// dropped).
fn chain(lang: Language, src: &str, node: Node<'_>, sep: &str) -> Option<String> {
    let mut parts = Vec::new();
    let mut at = unwrap(node);
    loop {
        match at.kind() {
            "identifier" | "type_identifier" | "property_identifier" => {
                parts.push(names::canonical(lang, text(src, at)).into_owned());
                break;
            }
            "attribute" | "member_expression" | "nested_identifier" => {
                let field = if at.kind() == "attribute" {
                    "attribute"
                } else {
                    "property"
                };
                let prop = at.child_by_field_name(field)?;
                if !matches!(prop.kind(), "identifier" | "property_identifier") {
                    return None;
                }
                parts.push(names::canonical(lang, text(src, prop)).into_owned());
                at = unwrap(at.child_by_field_name("object")?);
            }
            "subscript_expression" if lang != Language::Python => {
                let key = literal_key(lang, src, at.child_by_field_name("index")?)?;
                parts.push(key);
                at = unwrap(at.child_by_field_name("object")?);
            }
            _ => return None,
        }
    }
    parts.reverse();
    Some(parts.join(sep))
}

/// `node` without the wrappers that leave its value (and, as a target, what it binds) as it
/// is: parentheses, TypeScript `x as T`, `x satisfies T`, `x!`, `<T>x`.
fn unwrap(node: Node<'_>) -> Node<'_> {
    let mut at = node;
    loop {
        let inner = match at.kind() {
            "parenthesized_expression"
            | "as_expression"
            | "satisfies_expression"
            | "non_null_expression" => named_children(at).find(|c| c.kind() != "comment"),
            "type_assertion" => named_children(at)
                .filter(|c| c.kind() != "comment" && c.kind() != "type_arguments")
                .last(),
            _ => None,
        };
        match inner {
            Some(i) => at = i,
            None => return at,
        }
    }
}

/// A property key written as a literal: a string (`"delete"`, `'\delete'`), a template
/// without substitutions, a number. `None` when it is computed.
fn literal_key(lang: Language, src: &str, node: Node<'_>) -> Option<String> {
    let node = unwrap(node);
    match node.kind() {
        "string" => literal_name(src, node),
        "template_string" if lang != Language::Python => {
            if named_children(node).any(|c| c.kind() == "template_substitution") {
                return None;
            }
            let raw = text(src, node);
            let inner = raw.strip_prefix('`')?.strip_suffix('`')?;
            names::string_key(&format!("\"{}\"", inner.replace('"', "\\\"")))
        }
        "number" if lang != Language::Python => names::number_key(text(src, node)),
        _ => None,
    }
}

/// A string literal's value when it is a plain identifier (`"delete"`), for both languages.
fn literal_name(src: &str, node: Node<'_>) -> Option<String> {
    if node.kind() != "string" {
        return None;
    }
    let raw = text(src, node);
    // Python prefixes (`r"..."`, `b"..."`) and triple quotes: only plain quotes count.
    names::string_key(raw)
}

mod csharp;
mod ecmascript;
mod go;
mod java;
mod python;
mod rust;
#[cfg(test)]
mod tests;

use csharp::csharp;
use ecmascript::ecmascript;
use go::go;
use java::java;
use python::python;
use rust::rust;
