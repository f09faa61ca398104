//! Name bindings: every statement form that (re)binds a name in a scope, per language.
//!
//! A definition is one way to bind a name; there are many others. Python: chained
//! assignment (`purge = delete = lambda: ...`), the walrus (`(helper := ...)`, also inside
//! comprehensions, which bind in the enclosing scope), augmented assignment, `for`, `with
//! ... as`, `except ... as`, `match` captures, `del`, `import x as helper`, `from m import
//! helper`, `from m import *`, `global`/`nonlocal` followed by any of these inside a body,
//! attribute assignment and `setattr`/`delattr` (also `object.__setattr__`) on a class
//! (`UserService.delete = ...`), `globals()["helper"] = ...` and `globals().update(...)`, and
//! `self.delete = ...` in a method (an instance attribute shadows any method but a property).
//! TypeScript: `var`/`let`/`const` declarators (destructuring too), function, class, enum and
//! namespace declarations, imports, assignments, `++`/`--` and `for (x of ...)` targets
//! naming a module binding (also from inside a function that does not declare the name),
//! member assignment and `delete` on a class or its prototype, `this.m = ...` in a method,
//! `Object.assign`/`Object.defineProperty`/`Object.defineProperties`/`Reflect.set`/
//! `Reflect.defineProperty` on a class or its prototype, `X.prototype = ...` /
//! `Object.setPrototypeOf(X.prototype, ...)` and class members with computed keys (every
//! member of `X`).
//! Rust: module-level `use` (aliases, lists, `{self}`), `extern crate ... as`, and
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
//! function. Not covered, because not syntactic: `exec`, `eval`, `sys.modules[...]`, a class
//! or `globals()` reached through another variable or a call's result.

use std::collections::HashSet;

use tree_sitter::Node;

use super::names;
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
}

/// Every binding in `file`, in document order.
pub(crate) fn bindings(file: &SourceFile) -> Vec<Binding> {
    let root = file.tree().root_node();
    match file.language() {
        Language::Python => python(file.text(), root),
        Language::TypeScript | Language::Tsx => ecmascript(file.language(), file.text(), root),
        Language::Rust => rust(file.text(), root),
    }
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

// ---------------------------------------------------------------------------------------
// Python

struct Py<'s> {
    src: &'s str,
    stack: Vec<Scope>,
    out: Vec<Binding>,
}

const PY: Language = Language::Python;

impl Py<'_> {
    /// The key a plain name binds at `byte`: `None` when local to a lambda or comprehension.
    fn resolve(&self, byte: usize, name: &str, walrus: bool) -> Option<String> {
        let name = names::canonical(PY, name).into_owned();
        let mut want_function = false;
        for s in applying(&self.stack, byte) {
            match s.kind {
                ScopeKind::Comprehension if walrus => continue,
                ScopeKind::Comprehension | ScopeKind::Local => return None,
                ScopeKind::Class if want_function => continue,
                ScopeKind::Module => return Some(name),
                ScopeKind::Function | ScopeKind::Class => {
                    if s.globals.contains(&name) {
                        return Some(name);
                    }
                    if !want_function && s.locals.contains(&name) {
                        // `nonlocal`: the enclosing function's name.
                        want_function = true;
                        continue;
                    }
                    let own = match s.kind {
                        ScopeKind::Class => python_mangle(&s.name, &name).unwrap_or(name),
                        _ => name,
                    };
                    return Some(join(&s.path, ".", &own));
                }
            }
        }
        Some(name)
    }

    fn name(&mut self, node: Node<'_>, walrus: bool) {
        let t = text(self.src, node);
        if t == "_" && node.parent().is_some_and(|p| p.kind().ends_with("pattern")) {
            return;
        }
        if let Some(key) = self.resolve(node.start_byte(), t, walrus) {
            self.key(key, node.start_byte());
        }
    }

    fn key(&mut self, key: String, byte: usize) {
        self.key_only(key, byte, Only::Any);
    }

    fn key_only(&mut self, key: String, byte: usize, only: Only) {
        let deferred = applying(&self.stack, byte)
            .any(|s| matches!(s.kind, ScopeKind::Function | ScopeKind::Local));
        self.out.push(Binding {
            key,
            byte,
            deferred,
            only,
            attribute: false,
        });
    }

    /// A binding of an attribute (`owner.name`).
    fn attr_key(&mut self, key: String, byte: usize, only: Only) {
        self.key_only(key, byte, only);
        if let Some(b) = self.out.last_mut() {
            b.attribute = true;
        }
    }

    /// The method receiver at `byte`: its name, its class's path and whether it is the
    /// class itself (`cls` in a `@classmethod`). Looked up through nested functions and
    /// lambdas (a closure in a method sees its `self`).
    fn receiver(&self, byte: usize) -> Option<(&str, &str, bool)> {
        for s in applying(&self.stack, byte) {
            match s.kind {
                ScopeKind::Function | ScopeKind::Local | ScopeKind::Comprehension => {
                    if let Some((name, class)) = &s.instance {
                        return Some((name, class, s.class_this));
                    }
                }
                ScopeKind::Class | ScopeKind::Module => return None,
            }
        }
        None
    }

    /// The innermost class whose body (methods included) `byte` is in: private names
    /// (`__x`) there are mangled with its name.
    fn mangling_class(&self, byte: usize) -> Option<&str> {
        applying(&self.stack, byte)
            .find(|s| s.kind == ScopeKind::Class)
            .map(|s| s.name.as_str())
    }

    fn attr_name(&self, node: Node<'_>) -> String {
        let attr = names::canonical(PY, text(self.src, node)).into_owned();
        match self.mangling_class(node.start_byte()) {
            Some(class) => python_mangle(class, &attr).unwrap_or(attr),
            None => attr,
        }
    }

    /// What an object expression is, as the owner of the attributes bound on it.
    fn object(&self, node: Node<'_>) -> Option<PyObject> {
        let node = unwrap(node);
        match node.kind() {
            "identifier" => {
                let name = names::canonical(PY, text(self.src, node));
                if let Some((recv, class, class_this)) = self.receiver(node.start_byte()) {
                    if recv == name {
                        return Some(PyObject::Path(class.to_string(), !class_this));
                    }
                }
                Some(PyObject::Path(name.into_owned(), false))
            }
            "attribute" => {
                let attr = self.attr_name(node.child_by_field_name("attribute")?);
                match self.object(node.child_by_field_name("object")?)? {
                    PyObject::Path(p, true) if attr == "__class__" => {
                        Some(PyObject::Path(p, false))
                    }
                    PyObject::Path(p, true) if attr == "__dict__" => {
                        Some(PyObject::Namespace(format!("{p}."), Only::Shadowable))
                    }
                    PyObject::Path(p, _) => Some(PyObject::Path(format!("{p}.{attr}"), false)),
                    PyObject::Namespace(..) => None,
                }
            }
            "call" => {
                let f = text(self.src, node.child_by_field_name("function")?);
                let args: Vec<Node<'_>> = node
                    .child_by_field_name("arguments")
                    .map(|a| {
                        named_children(a)
                            .filter(|c| c.kind() != "comment")
                            .collect()
                    })
                    .unwrap_or_default();
                match (f, args.as_slice()) {
                    ("globals", []) => Some(PyObject::Namespace(String::new(), Only::Any)),
                    ("locals" | "vars", []) => {
                        let scope = self.resolve(node.start_byte(), "x", false)?;
                        let prefix = scope.strip_suffix('x').unwrap_or("").to_string();
                        Some(PyObject::Namespace(prefix, Only::Any))
                    }
                    ("vars", [x]) => match self.object(*x)? {
                        PyObject::Path(p, instance) => Some(PyObject::Namespace(
                            format!("{p}."),
                            if instance {
                                Only::Shadowable
                            } else {
                                Only::Any
                            },
                        )),
                        PyObject::Namespace(..) => None,
                    },
                    ("type", [x]) => match self.object(*x)? {
                        PyObject::Path(p, true) => Some(PyObject::Path(p, false)),
                        _ => None,
                    },
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// Binds `owner.attr` (`attr` `None`: every attribute) at `byte`.
    fn bind_member(&mut self, owner: PyObject, attr: Option<String>, byte: usize) {
        let attribute = matches!(owner, PyObject::Path(..));
        let (k, only) = self.member_key(owner, attr);
        if attribute {
            // A free name resolves through the enclosing functions before the module: `C`
            // inside `def f` may be `f.C`.
            let functions: Vec<String> = applying(&self.stack, byte)
                .filter(|s| s.kind == ScopeKind::Function)
                .map(|s| s.path.clone())
                .filter(|p| !k.starts_with(&format!("{p}.")))
                .collect();
            // (Not as attributes: `f.C.x` is no attribute of the function `f`.)
            for f in functions {
                self.key_only(format!("{f}.{k}"), byte, only);
            }
            self.attr_key(k, byte, only);
        } else {
            self.key_only(k, byte, only);
        }
    }

    /// `owner.attr = ...` (also through `setattr`): the key, and which symbols it can bind.
    fn member_key(&self, owner: PyObject, attr: Option<String>) -> (String, Only) {
        let attr = attr.unwrap_or_else(|| "*".to_string());
        match owner {
            PyObject::Path(p, true) if attr == "__class__" || attr == "__dict__" => {
                (format!("{p}.*"), Only::Any)
            }
            PyObject::Path(p, true) => (format!("{p}.{attr}"), Only::Shadowable),
            PyObject::Path(p, false) => (format!("{p}.{attr}"), Only::Any),
            PyObject::Namespace(prefix, only) => (format!("{prefix}{attr}"), only),
        }
    }

    /// The names an assignment, `for`, `with`, `del` target binds.
    fn targets(&mut self, target: Node<'_>) {
        let mut todo = vec![target];
        while let Some(t) = todo.pop() {
            match t.kind() {
                "identifier" => self.name(t, false),
                "attribute" => {
                    let owner = t.child_by_field_name("object").and_then(|o| self.object(o));
                    let attr = t
                        .child_by_field_name("attribute")
                        .map(|a| self.attr_name(a));
                    if let (Some(owner), Some(attr)) = (owner, attr) {
                        self.bind_member(owner, Some(attr), t.start_byte());
                    }
                }
                "subscript" => {
                    // `globals()["helper"] = ...`, `self.__dict__["delete"] = ...`,
                    // `vars(C)[name] = ...`
                    let owner = t.child_by_field_name("value").and_then(|v| self.object(v));
                    // `helper.__dict__[name] = ...`: an attribute of `helper`.
                    if let Some(PyObject::Path(p, false)) = &owner {
                        if p.ends_with(".__dict__") {
                            self.attr_key(format!("{p}.*"), t.start_byte(), Only::Any);
                        }
                    }
                    if let Some(PyObject::Namespace(..)) = &owner {
                        let sub = t.child_by_field_name("subscript");
                        let name = sub
                            .and_then(|s| literal_name(self.src, s))
                            .map(|n| names::canonical(PY, &n).into_owned());
                        self.bind_member(owner.unwrap(), name, t.start_byte());
                    }
                }
                "call" => {
                    // `globals() |= {...}`
                    if let Some(owner @ PyObject::Namespace(..)) = self.object(t) {
                        self.bind_member(owner, None, t.start_byte());
                    }
                }
                "pattern_list"
                | "tuple_pattern"
                | "list_pattern"
                | "tuple"
                | "list"
                | "expression_list"
                | "parenthesized_expression"
                | "list_splat_pattern"
                | "list_splat"
                | "as_pattern_target" => todo.extend(named_children(t)),
                _ => {}
            }
        }
    }

    fn visit(&mut self, node: Node<'_>, depth: usize) {
        match node.kind() {
            "function_definition" | "class_definition" => {
                let Some(name) = node.child_by_field_name("name") else {
                    return;
                };
                self.name(name, false);
                let canonical = names::canonical(PY, text(self.src, name)).into_owned();
                let enclosing = applying(&self.stack, node.start_byte()).find(|s| {
                    matches!(
                        s.kind,
                        ScopeKind::Module | ScopeKind::Function | ScopeKind::Class
                    )
                });
                let scope_path = enclosing.map(|s| s.path.clone()).unwrap_or_default();
                // A method's first parameter is its instance.
                let instance = enclosing
                    .filter(|s| s.kind == ScopeKind::Class && node.kind() == "function_definition")
                    .and_then(|s| {
                        let first = node
                            .child_by_field_name("parameters")
                            .and_then(|p| named_children(p).next())?;
                        let id = if first.kind() == "identifier" {
                            first
                        } else {
                            named_children(first).find(|c| c.kind() == "identifier")?
                        };
                        Some((
                            names::canonical(PY, text(self.src, id)).into_owned(),
                            s.path.clone(),
                        ))
                    });
                // `cls` in a `@classmethod` (and `__init_subclass__`, `__new__`,
                // `__class_getitem__`, implicit class methods) is the class itself.
                let class_this = instance.is_some()
                    && (matches!(
                        canonical.as_str(),
                        "__init_subclass__" | "__new__" | "__class_getitem__"
                    ) || node.parent().is_some_and(|p| {
                        p.kind() == "decorated_definition"
                            && named_children(p).any(|d| {
                                d.kind() == "decorator"
                                    && text(self.src, d)
                                        .trim_start_matches('@')
                                        .trim()
                                        .rsplit('.')
                                        .next()
                                        .is_some_and(|n| n.trim() == "classmethod")
                            })
                    }));
                if let Some(body) = node.child_by_field_name("body") {
                    self.stack.push(Scope {
                        class_this,
                        kind: if node.kind() == "class_definition" {
                            ScopeKind::Class
                        } else {
                            ScopeKind::Function
                        },
                        depth,
                        range: body.start_byte()..node.end_byte(),
                        path: join(&scope_path, ".", &canonical),
                        name: canonical,
                        globals: HashSet::new(),
                        locals: HashSet::new(),
                        instance,
                        arrow: false,
                    });
                }
            }
            // Defaults are evaluated outside: only the body is the lambda's scope.
            "lambda" => {
                let body = node.child_by_field_name("body").unwrap_or(node);
                self.stack
                    .push(local_scope(ScopeKind::Local, depth, body.byte_range()))
            }
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression" => self.stack.push(local_scope(
                ScopeKind::Comprehension,
                depth,
                node.byte_range(),
            )),
            "global_statement" | "nonlocal_statement" => {
                let global = node.kind() == "global_statement";
                let byte = node.start_byte();
                let declared: Vec<String> = named_children(node)
                    .filter(|c| c.kind() == "identifier")
                    .map(|c| names::canonical(PY, text(self.src, c)).into_owned())
                    .collect();
                let at = self.stack.iter().rposition(|s| {
                    matches!(s.kind, ScopeKind::Function | ScopeKind::Class)
                        && s.range.start <= byte
                        && byte < s.range.end
                });
                if let Some(i) = at {
                    let set = if global {
                        &mut self.stack[i].globals
                    } else {
                        &mut self.stack[i].locals
                    };
                    set.extend(declared);
                }
            }
            "assignment" | "augmented_assignment" => {
                if let Some(left) = node.child_by_field_name("left") {
                    self.targets(left);
                }
            }
            "named_expression" => {
                if let Some(name) = node.child_by_field_name("name") {
                    self.name(name, true);
                }
            }
            "for_statement" => {
                if let Some(left) = node.child_by_field_name("left") {
                    self.targets(left);
                }
            }
            "delete_statement" => {
                for c in named_children(node) {
                    self.targets(c);
                }
            }
            "as_pattern" => {
                if let Some(alias) = node.child_by_field_name("alias") {
                    self.targets(alias);
                } else if node.parent().is_some_and(|p| p.kind() == "case_pattern") {
                    // `case ... as name`
                    if let Some(last) = named_children(node).last() {
                        if last.kind() == "identifier" {
                            self.name(last, false);
                        }
                    }
                }
            }
            "dotted_name"
                if node
                    .parent()
                    .is_some_and(|p| matches!(p.kind(), "case_pattern" | "keyword_pattern"))
                    && node.named_child_count() == 1 =>
            {
                // A capture pattern (`case helper:`, `Point(x=helper)`).
                if let Some(n) = node.named_child(0) {
                    self.name(n, false);
                }
            }
            "splat_pattern" => {
                if let Some(n) = named_children(node).find(|c| c.kind() == "identifier") {
                    self.name(n, false);
                }
            }
            "import_statement" | "import_from_statement" => {
                let mut cursor = node.walk();
                let names_: Vec<Node<'_>> =
                    node.children_by_field_name("name", &mut cursor).collect();
                for n in names_ {
                    match n.kind() {
                        "dotted_name" => {
                            // `import a.b` binds `a`; `from m import a` binds `a`.
                            if let Some(first) = n.named_child(0) {
                                self.name(first, false);
                            }
                        }
                        "aliased_import" => {
                            if let Some(alias) = n.child_by_field_name("alias") {
                                self.name(alias, false);
                            }
                        }
                        _ => {}
                    }
                }
                if let Some(w) = named_children(node).find(|c| c.kind() == "wildcard_import") {
                    if let Some(scope) = self.resolve(w.start_byte(), "x", false) {
                        let prefix = scope.strip_suffix('x').unwrap_or("").to_string();
                        self.key(format!("{prefix}*"), w.start_byte());
                    }
                }
            }
            "type_alias_statement" => {
                if let Some(left) = node.child_by_field_name("left") {
                    // `type(self).m = ...` reads as a type alias to the grammar, but Python
                    // reads an assignment to a member of `type(self)`: the class's member.
                    let written = text(self.src, left).trim();
                    if let Some(rest) = written.strip_prefix('(') {
                        if let Some((inner, attrs)) = rest.split_once(')') {
                            let inner = inner.trim();
                            let owner = match self.receiver(left.start_byte()) {
                                Some((recv, class, _)) if recv == inner => class.to_string(),
                                _ => format!("{inner}.__class__"),
                            };
                            let attrs: String =
                                attrs.chars().filter(|c| !c.is_whitespace()).collect();
                            let key = match attrs.strip_prefix('.') {
                                Some(a) if !a.is_empty() => format!("{owner}.{a}"),
                                _ => format!("{owner}.*"),
                            };
                            self.attr_key(
                                names::canonical(PY, &key).into_owned(),
                                left.start_byte(),
                                Only::Any,
                            );
                            return;
                        }
                    }
                    let n = named_children(left)
                        .find(|c| c.kind() == "identifier")
                        .unwrap_or(left);
                    self.name(n, false);
                }
            }
            "call" => self.call(node),
            _ => {}
        }
    }

    /// Calls that bind: `setattr(C, "name", v)` and its spellings (`delattr`,
    /// `builtins.setattr`, `object.__setattr__`, `type.__setattr__`, `super().__setattr__`,
    /// `x.__setattr__`), and every call on a namespace (`globals()`, `locals()`, `vars()`,
    /// `vars(x)`, `self.__dict__`) except a read.
    fn call(&mut self, node: Node<'_>) {
        let Some(function) = node.child_by_field_name("function") else {
            return;
        };
        let f = text(self.src, function);
        let args: Vec<Node<'_>> = node
            .child_by_field_name("arguments")
            .map(|a| {
                named_children(a)
                    .filter(|c| c.kind() != "comment")
                    .collect()
            })
            .unwrap_or_default();
        let byte = node.start_byte();
        let literal = |me: &Self, n: Option<&Node<'_>>| {
            n.and_then(|a| literal_name(me.src, *a))
                .map(|n| names::canonical(PY, &n).into_owned())
        };
        let unwrapped = unwrap(function);
        if unwrapped.kind() == "attribute" {
            let method = unwrapped
                .child_by_field_name("attribute")
                .map(|a| text(self.src, a))
                .unwrap_or("");
            let object = unwrapped.child_by_field_name("object");
            // `super().__setattr__(name, v)`: on this instance.
            let is_super = object.is_some_and(|o| {
                o.kind() == "call"
                    && o.child_by_field_name("function")
                        .is_some_and(|f| text(self.src, f) == "super")
            });
            let owner = if is_super {
                self.receiver(byte)
                    .map(|(_, class, class_this)| PyObject::Path(class.to_string(), !class_this))
            } else {
                object.and_then(|o| self.object(o))
            };
            if let Some(PyObject::Namespace(..)) = &owner {
                const READS: &[&str] = &[
                    "get",
                    "keys",
                    "values",
                    "items",
                    "copy",
                    "__getitem__",
                    "__contains__",
                    "__len__",
                    "__iter__",
                    "__repr__",
                    "__str__",
                    "__eq__",
                    "__ne__",
                    "__or__",
                ];
                if READS.contains(&method) {
                    return;
                }
                let owner = owner.unwrap();
                let mut named = Vec::new();
                let mut all = !matches!(
                    method,
                    "__setitem__" | "__delitem__" | "setdefault" | "pop" | "update"
                );
                match method {
                    "__setitem__" | "__delitem__" | "setdefault" | "pop" => {
                        match literal(self, args.first()) {
                            Some(n) => named.push(n),
                            None => all = true,
                        }
                    }
                    "update" => {
                        for a in &args {
                            match a.kind() {
                                "keyword_argument" => {
                                    if let Some(n) = a.child_by_field_name("name") {
                                        named.push(
                                            names::canonical(PY, text(self.src, n)).into_owned(),
                                        );
                                    }
                                }
                                "dictionary" => {
                                    for pair in named_children(*a) {
                                        let key = pair
                                            .child_by_field_name("key")
                                            .and_then(|k| literal_name(self.src, k));
                                        match key {
                                            Some(n) => {
                                                named.push(names::canonical(PY, &n).into_owned())
                                            }
                                            None => all = true,
                                        }
                                    }
                                }
                                _ => all = true,
                            }
                        }
                    }
                    _ => {}
                }
                for n in named {
                    self.bind_member(owner.clone(), Some(n), byte);
                }
                if all {
                    self.bind_member(owner, None, byte);
                }
                return;
            }
            if matches!(method, "__setattr__" | "__delattr__") {
                let static_form = matches!(
                    f,
                    "object.__setattr__"
                        | "object.__delattr__"
                        | "type.__setattr__"
                        | "type.__delattr__"
                );
                let (target, name) = if static_form {
                    (
                        args.first().and_then(|o| self.object(*o)),
                        literal(self, args.get(1)),
                    )
                } else {
                    (owner, literal(self, args.first()))
                };
                if let Some(target) = target {
                    self.bind_member(target, name, byte);
                }
                return;
            }
        }
        if matches!(
            f,
            "setattr" | "delattr" | "builtins.setattr" | "builtins.delattr"
        ) {
            if let Some(obj) = args.first().and_then(|o| self.object(*o)) {
                self.bind_member(obj, literal(self, args.get(1)), byte);
            }
        }
    }
}

/// What an object expression stands for, as an owner of attributes.
#[derive(Clone, Debug)]
enum PyObject {
    /// A class, module-level name or attribute path; `true` when it is an instance of that
    /// class (`self` in its method).
    Path(String, bool),
    /// A namespace dictionary: the key prefix its items bind, and which symbols.
    Namespace(String, Only),
}

fn python(src: &str, root: Node<'_>) -> Vec<Binding> {
    let mut py = Py {
        src,
        stack: vec![Scope::module(src.len())],
        out: Vec::new(),
    };
    preorder(root, |cursor, depth| {
        while py.stack.len() > 1 && py.stack.last().is_some_and(|s| s.depth >= depth) {
            py.stack.pop();
        }
        py.visit(cursor.node(), depth);
        true
    });
    py.out
}

// ---------------------------------------------------------------------------------------
// TypeScript / TSX

const ES_FUNCTIONS: &[&str] = &[
    "function_declaration",
    "generator_function_declaration",
    "function_expression",
    "generator_function",
    "arrow_function",
    "method_definition",
    "class_static_block",
];

struct Es<'s> {
    lang: Language,
    src: &'s str,
    stack: Vec<Scope>,
    out: Vec<Binding>,
}

impl Es<'_> {
    fn canon(&self, node: Node<'_>) -> String {
        names::canonical(self.lang, text(self.src, node)).into_owned()
    }

    /// The module or namespace scope whose binding `name` at `byte` is: for a name used
    /// inside a function, only if no enclosing function declares it (`None` otherwise).
    fn resolve(&self, byte: usize, name: &str, declaring: bool) -> Option<String> {
        for s in applying(&self.stack, byte) {
            match s.kind {
                ScopeKind::Function if declaring => return None,
                ScopeKind::Function if s.locals.contains(name) => return None,
                ScopeKind::Module | ScopeKind::Class => return Some(join(&s.path, ".", name)),
                _ => continue,
            }
        }
        Some(name.to_string())
    }

    fn name(&mut self, node: Node<'_>, declaring: bool) {
        let name = self.canon(node);
        if let Some(key) = self.resolve(node.start_byte(), &name, declaring) {
            self.key(key, node.start_byte());
        }
    }

    fn key(&mut self, key: String, byte: usize) {
        self.key_only(key, byte, Only::Any);
    }

    fn key_only(&mut self, key: String, byte: usize, only: Only) {
        let deferred = applying(&self.stack, byte).any(|s| s.kind == ScopeKind::Function);
        self.out.push(Binding {
            key,
            byte,
            deferred,
            only,
            attribute: false,
        });
    }

    /// A binding of an attribute (`owner.name`).
    fn attr_key(&mut self, key: String, byte: usize, only: Only) {
        self.key_only(key, byte, only);
        if let Some(b) = self.out.last_mut() {
            b.attribute = true;
        }
    }

    /// What `this` is at `byte`: the class, and whether `this` is the class itself (a
    /// static method, static field or static block) rather than an instance. Arrow
    /// functions see the enclosing `this`.
    fn this_class(&self, byte: usize) -> Option<(&str, bool)> {
        let function =
            applying(&self.stack, byte).find(|s| s.kind == ScopeKind::Function && !s.arrow)?;
        let (_, class) = function.instance.as_ref()?;
        Some((class, function.class_this))
    }

    /// The keys a name used at `byte` can stand for: the name in every enclosing namespace
    /// (innermost first) and at the top level, unless a function declares it.
    fn reach(&self, byte: usize, name: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for s in applying(&self.stack, byte) {
            match s.kind {
                ScopeKind::Function if s.locals.contains(name) => return out,
                ScopeKind::Module => {
                    let k = join(&s.path, ".", name);
                    if !out.contains(&k) {
                        out.push(k);
                    }
                }
                _ => {}
            }
        }
        if !out.iter().any(|k| k == name) {
            out.push(name.to_string());
        }
        out
    }

    /// The property a member or subscript expression names: `Some(name)`, `Some(None)` when
    /// it is computed (could be any), `None` for other nodes.
    fn property<'t>(&self, node: Node<'t>) -> Option<(Node<'t>, Option<String>)> {
        let object = node.child_by_field_name("object")?;
        match node.kind() {
            "member_expression" => {
                let p = node.child_by_field_name("property")?;
                let name = (p.kind() == "property_identifier").then(|| self.canon(p));
                Some((object, name.or(Some(text(self.src, p).to_string()))))
            }
            "subscript_expression" => {
                let i = node.child_by_field_name("index")?;
                Some((object, literal_key(self.lang, self.src, i)))
            }
            _ => None,
        }
    }

    /// The owners whose members an assignment to a property of `node` binds: a class
    /// (`C`, `C.prototype`, `this.prototype` or `this` in a static context, `(C as any)`),
    /// an instance of one (`this` in a method: only what an instance attribute shadows), a
    /// namespace path (`NS.C`, resolved against the enclosing namespaces), or a member of
    /// any of these (`C.delete`: its attributes).
    fn owners(&self, node: Node<'_>) -> Option<(Vec<String>, Only)> {
        let node = unwrap(node);
        match node.kind() {
            "this" => {
                let (class, class_this) = self.this_class(node.start_byte())?;
                let only = if class_this {
                    Only::Any
                } else {
                    Only::Shadowable
                };
                Some((vec![class.to_string()], only))
            }
            "identifier" | "type_identifier" => {
                Some((self.reach(node.start_byte(), &self.canon(node)), Only::Any))
            }
            "member_expression" | "subscript_expression" => {
                let (object, prop) = self.property(node)?;
                let (owners, _) = self.owners(object)?;
                match prop.as_deref() {
                    Some("prototype" | "__proto__" | "constructor") => Some((owners, Only::Any)),
                    Some(p) => Some((
                        owners.into_iter().map(|o| format!("{o}.{p}")).collect(),
                        Only::Any,
                    )),
                    None => None,
                }
            }
            _ => None,
        }
    }

    /// The bindings an assignment to a member expression makes: `X.m`, `X.prototype.m`,
    /// `X.prototype["m"]`, `this.m` bind `X.m`; a computed key (`X.prototype[k]`) and
    /// `X.prototype` / `X.__proto__` themselves bind every member (`X.*`).
    fn member(&self, target: Node<'_>) -> Option<(Vec<String>, Only)> {
        let (object, prop) = self.property(target)?;
        let (owners, only) = self.owners(object)?;
        let name = match prop.as_deref() {
            Some("prototype" | "__proto__") => {
                return Some((
                    owners.into_iter().map(|o| format!("{o}.*")).collect(),
                    Only::Any,
                ))
            }
            Some(p) => p.to_string(),
            None => "*".to_string(),
        };
        Some((
            owners.into_iter().map(|o| format!("{o}.{name}")).collect(),
            only,
        ))
    }

    /// Assignment or update targets: a name, a member, or a destructuring pattern.
    fn targets(&mut self, target: Node<'_>, declaring: bool) {
        let mut todo = vec![target];
        while let Some(t) = todo.pop() {
            match t.kind() {
                "identifier" | "shorthand_property_identifier_pattern" => self.name(t, declaring),
                "member_expression" | "subscript_expression" if !declaring => {
                    if let Some((keys, only)) = self.member(t) {
                        for k in keys {
                            self.attr_key(k, t.start_byte(), only);
                        }
                    }
                }
                "as_expression"
                | "satisfies_expression"
                | "non_null_expression"
                | "type_assertion" => {
                    let inner = unwrap(t);
                    if inner != t {
                        todo.push(inner);
                    }
                }
                "array_pattern"
                | "object_pattern"
                | "rest_pattern"
                | "assignment_pattern"
                | "parenthesized_expression"
                | "array"
                | "object" => todo.extend(named_children(t)),
                "pair_pattern" => todo.extend(t.child_by_field_name("value")),
                "object_assignment_pattern" => todo.extend(t.child_by_field_name("left")),
                "pair" => todo.extend(t.child_by_field_name("value")),
                "shorthand_property_identifier" => self.name(t, declaring),
                _ => {}
            }
        }
    }

    /// Names declared in a function (its parameters and declarations, not those of nested
    /// functions): assignments to them are local.
    fn declared(&self, function: Node<'_>) -> HashSet<String> {
        let mut out = HashSet::new();
        let mut todo: Vec<Node<'_>> = named_children(function).collect();
        let mut patterns: Vec<Node<'_>> = Vec::new();
        while let Some(n) = todo.pop() {
            match n.kind() {
                k if ES_FUNCTIONS.contains(&k) => {
                    if matches!(k, "function_declaration" | "generator_function_declaration") {
                        if let Some(name) = n.child_by_field_name("name") {
                            out.insert(self.canon(name));
                        }
                    }
                    continue;
                }
                "class_declaration" | "abstract_class_declaration" | "enum_declaration" => {
                    if let Some(name) = n.child_by_field_name("name") {
                        out.insert(self.canon(name));
                    }
                }
                "variable_declarator" => patterns.extend(n.child_by_field_name("name")),
                "required_parameter" | "optional_parameter" => {
                    patterns.extend(n.child_by_field_name("pattern"))
                }
                "catch_clause" => patterns.extend(n.child_by_field_name("parameter")),
                _ => {}
            }
            todo.extend(named_children(n));
        }
        // `function f(a)`: a plain identifier parameter list (arrow `a => ...`).
        if let Some(p) = function.child_by_field_name("parameter") {
            patterns.push(p);
        }
        while let Some(p) = patterns.pop() {
            match p.kind() {
                "identifier" | "shorthand_property_identifier_pattern" => {
                    out.insert(self.canon(p));
                }
                "pair_pattern" => patterns.extend(p.child_by_field_name("value")),
                _ => patterns.extend(named_children(p)),
            }
        }
        out
    }

    fn visit(&mut self, node: Node<'_>, depth: usize) {
        let kind = node.kind();
        match kind {
            "program" => {}
            "internal_module" | "module" => {
                if let (Some(name), Some(body)) = (
                    node.child_by_field_name("name"),
                    node.child_by_field_name("body"),
                ) {
                    let n = collapse_chain(self, name);
                    self.name_text(&n, name.start_byte());
                    let path = join(&self.scope_path(node.start_byte()), ".", &n);
                    self.stack.push(Scope {
                        path,
                        ..local_scope(ScopeKind::Module, depth, body.byte_range())
                    });
                }
            }
            "class_declaration" | "abstract_class_declaration" | "enum_declaration" => {
                if let Some(name) = node.child_by_field_name("name") {
                    self.name(name, true);
                }
            }
            "function_signature" => {
                if let Some(name) = node.child_by_field_name("name") {
                    self.name(name, true);
                }
            }
            "public_field_definition" => {
                self.computed_member(node);
                // A field's initialiser runs with `this` the instance (a static field's:
                // the class).
                if let Some(class) = self.class_path(node) {
                    self.stack.push(Scope {
                        instance: Some(("this".to_string(), class)),
                        class_this: is_static(node),
                        ..local_scope(ScopeKind::Function, depth, node.byte_range())
                    });
                }
            }
            k if ES_FUNCTIONS.contains(&k) => {
                if k == "method_definition" {
                    self.computed_member(node);
                }
                if matches!(k, "function_declaration" | "generator_function_declaration") {
                    if let Some(name) = node.child_by_field_name("name") {
                        self.name(name, true);
                    }
                }
                let locals = self.declared(node);
                // A method's `this` is an instance of its class; a static method's and a
                // static block's is the class.
                let instance = matches!(k, "method_definition" | "class_static_block")
                    .then(|| self.class_path(node))
                    .flatten()
                    .map(|c| ("this".to_string(), c));
                self.stack.push(Scope {
                    locals,
                    instance,
                    class_this: k == "class_static_block" || is_static(node),
                    arrow: k == "arrow_function",
                    ..local_scope(ScopeKind::Function, depth, node.byte_range())
                });
            }
            "variable_declarator" => {
                if let Some(name) = node.child_by_field_name("name") {
                    self.targets(name, true);
                }
            }
            "import_clause" => {
                for c in named_children(node) {
                    match c.kind() {
                        "identifier" => self.name(c, true),
                        "namespace_import" => {
                            if let Some(i) = named_children(c).find(|i| i.kind() == "identifier") {
                                self.name(i, true);
                            }
                        }
                        "named_imports" => {
                            for spec in named_children(c).filter(|s| s.kind() == "import_specifier")
                            {
                                if let Some(n) = spec
                                    .child_by_field_name("alias")
                                    .or_else(|| spec.child_by_field_name("name"))
                                {
                                    self.name(n, true);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
            "import_require_clause" | "import_alias" => {
                if let Some(i) = named_children(node).find(|i| i.kind() == "identifier") {
                    self.name(i, true);
                }
            }
            "assignment_expression" | "augmented_assignment_expression" => {
                if let Some(left) = node.child_by_field_name("left") {
                    // `this.m = this.m.bind(this)` in a method or constructor of the class
                    // keeps the method (a bound copy of it): exactly that, one argument
                    // `this`, nothing else.
                    let is_this_member = |n: Node<'_>| {
                        n.kind() == "member_expression"
                            && n.child_by_field_name("object")
                                .is_some_and(|o| o.kind() == "this")
                            && n.child_by_field_name("property")
                                .is_some_and(|p| p.kind() == "property_identifier")
                    };
                    let rebinds_itself = node.kind() == "assignment_expression"
                        && is_this_member(left)
                        && self
                            .this_class(left.start_byte())
                            .is_some_and(|(_, class_this)| !class_this)
                        && node.child_by_field_name("right").is_some_and(|r| {
                            let args: Vec<Node<'_>> = r
                                .child_by_field_name("arguments")
                                .map(|a| {
                                    named_children(a)
                                        .filter(|c| c.kind() != "comment")
                                        .collect()
                                })
                                .unwrap_or_default();
                            r.kind() == "call_expression"
                                && args.len() == 1
                                && args[0].kind() == "this"
                                && r.child_by_field_name("function").is_some_and(|f| {
                                    f.kind() == "member_expression"
                                        && f.child_by_field_name("property")
                                            .is_some_and(|p| text(self.src, p) == "bind")
                                        && f.child_by_field_name("object").is_some_and(|o| {
                                            is_this_member(o)
                                                && text(self.src, o) == text(self.src, left)
                                        })
                                })
                        });
                    if !rebinds_itself {
                        self.targets(left, false);
                    }
                }
            }
            "update_expression" => {
                if let Some(arg) = node.child_by_field_name("argument") {
                    self.targets(arg, false);
                }
            }
            "unary_expression" if node.child(0).is_some_and(|c| c.kind() == "delete") => {
                if let Some(arg) = node.child_by_field_name("argument") {
                    self.targets(arg, false);
                }
            }
            "call_expression" => self.call(node),
            "for_in_statement" => {
                // `for (var helper of ...)`, `for (helper of ...)`, `for (X.prototype.m in
                // ...)`; `let`/`const` loop variables are the loop's own.
                let kind = node.child_by_field_name("kind").map(|k| text(self.src, k));
                if let Some(left) = node.child_by_field_name("left") {
                    match kind {
                        Some("var") => self.targets(left, true),
                        None => self.targets(left, false),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    /// A class member whose key is computed (`[k]() {}`) could be any member: it binds
    /// every name of its class (`C.*`), except for a string literal (named by its value, as
    /// a symbol) and a well-known symbol (`[Symbol.iterator]`), which no other name equals.
    fn computed_member(&mut self, member: Node<'_>) {
        let Some(name) = member.child_by_field_name("name") else {
            return;
        };
        if name.kind() != "computed_property_name" {
            return;
        }
        let inner = named_children(name).next();
        let plain = inner.is_some_and(|i| {
            (i.kind() == "string" && literal_name(self.src, i).is_some())
                || (i.kind() == "member_expression"
                    && i.child_by_field_name("object")
                        .is_some_and(|o| text(self.src, o) == "Symbol"))
        });
        if plain {
            return;
        }
        if let Some(path) = self.class_path(member) {
            self.key(format!("{path}.*"), name.start_byte());
        }
    }

    /// The path of the class a member is in: `class C { ... }` or `const C = class { ... }`.
    fn class_path(&self, member: Node<'_>) -> Option<String> {
        let body = member.parent().filter(|b| b.kind() == "class_body")?;
        let class = body.parent()?;
        let name = match class.kind() {
            "class_declaration" | "abstract_class_declaration" => class.child_by_field_name("name"),
            "class" => class.child_by_field_name("name").or_else(|| {
                class
                    .parent()
                    .filter(|p| p.kind() == "variable_declarator")
                    .and_then(|p| p.child_by_field_name("name"))
            }),
            _ => None,
        }?;
        Some(join(
            &self.scope_path(class.start_byte()),
            ".",
            &self.canon(name),
        ))
    }

    fn name_text(&mut self, name: &str, byte: usize) {
        if let Some(key) = self.resolve(byte, name, true) {
            self.key(key, byte);
        }
    }

    fn scope_path(&self, byte: usize) -> String {
        applying(&self.stack, byte)
            .find(|s| s.kind == ScopeKind::Module)
            .map(|s| s.path.clone())
            .unwrap_or_default()
    }

    /// `Object.assign(X.prototype, {...})`, `Object.defineProperty(X.prototype, "m", ...)`,
    /// `Object.defineProperties(X, {...})`, `Reflect.set(X, "m", v)`,
    /// `Reflect.defineProperty(...)`, `Object.setPrototypeOf(X.prototype, ...)` (also spelled
    /// `globalThis.Object.assign`, `Object["assign"]`, with wrapped arguments).
    fn call(&mut self, node: Node<'_>) {
        let Some(f) = node.child_by_field_name("function") else {
            return;
        };
        let Some(callee) = chain(self.lang, self.src, f, ".") else {
            return;
        };
        let callee = callee
            .strip_prefix("globalThis.")
            .or_else(|| callee.strip_prefix("window."))
            .unwrap_or(&callee)
            .to_string();
        let args: Vec<Node<'_>> = node
            .child_by_field_name("arguments")
            .map(|a| {
                named_children(a)
                    .filter(|c| c.kind() != "comment")
                    .collect()
            })
            .unwrap_or_default();
        let Some((owners, only)) = args.first().and_then(|a| self.owners(*a)) else {
            return;
        };
        let byte = node.start_byte();
        let bind = |me: &mut Self, name: &str, only: Only| {
            for o in &owners {
                me.attr_key(format!("{o}.{name}"), byte, only);
            }
        };
        match callee.as_str() {
            "Object.assign" | "Object.defineProperties" => {
                for obj in &args[1..] {
                    let obj = unwrap(*obj);
                    if obj.kind() != "object" {
                        bind(self, "*", only);
                        continue;
                    }
                    for m in named_children(obj) {
                        let key = match m.kind() {
                            "pair" => m.child_by_field_name("key"),
                            "method_definition" => m.child_by_field_name("name"),
                            "shorthand_property_identifier" => Some(m),
                            "spread_element" => None,
                            _ => continue,
                        };
                        let name = key.and_then(|k| match k.kind() {
                            "property_identifier" | "shorthand_property_identifier" => {
                                Some(self.canon(k))
                            }
                            "computed_property_name" => named_children(k)
                                .next()
                                .and_then(|i| literal_key(self.lang, self.src, i)),
                            _ => literal_key(self.lang, self.src, k),
                        });
                        let name = name.unwrap_or_else(|| "*".to_string());
                        bind(self, &name, only);
                    }
                }
            }
            "Object.defineProperty"
            | "Reflect.defineProperty"
            | "Reflect.set"
            | "Reflect.deleteProperty" => {
                let name = args
                    .get(1)
                    .and_then(|k| literal_key(self.lang, self.src, *k))
                    .unwrap_or_else(|| "*".to_string());
                bind(self, &name, only);
            }
            "Object.setPrototypeOf" | "Reflect.setPrototypeOf" => bind(self, "*", Only::Any),
            _ => {}
        }
    }
}

/// Whether a class member is `static`.
fn is_static(member: Node<'_>) -> bool {
    (0..member.child_count() as u32)
        .filter_map(|i| member.child(i))
        .any(|c| c.kind() == "static")
}

fn collapse_chain(es: &Es<'_>, name: Node<'_>) -> String {
    chain(es.lang, es.src, name, ".").unwrap_or_else(|| es.canon(name))
}

fn ecmascript(lang: Language, src: &str, root: Node<'_>) -> Vec<Binding> {
    let mut es = Es {
        lang,
        src,
        stack: vec![Scope::module(src.len())],
        out: Vec::new(),
    };
    preorder(root, |cursor, depth| {
        while es.stack.len() > 1 && es.stack.last().is_some_and(|s| s.depth >= depth) {
            es.stack.pop();
        }
        es.visit(cursor.node(), depth);
        true
    });
    es.out
}

// ---------------------------------------------------------------------------------------
// Rust

/// Module-level `use` and `extern crate ... as` bindings (a `use` inside a function, impl
/// or trait is local to it).
fn rust(src: &str, root: Node<'_>) -> Vec<Binding> {
    let lang = Language::Rust;
    let mut out = Vec::new();
    // (depth, module path) of the enclosing inline modules; a function or impl stops it.
    let mut stack: Vec<(usize, Option<String>)> = vec![(0, Some(String::new()))];
    // The module path of the nearest enclosing module, for assignments to a `static mut`
    // from a function body.
    let mut modules: Vec<(usize, String)> = vec![(0, String::new())];
    preorder(root, |cursor, depth| {
        while stack.len() > 1 && stack.last().is_some_and(|(d, _)| *d >= depth) {
            stack.pop();
        }
        while modules.len() > 1 && modules.last().is_some_and(|(d, _)| *d >= depth) {
            modules.pop();
        }
        let node = cursor.node();
        let here = stack.last().and_then(|(_, p)| p.clone());
        match node.kind() {
            "mod_item" => {
                let name = node
                    .child_by_field_name("name")
                    .map(|n| names::canonical(lang, text(src, n)).into_owned())
                    .unwrap_or_default();
                let module = modules.last().map(|(_, p)| p.clone()).unwrap_or_default();
                modules.push((depth, join(&module, "::", &name)));
                let path = here.as_ref().map(|p| join(p, "::", &name));
                stack.push((depth, path));
            }
            "assignment_expression" | "compound_assignment_expr" => {
                // `HELPER = ...` on a `static mut` (a `let` cannot shadow a static), also
                // `(HELPER)`, `*&raw mut HELPER`, `HELPER.field`, `HELPER[0]`,
                // `crate::HELPER`, `super::HELPER`, `self::HELPER`. A plain name can be a
                // glob import (`use super::*`) from any enclosing module: it counts against
                // the static of that name in each of them.
                if let Some(left) = node.child_by_field_name("left") {
                    let module = modules.last().map(|(_, p)| p.clone()).unwrap_or_default();
                    for key in rust_place(src, left, &module) {
                        out.push(Binding {
                            key,
                            byte: left.start_byte(),
                            deferred: true,
                            only: Only::Statics,
                            attribute: false,
                        });
                    }
                }
            }
            "function_item" | "impl_item" | "trait_item" | "block" => stack.push((depth, None)),
            "use_declaration" => {
                let Some(scope) = here else { return false };
                // (node, the module a `self` in it names)
                let mut todo: Vec<(Node<'_>, Option<Node<'_>>)> = node
                    .child_by_field_name("argument")
                    .into_iter()
                    .map(|a| (a, None))
                    .collect();
                while let Some((n, owner)) = todo.pop() {
                    let bound = match n.kind() {
                        "identifier" => Some(n),
                        "self" => owner,
                        "scoped_identifier" => n.child_by_field_name("name"),
                        "use_as_clause" => n.child_by_field_name("alias"),
                        "use_list" => {
                            todo.extend(named_children(n).map(|c| (c, owner)));
                            None
                        }
                        "scoped_use_list" => {
                            // `a::b::{self, c}`: `self` is `b`.
                            let last = n.child_by_field_name("path").map(|p| match p.kind() {
                                "scoped_identifier" => p.child_by_field_name("name").unwrap_or(p),
                                _ => p,
                            });
                            todo.extend(n.child_by_field_name("list").map(|l| (l, last)));
                            None
                        }
                        _ => None,
                    };
                    if let Some(b) = bound {
                        let name = names::canonical(lang, text(src, b)).into_owned();
                        if !matches!(name.as_str(), "self" | "crate" | "super") {
                            out.push(Binding {
                                key: join(&scope, "::", &name),
                                byte: b.start_byte(),
                                deferred: false,
                                only: Only::Any,
                                attribute: false,
                            });
                        }
                    }
                }
                return false;
            }
            "extern_crate_declaration" => {
                let Some(scope) = here else { return false };
                if let Some(alias) = node.child_by_field_name("alias") {
                    let name = names::canonical(lang, text(src, alias)).into_owned();
                    out.push(Binding {
                        key: join(&scope, "::", &name),
                        byte: alias.start_byte(),
                        deferred: false,
                        only: Only::Any,
                        attribute: false,
                    });
                }
                return false;
            }
            _ => {}
        }
        true
    });
    out
}

/// The statics an assignment to place expression `left` in module `module` can write: the
/// root of the place (through parentheses, dereferences, references, fields and indexes),
/// as a path from the crate root.
fn rust_place(src: &str, left: Node<'_>, module: &str) -> Vec<String> {
    let lang = Language::Rust;
    let mut at = left;
    loop {
        let next = match at.kind() {
            "parenthesized_expression" | "unary_expression" | "reference_expression" => {
                named_children(at).filter(|c| c.kind() != "comment").last()
            }
            "field_expression" => at.child_by_field_name("value"),
            "index_expression" => named_children(at).next(),
            _ => None,
        };
        match next {
            Some(n) => at = n,
            None => break,
        }
    }
    let path = match at.kind() {
        "identifier" => names::canonical(lang, text(src, at)).into_owned(),
        "scoped_identifier" => names::canonical(lang, text(src, at))
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
        _ => return Vec::new(),
    };
    let mut segments: Vec<&str> = path.split("::").collect();
    let mut base: Vec<&str> = module.split("::").filter(|s| !s.is_empty()).collect();
    let plain = segments.len() == 1;
    match segments.first().copied() {
        Some("crate") => {
            base.clear();
            segments.remove(0);
        }
        Some("self") => {
            segments.remove(0);
        }
        Some("super") => {
            while segments.first() == Some(&"super") {
                base.pop();
                segments.remove(0);
            }
        }
        _ => {}
    }
    let own = base
        .iter()
        .chain(segments.iter())
        .copied()
        .collect::<Vec<_>>()
        .join("::");
    let mut out = vec![own];
    if plain {
        // `use super::*;` in a module: the name may be any enclosing module's.
        let name = segments[0];
        while base.pop().is_some() {
            let k = base
                .iter()
                .copied()
                .chain([name])
                .collect::<Vec<_>>()
                .join("::");
            out.push(k);
        }
    } else {
        // `other::HELPER` may also be a path from the crate root.
        let absolute = segments.join("::");
        if !out.contains(&absolute) {
            out.push(absolute);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(language: Language, text: &str) -> Vec<String> {
        let file = SourceFile::parse(language, text).unwrap();
        bindings(&file).into_iter().map(|b| b.key).collect()
    }

    #[test]
    fn python_binding_forms() {
        let text = "\
import a.b, c as d
from m import e, f as g
from n import *
h = i = 1
(j := 2)
k += 1
for l, (m1, *m2) in x: pass
with o() as p: pass
try: pass
except E as q: pass
del r
class C:
    s = t = 1
    def __u(self): pass
    _C__v = 1
def fn(w=(w2 := 1)):
    global x1
    x1 = 1
    local = 1
    [y1 := z for z in w]
    lambda: (z1 := 1)
    def inner():
        nonlocal local
        local = 2
match v:
    case [cap, *rest] if cap: pass
    case {'k': kv, **kw}: pass
    case P(x=kwcap) as whole: pass
    case Color.RED: pass
type Alias = int
C.attr = 1
setattr(C, 'sa', 1)
globals()['gl'] = 1
";
        let got = keys(Language::Python, text);
        for want in [
            "a", "d", "e", "g", "*", "h", "i", "j", "k", "l", "m1", "m2", "p", "q", "r", "C",
            "C.s", "C.t", "C._C__u", "C._C__v", "fn", "w2", "x1", "fn.local", "fn.y1", "fn.inner",
            "cap", "rest", "kv", "kw", "kwcap", "whole", "Alias", "C.attr", "C.sa", "gl",
        ] {
            assert!(got.iter().any(|k| k == want), "missing {want} in {got:?}");
        }
        for not in ["z", "z1", "Color", "RED", "P", "fn.z", "inner.local"] {
            assert!(!got.iter().any(|k| k == not), "unexpected {not} in {got:?}");
        }
    }

    #[test]
    fn python_receiver_and_wrapped_forms() {
        let text = "\
class C:
    def f(self):
        type(self).a = 1
        self.__class__.b = 1
        (self).c = 1
        setattr((self), 'd', 1)
        super().__setattr__('e', 1)
        vars(self)['g'] = 1
        self.__dict__.update(h=1)
        def inner():
            self.i = 1
        C.__j = 1
        self.k.__func__.__code__ = 1
    @classmethod
    def m(cls):
        cls.l = 1
(C).n = 1
builtins.setattr(C, 'o', 1)
locals().update(p=1)
globals().__ior__({})
";
        let file = SourceFile::parse(Language::Python, text).unwrap();
        let got: Vec<(String, Only)> = bindings(&file)
            .into_iter()
            .map(|b| (b.key, b.only))
            .collect();
        let has = |k: &str, o: Only| got.iter().any(|(gk, go)| gk == k && *go == o);
        for (k, o) in [
            ("C.a", Only::Any),
            ("C.b", Only::Any),
            ("C.c", Only::Shadowable),
            ("C.d", Only::Shadowable),
            ("C.e", Only::Shadowable),
            ("C.g", Only::Shadowable),
            ("C.h", Only::Shadowable),
            ("C.i", Only::Shadowable),
            ("C._C__j", Only::Any),
            ("C.k.__func__.__code__", Only::Any),
            ("C.l", Only::Any),
            ("C.n", Only::Any),
            ("C.o", Only::Any),
            ("p", Only::Any),
            ("*", Only::Any),
        ] {
            assert!(has(k, o), "missing {k} {o:?} in {got:?}");
        }
    }

    #[test]
    fn ecmascript_binding_forms() {
        let text = "\
import d, { x as y, z } from 'm';
import * as ns from 'n';
import q = require('q');
let [a, { b, c: e }] = f;
var g = (h = 1);
helper++;
function fn(p) {
  p = 1;
  let local = 1;
  local = 2;
  outer = 3;
  X.prototype.m = 1;
  X.s = 2;
  delete X.prototype.n;
  Object.assign(X.prototype, { o, t() {}, 'u': 1 });
  Object.defineProperty(X.prototype, 'k', {});
  X.prototype = {};
}
class K { [dyn]() {} [Symbol.iterator]() {} ['lit']() {} }
namespace A.B { export const v = 1; }
";
        let got = keys(Language::TypeScript, text);
        for want in [
            "d", "y", "z", "ns", "q", "a", "b", "e", "g", "h", "helper", "fn", "outer", "X.m",
            "X.s", "X.n", "X.o", "X.t", "X.u", "X.k", "X.*", "K", "K.*", "A.B", "A.B.v",
        ] {
            assert!(got.iter().any(|k| k == want), "missing {want} in {got:?}");
        }
        for not in ["p", "local", "x", "f"] {
            assert!(!got.iter().any(|k| k == not), "unexpected {not} in {got:?}");
        }
        assert_eq!(got.iter().filter(|k| *k == "K.*").count(), 1, "{got:?}");
    }

    #[test]
    fn ecmascript_this_and_wrapped_forms() {
        let text = "\
namespace NS {
  export class C {
    a = (this.fa = 1);
    static b = (this.prototype.fb = 1);
    c = () => { this.fc = 1; };
    static s() { this.fs = 1; }
    static { this.fk = 1; }
    m() {
      Object.assign(this, { fm: 1 });
      (this as any).fw = 1;
      this.fx = this.fx.bind(this, 1);
    }
  }
  C.prototype.fn1 = 1;
}
(C.prototype as any).p1 = 1;
C.prototype!.p2 = 1;
C['prototype']['p3'] = 1;
(<any>C).p4 = 1;
C.prototype[k] = 1;
C.prototype[`p5`] = 1;
(h satisfies any) = 1;
";
        let file = SourceFile::parse(Language::TypeScript, text).unwrap();
        let got: Vec<(String, Only)> = bindings(&file)
            .into_iter()
            .map(|b| (b.key, b.only))
            .collect();
        let has = |k: &str, o: Only| got.iter().any(|(gk, go)| gk == k && *go == o);
        for (k, o) in [
            ("NS.C.fa", Only::Shadowable),
            ("NS.C.fb", Only::Any),
            ("NS.C.fc", Only::Shadowable),
            ("NS.C.fs", Only::Any),
            ("NS.C.fk", Only::Any),
            ("NS.C.fm", Only::Shadowable),
            ("NS.C.fw", Only::Shadowable),
            ("NS.C.fx", Only::Shadowable),
            ("NS.C.fn1", Only::Any),
            ("C.fn1", Only::Any),
            ("C.p1", Only::Any),
            ("C.p2", Only::Any),
            ("C.p3", Only::Any),
            ("C.p4", Only::Any),
            ("C.*", Only::Any),
            ("C.p5", Only::Any),
            ("h", Only::Any),
        ] {
            assert!(has(k, o), "missing {k} {o:?} in {got:?}");
        }
    }

    #[test]
    fn rust_static_places() {
        let text = "\
static mut A: u8 = 0;
mod m {
    mod n {
        fn f() {
            unsafe {
                A = 1;
                (B) = 1;
                *&raw mut C = 1;
                D.x = 1;
                super::E = 1;
                crate::F = 1;
                self::G = 1;
            }
        }
    }
}
";
        let got = keys(Language::Rust, text);
        for want in [
            "m::n::A", "m::A", "A", "m::n::B", "B", "C", "D", "m::E", "F", "m::n::G",
        ] {
            assert!(got.iter().any(|k| k == want), "missing {want} in {got:?}");
        }
    }

    #[test]
    fn rust_binding_forms() {
        let text = "\
use a::b;
use c::{d, e as f, g::{self, h}};
use w::*;
extern crate x as y;
mod m { use n::o as p; }
fn run() { use local::q; let mut r = 0; r = 1; }
";
        let got = keys(Language::Rust, text);
        for want in ["b", "d", "f", "g", "h", "y", "m::p", "r"] {
            assert!(got.iter().any(|k| k == want), "missing {want} in {got:?}");
        }
        for not in ["q", "*", "w", "self"] {
            assert!(!got.iter().any(|k| k == not), "unexpected {not} in {got:?}");
        }
    }
}
