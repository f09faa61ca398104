//! Go: every statement form that binds a name.
//!
//! Go binds package-level names by declarations only (`func`, methods as `Type.Method`,
//! `type`, `const`, `var`, imports), and a name cannot be declared twice in a package, but
//! `init` can. Inside a function body, a package-level variable is rebound by assignment
//! (`helper = ...`, `helper += ...`, `helper++`, `for helper = range ...`); such a target
//! is a binding of that name at package level unless a local declaration of the name is in
//! scope at the assignment by Go's block scoping (a parameter, named result or receiver of
//! an enclosing function or literal; a `:=`, `var`, `const` or `type` that ends before it in
//! an enclosing block or case clause; the `:=` of an enclosing `if`/`for`/`switch`
//! initializer, `for ... range`, type switch or receive clause): Go has no other way to
//! reach the package-level name past a local of that name. A declaration form not read is
//! no local (an over-approximation, which can only reject). A selector target
//! (`pkg.Var = ...`, `x.f = ...`) is an attribute binding of its chain. Taking an address
//! inside a body (`&helper`, `&cfg.Limit`) counts as a binding of its target too: the
//! pointer can be written through (`p := &Limit; *p = -1`, `fmt.Sscan(s, &Limit)`), and
//! where it goes is not syntactic. Not covered: a write through a pointer the unchanged
//! code already hands out (`*LimitPtr() = -1`), `reflect`/`unsafe`. A method call or
//! method value `x.m` inside a body, where `m` is declared in this file with a pointer
//! receiver, takes `&x` implicitly (`limit.raise()` is `(&limit).raise()`): it binds `x`
//! too, whatever type `x` has (a method of another file of the package is not seen).

use super::*;

/// The package name an import binds: its alias, else the last path element (with a major
/// version suffix `v2` or `.v3` dropped). `None` for `_` and `.` imports.
fn import_name(src: &str, spec: Node<'_>) -> Option<String> {
    if let Some(alias) = spec.child_by_field_name("name") {
        let a = text(src, alias);
        return (alias.kind() == "package_identifier").then(|| a.to_string());
    }
    let path = text(src, spec.child_by_field_name("path")?);
    let path = path.trim_matches(|c| c == '"' || c == '`');
    let mut parts: Vec<&str> = path.split('/').collect();
    let is_version =
        |p: &str| p.len() > 1 && p.starts_with('v') && p[1..].bytes().all(|b| b.is_ascii_digit());
    if parts.len() > 1 && parts.last().is_some_and(|p| is_version(p)) {
        parts.pop();
    }
    let last = parts.last()?;
    let last = match last.rsplit_once('.') {
        Some((head, v)) if is_version(v) => head,
        _ => last,
    };
    Some(last.to_string())
}

pub(super) fn go(src: &str, root: Node<'_>) -> Vec<Binding> {
    let mut out: Vec<Binding> = Vec::new();
    // The byte ranges of function bodies (`func` declarations and literals).
    let mut bodies: Vec<std::ops::Range<usize>> = Vec::new();
    let push =
        |out: &mut Vec<Binding>, key: String, byte: usize, deferred: bool, attribute: bool| {
            out.push(Binding {
                key,
                byte,
                deferred,
                only: Only::Any,
                attribute,
            });
        };
    // The methods of this file with a pointer receiver (`func (l *Limit) raise()`).
    let mut pointer_methods: std::collections::HashSet<&str> = Default::default();
    preorder(root, |cursor, _| {
        let node = cursor.node();
        if node.kind() != "method_declaration" {
            return !matches!(node.kind(), "block" | "func_literal");
        }
        let pointer = node
            .child_by_field_name("receiver")
            .and_then(|r| named_children(r).find(|c| c.kind() == "parameter_declaration"))
            .and_then(|p| p.child_by_field_name("type"))
            .is_some_and(|t| text(src, t).trim_start_matches(['(', ' ']).starts_with('*'));
        if let (true, Some(n)) = (pointer, node.child_by_field_name("name")) {
            pointer_methods.insert(text(src, n));
        }
        false
    });
    preorder(root, |cursor, _| {
        let node = cursor.node();
        let byte = node.start_byte();
        let inside = bodies.iter().any(|r| r.contains(&byte));
        match node.kind() {
            // `x.m()` or `x.m` with a pointer-receiver `m`: `&x` taken implicitly.
            "selector_expression"
                if inside
                    && node
                        .child_by_field_name("field")
                        .is_some_and(|f| pointer_methods.contains(text(src, f))) =>
            {
                if let Some(t) = node.child_by_field_name("operand") {
                    target(src, t, &mut out, push);
                }
            }
            "function_declaration" | "method_declaration" | "func_literal" => {
                if let Some(b) = node.child_by_field_name("body") {
                    bodies.push(b.byte_range());
                }
                if node.kind() == "function_declaration" {
                    if let Some(n) = node.child_by_field_name("name") {
                        push(
                            &mut out,
                            text(src, n).to_string(),
                            n.start_byte(),
                            inside,
                            false,
                        );
                    }
                }
                if node.kind() == "method_declaration" {
                    // The method's path, as the profile names it.
                    let ty = node
                        .child_by_field_name("receiver")
                        .and_then(|r| {
                            named_children(r).find(|c| c.kind() == "parameter_declaration")
                        })
                        .and_then(|p| p.child_by_field_name("type"))
                        .map(|t| {
                            let t = text(src, t).trim_start_matches(['*', '(', ' ']);
                            t.split(['[', ')', ' ']).next().unwrap_or(t).to_string()
                        });
                    if let (Some(ty), Some(n)) = (ty, node.child_by_field_name("name")) {
                        push(
                            &mut out,
                            format!("{ty}.{}", text(src, n)),
                            n.start_byte(),
                            inside,
                            false,
                        );
                    }
                }
            }
            "type_spec" | "type_alias" | "const_spec" | "var_spec" if !inside => {
                let mut c = node.walk();
                for n in node.children_by_field_name("name", &mut c) {
                    if n.is_named() && text(src, n) != "_" {
                        push(
                            &mut out,
                            text(src, n).to_string(),
                            n.start_byte(),
                            false,
                            false,
                        );
                    }
                }
            }
            "import_spec" => {
                if let Some(name) = import_name(src, node) {
                    push(&mut out, name, byte, inside, false);
                }
            }
            "assignment_statement" | "range_clause" if inside => {
                // `x := range` declares; `x = range` assigns.
                let assigns = node.kind() == "assignment_statement"
                    || (0..node.child_count() as u32)
                        .filter_map(|i| node.child(i))
                        .any(|c| c.kind() == "=");
                if assigns {
                    if let Some(left) = node.child_by_field_name("left") {
                        for t in named_children(left) {
                            target(src, t, &mut out, push);
                        }
                    }
                }
            }
            // `&x`: the address of `x` may be written through.
            "unary_expression" if inside => {
                let is_address = node
                    .child_by_field_name("operator")
                    .is_some_and(|o| o.kind() == "&");
                if let Some(t) = node.child_by_field_name("operand").filter(|_| is_address) {
                    target(src, t, &mut out, push);
                }
            }
            "inc_statement" | "dec_statement" if inside => {
                if let Some(t) = named_children(node).next() {
                    target(src, t, &mut out, push);
                }
            }
            _ => {}
        }
        true
    });
    out
}

fn target(
    src: &str,
    t: Node<'_>,
    out: &mut Vec<Binding>,
    push: impl Fn(&mut Vec<Binding>, String, usize, bool, bool),
) {
    let mut at = t;
    while at.kind() == "parenthesized_expression" {
        match named_children(at).next() {
            Some(i) => at = i,
            None => return,
        }
    }
    match at.kind() {
        "identifier" if text(src, at) != "_" && !declared_locally(src, at) => {
            push(out, text(src, at).to_string(), at.start_byte(), true, false)
        }
        "selector_expression" => {
            // `a.b.c`: the chain, when it is plain names.
            let mut parts = Vec::new();
            let mut n = at;
            loop {
                match n.kind() {
                    "selector_expression" => {
                        let Some(f) = n.child_by_field_name("field") else {
                            return;
                        };
                        parts.push(text(src, f).to_string());
                        let Some(o) = n.child_by_field_name("operand") else {
                            return;
                        };
                        n = o;
                    }
                    "identifier" => {
                        if declared_locally(src, n) {
                            return;
                        }
                        parts.push(text(src, n).to_string());
                        break;
                    }
                    _ => return,
                }
            }
            parts.reverse();
            push(out, parts.join("."), at.start_byte(), true, true);
        }
        _ => {}
    }
}

/// Whether the identifier `id` (inside a function body) names a local declaration in scope
/// there, by Go's block scoping: a parameter, named result or receiver of an enclosing
/// function or function literal (scope: its body), a `:=`, `var`, `const` or `type`
/// declaration that ends before `id` in an enclosing block or case clause (scope: from the
/// end of the declaration to the end of that block), a `:=` initializer of an enclosing
/// `if`, `for` or `switch` (scope: the statement, after the initializer), the `:=` of an
/// enclosing `for ... range` (scope: its body), a type switch's `x :=` (its clauses) or a
/// `case v := <-ch` (its clause). Then `id` is that local, not a package-level name. Only
/// these forms are read: a declaration missed leaves the name package-level (a binding
/// counted, which can only reject).
fn declared_locally(src: &str, id: Node<'_>) -> bool {
    let name = text(src, id);
    let at = id.start_byte();
    let names_in = |list: Option<Node<'_>>| -> bool {
        list.is_some_and(|l| {
            named_children(l).any(|c| c.kind() == "identifier" && text(src, c) == name)
        })
    };
    // `x, y := ...` (also a `:=` range clause or receive): the names on its left.
    let declares = |stmt: Node<'_>| -> bool {
        match stmt.kind() {
            "short_var_declaration" => names_in(stmt.child_by_field_name("left")),
            "var_declaration" | "const_declaration" | "type_declaration" => {
                let mut specs: Vec<Node<'_>> = Vec::new();
                for c in named_children(stmt) {
                    if c.kind() == "var_spec_list" {
                        specs.extend(named_children(c));
                    } else {
                        specs.push(c);
                    }
                }
                specs.iter().any(|sp| {
                    let mut cur = sp.walk();
                    let found = sp
                        .children_by_field_name("name", &mut cur)
                        .any(|n| text(src, n) == name);
                    found
                })
            }
            _ => false,
        }
    };
    let short = |stmt: Node<'_>| -> bool {
        (0..stmt.child_count() as u32)
            .filter_map(|i| stmt.child(i))
            .any(|c| c.kind() == ":=")
    };
    let params = |list: Option<Node<'_>>| -> bool {
        list.is_some_and(|l| {
            l.kind() == "parameter_list"
                && named_children(l).any(|p| {
                    let mut cur = p.walk();
                    let found = matches!(
                        p.kind(),
                        "parameter_declaration" | "variadic_parameter_declaration"
                    ) && p
                        .children_by_field_name("name", &mut cur)
                        .any(|n| text(src, n) == name);
                    found
                })
        })
    };
    let mut node = id;
    while let Some(up) = node.parent() {
        match up.kind() {
            "statement_list" => {
                for s in named_children(up) {
                    if s.end_byte() > at {
                        break;
                    }
                    if declares(s) {
                        return true;
                    }
                }
            }
            "if_statement" | "expression_switch_statement" | "type_switch_statement" => {
                if let Some(init) = up.child_by_field_name("initializer") {
                    if init.end_byte() <= at && declares(init) {
                        return true;
                    }
                }
                if let Some(alias) = up.child_by_field_name("alias") {
                    let value_end = up.child_by_field_name("value").map(|v| v.end_byte());
                    if value_end.is_some_and(|e| e <= at) && names_in(Some(alias)) {
                        return true;
                    }
                }
            }
            "for_statement" => {
                for c in named_children(up) {
                    let hit = match c.kind() {
                        // The condition, the update and the body are in the scope.
                        "for_clause" => c
                            .child_by_field_name("initializer")
                            .is_some_and(|i| i.end_byte() <= at && declares(i)),
                        // The body is; the ranged expression is not.
                        "range_clause" => {
                            c.end_byte() <= at
                                && short(c)
                                && names_in(c.child_by_field_name("left"))
                        }
                        _ => false,
                    };
                    if hit {
                        return true;
                    }
                }
            }
            "communication_case" => {
                if let Some(comm) = up.child_by_field_name("communication") {
                    if comm.end_byte() <= at
                        && comm.kind() == "receive_statement"
                        && short(comm)
                        && names_in(comm.child_by_field_name("left"))
                    {
                        return true;
                    }
                }
            }
            "func_literal" | "function_declaration" | "method_declaration" => {
                let in_body = up
                    .child_by_field_name("body")
                    .is_some_and(|b| b.start_byte() <= at && at < b.end_byte());
                if in_body
                    && (params(up.child_by_field_name("parameters"))
                        || params(up.child_by_field_name("result"))
                        || params(up.child_by_field_name("receiver")))
                {
                    return true;
                }
                if up.kind() != "func_literal" {
                    return false;
                }
            }
            _ => {}
        }
        node = up;
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::{Language, SourceFile};

    fn keys(src: &str) -> Vec<(String, bool, bool)> {
        let file = SourceFile::parse(Language::Go, src).unwrap();
        super::super::bindings(&file)
            .iter()
            .map(|b| (b.key.clone(), b.deferred, b.attribute))
            .collect()
    }

    #[test]
    fn declarations_and_assignments_bind() {
        let src = "package p\n\nimport (\n\t\"fmt\"\n\tyaml \"gopkg.in/yaml.v3\"\n\t\"example.com/mod/v2\"\n\t_ \"embed\"\n)\n\nvar v = 1\n\nfunc f() {\n\tv = 2\n\tv++\n\tx := 1\n\tx = 3\n\tpkg.Var = 4\n\tfor v = range xs {}\n\tfor k := range xs {}\n\t_ = k\n}\n\nfunc (s *S[T]) M() {}\n";
        let got = keys(src);
        let plain = |k: &str| got.iter().filter(|(key, _, _)| key == k).count();
        assert_eq!(plain("fmt"), 1);
        assert_eq!(plain("yaml"), 1);
        assert_eq!(plain("mod"), 1);
        assert_eq!(plain("f"), 1);
        assert_eq!(plain("S.M"), 1);
        // The declaration, `v = 2`, `v++`, `for v = range`.
        assert_eq!(plain("v"), 4);
        // `x := 1` declares a local (no binding), and `x = 3` assigns that local.
        assert_eq!(plain("x"), 0);
        assert_eq!(plain("k"), 0);
        assert!(got.contains(&("pkg.Var".to_string(), true, true)));
        assert_eq!(plain("_"), 0);
    }

    #[test]
    fn taking_an_address_binds() {
        let src = "package p\n\nvar Limit = 1\n\nfunc init() {\n\tp := &Limit\n\t*p = -1\n\tfmt.Sscan(\"1\", &cfg.Max)\n\tq := &(Other)\n\t_ = q\n\t_ = -Limit\n}\n";
        let got = keys(src);
        let plain = |k: &str| got.iter().filter(|(key, _, _)| key == k).count();
        // The declaration and `&Limit` (not `-Limit`).
        assert_eq!(plain("Limit"), 2);
        assert_eq!(plain("Other"), 1);
        assert!(got.contains(&("cfg.Max".to_string(), true, true)));
    }

    #[test]
    fn a_pointer_receiver_method_call_takes_the_address() {
        let src = "package p\n\ntype Limit int\n\nvar limit Limit = 5\n\nfunc (l *Limit) raise() { *l = 1000 }\n\nfunc (l Limit) show() {}\n\nfunc init() {\n\tlimit.raise()\n\tlimit.show()\n\tf := cfg.max.raise\n\t_ = f\n}\n";
        let got = keys(src);
        let plain = |k: &str| got.iter().filter(|(key, _, _)| key == k).count();
        // The declaration and `limit.raise()` (not the value-receiver `limit.show()`).
        assert_eq!(plain("limit"), 2);
        assert!(got.contains(&("cfg.max".to_string(), true, true)));
    }

    /// An assignment binds the package-level name unless a local declaration of that name is
    /// in scope at the assignment (Go's block scoping).
    #[test]
    fn a_local_in_scope_is_no_package_binding() {
        let count = |body: &str| {
            let src = format!("package p\n\nvar out = 1\n\n{body}\n");
            keys(&src)
                .iter()
                .filter(|(k, _, _)| k == "out" || k.starts_with("out."))
                .count()
                - 1
        };
        // Locals in scope: a `:=`, a `var`, a parameter, a named result, a receiver, an
        // enclosing function's local (a closure), an `if`/`for`/`switch` initializer, a
        // `:=` range, a type switch alias, a receive clause.
        for body in [
            "func f() { out := 2; out = 3; out++; p := &out; out.x = 1; _ = p }",
            "func f() { var out int; out = 3 }",
            "func f() { var (a int; out int); out = 3; _ = a }",
            "func f(a, out int) { out = 3 }",
            "func f(xs ...int) (n, out int) { out = 3; return }",
            "func (out *T) f() { out = nil }",
            "func f() { out := 2; g := func() { out = 3 }; g() }",
            "func f() { g := func(out int) { out = 3 }; g(1) }",
            "func f() { if out := g(); out > 0 { out = 3 } else { out = 4 } }",
            "func f() { if out := g(); out > 0 { } else if true { out = 4 } }",
            "func f() { for out := 0; out < 3; out++ { out = 5 } }",
            "func f() { for _, out := range xs { out = 5 } }",
            "func f() { switch out := g(); out { case 1: out = 2 } }",
            "func f() { switch out := v.(type) { case int: out = 2 } }",
            "func f() { select { case out := <-ch: out = 2 } }",
            "func f() { out := 1; { { out = 2 } } }",
            "func f() { switch { case true: out := 1; out = 2 } }",
        ] {
            assert_eq!(count(body), 0, "{body}");
        }
        // The package-level name: a local declared after the assignment, in a block that
        // has ended, in a sibling branch, in its own initializer, another function's
        // parameter, a ranged expression, a `=` range.
        for body in [
            "func f() { out = 3; out := 2; _ = out }",
            "func f() { { out := 2; _ = out }; out = 3 }",
            "func f() { if c { out := 2; _ = out } else { out = 3 } }",
            "func f() { out := func() int { out = 3; return 0 }; _ = out }",
            "func f() { var out = func() int { out = 3; return 0 }(); _ = out }",
            "func g(out int) {}\nfunc f() { out = 3 }",
            "func f() { for _, out := range h(&out) { _ = out } }",
            "func f() { for out = range xs {} }",
            "func f() { switch { case true: out := 1; _ = out; case false: out = 2 } }",
            "func f() { g := func(out int) {}; out = 3; g(1) }",
            "func f() { out++ }",
            "func f() { p := &out; _ = p }",
        ] {
            assert_eq!(count(body), 1, "{body}");
        }
    }
}
