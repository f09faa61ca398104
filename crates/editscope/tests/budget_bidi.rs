//! Every check answers within its budget (unverifiable past it, never allowed), and
//! bidirectional control characters a change adds are rejected anywhere.

use std::time::Duration;

use editscope::{
    check_changes, check_changes_with, check_text, ChangeSet, CheckOptions, Contract, Grants,
    Language, Status, Unverifiable, ViolationKind,
};

#[path = "../../../benches/fixtures.rs"]
mod fixtures;

#[test]
fn zero_budget_is_unverifiable_never_allowed() {
    let (before, after) = fixtures::many_changed_imports(2_000);
    let opts = CheckOptions {
        budget: Duration::ZERO,
        ..CheckOptions::default()
    };
    let v = check_text(
        Language::Python,
        &before,
        &after,
        &Grants::new().imports(),
        &opts,
    )
    .unwrap();
    assert_eq!(v.status, Status::Unverifiable);
    assert_eq!(
        v.unverifiable,
        Some(Unverifiable::BudgetExceeded { budget_ms: 0 })
    );
    // The same change with the default budget gets a verdict: the budget, not the change,
    // decided. (Rejected: an import inside a function is part of it, not a module-level
    // import that `imports` frees.)
    let v = check_text(
        Language::Python,
        &before,
        &after,
        &Grants::new().imports(),
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(v.status, Status::Rejected);
    assert_eq!(v.unverifiable, None);
}

#[test]
fn budget_applies_to_the_whole_change_set() {
    let (before, after) = fixtures::many_changed_imports(500);
    let changes = ChangeSet::from_memory([
        ("a.py", Some(before.clone()), Some(after.clone())),
        ("b.py", Some(before), Some(after)),
    ])
    .unwrap();
    let contract = Contract::from_toml("imports = [\"*.py\"]\nbudget_ms = 0\n").unwrap();
    let report = check_changes(&contract, &changes).unwrap();
    assert_eq!(report.status, Status::Unverifiable);
    assert!(report
        .files
        .iter()
        .all(|f| f.unverifiable == Some(Unverifiable::BudgetExceeded { budget_ms: 0 })));
    let json = report.to_json();
    assert!(json.contains("\"reason\": \"budget_exceeded\""), "{json}");
    assert!(report.feedback(&contract).contains("budget exceeded"));
    // A budget given by the caller (the command line's --budget-ms) wins over the contract's.
    let report = check_changes_with(
        &contract,
        &changes,
        &editscope::CheckChangesOptions {
            budget: Some(Duration::from_secs(60)),
            ..Default::default()
        },
    )
    .unwrap();
    assert_eq!(report.status, Status::Rejected);
    assert!(report.files.iter().all(|f| f.unverifiable.is_none()));
}

#[test]
fn budget_key_round_trips_and_unknown_keys_still_fail() {
    let c = Contract::from_toml("budget_ms = 1500\nallow_bidi = true\n").unwrap();
    assert_eq!(c.budget(), Duration::from_millis(1500));
    assert!(c.spec().allow_bidi);
    assert!(c.canonical_toml().contains("budget_ms = 1500"));
    assert!(Contract::from_toml("budget = 1500\n").is_err());
    assert_eq!(
        Contract::from_toml("").unwrap().budget(),
        CheckOptions::DEFAULT_BUDGET
    );
}

const RLO: char = '\u{202E}';

#[test]
fn bidi_control_added_in_a_granted_body_is_rejected() {
    let before = "def f(user):\n    return user == \"admin\"\n";
    let after = format!("def f(user):\n    return user == \"admin{RLO} \"\n");
    let grants = Grants::new().body("f");
    let v = check_text(
        Language::Python,
        before,
        &after,
        &grants,
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(v.status, Status::Rejected);
    assert_eq!(v.violations.len(), 1);
    assert_eq!(v.violations[0].kind, ViolationKind::BidiControl);
    assert_eq!(v.violations[0].after.unwrap().start_line, 2);
    assert!(v.violations[0].message.contains("U+202E"));
    assert!(!v.violations[0].message.contains(RLO), "never raw");
    let allowing = CheckOptions {
        allow_bidi: true,
        ..CheckOptions::default()
    };
    let v = check_text(Language::Python, before, &after, &grants, &allowing).unwrap();
    assert_eq!(v.status, Status::Allowed);
}

#[test]
fn bidi_control_already_there_is_not_an_addition() {
    let before = format!("def f():\n    return 1\n\nS = \"{RLO}x\"\n");
    let after = format!("def f():\n    return 2\n\nS = \"{RLO}x\"\n");
    let v = check_text(
        Language::Python,
        &before,
        &after,
        &Grants::new().body("f"),
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(v.status, Status::Allowed);
}

#[test]
fn bidi_control_rejected_in_every_kind_of_file() {
    let contract = Contract::from_toml(
        "files = [\"docs/**\"]\ncreate = [\"tests/**\"]\nedit = [\"app.ts\"]\n",
    )
    .unwrap();
    for (path, before) in [
        ("docs/readme.md", Some("text\n")), // a free file, not source code
        ("tests/test_x.py", None),          // a created file
        ("app.ts", Some("export const a = 1;\n")), // a whole file granted
    ] {
        let after = "x = \"\u{2066}y\u{2069}\"\n".to_string();
        let changes =
            ChangeSet::from_memory([(path, before.map(str::to_string), Some(after))]).unwrap();
        let report = check_changes(&contract, &changes).unwrap();
        assert_eq!(report.status, Status::Rejected, "{path}");
        let kinds: Vec<_> = report.violations.iter().map(|v| v.violation.kind).collect();
        assert_eq!(kinds, [ViolationKind::BidiControl], "{path}");
        let allowed = Contract::from_toml(&format!(
            "{}\nallow_bidi = true\n",
            contract.canonical_toml()
        ))
        .unwrap();
        assert_eq!(
            check_changes(&allowed, &changes).unwrap().status,
            Status::Allowed,
            "{path}"
        );
    }
}

mod props {
    use super::*;
    use proptest::prelude::*;

    const CONTROLS: [char; 12] = [
        '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2067}',
        '\u{2068}', '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
    ];

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// A bidi control inserted anywhere (code, string, comment, granted or not) in any
        /// file is rejected, whatever the grants: `edit` on everything, `files`, `create`.
        #[test]
        fn an_added_bidi_control_is_always_rejected(
            at in 0usize..200,
            which in 0usize..CONTROLS.len(),
            grant in 0usize..3,
        ) {
            let before = "class A:\n    # note\n    def f(self, x):\n        return \"s\" + x\n\n\ndef g():\n    return 1\n";
            let mut cut = at % before.len();
            while !before.is_char_boundary(cut) {
                cut -= 1;
            }
            let after = format!("{}{}{}", &before[..cut], CONTROLS[which], &before[cut..]);
            let contract = match grant {
                0 => "edit = [\"m.py::A\", \"m.py::g\"]\nimports = [\"*.py\"]\nformatting = \"tolerant\"\n",
                1 => "files = [\"*.py\"]\n",
                _ => "create = [\"*.py\"]\n",
            };
            let contract = Contract::from_toml(contract).unwrap();
            let old = if grant == 2 { None } else { Some(before.to_string()) };
            let changes = ChangeSet::from_memory([("m.py", old, Some(after))]).unwrap();
            let report = check_changes(&contract, &changes).unwrap();
            prop_assert_ne!(report.status, Status::Allowed);
            prop_assert!(report.violations.iter().any(|v| v.violation.kind == ViolationKind::BidiControl));
        }
    }
}

#[test]
fn new_file_name_with_a_bidi_control_is_rejected() {
    let contract = Contract::from_toml("create = [\"**\"]\n").unwrap();
    let changes =
        ChangeSet::from_memory([("docs/report\u{202E}fdp.exe", None, Some("x\n".to_string()))])
            .unwrap();
    let report = check_changes(&contract, &changes).unwrap();
    assert_eq!(report.status, Status::Rejected);
    let v = &report.violations[0].violation;
    assert_eq!(v.kind, ViolationKind::BidiControl);
    assert!(v.message.contains("\\u{202E}") && !v.message.contains('\u{202E}'));
    let feedback = report.feedback(&contract);
    assert!(!feedback.contains('\u{202E}'), "{feedback}");
}

/// Past a few grants (a wildcard expands to one per matching symbol) lookups go through
/// hash sets: the verdicts must be those of the scan.
#[test]
fn many_grants_from_a_wildcard_give_the_same_verdicts() {
    let mut before = String::new();
    for i in 0..40 {
        before.push_str(&format!("def f{i}(x):\n    return x + {i}\n\n\n"));
    }
    before.push_str("def g(x):\n    return x\n");
    let contract = Contract::from_toml("body = [\"m.py::f*\"]\n").unwrap();
    let check = |after: String| {
        let changes =
            ChangeSet::from_memory([("m.py", Some(before.clone()), Some(after))]).unwrap();
        check_changes(&contract, &changes).unwrap()
    };
    let bodies = before
        .replace("return x + 3\n", "return x + 30\n")
        .replace("return x + 39\n", "return 0\n");
    assert_eq!(check(bodies).status, Status::Allowed);
    let r = check(before.replace("return x\n", "return -x\n"));
    assert_eq!(r.status, Status::Rejected);
    assert_eq!(r.violations[0].violation.symbol.as_deref(), Some("g"));
    let r = check(before.replace("def f5(x)", "def f5(x, y=1)"));
    assert_eq!(r.status, Status::Rejected);
    assert_eq!(
        r.violations[0].violation.kind,
        ViolationKind::SignatureChanged
    );

    // `add` on many containers, one of them an impl block named by its type.
    let mut rust = String::new();
    for i in 0..20 {
        rust.push_str(&format!(
            "struct T{i};\n\nimpl T{i} {{\n    fn a(&self) {{}}\n}}\n\n"
        ));
    }
    let adds: Vec<String> = (0..20).map(|i| format!("\"r.rs::T{i}\"")).collect();
    let contract = Contract::from_toml(&format!("add = [{}]\n", adds.join(", "))).unwrap();
    let check = |after: String| {
        let changes = ChangeSet::from_memory([("r.rs", Some(rust.clone()), Some(after))]).unwrap();
        check_changes(&contract, &changes).unwrap().status
    };
    let added = rust.replace(
        "impl T7 {\n    fn a(&self) {}\n",
        "impl T7 {\n    fn a(&self) {}\n\n    fn b(&self) {}\n",
    );
    assert_eq!(check(added), Status::Allowed);
    assert_eq!(check(format!("{rust}fn top() {{}}\n")), Status::Rejected);
    let changed = rust.replace(
        "impl T7 {\n    fn a(&self) {}\n",
        "impl T7 {\n    fn a(&self) { 1; }\n",
    );
    assert_eq!(check(changed), Status::Rejected);
}

/// Deeply nested definitions are slow to walk (tree-sitter finds a node's parent from the
/// root); the symbol walk stops at the deadline too, and the answer is unverifiable.
#[test]
fn deep_nesting_stops_at_the_budget() {
    let n = 3_000;
    let mut before = String::new();
    for i in 0..n {
        before.push_str(&format!("fn f{i}() {{ let a{i} = {i};\n"));
    }
    before.push_str("let z = 0;\n");
    before.push_str(&"}\n".repeat(n));
    let after = before.replace("let z = 0;", "let z = 1;");
    let opts = CheckOptions {
        budget: Duration::from_millis(300),
        ..CheckOptions::default()
    };
    let started = std::time::Instant::now();
    let v = check_text(Language::Rust, &before, &after, &Grants::new(), &opts).unwrap();
    assert_eq!(v.status, Status::Unverifiable, "{:?}", started.elapsed());
    assert_eq!(
        v.unverifiable,
        Some(Unverifiable::BudgetExceeded { budget_ms: 300 })
    );
}
