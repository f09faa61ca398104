//! Rust: module-level `use` (also `use m::*`) and assignments to a `static mut`.

use super::*;

/// Module-level `use` and `extern crate ... as` bindings (a `use` inside a function, impl
/// or trait is local to it).
pub(super) fn rust(src: &str, root: Node<'_>) -> Vec<Binding> {
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
                        "use_wildcard" => {
                            // `use m::*;` binds every name `m` has that the module does
                            // not bind itself (items and explicit imports win over a glob).
                            out.push(Binding {
                                key: join(&scope, "::", "*"),
                                byte: n.start_byte(),
                                deferred: false,
                                only: Only::Unbound,
                                attribute: false,
                            });
                            None
                        }
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
pub(super) fn rust_place(src: &str, left: Node<'_>, module: &str) -> Vec<String> {
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
