//! C#: the statement forms that bind a name.
//!
//! C# rebinds no definition at run time either (a field's value changes; a method, a type, a
//! property is what its declaration says), and declarations are symbols. What remains are
//! the `using` directives. A using alias (`using Json = Evil.Json;`) binds its alias, and at
//! a namespace's level it wins over what an enclosing level declares. A `using N;` or `using
//! static T;` directive imports names that a level's own members hide and that clash with
//! (a compile error, not a silent change) what other directives of the same level import;
//! at the file's level (the compilation unit, also `global using`) no level lies outside
//! it, so it binds nothing here. Inside a namespace block it can take a name over from an
//! enclosing level (the file's directives, an outer namespace's members), so it binds every
//! name of that namespace (`A.B.*`). Not covered: directives in other files (`global using`
//! elsewhere, a `partial` type's other parts).
//! What the unknown names of a new `using static` or `using` can take over besides
//! (unqualified calls, extension method calls) is `check/on_demand.rs`'s rule.

use super::*;

pub(super) fn csharp(src: &str, root: Node<'_>) -> Vec<Binding> {
    let mut out = Vec::new();
    // (namespace body range, namespace path) of the enclosing block namespaces.
    let mut spaces: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    // A file-scoped `namespace A.B;`: directives after it are at its level.
    let mut file_scope: Option<(usize, String)> = None;
    preorder(root, |cursor, _| {
        let node = cursor.node();
        match node.kind() {
            "namespace_declaration" => {
                let name: String = node
                    .child_by_field_name("name")
                    .map(|n| {
                        text(src, n)
                            .chars()
                            .filter(|c| !c.is_whitespace())
                            .collect()
                    })
                    .unwrap_or_default();
                let name = names::canonical(Language::CSharp, &name).into_owned();
                let outer = spaces
                    .iter()
                    .rev()
                    .find(|(r, _)| r.contains(&node.start_byte()))
                    .map(|(_, p)| p.clone());
                let path = match outer {
                    Some(p) => format!("{p}.{name}"),
                    None => name,
                };
                if let Some(body) = node.child_by_field_name("body") {
                    spaces.push((body.byte_range(), path));
                }
                true
            }
            "file_scoped_namespace_declaration" => {
                let name: String = node
                    .child_by_field_name("name")
                    .map(|n| {
                        text(src, n)
                            .chars()
                            .filter(|c| !c.is_whitespace())
                            .collect()
                    })
                    .unwrap_or_default();
                let name = names::canonical(Language::CSharp, &name).into_owned();
                file_scope = Some((node.end_byte(), name));
                false
            }
            "using_directive" => {
                let space = spaces
                    .iter()
                    .rev()
                    .find(|(r, _)| r.contains(&node.start_byte()))
                    .map(|(_, p)| p.as_str())
                    .or_else(|| {
                        file_scope
                            .as_ref()
                            .filter(|(end, _)| *end <= node.start_byte())
                            .map(|(_, p)| p.as_str())
                    });
                let key = match (node.child_by_field_name("name"), space) {
                    (Some(alias), Some(p)) => Some(format!(
                        "{p}.{}",
                        names::canonical(Language::CSharp, text(src, alias))
                    )),
                    (Some(alias), None) => {
                        Some(names::canonical(Language::CSharp, text(src, alias)).into_owned())
                    }
                    (None, Some(p)) => Some(format!("{p}.*")),
                    (None, None) => None,
                };
                if let Some(key) = key {
                    out.push(Binding {
                        key,
                        byte: node.start_byte(),
                        deferred: false,
                        only: Only::Any,
                        attribute: false,
                    });
                }
                false
            }
            // Directives stand at the file's level and in namespace bodies only.
            "compilation_unit" | "declaration_list" => true,
            _ => false,
        }
    });
    out
}

#[cfg(test)]
mod tests {
    use crate::{Language, SourceFile};

    #[test]
    fn aliases_bind_and_namespace_level_usings_bind_every_name() {
        let src = "using System;\nglobal using static System.Math;\nusing Json = Evil.Json;\nnamespace A.B\n{\n    using Evil;\n    using J2 = Evil.J;\n    namespace C { using More; }\n    class K { }\n}\n";
        let file = SourceFile::parse(Language::CSharp, src).unwrap();
        let keys: Vec<&str> = super::super::bindings(&file)
            .iter()
            .map(|b| b.key.as_str())
            .collect();
        assert_eq!(keys, ["Json", "A.B.*", "A.B.J2", "A.B.C.*"]);
        let src = "using System;\nnamespace N;\nusing Evil;\nclass K { }\n";
        let file = SourceFile::parse(Language::CSharp, src).unwrap();
        let keys: Vec<&str> = super::super::bindings(&file)
            .iter()
            .map(|b| b.key.as_str())
            .collect();
        assert_eq!(keys, ["N.*"]);
    }
}
