//! Python: every statement form that binds a name.

use super::*;
use std::cell::RefCell;
use std::collections::HashMap;

pub(super) struct Py<'s, 't> {
    src: &'s str,
    stack: Vec<Scope>,
    out: Vec<Binding>,
    /// Pass 2: `stack` holds every scope of the file, none is pushed or popped.
    frozen: bool,
    /// Pass 1: the scopes left.
    done: Vec<Scope>,
    /// What each name (by its alias key, [`Py::alias_key`]) is bound to, anywhere in its
    /// scope (flow-insensitive).
    aliases: HashMap<String, Vec<Src<'t>>>,
    /// The parameters (name, alias key) of each function (by its key) and lambda (`λ` and
    /// its first byte).
    params: HashMap<String, Vec<(String, String)>>,
    /// Every call (pass 1), for the arguments it binds to parameters.
    calls: Vec<Node<'t>>,
    /// Collections filled by a method (pass 1): the collection's name and the value.
    fills: Vec<(Node<'t>, Node<'t>)>,
    /// Pass 2: the index in `stack` of each scope's enclosing scope.
    parents: Vec<Option<usize>>,
    /// The names import statements bind (anywhere in the file).
    imported: HashSet<String>,
    memo: RefCell<HashMap<String, Vec<PyObject>>>,
    busy: RefCell<HashSet<String>>,
}

/// What a name is bound to.
/// A source of a name's value.
#[derive(Clone, Debug)]
pub(super) enum Src<'t> {
    /// A value of its own (a call's result, a literal, a parameter without default).
    Clean,
    /// The object of that path (a definition, an import).
    Name(String),
    /// What that expression stands for (an iterable: its items).
    Expr(Node<'t>),
}

pub(super) const PY: Language = Language::Python;

impl<'t> Py<'_, 't> {
    /// The scopes (innermost first) that apply at `byte`; in pass 2, by the last scope
    /// starting at or before it and its parents (the scopes nest).
    fn applying(&self, byte: usize) -> Box<dyn Iterator<Item = &Scope> + '_> {
        if !self.frozen {
            return Box::new(applying(&self.stack, byte));
        }
        let contains =
            |s: &Scope| s.range.start <= byte && byte < s.range.end.max(s.range.start + 1);
        let last = self.stack.partition_point(|s| s.range.start <= byte);
        let mut at = last.checked_sub(1);
        while let Some(i) = at {
            if contains(&self.stack[i]) {
                break;
            }
            at = self.parents[i];
        }
        Box::new(std::iter::successors(at, |i| self.parents[*i]).map(|i| &self.stack[i]))
    }

    /// The key a plain name binds at `byte`: `None` when local to a lambda or comprehension.
    fn resolve(&self, byte: usize, name: &str, walrus: bool) -> Option<String> {
        let name = names::canonical(PY, name).into_owned();
        let mut want_function = false;
        for s in self.applying(byte) {
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

    /// The key under which a name bound at `byte` is an alias ([`Py::aliases`]): its
    /// binding key, or, local to a lambda or comprehension, `<first byte>.name`.
    fn alias_key(&self, byte: usize, name: &str, walrus: bool) -> String {
        let name = names::canonical(PY, name).into_owned();
        for s in self.applying(byte) {
            match s.kind {
                ScopeKind::Comprehension if walrus => continue,
                ScopeKind::Comprehension | ScopeKind::Local => {
                    return format!("<{}>.{name}", s.range.start);
                }
                _ => break,
            }
        }
        self.resolve(byte, &name, walrus).unwrap_or(name)
    }

    /// The alias key a read of `name` at `byte` reaches: the innermost scope that binds it
    /// (a class body only for reads directly in it), else the module's.
    fn lookup(&self, byte: usize, name: &str) -> String {
        let name = names::canonical(PY, name).into_owned();
        for (i, s) in self.applying(byte).enumerate() {
            let key = match s.kind {
                ScopeKind::Module => return name,
                ScopeKind::Comprehension | ScopeKind::Local => {
                    format!("<{}>.{name}", s.range.start)
                }
                ScopeKind::Class if i > 0 => continue,
                ScopeKind::Function if s.globals.contains(&name) => return name,
                ScopeKind::Function | ScopeKind::Class => {
                    let own = match s.kind {
                        ScopeKind::Class => python_mangle(&s.name, &name).unwrap_or(name.clone()),
                        _ => name.clone(),
                    };
                    join(&s.path, ".", &own)
                }
            };
            if self.aliases.contains_key(&key) {
                return key;
            }
        }
        name
    }

    /// Pass 1: `key` is bound to `source`.
    fn record(&mut self, key: String, source: Src<'t>) {
        if !self.frozen {
            self.aliases.entry(key).or_default().push(source);
        }
    }

    /// Pass 1: the names `target` binds, each to its part of `source` (`a, m = 1, hmac`:
    /// `m` to `hmac`; otherwise the whole of it).
    fn record_targets(&mut self, target: Node<'t>, source: Option<Node<'t>>) {
        if self.frozen {
            return;
        }
        let src = |n: Option<Node<'t>>| n.map_or(Src::Clean, Src::Expr);
        match target.kind() {
            "identifier" => {
                let key = self.alias_key(target.start_byte(), text(self.src, target), false);
                self.record(key, src(source));
            }
            // `self.m = hmac`, `X.m = hmac`: the attribute stands for it (an owner named
            // directly).
            "attribute" => {
                let (Some(o), Some(a)) = (
                    target.child_by_field_name("object").map(unwrap),
                    target.child_by_field_name("attribute"),
                ) else {
                    return;
                };
                if o.kind() != "identifier" {
                    return;
                }
                let name = names::canonical(PY, text(self.src, o)).into_owned();
                let owner = match self.receiver(o.start_byte()) {
                    Some((recv, class, _)) if recv == name => class.to_string(),
                    _ => name,
                };
                let key = format!("{owner}.{}", self.attr_name(a));
                self.record(key, src(source));
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
            | "as_pattern_target" => {
                let kids: Vec<Node<'t>> = named_children(target)
                    .filter(|c| c.kind() != "comment")
                    .collect();
                let parts: Option<Vec<Node<'t>>> = source.map(unwrap).and_then(|s| {
                    let items: Vec<Node<'t>> = named_children(s)
                        .filter(|c| c.kind() != "comment")
                        .collect();
                    let splat = |n: &Node<'_>| n.kind().contains("splat");
                    (matches!(s.kind(), "tuple" | "list" | "expression_list")
                        && kids.len() > 1
                        && items.len() == kids.len()
                        && !kids.iter().any(splat)
                        && !items.iter().any(splat))
                    .then_some(items)
                });
                for (i, k) in kids.iter().enumerate() {
                    let part = match &parts {
                        Some(p) => Some(p[i]),
                        None => source,
                    };
                    self.record_targets(*k, part);
                }
            }
            _ => {}
        }
    }

    /// Pass 1: a collection filled by a method (`mods.append(hmac)`, `d.update(h=hmac)`,
    /// `d.setdefault(k, hmac)`) stands for what it is filled with.
    fn record_filled(&mut self, call: Node<'t>) {
        let Some(f) = call.child_by_field_name("function").map(unwrap) else {
            return;
        };
        if f.kind() != "attribute" {
            return;
        }
        let method = f
            .child_by_field_name("attribute")
            .map_or("", |a| text(self.src, a));
        if !matches!(
            method,
            "append"
                | "appendleft"
                | "add"
                | "insert"
                | "extend"
                | "update"
                | "setdefault"
                | "__setitem__"
                | "push"
        ) {
            return;
        }
        let Some(o) = f.child_by_field_name("object").map(unwrap) else {
            return;
        };
        if o.kind() != "identifier" {
            return;
        }
        let args: Vec<Node<'t>> = call
            .child_by_field_name("arguments")
            .map(|a| {
                named_children(a)
                    .filter(|c| c.kind() != "comment")
                    .collect()
            })
            .unwrap_or_default();
        for a in args {
            let v = if a.kind() == "keyword_argument" {
                a.child_by_field_name("value")
            } else {
                Some(a)
            };
            if let Some(v) = v {
                self.fills.push((o, v));
            }
        }
    }

    /// Pass 1: the parameters of a function or lambda whose scope starts at `byte`, under
    /// `owner` (for the arguments of its calls).
    fn record_params(&mut self, params: Option<Node<'t>>, byte: usize, owner: String) {
        let Some(params) = params else { return };
        let mut list = Vec::new();
        for p in named_children(params) {
            let (id, default) = match p.kind() {
                "identifier" => (Some(p), None),
                "default_parameter" | "typed_default_parameter" => (
                    p.child_by_field_name("name"),
                    p.child_by_field_name("value"),
                ),
                "typed_parameter" => (named_children(p).find(|c| c.kind() == "identifier"), None),
                "list_splat_pattern" | "dictionary_splat_pattern" => {
                    (named_children(p).find(|c| c.kind() == "identifier"), None)
                }
                _ => (None, None),
            };
            let Some(id) = id.filter(|i| i.kind() == "identifier") else {
                continue;
            };
            let name = names::canonical(PY, text(self.src, id)).into_owned();
            let key = self.alias_key(byte, &name, false);
            self.record(key.clone(), default.map_or(Src::Clean, Src::Expr));
            if p.kind().contains("splat") {
                list.push((String::new(), key));
            } else {
                list.push((name, key));
            }
        }
        self.params.insert(owner, list);
    }

    /// Between the passes: each call of a function or lambda of the file binds its
    /// parameters to its arguments (`patch(hmac)`, `(lambda m: ...)(hmac)`, `map(f,
    /// (hmac,))`).
    fn record_calls(&mut self) {
        for (o, v) in std::mem::take(&mut self.fills) {
            let key = self.lookup(o.start_byte(), text(self.src, o));
            self.aliases.entry(key).or_default().push(Src::Expr(v));
        }
        let calls = std::mem::take(&mut self.calls);
        for call in &calls {
            let Some(function) = call.child_by_field_name("function").map(unwrap) else {
                continue;
            };
            let args: Vec<Node<'t>> = call
                .child_by_field_name("arguments")
                .map(|a| {
                    named_children(a)
                        .filter(|c| c.kind() != "comment")
                        .collect()
                })
                .unwrap_or_default();
            let owner_of = |me: &Self, f: Node<'t>| -> Option<String> {
                let f = unwrap(f);
                match f.kind() {
                    "lambda" => Some(format!("λ{}", f.start_byte())),
                    "identifier" => Some(me.lookup(f.start_byte(), text(me.src, f))),
                    _ => None,
                }
            };
            // `map(f, xs, ys)`: `f`'s parameters take the items of `xs`, `ys`.
            let (owner, args) = if text(self.src, function) == "map" && !args.is_empty() {
                (owner_of(self, args[0]), args[1..].to_vec())
            } else {
                (owner_of(self, function), args)
            };
            let Some(params) = owner.and_then(|o| self.params.get(&o)).cloned() else {
                continue;
            };
            let mut at = 0;
            for a in args {
                match a.kind() {
                    "keyword_argument" => {
                        let name = a
                            .child_by_field_name("name")
                            .map(|n| names::canonical(PY, text(self.src, n)).into_owned());
                        let target = params
                            .iter()
                            .find(|(p, _)| Some(p) == name.as_ref())
                            .or_else(|| params.last().filter(|(p, _)| p.is_empty()));
                        if let (Some((_, key)), Some(v)) = (target, a.child_by_field_name("value"))
                        {
                            self.aliases
                                .entry(key.clone())
                                .or_default()
                                .push(Src::Expr(v));
                        }
                    }
                    // `f(*xs)`, `f(**kw)`: every parameter.
                    "list_splat" | "dictionary_splat" => {
                        for (_, key) in &params {
                            self.aliases
                                .entry(key.clone())
                                .or_default()
                                .push(Src::Expr(a));
                        }
                    }
                    _ => {
                        let target = params.get(at).or_else(|| params.last());
                        if let Some((_, key)) = target {
                            self.aliases
                                .entry(key.clone())
                                .or_default()
                                .push(Src::Expr(a));
                        }
                        at += 1;
                    }
                }
            }
        }
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
        if !self.frozen {
            return;
        }
        let deferred = self
            .applying(byte)
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
        for s in self.applying(byte) {
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
        self.applying(byte)
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

    /// What an object expression is, as the owner of the attributes bound on it: every object
    /// it may stand for (none: a value of its own, such as a call's result or a literal).
    /// A name bound in its scope from other expressions (`m = hmac`, `for m in (hmac,)`, a
    /// parameter's default or a call's argument, `with nullcontext(hmac) as m`) stands for
    /// what those stand for; a collection for its items; a namespace item whose name is not
    /// a literal (`globals()[k]`, `vars()[k]`, `__import__(name)`) for any object
    /// ([`PyObject::Unknown`]).
    fn objects(&self, node: Node<'_>, depth: usize) -> Vec<PyObject> {
        let mut out = Vec::new();
        if depth > 48 {
            return vec![PyObject::Unknown];
        }
        let node = unwrap(node);
        let union = |me: &Self, nodes: &mut dyn Iterator<Item = Node<'_>>| {
            let mut all = Vec::new();
            for n in nodes {
                for o in me.objects(n, depth + 1) {
                    if !all.contains(&o) {
                        all.push(o);
                    }
                }
            }
            all
        };
        match node.kind() {
            // `*self.delete, = ...` reads as the attribute `delete` of `*self` to the grammar;
            // Python binds `self.delete`.
            "list_splat" | "list_splat_pattern" => {
                if let Some(c) = named_children(node).find(|c| c.kind() != "comment") {
                    out = self.objects(c, depth + 1);
                }
            }
            "identifier" => {
                let name = names::canonical(PY, text(self.src, node));
                if let Some((recv, class, class_this)) = self.receiver(node.start_byte()) {
                    if recv == name {
                        return vec![PyObject::Path(class.to_string(), !class_this)];
                    }
                }
                let key = self.lookup(node.start_byte(), &name);
                // A module-level name is itself (the symbol rules key on it) and what it was
                // bound to; a local name only what it was bound to.
                if key == name.as_ref() {
                    // `__builtins__` is the builtins module or its dictionary.
                    if name == "__builtins__" {
                        out.push(PyObject::Namespace("__builtins__.".into(), Only::Any));
                    }
                    out.push(PyObject::Path(name.into_owned(), false));
                }
                for o in self.alias_objects(&key, depth) {
                    if !out.contains(&o) {
                        out.push(o);
                    }
                }
            }
            "attribute" => {
                let Some(a) = node.child_by_field_name("attribute") else {
                    return out;
                };
                let attr = self.attr_name(a);
                let Some(object) = node.child_by_field_name("object") else {
                    return out;
                };
                // A frame's `f_globals` (`sys._getframe().f_globals`,
                // `inspect.currentframe().f_globals`) and the `__globals__` of any function
                // value (a lambda, a call's result) are a module's namespace (`globals()`).
                if attr == "f_globals" {
                    return vec![PyObject::Namespace(String::new(), Only::Any)];
                }
                // (An attribute chain is as deep as it is long: not counted.)
                let owners = self.objects(object, depth);
                // The `__globals__` of a value (a lambda, a call's result) is a module's.
                if attr == "__globals__" && owners.is_empty() {
                    return vec![PyObject::Namespace(String::new(), Only::Any)];
                }
                for o in owners {
                    // What the attribute was bound to (`X.m = hmac` or `m = hmac` in class
                    // `X`'s body, `self.m = hmac` in a method): `X.m` stands for it too.
                    if let PyObject::Path(p, _) = &o {
                        for x in self.alias_objects(&format!("{p}.{attr}"), depth + 1) {
                            if !out.contains(&x) {
                                out.push(x);
                            }
                        }
                    }
                    // The `__globals__` of a function of an imported module
                    // (`hmac.new.__globals__`) is that module's namespace: its items are
                    // attributes of the imported name.
                    if attr == "__globals__" {
                        let x = match &o {
                            PyObject::Path(p, false)
                                if self.imported.contains(p.split('.').next().unwrap_or("")) =>
                            {
                                let root = p.split('.').next().unwrap_or("");
                                PyObject::Namespace(format!("{root}."), Only::Any)
                            }
                            _ => PyObject::Namespace(String::new(), Only::Any),
                        };
                        if !out.contains(&x) {
                            out.push(x);
                        }
                        continue;
                    }
                    // `hmac.__dict__` is also `hmac`'s namespace (`.update(...)`).
                    if attr == "__dict__" {
                        if let PyObject::Path(p, false) = &o {
                            let ns = PyObject::Namespace(format!("{p}."), Only::Any);
                            if !out.contains(&ns) {
                                out.push(ns);
                            }
                        }
                    }
                    if let Some(x) = attribute_of(o, &attr) {
                        if !out.contains(&x) {
                            out.push(x);
                        }
                    }
                }
            }
            // `globals()["hmac"]`, `vars(m)["f"]`, `sys.modules["hmac"]`, `(hmac,)[0]`.
            "subscript" => {
                let key = node
                    .child_by_field_name("subscript")
                    .and_then(|s| literal_name(self.src, s))
                    .map(|n| names::canonical(PY, &n).into_owned());
                if let Some(v) = node.child_by_field_name("value") {
                    for o in self.objects(v, depth) {
                        for x in self.item_of(o, key.as_deref(), node.start_byte(), depth) {
                            if !out.contains(&x) {
                                out.push(x);
                            }
                        }
                    }
                }
            }
            "call" => out = self.call_objects(node, depth),
            "tuple"
            | "list"
            | "set"
            | "expression_list"
            | "conditional_expression"
            | "boolean_operator"
            | "dictionary"
            | "pair"
            | "parenthesized_list_splat" => {
                out = union(
                    self,
                    &mut named_children(node).filter(|c| c.kind() != "comment"),
                );
            }
            "named_expression" => {
                if let Some(v) = node.child_by_field_name("value") {
                    out = self.objects(v, depth + 1);
                }
            }
            // A chained assignment's value (`a = b = hmac`: `b = hmac` is `a`'s source).
            "assignment" => {
                if let Some(v) = node.child_by_field_name("right") {
                    out = self.objects(v, depth + 1);
                }
            }
            _ => {}
        }
        out
    }

    /// What the alias key `key` was bound to (every source, memoised; a cycle adds
    /// nothing).
    fn alias_objects(&self, key: &str, depth: usize) -> Vec<PyObject> {
        if let Some(m) = self.memo.borrow().get(key) {
            return m.clone();
        }
        let Some(sources) = self.aliases.get(key) else {
            return Vec::new();
        };
        if !self.busy.borrow_mut().insert(key.to_string()) {
            return Vec::new();
        }
        let mut out: Vec<PyObject> = Vec::new();
        for s in sources {
            let found = match s {
                Src::Clean => Vec::new(),
                Src::Name(n) => vec![PyObject::Path(n.clone(), false)],
                Src::Expr(e) => self.objects(*e, depth + 1),
            };
            for o in found {
                if !out.contains(&o) {
                    out.push(o);
                }
            }
            if out.len() > 64 {
                out.truncate(64);
                out.push(PyObject::Unknown);
                break;
            }
        }
        self.busy.borrow_mut().remove(key);
        self.memo.borrow_mut().insert(key.to_string(), out.clone());
        out
    }

    /// The objects an item of `o` may be (`o[key]`; `key` `None`: not a literal).
    fn item_of(&self, o: PyObject, key: Option<&str>, byte: usize, depth: usize) -> Vec<PyObject> {
        match (o, key) {
            // The module's namespace: its name `key`, as a read of it at module level.
            (PyObject::Namespace(prefix, _), Some(k)) if prefix.is_empty() => {
                let mut out = vec![PyObject::Path(k.to_string(), false)];
                out.extend(self.alias_objects(k, depth));
                out
            }
            // A function's locals (`vars()["m"]`): its name `key` as read there.
            (PyObject::Namespace(prefix, Only::Any), Some(k))
                if self.alias_key(byte, "x", false).strip_suffix('x') == Some(prefix.as_str()) =>
            {
                let key = self.lookup(byte, k);
                let mut out = Vec::new();
                if key == k {
                    out.push(PyObject::Path(k.to_string(), false));
                }
                out.extend(self.alias_objects(&key, depth));
                out
            }
            (PyObject::Namespace(prefix, _), Some(k)) => {
                vec![PyObject::Path(format!("{prefix}{k}"), false)]
            }
            (PyObject::Namespace(..), None) | (PyObject::Unknown, _) => vec![PyObject::Unknown],
            // A collection holds its items (`(hmac,)[0]`, `sys.modules["hmac"]`,
            // `hmac.registry[k]`): the same object, for what is bound on it.
            (PyObject::Path(p, false), _) => vec![PyObject::Path(p, false)],
            (PyObject::Path(_, true), _) => Vec::new(),
        }
    }

    /// The objects a call's result may be.
    fn call_objects(&self, node: Node<'_>, depth: usize) -> Vec<PyObject> {
        let Some(function) = node.child_by_field_name("function") else {
            return Vec::new();
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
        let positional = |i: usize| args.get(i).filter(|a| a.kind() != "keyword_argument");
        let literal = |n: Option<&Node<'_>>| {
            n.and_then(|a| literal_name(self.src, unwrap(*a)))
                .map(|n| names::canonical(PY, &n).into_owned())
        };
        match (f, args.as_slice()) {
            ("globals", []) => return vec![PyObject::Namespace(String::new(), Only::Any)],
            ("locals" | "vars", []) => {
                let scope = self.alias_key(node.start_byte(), "x", false);
                let prefix = scope.strip_suffix('x').unwrap_or("").to_string();
                return vec![PyObject::Namespace(prefix, Only::Any)];
            }
            ("vars", [x]) => {
                return self
                    .objects(*x, depth + 1)
                    .into_iter()
                    .map(|o| match o {
                        PyObject::Path(p, instance) => PyObject::Namespace(
                            format!("{p}."),
                            if instance {
                                Only::Shadowable
                            } else {
                                Only::Any
                            },
                        ),
                        PyObject::Namespace(..) | PyObject::Unknown => PyObject::Unknown,
                    })
                    .collect();
            }
            // `__import__("builtins")`, `importlib.import_module("builtins")`: the module
            // named by the literal; by a value, any module.
            (
                "__import__" | "importlib.import_module" | "import_module" | "importlib.__import__",
                [x, ..],
            ) => {
                return match literal_name(self.src, unwrap(*x)) {
                    Some(name) => vec![PyObject::Path(name, false)],
                    None => vec![PyObject::Unknown],
                };
            }
            ("type", [x]) => {
                return self
                    .objects(*x, depth + 1)
                    .into_iter()
                    .filter_map(|o| match o {
                        PyObject::Path(p, true) => Some(PyObject::Path(p, false)),
                        _ => None,
                    })
                    .collect();
            }
            // Calls that return their argument.
            ("contextlib.nullcontext" | "nullcontext", [x]) => {
                return self.objects(*x, depth + 1);
            }
            ("typing.cast" | "cast", [_, x]) => return self.objects(*x, depth + 1),
            ("getattr", [x, name, ..]) => {
                let attr = literal(Some(name)).unwrap_or_else(|| "*".to_string());
                return self
                    .objects(*x, depth + 1)
                    .into_iter()
                    .filter_map(|o| attribute_of(o, &attr))
                    .collect();
            }
            _ => {}
        }
        // A call of a function or lambda of the file: what it returns.
        let unwrapped = unwrap(function);
        let returned = match unwrapped.kind() {
            "identifier" => Some(format!(
                "{}.<return>",
                self.lookup(unwrapped.start_byte(), text(self.src, unwrapped))
            )),
            "lambda" => Some(format!("λ{}.<return>", unwrapped.start_byte())),
            _ => None,
        };
        if let Some(key) = returned {
            return self.alias_objects(&key, depth + 1);
        }
        // Reads of a namespace or collection: `globals().get("hmac")`, `sys.modules.get(k)`,
        // `globals().values()`.
        if unwrapped.kind() != "attribute" {
            return Vec::new();
        }
        let method = unwrapped
            .child_by_field_name("attribute")
            .map(|a| text(self.src, a))
            .unwrap_or("");
        let Some(object) = unwrapped.child_by_field_name("object") else {
            return Vec::new();
        };
        let keyed = matches!(method, "get" | "pop" | "setdefault" | "__getitem__");
        if !keyed && !matches!(method, "values" | "items" | "popitem" | "copy") {
            return Vec::new();
        }
        let key = if keyed { literal(positional(0)) } else { None };
        // A path's `.get(...)` is a collection's read only where the path holds items: a
        // name bound to values (`d = {"h": hmac}`), `sys.modules`, a `__dict__`; not
        // `requests.get(url)` or `session.get(url)`.
        let head = unwrap(object);
        let collection = head.kind() == "identifier" && {
            let name = names::canonical(PY, text(self.src, head));
            let key = self.lookup(head.start_byte(), &name);
            key != name.as_ref() || self.aliases.contains_key(&key)
        };
        let mut out = Vec::new();
        for o in self.objects(object, depth + 1) {
            let items = match (&o, method) {
                (PyObject::Namespace(..), "copy") => vec![o.clone()],
                (PyObject::Path(p, _), _)
                    if !collection && !p.ends_with("modules") && !p.ends_with("__dict__") =>
                {
                    Vec::new()
                }
                _ => self.item_of(o, key.as_deref(), node.start_byte(), depth),
            };
            for x in items {
                if !out.contains(&x) {
                    out.push(x);
                }
            }
        }
        out
    }

    /// Binds `owner.attr` (`attr` `None`: every attribute) at `byte`.
    fn bind_member(&mut self, owner: PyObject, attr: Option<String>, byte: usize) {
        let attribute = matches!(owner, PyObject::Path(..));
        let (k, only) = self.member_key(owner, attr);
        if attribute {
            // A free name resolves through the enclosing functions before the module: `C`
            // inside `def f` may be `f.C`.
            let functions: Vec<String> = self
                .applying(byte)
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
            PyObject::Unknown => ("**".to_string(), Only::Any),
        }
    }

    /// The names an assignment, `for`, `with`, `del` target binds.
    fn targets(&mut self, target: Node<'_>) {
        // Pass 1 gathers scopes and aliases only.
        if !self.frozen {
            return;
        }
        let mut todo = vec![target];
        while let Some(t) = todo.pop() {
            match t.kind() {
                "identifier" => self.name(t, false),
                "attribute" => {
                    let owners = t
                        .child_by_field_name("object")
                        .map(|o| self.objects(o, 0))
                        .unwrap_or_default();
                    let attr = t
                        .child_by_field_name("attribute")
                        .map(|a| self.attr_name(a));
                    if let Some(attr) = attr {
                        for owner in owners {
                            self.bind_member(owner, Some(attr.clone()), t.start_byte());
                        }
                    }
                }
                "subscript" => {
                    // `globals()["helper"] = ...`, `self.__dict__["delete"] = ...`,
                    // `vars(C)[name] = ...`
                    let owners = t
                        .child_by_field_name("value")
                        .map(|v| self.objects(v, 0))
                        .unwrap_or_default();
                    for owner in owners {
                        // `helper.__dict__[name] = ...`: an attribute of `helper`.
                        if let PyObject::Path(p, false) = &owner {
                            if p.ends_with(".__dict__") {
                                self.attr_key(format!("{p}.*"), t.start_byte(), Only::Any);
                            }
                        }
                        if let PyObject::Namespace(..) = &owner {
                            let sub = t.child_by_field_name("subscript");
                            let name = sub
                                .and_then(|s| literal_name(self.src, s))
                                .map(|n| names::canonical(PY, &n).into_owned());
                            self.bind_member(owner, name, t.start_byte());
                        }
                    }
                }
                "call" => {
                    // `globals() |= {...}`
                    for owner in self.objects(t, 0) {
                        if let PyObject::Namespace(..) = owner {
                            self.bind_member(owner, None, t.start_byte());
                        }
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

    /// Pass 1: an imported name (also in a function) stands for the module-level name the
    /// monkeypatch rule knows it by.
    fn record_import(&mut self, name: Node<'t>) {
        let key = self.alias_key(name.start_byte(), text(self.src, name), false);
        let plain = names::canonical(PY, text(self.src, name)).into_owned();
        if !self.frozen {
            self.imported.insert(plain.clone());
        }
        if key != plain {
            self.record(key, Src::Name(plain));
        }
    }

    fn push(&mut self, scope: Scope) {
        if !self.frozen {
            self.stack.push(scope);
        }
    }

    fn visit(&mut self, node: Node<'t>, depth: usize) {
        match node.kind() {
            "function_definition" | "class_definition" => {
                let Some(name) = node.child_by_field_name("name") else {
                    return;
                };
                self.name(name, false);
                let canonical = names::canonical(PY, text(self.src, name)).into_owned();
                let enclosing = self.applying(node.start_byte()).find(|s| {
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
                // Pass 1: the name stands for its definition; the parameters for their
                // defaults and the arguments of the calls.
                let own_key = self.alias_key(name.start_byte(), text(self.src, name), false);
                self.record(own_key.clone(), Src::Name(own_key.clone()));
                if let Some(body) = node.child_by_field_name("body") {
                    self.push(Scope {
                        class_this,
                        js_this: false,
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
                    if node.kind() == "function_definition" {
                        self.record_params(
                            node.child_by_field_name("parameters"),
                            body.start_byte(),
                            own_key,
                        );
                    }
                }
            }
            // Defaults are evaluated outside: only the body is the lambda's scope.
            "lambda" => {
                let body = node.child_by_field_name("body").unwrap_or(node);
                self.push(local_scope(ScopeKind::Local, depth, body.byte_range()));
                self.record_params(
                    node.child_by_field_name("parameters"),
                    body.start_byte(),
                    format!("λ{}", node.start_byte()),
                );
                if let Some(b) = node.child_by_field_name("body") {
                    self.record(format!("λ{}.<return>", node.start_byte()), Src::Expr(b));
                }
            }
            "list_comprehension"
            | "set_comprehension"
            | "dictionary_comprehension"
            | "generator_expression" => self.push(local_scope(
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
                    if node.kind() == "assignment" {
                        self.record_targets(left, node.child_by_field_name("right"));
                    }
                    self.targets(left);
                }
            }
            "named_expression" => {
                if let Some(name) = node.child_by_field_name("name") {
                    let key = self.alias_key(name.start_byte(), text(self.src, name), true);
                    let value = node.child_by_field_name("value");
                    self.record(key, value.map_or(Src::Clean, Src::Expr));
                    self.name(name, true);
                }
            }
            // A comprehension's `for` targets too: a name there is local to it, an attribute
            // (`[... for S.delete in ...]`) is bound on its owner.
            "for_statement" | "for_in_clause" => {
                if let Some(left) = node.child_by_field_name("left") {
                    self.record_targets(left, node.child_by_field_name("right"));
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
                    // `with nullcontext(hmac) as m`: what the context manager gives (the
                    // rest, `except E as e`, a value of its own).
                    let value = named_children(node)
                        .next()
                        .filter(|_| node.parent().is_some_and(|p| p.kind() == "with_item"));
                    self.record_targets(alias, value);
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
                                self.record_import(first);
                                self.name(first, false);
                            }
                        }
                        "aliased_import" => {
                            if let Some(alias) = n.child_by_field_name("alias") {
                                self.record_import(alias);
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
            "call" => {
                if !self.frozen {
                    self.calls.push(node);
                    self.record_filled(node);
                }
                self.call(node)
            }
            // What a function returns: its calls stand for it (`def get(): return hmac`,
            // then `get().compare_digest = ...`).
            "return_statement" => {
                let function = self
                    .applying(node.start_byte())
                    .find(|s| matches!(s.kind, ScopeKind::Function | ScopeKind::Class))
                    .filter(|s| s.kind == ScopeKind::Function)
                    .map(|s| s.path.clone());
                if let (Some(f), Some(v)) = (function, named_children(node).next()) {
                    self.record(format!("{f}.<return>"), Src::Expr(v));
                }
            }
            "identifier" => self.binder_as_value(node),
            _ => {}
        }
    }

    /// `setattr`, `delattr` (also as the attribute `x.__setattr__`, `builtins.setattr`,
    /// `operator.setitem`) used as a value rather than called where it is written
    /// (`map(setattr, ...)`, `functools.partial(setattr, S)`, `(lambda f: f)(setattr)`,
    /// `s = setattr`): what it will bind cannot be read, so it binds every attribute of
    /// everything (the key `**`, fail closed).
    fn binder_as_value(&mut self, node: Node<'_>) {
        const BINDERS: &[&str] = &[
            "setattr",
            "delattr",
            "__setattr__",
            "__delattr__",
            "setitem",
            "delitem",
            "__setitem__",
            "__delitem__",
        ];
        let name = names::canonical(PY, text(self.src, node));
        if !BINDERS.contains(&name.as_ref()) {
            return;
        }
        let Some(parent) = node.parent() else {
            return;
        };
        // As written, the whole expression: the name, or the attribute it ends.
        let value = match parent.kind() {
            "attribute" if parent.child_by_field_name("attribute") == Some(node) => parent,
            "attribute" => return, // `setattr.x`: the object of an attribute read
            "keyword_argument" if parent.child_by_field_name("name") == Some(node) => return,
            "parameters"
            | "default_parameter"
            | "typed_parameter"
            | "typed_default_parameter"
            | "keyword_separator"
            | "list_splat_pattern"
            | "dictionary_splat_pattern" => return,
            _ => node,
        };
        // `setitem`, `delitem`: the `operator` module's (also imported bare), not any
        // object's method of that name.
        if matches!(name.as_ref(), "setitem" | "delitem")
            && value != node
            && value
                .child_by_field_name("object")
                .is_none_or(|o| text(self.src, o) != "operator")
        {
            return;
        }
        let called = value.parent().is_some_and(|p| {
            p.kind() == "call" && p.child_by_field_name("function") == Some(value)
        });
        // A definition or import of that name is no use of the builtin.
        let defined = value.parent().is_some_and(|p| {
            matches!(
                p.kind(),
                "function_definition" | "class_definition" | "dotted_name" | "aliased_import"
            )
        });
        if !called && !defined {
            self.key("**".to_string(), node.start_byte());
        }
    }

    /// Calls that bind: `setattr(C, "name", v)` and its spellings (`delattr`,
    /// `builtins.setattr`, `object.__setattr__`, `type.__setattr__`, `super().__setattr__`,
    /// `x.__setattr__`), and every call on a namespace (`globals()`, `locals()`, `vars()`,
    /// `vars(x)`, `self.__dict__`) except a read.
    fn call(&mut self, node: Node<'_>) {
        if !self.frozen {
            return;
        }
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
            let owners: Vec<PyObject> = if is_super {
                self.receiver(byte)
                    .map(|(_, class, class_this)| PyObject::Path(class.to_string(), !class_this))
                    .into_iter()
                    .collect()
            } else {
                object.map(|o| self.objects(o, 0)).unwrap_or_default()
            };
            let namespaces: Vec<PyObject> = owners
                .iter()
                .filter(|o| matches!(o, PyObject::Namespace(..)))
                .cloned()
                .collect();
            for owner in namespaces.iter().cloned() {
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
            }
            if !namespaces.is_empty() {
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
                let (targets, name) = if static_form {
                    (
                        args.first()
                            .map(|o| self.objects(*o, 0))
                            .unwrap_or_default(),
                        literal(self, args.get(1)),
                    )
                } else {
                    (owners, literal(self, args.first()))
                };
                for target in targets {
                    self.bind_member(target, name.clone(), byte);
                }
                return;
            }
        }
        // `operator.setitem(globals(), "name", v)` (and `delitem`): a namespace's item.
        if matches!(
            f,
            "operator.setitem"
                | "operator.delitem"
                | "operator.__setitem__"
                | "operator.__delitem__"
        ) {
            let name = literal(self, args.get(1));
            for owner in args
                .first()
                .map(|o| self.objects(*o, 0))
                .unwrap_or_default()
            {
                if let PyObject::Namespace(..) = owner {
                    self.bind_member(owner, name.clone(), byte);
                }
            }
            return;
        }
        // The builtins module reached otherwise (`__import__("builtins").setattr`).
        let builtins_module = unwrapped.kind() == "attribute"
            && unwrapped
                .child_by_field_name("attribute")
                .is_some_and(|a| matches!(text(self.src, a), "setattr" | "delattr"))
            && unwrapped
                .child_by_field_name("object")
                .map(|o| self.objects(o, 0))
                .is_some_and(|os| {
                    os.iter()
                        .any(|o| matches!(o, PyObject::Path(p, false) if p == "builtins"))
                });
        if builtins_module
            || matches!(
                f,
                "setattr" | "delattr" | "builtins.setattr" | "builtins.delattr"
            )
        {
            let name = literal(self, args.get(1));
            for obj in args
                .first()
                .map(|o| self.objects(*o, 0))
                .unwrap_or_default()
            {
                self.bind_member(obj, name.clone(), byte);
            }
        }
    }
}

/// What an object expression stands for, as an owner of attributes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum PyObject {
    /// A class, module-level name or attribute path; `true` when it is an instance of that
    /// class (`self` in its method).
    Path(String, bool),
    /// A namespace dictionary: the key prefix its items bind, and which symbols.
    Namespace(String, Only),
    /// Any object (an item of a namespace whose name is not a literal, a module named by a
    /// value): a binding on it binds every attribute of everything (`**`).
    Unknown,
}

/// Two passes: the first gathers the scopes and what each name is bound to (its aliases),
/// the second the bindings, reading every name's aliases wherever it is bound.
pub(super) fn python<'t>(src: &str, root: Node<'t>) -> Vec<Binding> {
    let mut py = Py {
        src,
        stack: vec![Scope::module(src.len())],
        out: Vec::new(),
        frozen: false,
        done: Vec::new(),
        aliases: HashMap::new(),
        params: HashMap::new(),
        calls: Vec::new(),
        fills: Vec::new(),
        imported: HashSet::new(),
        parents: Vec::new(),
        memo: RefCell::new(HashMap::new()),
        busy: RefCell::new(HashSet::new()),
    };
    preorder(root, |cursor, depth| {
        while py.stack.len() > 1 && py.stack.last().is_some_and(|s| s.depth >= depth) {
            if let Some(s) = py.stack.pop() {
                py.done.push(s);
            }
        }
        py.visit(cursor.node(), depth);
        true
    });
    let mut all = std::mem::take(&mut py.done);
    all.append(&mut py.stack);
    // Outer before inner: `applying` reads them innermost first.
    all.sort_by_key(|s| (s.range.start, s.depth));
    // Each scope's parent: the nearest one before it that contains it.
    let mut open: Vec<usize> = Vec::new();
    for (i, s) in all.iter().enumerate() {
        while let Some(&top) = open.last() {
            let t = &all[top];
            if t.range.start <= s.range.start && s.range.end <= t.range.end {
                break;
            }
            open.pop();
        }
        py.parents.push(open.last().copied());
        open.push(i);
    }
    py.stack = all;
    py.frozen = true;
    py.out.clear();
    py.record_calls();
    py.memo.borrow_mut().clear();
    preorder(root, |cursor, depth| {
        py.visit(cursor.node(), depth);
        true
    });
    py.out
}

/// The object `o.attr` is, as an owner of attributes (`None`: none that binds anything).
fn attribute_of(o: PyObject, attr: &str) -> Option<PyObject> {
    match o {
        PyObject::Path(p, true) if attr == "__class__" => Some(PyObject::Path(p, false)),
        PyObject::Path(p, true) if attr == "__dict__" => {
            Some(PyObject::Namespace(format!("{p}."), Only::Shadowable))
        }
        // A function's `__globals__` is its module's namespace (`globals()`).
        PyObject::Path(_, _) if attr == "__globals__" => {
            Some(PyObject::Namespace(String::new(), Only::Any))
        }
        PyObject::Path(p, _) => Some(PyObject::Path(format!("{p}.{attr}"), false)),
        PyObject::Namespace(..) => None,
        PyObject::Unknown => Some(PyObject::Unknown),
    }
}
