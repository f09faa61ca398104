//! The messages name the change: a docstring, a blank line, an import.

use crate::{check_text, CheckOptions, Grants, Language, ViolationKind};

fn messages(
    language: Language,
    before: &str,
    after: &str,
    grants: Grants,
) -> Vec<(ViolationKind, String)> {
    let verdict = check_text(language, before, after, &grants, &CheckOptions::default()).unwrap();
    verdict
        .violations
        .iter()
        .map(|v| (v.kind, v.message.clone()))
        .collect()
}

fn one(language: Language, before: &str, after: &str, grants: Grants) -> (ViolationKind, String) {
    let all = messages(language, before, after, grants);
    assert_eq!(all.len(), 1, "{all:?}");
    all.into_iter().next().unwrap()
}

#[cfg(feature = "python")]
#[test]
fn a_python_docstring_edit_is_a_docstring_change() {
    let before = "class A:\n    def f(self):\n        \"\"\"Old.\"\"\"\n        return 1\n";
    let after = before.replace("Old.", "New.");
    let (kind, message) = one(Language::Python, before, &after, Grants::new().body("A.f"));
    assert_eq!(kind, ViolationKind::SignatureChanged);
    assert!(
        message.starts_with("the docstring of `A.f` changed"),
        "{message}"
    );
    assert!(!message.contains("signature"), "{message}");
    // Not granted at all: named in the parenthesis.
    let (_, message) = one(Language::Python, before, &after, Grants::new());
    assert!(message.contains("changed (docstring)"), "{message}");
    // A real signature change is still one.
    let after = before.replace("f(self)", "f(self, x)");
    let (_, message) = one(Language::Python, before, &after, Grants::new().body("A.f"));
    assert!(
        message.starts_with("the signature of `A.f` changed"),
        "{message}"
    );
}

#[cfg(feature = "rust")]
#[test]
fn a_rust_doc_comment_edit_is_a_doc_comment_change() {
    let before = "/// Old.\nfn f() -> u8 {\n    1\n}\n";
    let after = before.replace("Old.", "New.");
    let (_, message) = one(Language::Rust, before, &after, Grants::new().body("f"));
    assert!(
        message.starts_with("the doc comment of `f` changed"),
        "{message}"
    );
}

#[cfg(feature = "typescript")]
#[test]
fn a_jsdoc_edit_is_a_doc_comment_change() {
    let before = "/** Old. */\nexport function f(): number {\n  return 1;\n}\n";
    let after = before.replace("Old.", "New.");
    let (_, message) = one(
        Language::TypeScript,
        before,
        &after,
        Grants::new().body("f"),
    );
    assert!(
        message.starts_with("the doc comment of `f` changed"),
        "{message}"
    );
}

#[cfg(feature = "python")]
#[test]
fn a_blank_line_inside_a_class_names_the_line() {
    let before =
        "class A:\n    def f(self):\n        return 1\n\n    def g(self):\n        return 2\n";
    let after = before.replace("\n\n    def g", "\n\n\n    def g");
    let verdict = check_text(
        Language::Python,
        before,
        &after,
        &Grants::new().body("A.f"),
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(verdict.violations.len(), 1, "{:?}", verdict.violations);
    let v = &verdict.violations[0];
    assert!(
        v.message
            .starts_with("a blank line was added inside class `A` (after: line 5)"),
        "{}",
        v.message
    );
    assert_eq!(v.changed_lines.after, [(5, 5)]);
    assert!(v.changed_lines.before.is_empty());
    assert_eq!(v.location().map(|l| l.start_line), Some(5));
    // Code between members is code, not a blank line.
    let after = before.replace("\n\n    def g", "\n\n    pass\n\n    def g");
    let (_, message) = one(Language::Python, before, &after, Grants::new().body("A.f"));
    assert!(
        message.starts_with("code changed inside class `A` (after: lines 5-6)"),
        "{message}"
    );
}

#[cfg(feature = "python")]
#[test]
fn an_import_without_the_imports_grant_says_so() {
    let before = "import os\n\n\ndef f():\n    return 1\n";
    let after = before.replace("import os\n", "import os\nimport sys\n");
    let (kind, message) = one(Language::Python, before, &after, Grants::new().body("f"));
    assert_eq!(kind, ViolationKind::Outside);
    assert_eq!(
        message,
        "an import was added (after: line 2), but imports are not granted; grant `imports` to allow it"
    );
    let after = before.replace("import os\n", "");
    let (_, message) = one(Language::Python, before, &after, Grants::new().body("f"));
    assert!(
        message.starts_with("an import was removed (before: line 1)"),
        "{message}"
    );
    // Granted: no violation.
    assert!(messages(
        Language::Python,
        before,
        &before.replace("import os\n", "import os\nimport sys\n"),
        Grants::new().imports()
    )
    .is_empty());
}
