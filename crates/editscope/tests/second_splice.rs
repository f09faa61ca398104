//! The spliced second reading of Rust (`second/rust/splice.rs`): a new version of a file is
//! read by `syn` only between the old reading's top-level items around the change, and the
//! rest of the old reading is kept. The splice must be the whole reading, or decline.
//!
//! Files are built from real-ish items (doc comments and attributes, raw strings holding
//! `}` and `"`, byte strings, char literals and lifetimes, nested block comments,
//! `macro_rules!`, `::`-path macros, inner attributes, a byte order mark and a shebang line,
//! CRLF line ends), then edited by inserting what changes how the rest of the file is lexed
//! (`"`, `r#"`, `/*`, `*/`, `//`, `'`, `\r`, `}`, `;`, `#[`, `macro_rules!`, ...), at random
//! offsets and right at and around item boundaries. Properties:
//! 1. where the splice is taken, it is the whole reading of the new version (which reads it
//!    without error), byte for byte;
//! 2. `check_text`'s verdict is the same with the splice as with whole readings
//!    (`__without_splice`);
//! 3. on plain edits of bodies the splice is taken (the properties above are not vacuous).

use std::time::Duration;

use editscope::{
    __splice_agrees, __without_splice, check_text, CheckOptions, Grants, Language, SourceFile,
};
use proptest::prelude::*;

/// Top-level items; `f{i}` bodies are granted in property 2.
const ITEMS: &[&str] = &[
    "use std::collections::HashMap;\n",
    "/// Doc.\n#[derive(Debug, Clone)]\npub struct S {\n    a: u8,\n    b: Vec<&'static str>,\n}\n",
    "impl S {\n    /// m.\n    pub fn m(&self) -> usize {\n        let s = r#\"raw \" } ;\"#;\n        self.b.len() + s.len()\n    }\n}\n",
    "fn f0<'a>(x: &'a str) -> char {\n    let c = '}';\n    let b = b\"{\";\n    /* nested /* block */ comment */\n    x.chars().next().unwrap_or(c)\n}\n",
    "pub fn f1(n: u32) -> u32 {\n    // a line comment with \"quotes\" and '\n    n + 1\n}\n",
    "macro_rules! mac {\n    ($x:expr) => {{ $x }};\n    () => { \"}\" };\n}\n",
    "const C: &str = \"// not a comment\";\n",
    "static S2: [u8; 2] = [b'\"', b'/'];\n",
    "mod inner {\n    pub fn g() -> u8 { 0 }\n}\n",
    "trait T {\n    /// doc\n    fn t(&self);\n}\n",
    "enum E {\n    A,\n    B(u8),\n}\n",
    "extern \"C\" {\n    fn ext();\n}\n",
    "type Alias = fn() -> u8;\n",
    "mac! { a b c }\n",
    "::core::mac2! {}\n",
    "#[cfg(test)]\nmod tests {\n    #[test]\n    fn t() {\n        assert!(true);\n    }\n}\n",
    "impl<T> From<T> for S\nwhere\n    T: Into<u8>,\n{\n    fn from(t: T) -> S {\n        S { a: t.into(), b: vec![] }\n    }\n}\n",
    "/** Block doc. */\nfn f2() -> &'static str {\n    \"a\\\"b\"\n}\n",
    "struct P(u8);\n",
    "fn f3() { let _ = c\"c string\"; let _ = br##\"raw \"# bytes\"##; }\n",
];

/// What goes between items.
const SEPARATORS: &[&str] = &[
    "",
    "\n",
    "\n\n",
    "// c\n",
    "/* c */\n",
    "/* a /* b */ c */ ",
    " ",
];

/// What edits insert.
const SNIPPETS: &[&str] = &[
    "\"",
    "r#\"",
    "\"#",
    "r\"",
    "/*",
    "*/",
    "//",
    "///",
    "//!",
    "/**",
    "/*!",
    "'",
    "'a",
    "'a'",
    "\r",
    "\n",
    "\r\n",
    "}",
    "{",
    ";",
    "#[",
    "#[inline]",
    "#![allow(x)]",
    "#!",
    "macro_rules! z { () => {} }",
    "fn z() {}",
    "::m! {}",
    "m! {}",
    "\u{feff}",
    "b\"",
    "b'",
    "c\"",
    "::",
    " ",
    "\t",
    "fn",
    "1",
    "x",
    "mod q;",
    "impl S {}",
    "// x\n",
    "/* x */",
    "else",
    "\\",
    "é",
    "\u{a0}",
    "(",
    ")",
    "[",
    "]",
];

/// A generated file: a sequence of items with optional head (byte order mark, shebang,
/// inner attributes).
fn file() -> impl Strategy<Value = String> {
    (
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        prop::collection::vec((0..ITEMS.len(), 0..SEPARATORS.len(), any::<bool>()), 1..10),
        any::<bool>(),
    )
        .prop_map(|(bom, shebang, inner, items, crlf)| {
            let mut out = String::new();
            if bom {
                out.push('\u{feff}');
            }
            if shebang {
                out.push_str("#!/usr/bin/env run-cargo-script\n");
            }
            if inner {
                out.push_str("//! Crate docs.\n#![allow(dead_code)]\n\n");
            }
            for (item, sep, same_line) in items {
                // Items also follow each other on one line (what a line comment opened at
                // the end of one would swallow).
                let item = ITEMS[item];
                out.push_str(if same_line { item.trim_end() } else { item });
                out.push_str(SEPARATORS[sep]);
            }
            if crlf {
                out = out.replace('\n', "\r\n");
            }
            out
        })
}

/// One edit: at an offset (anywhere, or next to one of the bytes that end and begin
/// items), delete some bytes, insert a snippet.
#[derive(Debug, Clone)]
struct Edit {
    boundary: bool,
    at: prop::sample::Index,
    before_it: bool,
    delete: usize,
    insert: String,
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        any::<bool>(),
        any::<prop::sample::Index>(),
        any::<bool>(),
        prop_oneof![3 => Just(0usize), 1 => 1usize..4, 1 => 4usize..60],
        prop_oneof![
            3 => prop::sample::select(SNIPPETS).prop_map(str::to_string),
            2 => prop::sample::select(ITEMS).prop_map(str::to_string),
            1 => prop::collection::vec(prop::sample::select(SNIPPETS), 2..4)
                .prop_map(|v| v.concat()),
            1 => "[a-z0-9_ ]{1,6}",
        ],
    )
        .prop_map(|(boundary, at, before_it, delete, insert)| Edit {
            boundary,
            at,
            before_it,
            delete,
            insert,
        })
}

/// Openers and their closers: inserted at two offsets, they often make a file that reads
/// without error but with items swallowed into a comment or a literal, or brought out.
const PAIRS: &[(&str, &str)] = &[
    ("/*", "*/"),
    ("/* /*", "*/ */"),
    ("\"", "\""),
    ("r#\"", "\"#"),
    ("b\"", "\""),
    ("//", "\n"),
    ("///", "\n"),
    ("{", "}"),
    ("}", "{"),
    ("'", "'"),
    ("mac! {", "}"),
    ("#[cfg(x)]", ""),
    ("\r", "\n"),
    // Openers alone.
    ("//", ""),
    ("/*", ""),
    ("\"", ""),
];

/// A pair of insertions ([`PAIRS`]), the closer after the opener.
#[derive(Debug, Clone)]
struct Pair {
    which: prop::sample::Index,
    first: Edit,
    second: Edit,
}

fn pair() -> impl Strategy<Value = Pair> {
    (any::<prop::sample::Index>(), edit(), edit()).prop_map(|(which, first, second)| Pair {
        which,
        first,
        second,
    })
}

fn apply_pair(text: &str, p: &Pair) -> String {
    let (open, close) = PAIRS[p.which.index(PAIRS.len())];
    let first = Edit {
        delete: 0,
        insert: open.to_string(),
        ..p.first.clone()
    };
    let text = apply(text, &first);
    let second = Edit {
        delete: 0,
        insert: close.to_string(),
        ..p.second.clone()
    };
    apply(&text, &second)
}

fn apply(text: &str, e: &Edit) -> String {
    let mut at = if e.boundary {
        let marks: Vec<usize> = text
            .bytes()
            .enumerate()
            .filter(|(_, b)| matches!(b, b'}' | b';' | b'\n' | b'#' | b'/'))
            .map(|(i, _)| if e.before_it { i } else { i + 1 })
            .collect();
        if marks.is_empty() {
            0
        } else {
            marks[e.at.index(marks.len())]
        }
    } else {
        e.at.index(text.len() + 1)
    };
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut end = (at + e.delete).min(text.len());
    while !text.is_char_boundary(end) {
        end += 1;
    }
    let mut out = text.to_string();
    out.replace_range(at..end, &e.insert);
    out
}

fn options() -> CheckOptions {
    CheckOptions {
        // No budget: a verdict must not depend on how fast either path ran.
        budget: Duration::MAX,
        ..CheckOptions::default()
    }
}

/// Grants on the bodies of some of the file's functions (or none).
fn grants_for(text: &str, pick: prop::sample::Index, level: u8) -> Grants {
    let Ok(file) = SourceFile::parse(Language::Rust, text) else {
        return Grants::new();
    };
    let symbols = file.symbols();
    if symbols.is_empty() {
        return Grants::new();
    }
    let s = &symbols[pick.index(symbols.len())];
    match level % 4 {
        0 => Grants::new(),
        1 => Grants::new().edit(s.path.clone()),
        2 if s.body.is_some() => Grants::new().body(s.path.clone()),
        _ => Grants::new().edit(s.path.clone()).imports(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(1000), ..ProptestConfig::default() })]

    #[test]
    fn the_splice_is_the_whole_reading(
        before in file(),
        edits in prop::collection::vec(edit(), 0..4),
        pairs in prop::collection::vec(pair(), 0..2),
    ) {
        let mut after = before.clone();
        for e in &edits {
            after = apply(&after, e);
        }
        for p in &pairs {
            after = apply_pair(&after, p);
        }
        let agrees = __splice_agrees(Language::Rust, &before, &after);
        prop_assert!(agrees.is_ok(), "{}\nbefore: {:?}\nafter: {:?}", agrees.unwrap_err(), before, after);
        // And from the edited version back.
        let back = __splice_agrees(Language::Rust, &after, &before);
        prop_assert!(back.is_ok(), "{}\nbefore: {:?}\nafter: {:?}", back.unwrap_err(), after, before);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200), ..ProptestConfig::default() })]

    #[test]
    fn verdicts_are_those_of_whole_readings(
        before in file(),
        edits in prop::collection::vec(edit(), 0..3),
        pairs in prop::collection::vec(pair(), 0..2),
        pick in any::<prop::sample::Index>(),
        level in any::<u8>(),
    ) {
        let mut after = before.clone();
        for e in &edits {
            after = apply(&after, e);
        }
        for p in &pairs {
            after = apply_pair(&after, p);
        }
        let grants = grants_for(&before, pick, level);
        let opts = options();
        let spliced = check_text(Language::Rust, &before, &after, &grants, &opts);
        let whole = __without_splice(|| check_text(Language::Rust, &before, &after, &grants, &opts));
        prop_assert_eq!(&spliced, &whole, "before: {:?}\nafter: {:?}", before, after);
    }
}

/// Property 3: plain edits inside bodies are spliced, and allowed under a grant of that body
/// with and without the splice.
#[test]
fn edits_of_bodies_are_spliced() {
    let before: String = ITEMS.concat();
    let read = editscope::__second_reading(Language::Rust, &before).expect("a second parser");
    assert!(read.is_ok(), "{read:?}");
    let mut spliced = 0;
    let edits = [
        ("n + 1", "n + 2"),
        ("self.b.len() + s.len()", "s.len()"),
        ("x.chars()", "x.trim().chars()"),
        (
            "S { a: t.into(), b: vec![] }",
            "S { a: t.into(), b: Vec::new() }",
        ),
        ("\"a\\\"b\"", "\"ab\""),
    ];
    for (from, to) in edits {
        let after = before.replacen(from, to, 1);
        assert_ne!(after, before, "{from}");
        if __splice_agrees(Language::Rust, &before, &after)
            .expect("the splice is the whole reading")
        {
            spliced += 1;
        }
    }
    assert_eq!(spliced, edits.len());
    let after = before.replacen("n + 1", "n + 2", 1);
    let grants = Grants::new().body("f1");
    let v = check_text(Language::Rust, &before, &after, &grants, &options()).unwrap();
    assert_eq!(v.status, editscope::Status::Allowed, "{v:?}");
    let w = __without_splice(|| check_text(Language::Rust, &before, &after, &grants, &options()))
        .unwrap();
    assert_eq!(v, w);
}

/// The random edits above do exercise the splice: over a fixed sample of them, a good share
/// is spliced (the rest declined: the edit breaks the file, or sits in the only item).
#[test]
fn random_edits_are_often_spliced() {
    use proptest::strategy::ValueTree;
    let mut runner = proptest::test_runner::TestRunner::deterministic();
    let strategy = (
        file(),
        prop::collection::vec(edit(), 0..4),
        prop::collection::vec(pair(), 0..2),
    );
    let (mut taken, mut read, total) = (0, 0, 400);
    for _ in 0..total {
        let (before, edits, pairs) = strategy.new_tree(&mut runner).unwrap().current();
        let mut after = before.clone();
        for e in &edits {
            after = apply(&after, e);
        }
        for p in &pairs {
            after = apply_pair(&after, p);
        }
        if matches!(
            editscope::__second_reading(Language::Rust, &after),
            Some(Ok(_))
        ) {
            read += 1;
        }
        if __splice_agrees(Language::Rust, &before, &after).expect("agrees") {
            taken += 1;
        }
    }
    eprintln!("{taken} of {total} edits spliced; {read} new versions read without error");
    assert!(taken * 4 >= read, "{taken} of {read}");
}
