//! TypeScript / TSX / JavaScript: every statement form that binds a name.

use super::*;

pub(super) const ES_FUNCTIONS: &[&str] = &[
    "function_declaration",
    "generator_function_declaration",
    "function_expression",
    "generator_function",
    "arrow_function",
    "method_definition",
    "class_static_block",
];

pub(super) struct Es<'s> {
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
            // JavaScript: assigning `exports = ...` (or `Foo = ...`) replaces what the
            // top-level `exports.f = ...` statements defined on it.
            if self.lang == Language::JavaScript && !declaring {
                self.key(format!("{key}.*"), node.start_byte());
            }
            self.key(key, node.start_byte());
        }
    }

    /// JavaScript: what `this` is in a function that is no method: a function declaration
    /// `F` is a constructor (`this` an instance of `F.prototype`); a function assigned to
    /// `P.m` is called as `P.m()` (`this` is `P`: `Foo.prototype` for a prototype method).
    fn js_this(&self, function: Node<'_>) -> Option<String> {
        if self.lang != Language::JavaScript {
            return None;
        }
        match function.kind() {
            "function_declaration" | "generator_function_declaration" => {
                let name = function.child_by_field_name("name")?;
                Some(format!(
                    "{}.prototype",
                    join(
                        &self.scope_path(function.start_byte()),
                        ".",
                        &self.canon(name)
                    )
                ))
            }
            "function_expression" | "generator_function" => {
                let parent = function.parent()?;
                if parent.kind() != "assignment_expression" {
                    return None;
                }
                let left = parent.child_by_field_name("left")?;
                let c = chain(self.lang, self.src, left, ".")?;
                c.rsplit_once('.').map(|(owner, _)| owner.to_string())
            }
            _ => None,
        }
    }

    fn key(&mut self, key: String, byte: usize) {
        let _ = self.key_only(key, byte, Only::Any);
    }

    /// Records a binding; the number of bindings recorded (JavaScript: `exports.x` and
    /// `module.exports.x` are one property of one object, so each is recorded both ways).
    fn key_only(&mut self, key: String, byte: usize, only: Only) -> usize {
        let deferred = applying(&self.stack, byte).any(|s| s.kind == ScopeKind::Function);
        let alias = (self.lang == Language::JavaScript)
            .then(|| {
                let tail = |rest: &&str| rest.is_empty() || rest.starts_with('.');
                match key.strip_prefix("module.exports").filter(tail) {
                    Some(rest) => Some(format!("exports{rest}")),
                    None => key
                        .strip_prefix("exports")
                        .filter(tail)
                        .map(|rest| format!("module.exports{rest}")),
                }
            })
            .flatten();
        let mut n = 0;
        for key in std::iter::once(key).chain(alias) {
            self.out.push(Binding {
                key,
                byte,
                deferred,
                only,
                attribute: false,
            });
            n += 1;
        }
        n
    }

    /// A binding of an attribute (`owner.name`).
    fn attr_key(&mut self, key: String, byte: usize, only: Only) {
        let n = self.key_only(key, byte, only);
        let len = self.out.len();
        for b in &mut self.out[len - n..] {
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
            // JavaScript (CommonJS): `this` outside every function (arrow functions see the
            // enclosing one) is `module.exports`.
            "this"
                if self.lang == Language::JavaScript
                    && !applying(&self.stack, node.start_byte())
                        .any(|s| s.kind == ScopeKind::Function && !s.arrow) =>
            {
                Some((vec!["module.exports".to_string()], Only::Any))
            }
            // `(0, S)`: the last expression's value.
            "sequence_expression" => {
                let last = named_children(node)
                    .filter(|c| c.kind() != "comment")
                    .last()?;
                self.owners(last)
            }
            // `new S()`: an instance of `S` (its `__proto__` is `S.prototype`).
            "new_expression" => {
                let (owners, _) = self.owners(node.child_by_field_name("constructor")?)?;
                Some((owners, Only::Shadowable))
            }
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
                    // A computed key (`S["proto" + "type"]`, `module["exp" + "orts"]`) could
                    // name the prototype or the exports: fail closed, the owner itself (and,
                    // for `module`, `module.exports`).
                    None => {
                        let mut owners = owners;
                        if owners.iter().any(|o| o == "module") {
                            owners.push("module.exports".to_string());
                        }
                        Some((owners, Only::Any))
                    }
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
                    // `this.x = ...` in a JavaScript constructor function: an instance
                    // property (it shadows a prototype member `F.prototype.x`).
                    let instance_property = t
                        .child_by_field_name("object")
                        .is_some_and(|o| unwrap(o).kind() == "this")
                        && applying(&self.stack, t.start_byte())
                            .find(|s| s.kind == ScopeKind::Function && !s.arrow)
                            .is_some_and(|s| s.js_this);
                    if let Some((keys, only)) = self.member(t) {
                        for k in keys {
                            if instance_property {
                                self.key_only(k, t.start_byte(), only);
                            } else {
                                self.attr_key(k, t.start_byte(), only);
                            }
                        }
                    }
                    // JavaScript names a top-level `Foo.prototype.bar = ...` by its left side
                    // (`language/javascript.rs`): that text is a key too.
                    // Replacing `module.exports` replaces every `module.exports.f` too.
                    if self.lang == Language::JavaScript && t.kind() == "member_expression" {
                        if let Some(literal) = chain(self.lang, self.src, t, ".") {
                            // Not an attribute binding: `res.send = ...` must not read as
                            // replacing every member of a global object.
                            self.key(format!("{literal}.*"), t.start_byte());
                            self.attr_key(literal, t.start_byte(), Only::Any);
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
                // JavaScript's parameters are patterns themselves.
                "formal_parameters" if self.lang == Language::JavaScript => {
                    patterns.extend(named_children(n).filter(|c| c.kind() != "comment"))
                }
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
                // `{a = helper}`, `[a = helper]`: the default value declares nothing.
                "assignment_pattern" | "object_assignment_pattern" => {
                    patterns.extend(p.child_by_field_name("left"))
                }
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
            "public_field_definition" | "field_definition" => {
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
                // JavaScript functions that are no methods: `this` is what they are called
                // on (`js_this`), and any member assignment on it binds that member.
                let js_this = instance
                    .is_none()
                    .then(|| self.js_this(node))
                    .flatten()
                    .map(|c| ("this".to_string(), c));
                let class_this = js_this.is_some();
                self.stack.push(Scope {
                    locals,
                    js_this: class_this,
                    instance: instance.or(js_this),
                    class_this: class_this || k == "class_static_block" || is_static(node),
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
        // A JavaScript `field_definition` names its key `property`.
        let Some(name) = member
            .child_by_field_name("name")
            .or_else(|| member.child_by_field_name("property"))
        else {
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
        // `X.__defineGetter__("m", f)`, `X.__defineSetter__(...)`: the member `m` of `X`.
        if f.kind() == "member_expression"
            && f.child_by_field_name("property").is_some_and(|p| {
                matches!(text(self.src, p), "__defineGetter__" | "__defineSetter__")
            })
        {
            let args: Vec<Node<'_>> = node
                .child_by_field_name("arguments")
                .map(|a| {
                    named_children(a)
                        .filter(|c| c.kind() != "comment")
                        .collect()
                })
                .unwrap_or_default();
            if let Some((owners, only)) =
                f.child_by_field_name("object").and_then(|o| self.owners(o))
            {
                let name = args
                    .first()
                    .and_then(|k| literal_key(self.lang, self.src, *k))
                    .unwrap_or_else(|| "*".to_string());
                for o in owners {
                    self.attr_key(format!("{o}.{name}"), node.start_byte(), only);
                }
            }
            return;
        }
        let Some(callee) = chain(self.lang, self.src, f, ".") else {
            return;
        };
        let callee = callee
            .strip_prefix("globalThis.")
            .or_else(|| callee.strip_prefix("window."))
            .unwrap_or(&callee)
            .to_string();
        let mut args: Vec<Node<'_>> = node
            .child_by_field_name("arguments")
            .map(|a| {
                named_children(a)
                    .filter(|c| c.kind() != "comment")
                    .collect()
            })
            .unwrap_or_default();
        // `Object.assign.call(null, X, ...)`, `.apply(null, [X, ...])`: the same call with
        // the arguments after `this` (an `apply` list that is no array literal: any target).
        const BINDERS: &[&str] = &[
            "Object.assign",
            "Object.defineProperties",
            "Object.defineProperty",
            "Reflect.defineProperty",
            "Reflect.set",
            "Reflect.deleteProperty",
            "Object.setPrototypeOf",
            "Reflect.setPrototypeOf",
        ];
        let mut callee = callee;
        for (suffix, apply) in [(".call", false), (".apply", true), (".bind", false)] {
            let Some(inner) = callee.strip_suffix(suffix) else {
                continue;
            };
            if !BINDERS.contains(&inner) {
                break;
            }
            let list = if apply {
                args.get(1)
                    .map(|a| unwrap(*a))
                    .filter(|a| a.kind() == "array")
            } else {
                None
            };
            if suffix == ".bind" || (apply && list.is_none()) {
                // What it will be called with cannot be read here.
                self.key("**".to_string(), node.start_byte());
                return;
            }
            args = match list {
                Some(l) => named_children(l)
                    .filter(|c| c.kind() != "comment")
                    .collect(),
                None => args.into_iter().skip(1).collect(),
            };
            callee = inner.to_string();
            break;
        }
        let Some((mut owners, only)) = args.first().and_then(|a| self.owners(*a)) else {
            return;
        };
        // JavaScript names `Foo.prototype.m = ...` by its left side: the target's own
        // spelling (`Object.assign(Foo.prototype, ...)`) is an owner too.
        if self.lang == Language::JavaScript {
            if let Some(literal) = args
                .first()
                .and_then(|a| chain(self.lang, self.src, *a, "."))
            {
                if !owners.contains(&literal) {
                    owners.push(literal);
                }
            }
        }
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
pub(super) fn is_static(member: Node<'_>) -> bool {
    (0..member.child_count() as u32)
        .filter_map(|i| member.child(i))
        .any(|c| c.kind() == "static")
}

pub(super) fn collapse_chain(es: &Es<'_>, name: Node<'_>) -> String {
    chain(es.lang, es.src, name, ".").unwrap_or_else(|| es.canon(name))
}

pub(super) fn ecmascript(lang: Language, src: &str, root: Node<'_>) -> Vec<Binding> {
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
