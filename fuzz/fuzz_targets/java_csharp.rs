//! Fuzz target: Java files built from pieces of every symbol kind its profile knows (classes,
//! nested types, constructors, overloads, fields of one and of several variables, enum
//! constants with bodies, records, interfaces, annotation types, Javadoc and annotations,
//! static and instance initializers, imports), edited by splicing a fragment in, among them
//! the text javac reads otherwise than tree-sitter (unicode escapes, a lone carriage return).
//! Never a panic; an *allowed* answer must be one the reference definition
//! (`editscope::reference_allowed`) allows too; and a version holding an escape that javac
//! would translate into a token boundary is never allowed.
//!
//! Run (cargo-fuzz; on a stable toolchain with `RUSTC_BOOTSTRAP=1`):
//! `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run java_csharp -- -max_total_time=120`

#![no_main]

use arbitrary::Arbitrary;
use editscope::{check_text, reference_allowed, CheckOptions, Grants, Language, Limits, SourceFile, Status};
use libfuzzer_sys::fuzz_target;

const JAVA: &[&str] = &[
    "import java.util.List;\nimport static java.lang.Math.max;\n",
    "/** Doc. */\n@Deprecated\npublic class Store {\n    private int size = 0, limit;\n    Store() {\n        size = 0;\n    }\n    int add(int x) {\n        return max(x, size);\n    }\n    int add(String s) {\n        return add(s.length());\n    }\n}\n",
    "class Outer {\n    static int helper() {\n        return 1;\n    }\n    static class Inner {\n        int use() {\n            return helper();\n        }\n    }\n    static {\n        System.gc();\n    }\n    {\n        helper();\n    }\n}\n",
    "enum Color {\n    RED,\n    GREEN(2) {\n        int f() {\n            return 2;\n        }\n    };\n    Color() {}\n    Color(int v) {}\n    int f() {\n        return 1;\n    }\n}\n",
    "record Point(int x, int y) {\n    Point {\n        x = Math.abs(x);\n    }\n    static Point origin() {\n        return new Point(0, 0);\n    }\n}\n",
    "interface Sink {\n    int K = 1;\n    void send(int v);\n    default void flush() {}\n}\n",
    "@interface Audited {\n    String value() default \"\";\n}\n",
    "final class Text {\n    String s = \"caf\\u00e9 // not a comment\";\n    char c = '\"';\n    String block = \"\"\"\n        a \"\" b\n        \"\"\";\n}\n",
];

const FRAGMENTS: &[&str] = &[
    "\\u000a", "\\u000d", "\\u0022", "\\u002a/", "\\u00e9", "\\\\u000a", "\\users", "\r", "\r\n",
    "x", "1", "\n", "}", "{", "/", "\"", "'", "//", "/*", "*/", "/** */", "@Override\n",
    "static { helper(); }\n", "int helper;\n", "static int helper() { return 2; }\n",
    "import evil.String;\n", "int a, b;\n", "void add(long x) {}\n", ";", "(", ")", " ",
];

#[derive(Debug, Arbitrary)]
struct Input {
    pieces: Vec<u8>,
    /// (offset, fragment index, length replaced).
    edits: Vec<(u16, u8, u8)>,
    /// (symbol index, body or edit).
    grants: Vec<(u8, bool)>,
}

const LIMITS: Limits = Limits { max_bytes: 64 * 1024 };

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// A unicode escape javac reads as a token boundary, or a lone carriage return, in `text`
/// (conservatively: any escape of an ASCII control character, quote, backslash, `*` or `/`).
fn divergent(text: &str) -> bool {
    let lone_cr = text
        .as_bytes()
        .iter()
        .enumerate()
        .any(|(i, b)| *b == b'\r' && text.as_bytes().get(i + 1) != Some(&b'\n'));
    lone_cr
        || ["\\u000a", "\\u000d", "\\u0022", "\\u0027", "\\u005c", "\\u002a", "\\u002f"]
            .iter()
            .any(|e| {
                text.match_indices(e).any(|(at, _)| {
                    text[..at].bytes().rev().take_while(|b| *b == b'\\').count() % 2 == 0
                })
            })
}

fuzz_target!(|input: Input| {
    let language = Language::Java;
    let mut before = String::from("package p;\n\n");
    for p in input.pieces.iter().take(10) {
        before.push_str(JAVA[usize::from(*p) % JAVA.len()]);
        before.push('\n');
    }
    let mut after = before.clone();
    for (at, fragment, len) in input.edits.iter().take(4) {
        let start = floor_char_boundary(&after, usize::from(*at));
        let end = floor_char_boundary(&after, start + usize::from(*len % 8));
        let f = FRAGMENTS[usize::from(*fragment) % FRAGMENTS.len()];
        after = format!("{}{}{}", &after[..start], f, &after[end..]);
    }
    let Ok(file) = SourceFile::parse_with_limits(language, before.clone(), LIMITS) else {
        return;
    };
    let paths: Vec<String> = file.symbols().iter().map(|s| s.path.clone()).collect();
    let mut grants = Grants::new();
    if !paths.is_empty() {
        for (i, body) in input.grants.iter().take(4) {
            let path = paths[usize::from(*i) % paths.len()].clone();
            grants = if *body { grants.body(path) } else { grants.edit(path) };
        }
    }
    let options = CheckOptions {
        limits: LIMITS,
        ..CheckOptions::default()
    };
    let Ok(verdict) = check_text(language, &before, &after, &grants, &options) else {
        return;
    };
    if verdict.status == Status::Allowed {
        assert!(
            !divergent(&before) && !divergent(&after),
            "allowed, but javac reads the text otherwise:\n{before}\n---\n{after}"
        );
        if let Ok(Some(reference)) = reference_allowed(language, &before, &after, &grants) {
            assert!(reference, "allowed, but the reference definition rejects:\n{before}\n---\n{after}");
        }
    }
});
