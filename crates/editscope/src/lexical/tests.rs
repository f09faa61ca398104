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
        "0022", "0027", "005c", "005C", "002a", "002f", "000a", "000d",
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
fn control_character_escapes_in_strings_are_inert_but_line_breaks_are_not() {
    // gson's JsonReaderTest: `"\u001F"`, `'\u0000'`; javac keeps them in the literal.
    let src = "class A {\n    String s = \"a\\u001Fb\\u0019\\u0000\\u0009\\u007f\";\n    char c = '\\u0000';\n    // \\u0009 tab\n}\n";
    assert_eq!(construct(src), None);
    for escape in ["\\u000a", "\\u000D", "\\u0022"] {
        let src = format!("class A {{\n    String s = \"a{escape}b\";\n}}\n");
        assert_eq!(construct(&src), Some(Construct::UnicodeEscape), "{escape}");
    }
    // Outside a literal or comment every escape is refused, a control character too.
    let src = "class A {\n    int\\u0009x;\n}\n";
    assert_eq!(construct(src), Some(Construct::UnicodeEscape));
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

fn cs(src: &str) -> Option<Construct> {
    let file = SourceFile::parse(Language::CSharp, src).unwrap();
    super::divergence(&file).map(|d| d.construct)
}

#[test]
fn csharp_conditional_compilation_is_refused() {
    // The compiler skips `M`'s body when DEBUG is not defined; tree-sitter reads both.
    let src = "class A\n{\n#if DEBUG\n    void M() { }\n#else\n    void N() { }\n#endif\n}\n";
    assert_eq!(cs(src), Some(Construct::ConditionalCompilation));
    for directive in ["#define X", "  #  undef X", "#elif Y", "\t#endif"] {
        let src = format!("{directive}\nclass A {{ }}\n");
        assert_eq!(
            cs(&src),
            Some(Construct::ConditionalCompilation),
            "{directive}"
        );
    }
    // After a lone carriage return (a line end for the compiler), in a comment's line.
    let src = "class A\n{\n    int x; // c\r#if DEBUG\n    void M() { }\n#endif\n}\n";
    assert_eq!(cs(src), Some(Construct::ConditionalCompilation));
    // Regions, pragmas and nullable contexts change no code.
    let src =
        "#nullable enable\n#region R\n#pragma warning disable CS0168\nclass A { }\n#endregion\n";
    assert_eq!(cs(src), None);
}

#[test]
fn csharp_unicode_line_terminators_are_refused() {
    for terminator in ['\u{85}', '\u{2028}', '\u{2029}'] {
        let src = format!("class A\n{{\n    // c{terminator} void Evil() {{ }}\n}}\n");
        assert_eq!(cs(&src), Some(Construct::LineTerminator), "{terminator:?}");
    }
}

#[test]
fn csharp_escapes_outside_literals_are_refused() {
    let src = "class A\n{\n    int \\u0061bc = 1;\n}\n";
    assert_eq!(cs(src), Some(Construct::UnicodeEscape));
    // In literals and comments, backslashes are the literal's own business.
    let src = "class A\n{\n    // C:\\users \\u000a\n    string s = \"\\u0022\\\\\";\n    string v = @\"c:\\\";\n    char c = '\\'';\n    string i = $\"{x}\\n{y,5:F2}\";\n}\n";
    assert_eq!(cs(src), None);
}

#[test]
fn csharp_raw_strings_must_close_as_they_open() {
    let ok = "class A\n{\n    string a = \"\"\"\" x \"\"\" y \"\"\"\";\n    string b = \"\"\"\n        {\"k\": 1}\n        \"\"\";\n    string c = $$\"\"\"{{x}} {y}\"\"\";\n}\n";
    assert_eq!(cs(ok), None);
    // tree-sitter-c-sharp reads four quotes inside a three-quote literal as content (hiding
    // `Evil` in the string); the compiler ends the literal there.
    let bad = "class A\n{\n    string a = \"\"\" x \"\"\"\" ; void Evil() {} \"\"\";\n}\n";
    assert_eq!(cs(bad), Some(Construct::RawString));
}

#[test]
fn csharp_check_is_unverifiable_with_a_reason() {
    use crate::{check_text, CheckOptions, Grants, Status, Unverifiable};
    let before = "class A\n{\n    void M() { }\n}\n";
    let after = "class A\n{\n    void M()\n    {\n#if RELEASE\n        Evil();\n#endif\n    }\n}\n";
    let verdict = check_text(
        Language::CSharp,
        before,
        after,
        &Grants::new().body("A.M"),
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(verdict.status, Status::Unverifiable);
    assert!(matches!(
        verdict.unverifiable,
        Some(Unverifiable::UnsupportedConstruct {
            construct: Construct::ConditionalCompilation,
            line: 5,
            ..
        })
    ));
}
