//! Python: every statement form that binds a name.

use super::*;

pub(super) struct Py<'s> {
    src: &'s str,
    stack: Vec<Scope>,
    out: Vec<Binding>,
}

pub(super) const PY: Language = Language::Python;

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
            // `*self.delete, = ...` reads as the attribute `delete` of `*self` to the grammar;
            // Python binds `self.delete`.
            "list_splat" | "list_splat_pattern" => {
                self.object(named_children(node).find(|c| c.kind() != "comment")?)
            }
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
                // A frame's `f_globals` (`sys._getframe().f_globals`,
                // `inspect.currentframe().f_globals`) and the `__globals__` of any function
                // value (a lambda, a call's result) are a module's namespace (`globals()`).
                if attr == "f_globals"
                    || (attr == "__globals__"
                        && !matches!(
                            unwrap(node.child_by_field_name("object")?).kind(),
                            "identifier" | "attribute"
                        ))
                {
                    return Some(PyObject::Namespace(String::new(), Only::Any));
                }
                match self.object(node.child_by_field_name("object")?)? {
                    PyObject::Path(p, true) if attr == "__class__" => {
                        Some(PyObject::Path(p, false))
                    }
                    PyObject::Path(p, true) if attr == "__dict__" => {
                        Some(PyObject::Namespace(format!("{p}."), Only::Shadowable))
                    }
                    // A function's `__globals__` is its module's namespace (`globals()`).
                    PyObject::Path(_, _) if attr == "__globals__" => {
                        Some(PyObject::Namespace(String::new(), Only::Any))
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
                    // `__import__("builtins")`, `importlib.import_module("builtins")`: the
                    // module named by the literal.
                    ("__import__" | "importlib.import_module", [x, ..]) => {
                        let name = literal_name(self.src, unwrap(*x))?;
                        Some(PyObject::Path(name, false))
                    }
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
            // A comprehension's `for` targets too: a name there is local to it, an attribute
            // (`[... for S.delete in ...]`) is bound on its owner.
            "for_statement" | "for_in_clause" => {
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
        // `operator.setitem(globals(), "name", v)` (and `delitem`): a namespace's item.
        if matches!(
            f,
            "operator.setitem"
                | "operator.delitem"
                | "operator.__setitem__"
                | "operator.__delitem__"
        ) {
            if let Some(owner @ PyObject::Namespace(..)) =
                args.first().and_then(|o| self.object(*o))
            {
                let name = literal(self, args.get(1));
                self.bind_member(owner, name, byte);
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
                .and_then(|o| self.object(o))
                .is_some_and(|o| matches!(o, PyObject::Path(p, false) if p == "builtins"));
        if builtins_module
            || matches!(
                f,
                "setattr" | "delattr" | "builtins.setattr" | "builtins.delattr"
            )
        {
            if let Some(obj) = args.first().and_then(|o| self.object(*o)) {
                self.bind_member(obj, literal(self, args.get(1)), byte);
            }
        }
    }
}

/// What an object expression stands for, as an owner of attributes.
#[derive(Clone, Debug)]
pub(super) enum PyObject {
    /// A class, module-level name or attribute path; `true` when it is an instance of that
    /// class (`self` in its method).
    Path(String, bool),
    /// A namespace dictionary: the key prefix its items bind, and which symbols.
    Namespace(String, Only),
}

pub(super) fn python(src: &str, root: Node<'_>) -> Vec<Binding> {
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
