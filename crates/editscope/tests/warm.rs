//! The warm path agrees with the cold path.
//!
//! A [`WarmFile`] keeps the baseline parsed and parses each new version incrementally from
//! the last one it parsed; its verdict must be exactly the verdict of `check_text` on the
//! same pair (status, reason, violations, changes), for random edits at random offsets
//! (inside and outside granted symbols, breaking the syntax or not), several in a row on
//! the same warm state, in every language. The same holds for a change set checked with a
//! [`WarmCache`] against one checked without.

use std::sync::Arc;
use std::time::Duration;

use editscope::{
    check_changes_with, check_text, ChangeSet, CheckChangesOptions, CheckOptions, Contract, Grants,
    Language, SourceFile, WarmCache, WarmFile,
};
use proptest::prelude::*;

const FIXTURES: [(Language, &str); 6] = [
    (Language::Python, include_str!("fixtures/sample.py")),
    (Language::Rust, include_str!("fixtures/sample.rs")),
    (Language::TypeScript, include_str!("fixtures/sample.ts")),
    (Language::Tsx, include_str!("fixtures/sample.tsx")),
    (Language::Java, include_str!("fixtures/sample.java")),
    (Language::CSharp, include_str!("fixtures/sample.cs")),
];

/// Text fragments edits are made of: code, whitespace, and what changes how the rest of the
/// file is lexed (quotes, comment openers, brackets, a multi-byte character).
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("\n".to_string()),
        Just(" ".to_string()),
        Just("    ".to_string()),
        Just("\t".to_string()),
        Just("x".to_string()),
        Just("}".to_string()),
        Just("{".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("\"".to_string()),
        Just("'".to_string()),
        Just("\"\"\"".to_string()),
        Just("`".to_string()),
        Just("/*".to_string()),
        Just("*/".to_string()),
        Just("r#\"".to_string()),
        Just("é".to_string()),
        Just("\r".to_string()),
        Just("# c\n".to_string()),
        Just("// c\n".to_string()),
        Just("return 1;".to_string()),
        Just("\n\ndef extra():\n    pass\n".to_string()),
        Just("\nfn extra() {}\n".to_string()),
        Just("\nfunction extra() {}\n".to_string()),
        Just("    y = 2\n".to_string()),
        Just("let y = 2;\n".to_string()),
        // What the per-file readings kept in a file's memo look for, and what their pruned
        // walks skip by: inner attributes, linker attributes, program-wide macros, `with`,
        // exclusive tests, classes passed to calls.
        Just("#![allow(x)]\n".to_string()),
        Just("#[no_mangle]\n".to_string()),
        Just("#".to_string()),
        Just("global_asm!(\"\");\n".to_string()),
        Just("with (o) { m = 1 }\n".to_string()),
        Just("it.only(\"t\", () => {});\n".to_string()),
        Just("dataclass(A)\n".to_string()),
        Just("@dataclass\nclass D:\n    x: int = 1\n".to_string()),
        "[a-z_ ]{1,8}",
    ]
}

/// One edit: where (anywhere, or inside the body of a random symbol), how much it deletes,
/// what it inserts.
#[derive(Debug, Clone)]
struct Edit {
    in_symbol: Option<prop::sample::Index>,
    at: prop::sample::Index,
    delete: usize,
    insert: String,
}

fn edit() -> impl Strategy<Value = Edit> {
    (
        prop::option::of(any::<prop::sample::Index>()),
        any::<prop::sample::Index>(),
        prop_oneof![Just(0usize), 1usize..4, 4usize..40],
        fragment(),
    )
        .prop_map(|(in_symbol, at, delete, insert)| Edit {
            in_symbol,
            at,
            delete,
            insert,
        })
}

/// `text` with `e` applied; offsets inside a symbol are taken from `text`'s parse.
fn apply(language: Language, text: &str, e: &Edit) -> String {
    let range = e.in_symbol.and_then(|i| {
        let file = SourceFile::parse(language, text).ok()?;
        let symbols = file.symbols();
        if symbols.is_empty() {
            return None;
        }
        let s = &symbols[i.index(symbols.len())];
        Some(s.body.unwrap_or(s.extent).range())
    });
    let range = range.unwrap_or(0..text.len());
    let mut at = range.start + e.at.index(range.len() + 1);
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

/// Random grants over the baseline's symbols.
fn grants_for(file: &SourceFile, picks: &[(u8, prop::sample::Index)]) -> Grants {
    let mut grants = Grants::new();
    let symbols = file.symbols();
    for (level, index) in picks {
        let s = &symbols[index.index(symbols.len())];
        grants = match level % 5 {
            0 => grants.edit(s.path.clone()),
            1 if s.body.is_some() => grants.body(s.path.clone()),
            2 => grants.delete(s.path.clone()),
            3 if s.is_container() => grants.add(s.path.clone()),
            4 => grants.imports(),
            _ => grants.body(s.path.clone()),
        };
    }
    grants
}

fn options(tolerant: bool) -> CheckOptions {
    CheckOptions {
        // No budget: a verdict must not depend on how fast either path ran.
        budget: Duration::MAX,
        formatting: if tolerant {
            editscope::Formatting::Tolerant
        } else {
            editscope::Formatting::Exact
        },
        ..CheckOptions::default()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300), ..ProptestConfig::default() })]

    #[test]
    fn warm_verdicts_are_the_cold_verdicts(
        which in 0usize..6,
        picks in prop::collection::vec((any::<u8>(), any::<prop::sample::Index>()), 0..3),
        steps in prop::collection::vec(prop::collection::vec(edit(), 1..3), 1..5),
        tolerant in any::<bool>(),
        back_to_start in any::<bool>(),
    ) {
        let (language, before) = FIXTURES[which];
        let file = SourceFile::parse(language, before).unwrap();
        let grants = grants_for(&file, &picks);
        let opts = options(tolerant);
        let warm = WarmFile::new(language, before, opts.limits).unwrap();
        // Edits accumulate: each step edits the text of the step before, on one warm state.
        let mut text = before.to_string();
        let mut texts = Vec::new();
        for step in &steps {
            for e in step {
                text = apply(language, &text, e);
            }
            texts.push(text.clone());
        }
        if back_to_start {
            // Back to an earlier version, and to the baseline itself.
            texts.push(texts[0].clone());
            texts.push(before.to_string());
        }
        for after in &texts {
            let cold = check_text(language, before, after, &grants, &opts);
            let hot = warm.check_edit(after, &grants, &opts);
            prop_assert_eq!(&hot, &cold, "after:\n{}", after);
        }
    }

    #[test]
    fn a_warm_cache_changes_no_report(
        which in 0usize..6,
        picks in prop::collection::vec((any::<u8>(), any::<prop::sample::Index>()), 0..3),
        steps in prop::collection::vec(edit(), 1..4),
    ) {
        let (language, before) = FIXTURES[which];
        let path = match language {
            Language::Python => "m.py",
            Language::Rust => "m.rs",
            Language::TypeScript => "m.ts",
            Language::Tsx => "m.tsx",
            Language::JavaScript => "m.js",
            Language::Go => "m.go",
            Language::Java => "m.java",
            Language::CSharp => "m.cs",
        };
        let file = SourceFile::parse(language, before).unwrap();
        let (mut edit, mut body) = (Vec::new(), Vec::new());
        for (level, index) in &picks {
            let s = &file.symbols()[index.index(file.symbols().len())];
            let sel = format!("{:?}", format!("{path}::{}", s.path));
            if level % 2 == 0 { edit.push(sel) } else { body.push(sel) }
        }
        let toml = format!("budget_ms = 600000\nedit = [{}]\nbody = [{}]\n", edit.join(", "), body.join(", "));
        let contract = Contract::from_toml(&toml).unwrap();
        let cache = Arc::new(WarmCache::new());
        let warm = CheckChangesOptions { warm: Some(Arc::clone(&cache)), ..CheckChangesOptions::default() };
        let mut text = before.to_string();
        for e in &steps {
            text = apply(language, &text, e);
            let changes = ChangeSet::from_memory([(path, Some(before.to_string()), Some(text.clone()))]).unwrap();
            let cold = check_changes_with(&contract, &changes, &CheckChangesOptions::default());
            let hot = check_changes_with(&contract, &changes, &warm);
            prop_assert_eq!(format!("{hot:?}"), format!("{cold:?}"), "after:\n{}", text);
        }
        prop_assert!(cache.len() <= 1);
    }
}

/// A later edit is parsed from the version checked last, and the verdict still follows the
/// baseline: an edit outside the grant, then undone, is allowed again.
#[test]
fn an_undone_edit_is_allowed_again() {
    let before = "def a():\n    return 1\n\ndef b():\n    return 2\n";
    let warm = WarmFile::new(Language::Python, before, Default::default()).unwrap();
    let grants = Grants::new().body("a");
    let opts = options(false);
    let bad = "def a():\n    return 1\n\ndef b():\n    return 3\n";
    let good = "def a():\n    return 5\n\ndef b():\n    return 2\n";
    assert_eq!(
        warm.check_edit(bad, &grants, &opts).unwrap().status,
        editscope::Status::Rejected
    );
    assert_eq!(
        warm.check_edit(good, &grants, &opts).unwrap().status,
        editscope::Status::Allowed
    );
    // A broken version, then a fixed one.
    let broken = "def a():\n    return (5\n\ndef b():\n    return 2\n";
    assert_eq!(
        warm.check_edit(broken, &grants, &opts).unwrap(),
        check_text(Language::Python, before, broken, &grants, &opts).unwrap()
    );
    assert_eq!(
        warm.check_edit(good, &grants, &opts).unwrap().status,
        editscope::Status::Allowed
    );
}

/// Limits apply to the baseline as the cold check applies them.
#[test]
fn a_baseline_over_the_limits_is_unverifiable() {
    let before = "x = 1\n".repeat(100);
    let after = before.replace("x = 1\nx", "x = 2\nx");
    let warm = WarmFile::new(Language::Python, before.as_str(), Default::default()).unwrap();
    let mut opts = options(false);
    opts.limits.max_bytes = 100;
    let hot = warm.check_edit(&after, &Grants::new(), &opts).unwrap();
    assert_eq!(hot.status, editscope::Status::Unverifiable);
    assert_eq!(
        hot,
        check_text(Language::Python, &before, &after, &Grants::new(), &opts).unwrap()
    );
    assert!(matches!(
        WarmFile::new(Language::Python, before.as_str(), opts.limits),
        Err(editscope::Error::TooLarge { .. })
    ));
}
