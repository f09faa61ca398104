//! Property tests for the soundness promise.
//!
//! 1. The check's verdict equals the reference definition (skeleton strings from fresh
//!    parses) for random edits and random grants.
//! 2. Deleting or replacing any byte outside every granted region is never allowed.

use editscope::{check_text, CheckOptions, Grants, Language, SourceFile, Status};
use proptest::prelude::*;

const FIXTURES: [(Language, &str); 7] = [
    (Language::Python, include_str!("fixtures/sample.py")),
    (Language::Rust, include_str!("fixtures/sample.rs")),
    (Language::TypeScript, include_str!("fixtures/sample.ts")),
    (Language::Tsx, include_str!("fixtures/sample.tsx")),
    // Member symbols (fields, variants, object type alias members) and the separators,
    // headers, generics and `where` clauses between and around them.
    (Language::Rust, include_str!("fixtures/members.rs")),
    (Language::TypeScript, include_str!("fixtures/members.ts")),
    (Language::Go, include_str!("fixtures/members.go")),
];

/// Text fragments edits are made of: code-like pieces, whitespace, newlines, comments.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        Just("\n".to_string()),
        Just(" ".to_string()),
        Just("    ".to_string()),
        Just("x".to_string()),
        Just("}".to_string()),
        Just("{".to_string()),
        Just("(".to_string()),
        Just("# c\n".to_string()),
        Just("// c\n".to_string()),
        Just("\n\ndef extra():\n    pass\n".to_string()),
        Just("\nfn extra() {}\n".to_string()),
        Just("\nfunction extra() {}\n".to_string()),
        Just(",".to_string()),
        Just(";".to_string()),
        Just("\n    extra: u8,\n".to_string()),
        Just("\n  extra: string;\n".to_string()),
        Just("\n\tExtra int\n".to_string()),
        "[a-z_ ]{1,8}",
    ]
}

#[derive(Debug, Clone)]
struct Edit {
    at: usize,
    delete: usize,
    insert: String,
}

fn edits() -> impl Strategy<Value = Vec<Edit>> {
    prop::collection::vec((any::<prop::sample::Index>(), 0usize..6, fragment()), 1..4).prop_map(
        |v| {
            v.into_iter()
                .map(|(i, delete, insert)| Edit {
                    at: i.index(1 << 20),
                    delete,
                    insert,
                })
                .collect()
        },
    )
}

fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = text.to_string();
    for e in edits {
        let mut at = e.at % (out.len() + 1);
        while !out.is_char_boundary(at) {
            at -= 1;
        }
        let mut end = (at + e.delete).min(out.len());
        while !out.is_char_boundary(end) {
            end += 1;
        }
        out.replace_range(at..end, &e.insert);
    }
    out
}

/// Random grants over the fixture's symbols: (level, symbol index) pairs.
fn grants_for(
    file: &SourceFile,
    picks: &[(u8, prop::sample::Index)],
    top_level_add: bool,
) -> Grants {
    let mut grants = Grants::new();
    let symbols = file.symbols();
    for (level, index) in picks {
        let s = &symbols[index.index(symbols.len())];
        grants = match level % 4 {
            0 => grants.edit(s.path.clone()),
            1 if s.body.is_some() => grants.body(s.path.clone()),
            2 => grants.delete(s.path.clone()),
            3 if s.is_container() => grants.add(s.path.clone()),
            _ => grants.edit(s.path.clone()),
        };
    }
    if top_level_add {
        grants = grants.add_top_level();
    }
    grants
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400), ..ProptestConfig::default() })]

    #[test]
    fn verdict_matches_the_definition(
        which in 0usize..FIXTURES.len(),
        picks in prop::collection::vec((any::<u8>(), any::<prop::sample::Index>()), 0..4),
        top_level_add in any::<bool>(),
        edits in edits(),
    ) {
        let (language, before) = FIXTURES[which];
        let file = SourceFile::parse(language, before).unwrap();
        let grants = grants_for(&file, &picks, top_level_add);
        let after = apply(before, &edits);
        let verdict = check_text(language, before, &after, &grants, &CheckOptions::default()).unwrap();
        let reference = editscope::reference_allowed(language, before, &after, &grants).unwrap();
        // Unverifiable (the second parser does not confirm) is `None` in the reference.
        let expected = match verdict.status {
            Status::Unverifiable => None,
            s => Some(s == Status::Allowed),
        };
        prop_assert_eq!(reference, expected, "after:\n{}\n{:?}", after, verdict.unverifiable);
        prop_assert_eq!(verdict.status == Status::Rejected, !verdict.violations.is_empty());
    }

    #[test]
    fn a_byte_changed_outside_every_grant_is_rejected(
        which in 0usize..FIXTURES.len(),
        picks in prop::collection::vec((0u8..2, any::<prop::sample::Index>()), 0..4),
        at in any::<prop::sample::Index>(),
        replace in any::<bool>(),
    ) {
        let (language, before) = FIXTURES[which];
        let file = SourceFile::parse(language, before).unwrap();
        let grants = grants_for(&file, &picks, false);
        // Granted regions of `before`: extents for edit, bodies for body.
        let mut regions: Vec<std::ops::Range<usize>> = Vec::new();
        for s in file.symbols() {
            if grants.edit_paths().iter().any(|p| s.matches(p)) {
                regions.push(s.extent.range());
            } else if grants.body_paths().iter().any(|p| s.matches(p)) {
                regions.extend(s.body.map(|b| b.range()));
            }
        }
        let outside: Vec<usize> = before
            .char_indices()
            .map(|(i, _)| i)
            .filter(|i| !regions.iter().any(|r| r.start <= *i && *i < r.end))
            .collect();
        prop_assume!(!outside.is_empty());
        let i = outside[at.index(outside.len())];
        let c = before[i..].chars().next().unwrap();
        let mut after = before.to_string();
        let replacement = if !replace { String::new() } else if c == 'x' { "y".to_string() } else { "x".to_string() };
        after.replace_range(i..i + c.len_utf8(), &replacement);
        let verdict = check_text(language, before, &after, &grants, &CheckOptions::default()).unwrap();
        prop_assert_ne!(verdict.status, Status::Allowed, "byte {} ({:?}) changed; after:\n{}", i, c, after);
    }
}

/// Every member symbol of the member fixtures (a field, a variant, a member of an object
/// type alias): a comment written inside it is allowed under `edit` of that member (both
/// parsers agree on its extent), rejected under `edit` of any other member, and deleting it
/// is allowed under `delete` of it and `edit` of the members after it (whose positions or
/// implicit values it shifts).
#[test]
fn each_member_is_granted_alone() {
    use editscope::SymbolKind;
    let mut tested = 0;
    for &(language, before) in &FIXTURES[4..] {
        let file = SourceFile::parse(language, before).unwrap();
        let symbols = file.symbols();
        // Inside a container by its shape (not a class, impl, trait or interface).
        let is_member = |s: &editscope::Symbol| {
            s.parent
                .is_some_and(|p| symbols[p].is_container() && !symbols[p].kind.is_container())
                && matches!(
                    s.kind,
                    SymbolKind::Field | SymbolKind::Variant | SymbolKind::Method
                )
        };
        let members: Vec<&editscope::Symbol> = symbols.iter().filter(|s| is_member(s)).collect();
        assert!(members.len() >= 3, "{language}: {members:?}");
        for m in &members {
            let range = m.extent.range();
            let text = &before[range.clone()];
            // Before the last token (a trailing separator passed over): inside the extent.
            let mut end = range.end;
            if text.ends_with([',', ';']) {
                end -= 1;
            }
            let word = |c: char| c.is_alphanumeric() || c == '_';
            let mut at = end;
            if before[..end].ends_with(word) {
                while before[..at].ends_with(word) {
                    at -= before[..at].chars().next_back().unwrap().len_utf8();
                }
            } else {
                at -= 1;
            }
            if at == range.start {
                continue;
            }
            let mut after = before.to_string();
            after.insert_str(at, "/* x */");
            let own = Grants::new().edit(m.path.clone());
            let verdict =
                check_text(language, before, &after, &own, &CheckOptions::default()).unwrap();
            assert_eq!(
                verdict.status,
                Status::Allowed,
                "{language} {}: {:?}\n{after}",
                m.path,
                verdict
            );
            for other in members.iter().filter(|o| o.path != m.path) {
                let grants = Grants::new().edit(other.path.clone());
                let verdict =
                    check_text(language, before, &after, &grants, &CheckOptions::default())
                        .unwrap();
                assert_eq!(
                    verdict.status,
                    Status::Rejected,
                    "{language} {} under {}",
                    m.path,
                    other.path
                );
            }
            // Deleted: its own lines when it has them (then allowed), else its bytes (then
            // as the definition says).
            let line_start = before[..range.start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = before[range.end..].find('\n').map(|i| range.end + i + 1);
            let own_lines = before[line_start..range.start].trim().is_empty()
                && line_end.is_some_and(|e| before[range.end..e].trim().is_empty());
            let mut deleted = before.to_string();
            match line_end {
                Some(e) if own_lines => deleted.replace_range(line_start..e, ""),
                _ => deleted.replace_range(range, ""),
            }
            // The members after it shift (enum values, field positions: the positional
            // rule), so they are granted too; under `delete` alone the check and the
            // reference must still agree.
            let alone = Grants::new().delete(m.path.clone());
            let verdict =
                check_text(language, before, &deleted, &alone, &CheckOptions::default()).unwrap();
            let reference =
                editscope::reference_allowed(language, before, &deleted, &alone).unwrap();
            if verdict.status != Status::Unverifiable {
                assert_eq!(
                    reference,
                    Some(verdict.status == Status::Allowed),
                    "{language} delete {} alone:\n{deleted}",
                    m.path
                );
            }
            let mut grants = Grants::new().delete(m.path.clone());
            for later in members
                .iter()
                .filter(|o| o.parent == m.parent && o.extent.start_byte > m.extent.start_byte)
            {
                grants = grants.edit(later.path.clone());
            }
            let verdict = check_text(
                language,
                before,
                &deleted,
                &grants,
                &CheckOptions::default(),
            )
            .unwrap();
            // A later field that is no symbol (Go's `A, B int`) cannot be granted alone: its
            // shift is a change of the container, and nothing else may be rejected.
            let parent_path = m.parent.map(|p| symbols[p].path.clone());
            let unnamed_shift = verdict.status == Status::Rejected
                && !verdict.violations.is_empty()
                && verdict.violations.iter().all(|v| {
                    v.kind == editscope::ViolationKind::Changed && v.symbol == parent_path
                });
            if own_lines && !unnamed_shift {
                assert_eq!(
                    verdict.status,
                    Status::Allowed,
                    "{language} delete {}:\n{deleted}",
                    m.path
                );
            }
            let reference =
                editscope::reference_allowed(language, before, &deleted, &grants).unwrap();
            let expected = match verdict.status {
                Status::Unverifiable => None,
                s => Some(s == Status::Allowed),
            };
            assert_eq!(
                reference, expected,
                "{language} delete {}:\n{deleted}",
                m.path
            );
            tested += 1;
        }
    }
    assert!(tested >= 15, "{tested} members tested");
}
