//! Property tests over contracts and change sets:
//! - a change set built only of granted edits is always allowed;
//! - adding any single out-of-grant byte change to it makes it rejected.

use editscope::{check_changes, ChangeSet, Contract, Language, SourceFile, Status};
use proptest::prelude::*;

const FILES: [(&str, &str); 8] = [
    ("src/app.py", include_str!("fixtures/sample.py")),
    ("src/lib.rs", include_str!("fixtures/sample.rs")),
    ("web/service.ts", include_str!("fixtures/sample.ts")),
    ("web/App.tsx", include_str!("fixtures/sample.tsx")),
    ("web/app.js", include_str!("fixtures/sample.js")),
    ("pkg/users/store.go", include_str!("fixtures/sample.go")),
    (
        "src/main/java/app/users/UserStore.java",
        include_str!("fixtures/sample.java"),
    ),
    ("src/App/UserStore.cs", include_str!("fixtures/sample.cs")),
];

/// A granted edit: a comment inserted inside a function body.
fn edit_inside_body(language: Language, text: &str, body: std::ops::Range<usize>) -> String {
    let mut out = text.to_string();
    match language {
        // Inside the block, after `{`.
        Language::Rust
        | Language::TypeScript
        | Language::Tsx
        | Language::JavaScript
        | Language::Go
        | Language::Java
        | Language::CSharp => out.insert_str(body.start + 1, " /* granted */"),
        // At the end of the block's last line.
        Language::Python => out.insert_str(body.end, "  # granted"),
    }
    out
}

struct Plan {
    contract: Contract,
    /// (path, before, after) of the granted change.
    files: Vec<(String, String, String)>,
    /// Byte ranges of each file's `before` that are granted (bodies).
    granted: Vec<Vec<std::ops::Range<usize>>>,
}

fn plan(picks: &[prop::sample::Index]) -> Plan {
    let mut builder = Contract::builder();
    let mut files = Vec::new();
    let mut granted = Vec::new();
    for (i, (path, text)) in FILES.iter().enumerate() {
        let language = Language::from_path(path).unwrap();
        let file = SourceFile::parse(language, *text).unwrap();
        // Functions and methods with a block body and a unique path.
        let candidates: Vec<_> = file
            .symbols()
            .iter()
            .filter(|s| {
                matches!(
                    s.kind,
                    editscope::SymbolKind::Function | editscope::SymbolKind::Method
                ) && s.body.is_some()
                    && file.symbols().iter().filter(|o| o.path == s.path).count() == 1
                    && (language == Language::Python
                        || text[s.body.unwrap().range()].starts_with('{'))
            })
            .collect();
        let mut after = text.to_string();
        let mut ranges = Vec::new();
        if let (Some(pick), false) = (picks.get(i), candidates.is_empty()) {
            let s = candidates[pick.index(candidates.len())];
            builder = builder.body(format!("{path}::{}", s.path));
            let body = s.body.unwrap();
            after = edit_inside_body(language, text, body.range());
            ranges.push(body.range());
        }
        files.push((path.to_string(), text.to_string(), after));
        granted.push(ranges);
    }
    Plan {
        contract: builder.create("tests/**").build().unwrap(),
        files,
        granted,
    }
}

fn change_set(files: &[(String, String, String)], extra: Option<(&str, &str)>) -> ChangeSet {
    let mut all: Vec<(String, Option<String>, Option<String>)> = files
        .iter()
        .map(|(p, b, a)| (p.clone(), Some(b.clone()), Some(a.clone())))
        .collect();
    if let Some((p, content)) = extra {
        all.push((p.to_string(), None, Some(content.to_string())));
    }
    ChangeSet::from_memory(all).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200), ..ProptestConfig::default() })]

    #[test]
    fn granted_edits_are_allowed(picks in prop::collection::vec(any::<prop::sample::Index>(), 0..5), new_test in any::<bool>()) {
        let plan = plan(&picks);
        let extra = new_test.then_some(("tests/test_new.py", "def test():\n    pass\n"));
        let report = check_changes(&plan.contract, &change_set(&plan.files, extra)).unwrap();
        prop_assert_eq!(report.status, Status::Allowed, "{:#?}", report.violations);
    }

    #[test]
    fn one_more_byte_outside_the_grants_is_rejected(
        picks in prop::collection::vec(any::<prop::sample::Index>(), 0..5),
        file in 0usize..4,
        at in any::<prop::sample::Index>(),
        replace in any::<bool>(),
        new_file_elsewhere in any::<bool>(),
    ) {
        let plan = plan(&picks);
        let mut files = plan.files.clone();
        if new_file_elsewhere {
            let report = check_changes(&plan.contract, &change_set(&files, Some(("src/new.py", "x = 1\n")))).unwrap();
            prop_assert_eq!(report.status, Status::Rejected);
            return Ok(());
        }
        // A byte of `before` outside every granted body, changed in `after` at the same place.
        let (_, before, after) = &files[file];
        let outside: Vec<usize> = before
            .char_indices()
            .map(|(i, _)| i)
            .filter(|i| !plan.granted[file].iter().any(|r| r.start <= *i && *i < r.end))
            .collect();
        let i = outside[at.index(outside.len())];
        // Map the offset into `after`: the granted insertion (if any) comes before or after it.
        let shift = after.len() - before.len();
        let j = if plan.granted[file].iter().any(|r| r.start < i) { i + shift } else { i };
        let c = after[j..].chars().next().unwrap();
        let mut changed = after.clone();
        let replacement = if !replace { String::new() } else if c == 'x' { "y".into() } else { "x".into() };
        changed.replace_range(j..j + c.len_utf8(), &replacement);
        files[file].2 = changed;
        let report = check_changes(&plan.contract, &change_set(&files, None)).unwrap();
        prop_assert_ne!(report.status, Status::Allowed, "file {} byte {} ({:?})", files[file].0, i, c);
    }
}
