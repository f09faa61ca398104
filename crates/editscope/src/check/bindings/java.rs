//! Java: the statement forms that bind a name.
//!
//! Java binds names by declarations only, and none can be rebound: a method, a field, a type
//! is what its declaration says for the whole run (a field's *value* changes, which is what
//! fields are for; an assignment to one is no redefinition). Declarations are symbols, so a
//! second one of a path (a new overload) is seen by the symbol comparison. What remains are
//! the names an `import` binds for the whole file: a single-type import (`import a.b.C;`)
//! binds `C` and a single static import (`import static a.B.max;`) binds `max`; each shadows
//! what the name meant before (`java.lang.String` for `import evil.String;`, JLS 6.4.1), so
//! they are bindings at the top level. An import on demand (`import a.b.*;`, `import static
//! a.B.*;`) never shadows a declaration (JLS 6.4.1: a clash is a compile error, not a silent
//! change), so it binds nothing here; what its unknown names can take over (unqualified
//! calls, package names) is `check/on_demand.rs`'s rule.

use super::*;

pub(super) fn java(src: &str, root: Node<'_>) -> Vec<Binding> {
    let mut out = Vec::new();
    for node in named_children(root) {
        if node.kind() != "import_declaration" {
            continue;
        }
        // `import a.b.*;` has an `asterisk` child: on demand.
        if named_children(node).any(|c| c.kind() == "asterisk") {
            continue;
        }
        let Some(path) =
            named_children(node).find(|c| matches!(c.kind(), "scoped_identifier" | "identifier"))
        else {
            continue;
        };
        let last = if path.kind() == "scoped_identifier" {
            path.child_by_field_name("name")
        } else {
            Some(path)
        };
        if let Some(name) = last {
            out.push(Binding {
                key: text(src, name).to_string(),
                byte: name.start_byte(),
                deferred: false,
                only: Only::Any,
                attribute: false,
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::{Language, SourceFile};

    #[test]
    fn single_imports_bind_their_last_name() {
        let src = "import java.util.List;\nimport static java.lang.Math.max;\nimport java.io.*;\nimport static java.util.Objects.*;\n\nclass A { int f; void m() { f = 1; } }\n";
        let file = SourceFile::parse(Language::Java, src).unwrap();
        let keys: Vec<&str> = super::super::bindings(&file)
            .iter()
            .map(|b| b.key.as_str())
            .collect();
        assert_eq!(keys, ["List", "max"]);
    }
}
