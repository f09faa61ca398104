//! Fuzz target: Java and C# files built from pieces of every symbol kind their profiles know
//! (Java: classes, nested types, constructors, overloads, fields of one and of several
//! variables, enum constants with bodies, records, interfaces, annotation types, Javadoc and
//! annotations, initializer blocks, imports; C#: block and file-scoped namespaces, classes,
//! structs, records, properties, events, indexers, operators, finalizers, delegates, enums,
//! extension methods, attributes and `///` docs, usings), edited by splicing a fragment in,
//! among them the text the compilers read otherwise than tree-sitter (Java unicode escapes
//! and lone carriage returns; C# `#if`, U+2028, escapes in identifiers, raw strings). Never a
//! panic; an *allowed* answer must be one the reference definition
//! (`editscope::reference_allowed`) allows too; and a version holding such text is never
//! allowed.
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

const CSHARP: &[&str] = &[
    "using System;\nusing static System.Math;\nusing Json = System.Text.Json;\n",
    "namespace App.Core\n{\n    /// <summary>Doc.</summary>\n    [Serializable]\n    public partial class Store\n    {\n        private int size = 0, limit;\n        public int Count { get; set; }\n        public event EventHandler Changed;\n        public Store() { size = 0; }\n        ~Store() { }\n        public int Add(int x) => Max(x, size);\n        public int Add(string s) => Add(s.Length);\n        public int this[int i] => i;\n        public static Store operator +(Store a, Store b) => a;\n    }\n}\n",
    "struct Point\n{\n    public int X;\n    public override string ToString() => $\"{X}\";\n}\n",
    "enum Color\n{\n    Red,\n    Green = 2,\n}\n",
    "public delegate void Sink(int v);\n",
    "record Line(string Item, int Amount);\n",
    "static class Ext\n{\n    public static int Twice(this int x) => 2 * x;\n}\n",
    "class Text\n{\n    string s = @\"c:\\ \"\" // no\";\n    string r = \"\"\"\n        {\"k\": 1}\n        \"\"\";\n    char c = '\\'';\n}\n",
];

const CS_FRAGMENTS: &[&str] = &[
    "#if DEBUG\n", "#endif\n", "#define X\n", "\u{2028}", "\u{85}", "\\u0061", "\"\"\"", "\"\"\"\"",
    "@", "[ModuleInitializer]\n", "static int Max(int a, int b) => 0;\n",
    "public static int Add(this Store s, int x) => 0;\n", "using Evil;\n", "namespace N;\n",
    "x", "1", "\n", "}", "{", "/", "\"", "'", "//", "///", "/*", "*/", ";", "(", ")", " ",
];

const FRAGMENTS: &[&str] = &[
    "\\u000a", "\\u000d", "\\u0022", "\\u002a/", "\\u00e9", "\\\\u000a", "\\users", "\r", "\r\n",
    "x", "1", "\n", "}", "{", "/", "\"", "'", "//", "/*", "*/", "/** */", "@Override\n",
    "static { helper(); }\n", "int helper;\n", "static int helper() { return 2; }\n",
    "import evil.String;\n", "int a, b;\n", "void add(long x) {}\n", ";", "(", ")", " ",
];

#[derive(Debug, Arbitrary)]
struct Input {
    csharp: bool,
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

/// C# text the compiler reads otherwise than tree-sitter (conservatively): a conditional
/// directive, a Unicode line terminator, a backslash-`u` outside a string.
fn divergent_cs(text: &str) -> bool {
    text.lines().any(|l| {
        let t = l.trim_start();
        ["#if", "#endif", "#define", "#else", "#elif", "#undef"]
            .iter()
            .any(|d| t.starts_with(d))
    }) || text.contains(['\u{85}', '\u{2028}', '\u{2029}'])
        || text.contains("int \\u0061")
}

fuzz_target!(|input: Input| {
    let (language, pieces, fragments) = if input.csharp {
        (Language::CSharp, CSHARP, CS_FRAGMENTS)
    } else {
        (Language::Java, JAVA, FRAGMENTS)
    };
    let mut before = if input.csharp {
        String::new()
    } else {
        String::from("package p;\n\n")
    };
    for p in input.pieces.iter().take(10) {
        before.push_str(pieces[usize::from(*p) % pieces.len()]);
        before.push('\n');
    }
    let mut after = before.clone();
    for (at, fragment, len) in input.edits.iter().take(4) {
        let start = floor_char_boundary(&after, usize::from(*at));
        let end = floor_char_boundary(&after, start + usize::from(*len % 8));
        let f = fragments[usize::from(*fragment) % fragments.len()];
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
        let reads_otherwise = if input.csharp { divergent_cs } else { divergent };
        assert!(
            !reads_otherwise(&before) && !reads_otherwise(&after),
            "allowed, but the compiler reads the text otherwise:\n{before}\n---\n{after}"
        );
        if let Ok(Some(reference)) = reference_allowed(language, &before, &after, &grants) {
            assert!(reference, "allowed, but the reference definition rejects:\n{before}\n---\n{after}");
        }
    }
});
