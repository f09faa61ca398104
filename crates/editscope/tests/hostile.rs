//! Hostile input: deep nesting, huge input, garbage. No panic, no stack overflow, typed
//! answers.

use std::time::Duration;

use editscope::{
    check_text, CheckOptions, Grants, Language, Limits, SourceFile, Status, Unverifiable,
};

/// The default options with a budget no loaded machine runs out of: the tests that use it
/// ask for a verdict on large or deep input, not for a speed (a timed unit test fails when
/// other builds share the cores). The speed of these shapes is measured by the criterion
/// benches: `benches/check.rs`'s `deep_nesting` and `pathological` groups.
fn roomy() -> CheckOptions {
    CheckOptions {
        budget: Duration::from_secs(600),
        ..CheckOptions::default()
    }
}

fn nested(language: Language, depth: usize) -> String {
    match language {
        // Indented blocks would cost depth² bytes; brackets nest as deep in the tree.
        Language::Python => format!(
            "def f():\n    x = {}1{}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        ),
        Language::Rust => format!("fn f() {}1{}\n", "{".repeat(depth), "}".repeat(depth)),
        Language::Go => format!(
            "package p\n\nfunc f() {}x = 1{}\n",
            "{".repeat(depth),
            "}".repeat(depth)
        ),
        // A class named `f`, so that the grant on `f` names it.
        Language::Java => format!(
            "class f {{\n    void m() {}int x = 1;{}\n}}\n",
            "{".repeat(depth),
            "}".repeat(depth)
        ),
        Language::CSharp => format!(
            "class f\n{{\n    void M() {}int x = 1;{}\n}}\n",
            "{".repeat(depth),
            "}".repeat(depth)
        ),
        _ => format!("function f() {}1{}\n", "{".repeat(depth), "}".repeat(depth)),
    }
}

#[test]
fn ten_thousand_nested_blocks_do_not_overflow_the_stack() {
    // Run on a thread with a small stack: a recursive walk would overflow it.
    let handle = std::thread::Builder::new()
        .stack_size(256 * 1024)
        .spawn(|| {
            for language in Language::ALL {
                let before = nested(language, 10_000);
                let after = before.replacen('1', "2", 1);
                let file = SourceFile::parse(language, before.as_str()).unwrap();
                assert!(!file.symbols().is_empty(), "{language}");
                let verdict = check_text(
                    language,
                    &before,
                    &after,
                    &Grants::new().edit("f"),
                    &CheckOptions::default(),
                )
                .unwrap();
                assert_ne!(
                    verdict.status,
                    Status::Rejected,
                    "{language}: {:?}",
                    verdict.violations
                );
                let verdict = check_text(
                    language,
                    &before,
                    &after,
                    &Grants::new(),
                    &CheckOptions::default(),
                )
                .unwrap();
                assert_ne!(verdict.status, Status::Allowed, "{language}");
            }
        })
        .unwrap();
    handle.join().unwrap();
}

#[test]
fn oversized_input_is_unverifiable_not_allowed() {
    let options = CheckOptions {
        limits: Limits { max_bytes: 1000 },
        ..CheckOptions::default()
    };
    let big = "x = 1\n".repeat(1000);
    let verdict = check_text(Language::Python, &big, &big, &Grants::new(), &options).unwrap();
    assert_eq!(verdict.status, Status::Unverifiable);
    assert!(matches!(
        verdict.unverifiable,
        Some(Unverifiable::TooLarge {
            size: 6000,
            limit: 1000
        })
    ));
}

#[test]
fn garbage_before_is_unverifiable() {
    for language in Language::ALL {
        let verdict = check_text(
            language,
            "}}}{{{ ((( \u{0} @@@ ",
            "",
            &Grants::new(),
            &CheckOptions::default(),
        )
        .unwrap();
        assert_eq!(verdict.status, Status::Unverifiable, "{language}");
        assert!(matches!(
            verdict.unverifiable,
            Some(Unverifiable::BeforeHasSyntaxErrors { .. })
        ));
    }
}

#[test]
fn syntax_error_in_after_is_rejected_with_its_location() {
    let before = "def f():\n    return 1\n";
    let after = "def f():\n    return (1\n";
    let verdict = check_text(
        Language::Python,
        before,
        after,
        &Grants::new().edit("f"),
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(verdict.status, Status::Rejected);
    let v = &verdict.violations[0];
    assert_eq!(v.kind, editscope::ViolationKind::SyntaxError);
    assert!(v.after.is_some_and(|r| r.start_line == 2), "{v:?}");
}

#[test]
fn many_symbols_and_long_lines() {
    let mut before = String::new();
    for i in 0..5_000 {
        before.push_str(&format!(
            "def f{i}():\n    return {}\n\n",
            "1 + ".repeat(20) + "1"
        ));
    }
    let after = before.replace("def f4999():\n    return 1", "def f4999():\n    return 2");
    let verdict = check_text(
        Language::Python,
        &before,
        &after,
        &Grants::new().body("f4999"),
        &roomy(),
    )
    .unwrap();
    assert_eq!(
        verdict.status,
        Status::Allowed,
        "{:?} {:?}",
        verdict.violations,
        verdict.unverifiable
    );
}

/// `depth` functions each nested in the one before, with one changed line in the innermost
/// body (the same shape as `benches/fixtures.rs`'s `deep_nesting`).
fn nested_functions(language: Language, depth: usize) -> (String, String) {
    let mut before = String::new();
    for i in 0..depth {
        match language {
            Language::Python => before.push_str(&format!("{}def f{i}():\n", " ".repeat(i))),
            Language::Rust => before.push_str(&format!("fn f{i}() {{\n")),
            _ => before.push_str(&format!("function f{i}() {{\n")),
        }
    }
    match language {
        Language::Python => before.push_str(&format!("{}x = 1\n", " ".repeat(depth))),
        Language::Rust => before.push_str(&format!("let x = 1;\n{}", "}\n".repeat(depth))),
        _ => before.push_str(&format!("const x = 1;\n{}", "}\n".repeat(depth))),
    }
    let after = before.replacen("x = 1", "x = 2", 1);
    (before, after)
}

#[test]
fn three_thousand_nested_functions_get_a_verdict() {
    // The symbol walk used to ask tree-sitter for each definition's parent and siblings,
    // which it finds from the root: quadratic in the depth, 7 s at 4,000 nested functions,
    // so the default budget cut a legitimate file off as unverifiable.
    for language in [Language::Rust, Language::TypeScript, Language::Tsx] {
        let (before, after) = nested_functions(language, 3_000);
        let v = check_text(
            language,
            &before,
            &after,
            &Grants::new().body("f0"),
            &roomy(),
        )
        .unwrap();
        assert_eq!(v.status, Status::Allowed, "{language:?}: {v:?}");
        // And the walk did find every one of them.
        let file = SourceFile::parse(language, before.as_str()).unwrap();
        assert_eq!(file.symbols().len(), 3_000, "{language:?}");
    }
}

#[test]
fn nested_python_defs_get_a_verdict() {
    // tree-sitter-python keeps at most a few hundred indentation levels (CPython: 100), so
    // deeper defs are not a legitimate file; up to there the answer is a real verdict.
    let (before, after) = nested_functions(Language::Python, 99);
    let v = check_text(
        Language::Python,
        &before,
        &after,
        &Grants::new().body("f0"),
        &roomy(),
    )
    .unwrap();
    assert_eq!(v.status, Status::Allowed, "{v:?}");
    let (before, after) = nested_functions(Language::Python, 3_000);
    let v = check_text(
        Language::Python,
        &before,
        &after,
        &Grants::new().body("f0"),
        &roomy(),
    )
    .unwrap();
    assert_ne!(v.status, Status::Allowed, "{v:?}");
    assert!(
        !matches!(v.unverifiable, Some(Unverifiable::BudgetExceeded { .. })),
        "a typed reason, not the budget: {v:?}"
    );
}
