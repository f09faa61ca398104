use crate::check::Construct;
use crate::{Language, SourceFile};

fn construct(src: &str) -> Option<Construct> {
    let file = SourceFile::parse(Language::Java, src).unwrap();
    super::divergence(&file).map(|d| d.construct)
}

#[test]
fn an_escaped_line_break_in_a_comment_is_refused() {
    // javac: `void evil() {}` is a method; tree-sitter: part of the comment.
    let src = "class A {\n    // note \\u000a void evil() {}\n}\n";
    assert_eq!(construct(src), Some(Construct::UnicodeEscape));
    // Any number of `u`s.
    let src = "class A {\n    // note \\uuuu000d void evil() {}\n}\n";
    assert_eq!(construct(src), Some(Construct::UnicodeEscape));
}

#[test]
fn escapes_that_can_end_a_token_are_refused() {
    for escape in [
        "0022", "0027", "005c", "005C", "002a", "002f", "0009", "007f",
    ] {
        let src = format!("class A {{\n    String s = \"a\\u{escape}\";\n}}\n");
        assert_eq!(construct(&src), Some(Construct::UnicodeEscape), "{escape}");
    }
    // `/* \u002a/` closes the comment for javac.
    let src = "class A {\n    /* \\u002a/ void evil() {} /* */\n}\n";
    assert_eq!(construct(src), Some(Construct::UnicodeEscape));
}

#[test]
fn escapes_outside_strings_and_comments_are_refused() {
    let src = "class A {\n    int caf\\u00e9 = 1;\n}\n";
    assert_eq!(construct(src), Some(Construct::UnicodeEscape));
    let src = "class A {\n    \\u0076oid m() {}\n}\n";
    assert_eq!(construct(src), Some(Construct::UnicodeEscape));
}

#[test]
fn a_malformed_escape_is_refused() {
    // javac: "illegal unicode escape", even in a comment.
    let src = "class A {\n    // see C:\\users\\me\n}\n";
    assert_eq!(construct(src), Some(Construct::UnicodeEscape));
}

#[test]
fn inert_escapes_in_strings_and_comments_are_read_alike() {
    let src = "class A {\n    // caf\\u00e9 \\u0041\n    /** \\u2028 */\n    String s = \"caf\\u00e9 \\uD83D\\uDE00 \\u0041\";\n    char c = '\\u00e9';\n    String t = \"\"\"\n        \\u00e9\n        \"\"\";\n}\n";
    assert_eq!(construct(src), None);
}

#[test]
fn a_backslash_after_an_odd_run_starts_no_escape() {
    // `\\u0022` is a backslash escape and `u0022`: no unicode escape at all.
    let src = "class A {\n    String s = \"\\\\u0022\";\n    // \\\\u000a void f() {}\n}\n";
    assert_eq!(construct(src), None);
    // Three backslashes: the third starts one.
    let src = "class A {\n    String s = \"\\\\\\u0022\";\n}\n";
    assert_eq!(construct(src), Some(Construct::UnicodeEscape));
}

#[test]
fn a_lone_carriage_return_is_refused() {
    // javac ends the comment at the `\r`; tree-sitter-java reads on to the `\n`.
    let src = "class A {\n    // c\r void evil() {}\n}\n";
    assert_eq!(construct(src), Some(Construct::LineTerminator));
    let src = "class A {\r\n    void m() {}\r\n}\r\n";
    assert_eq!(construct(src), None);
}

#[test]
fn the_check_is_unverifiable_with_the_version_and_line() {
    use crate::{check_text, CheckOptions, Grants, Status, Unverifiable, Version};
    let before = "class A {\n    void m() {}\n}\n";
    let after = "class A {\n    void m() {\n        // x \\u000a evil();\n    }\n}\n";
    let grants = Grants::new().body("A.m");
    let verdict = check_text(
        Language::Java,
        before,
        after,
        &grants,
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(verdict.status, Status::Unverifiable);
    match verdict.unverifiable {
        Some(Unverifiable::UnsupportedConstruct {
            version,
            line,
            construct,
            ..
        }) => {
            assert_eq!(version, Version::After);
            assert_eq!(line, 3);
            assert_eq!(construct, Construct::UnicodeEscape);
        }
        other => panic!("{other:?}"),
    }
    // Without the escape the same edit is allowed.
    let after = "class A {\n    void m() {\n        evil();\n    }\n}\n";
    let verdict = check_text(
        Language::Java,
        before,
        after,
        &grants,
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(verdict.status, Status::Allowed);
}
