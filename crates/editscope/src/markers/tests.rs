use super::*;
use crate::SourceFile;

fn marked(language: Language, text: &str) -> Vec<Vec<String>> {
    let file = SourceFile::parse(language, text).unwrap();
    file.markers().iter().map(|m| m.symbols.clone()).collect()
}

fn one(language: Language, text: &str) -> Vec<String> {
    let all = marked(language, text);
    assert_eq!(all.len(), 1, "{text}: {all:?}");
    all[0].clone()
}

#[test]
fn directive_syntax() {
    for yes in [
        "# editscope: protect",
        "#editscope:protect",
        "// EditScope : PROTECT (audit trail)",
        "/// editscope: protect",
        "//! editscope: protect",
        "/* editscope: protect */",
        "/**\n * Docs.\n * editscope: protect\n */",
    ] {
        assert_eq!(directive(yes), Some(Directive::Protect), "{yes}");
    }
    for no in [
        "# TODO: editscope: protect this",
        "# editscope protect",
        "# editscope checks edits",
        "# see editscope",
    ] {
        assert_eq!(directive(no), None, "{no}");
    }
    assert_eq!(
        directive("# editscope: protected"),
        Some(Directive::Other("protected".into()))
    );
    assert_eq!(
        directive("# editscope: protect-me"),
        Some(Directive::Other("protect-me".into()))
    );
}

#[cfg(feature = "python")]
#[test]
fn python_markers() {
    let py = Language::Python;
    assert_eq!(one(py, "# editscope: protect\ndef f():\n    pass\n"), ["f"]);
    // On the first line.
    assert_eq!(one(py, "def f():  # editscope: protect\n    pass\n"), ["f"]);
    assert_eq!(one(py, "X = 1  # editscope: protect\nY = 2\n"), ["X"]);
    // Past other comments and decorators, not past a blank line.
    assert_eq!(
        one(
            py,
            "# editscope: protect\n# Audit trail.\n@dec\ndef f():\n    pass\n"
        ),
        ["f"]
    );
    assert_eq!(
        one(py, "# editscope: protect\n\ndef f():\n    pass\n"),
        Vec::<String>::new()
    );
    // A method, and a class.
    let text = "class A:\n    # editscope: protect\n    def f(self):\n        pass\n\n    def g(self):\n        pass\n";
    assert_eq!(one(py, text), ["A.f"]);
    assert_eq!(
        one(
            py,
            "class A:  # editscope: protect\n    def f(self):\n        pass\n"
        ),
        ["A"]
    );
    // Strings and docstrings are not comments.
    assert!(marked(py, "s = '# editscope: protect'\ndef f():\n    pass\n").is_empty());
    assert!(marked(
        py,
        "def f():\n    \"\"\"editscope: protect\"\"\"\n    pass\n"
    )
    .is_empty());
    // Inside a body, above no definition: dangling.
    assert_eq!(
        one(
            py,
            "def f():\n    # editscope: protect\n    x = 1\n    return x\n"
        ),
        Vec::<String>::new()
    );
    // Near misses are kept apart.
    let file = SourceFile::parse(py, "# editscope: protected\ndef f():\n    pass\n").unwrap();
    assert!(file.markers().is_empty());
    assert_eq!(file.marker_near_misses().len(), 1);
}

#[cfg(feature = "rust")]
#[test]
fn rust_markers() {
    let rs = Language::Rust;
    assert_eq!(
        one(rs, "// editscope: protect\nfn f() {}\nfn g() {}\n"),
        ["f"]
    );
    assert_eq!(
        one(
            rs,
            "/// editscope: protect\n/// Docs.\n#[inline]\nfn f() {}\n"
        ),
        ["f"]
    );
    assert_eq!(
        one(rs, "/// Docs.\n/// editscope: protect\npub fn f() {}\n"),
        ["f"]
    );
    assert_eq!(
        one(rs, "/* editscope: protect */ fn f() {}\nfn g() {}\n"),
        ["f"]
    );
    assert_eq!(
        one(rs, "fn f() { // editscope: protect\n}\nfn g() {}\n"),
        ["f"]
    );
    let text = "impl A {\n    // editscope: protect\n    fn f(&self) {}\n    fn g(&self) {}\n}\n";
    assert_eq!(one(rs, text), ["A::f"]);
    assert!(marked(
        rs,
        "const S: &str = \"// editscope: protect\";\nfn f() {}\n"
    )
    .is_empty());
}

#[cfg(feature = "typescript")]
#[test]
fn typescript_markers() {
    let ts = Language::TypeScript;
    assert_eq!(
        one(
            ts,
            "// editscope: protect\nexport function f() {}\nfunction g() {}\n"
        ),
        ["f"]
    );
    assert_eq!(
        one(
            ts,
            "class A {\n  /** editscope: protect */\n  f() {}\n  g() {}\n}\n"
        ),
        ["A.f"]
    );
    assert!(marked(ts, "const s = `// editscope: protect`;\nfunction f() {}\n").is_empty());
}

#[cfg(feature = "javascript")]
#[test]
fn javascript_markers() {
    let js = Language::JavaScript;
    assert_eq!(
        one(
            js,
            "/* editscope: protect */\nfunction f() {}\nfunction g() {}\n"
        ),
        ["f"]
    );
    assert_eq!(
        one(
            js,
            "const f = () => 1; // editscope: protect\nconst g = 2;\n"
        ),
        ["f"]
    );
}

#[cfg(feature = "go")]
#[test]
fn go_markers() {
    let go = Language::Go;
    let text = "package p\n\n// editscope: protect\n// F audits.\nfunc F() {}\n\nfunc G() {}\n";
    assert_eq!(one(go, text), ["F"]);
    assert_eq!(
        one(
            go,
            "package p\n\nfunc (t *T) M() {} // editscope: protect\n"
        ),
        ["T.M"]
    );
    assert!(marked(
        go,
        "package p\n\nvar s = \"// editscope: protect\"\n\nfunc F() {}\n"
    )
    .is_empty());
}

#[test]
fn no_mention_no_scan() {
    assert!(!mentions("def f():\n    pass\n"));
    assert!(mentions("# EDITSCOPE: protect"));
}

#[cfg(feature = "python")]
#[test]
fn python_decorated_first_line() {
    let text = "class A:\n    @audited\n    def delete(self, user_id):  # editscope: protect\n        pass\n";
    assert_eq!(one(Language::Python, text), ["A.delete"]);
}
