//! Fuzz target: `check_text`, `check`, `diff` and `SourceFile::parse` / `reparse` on
//! arbitrary before/after text and grants must never panic.
//!
//! Run (cargo-fuzz, nightly or `RUSTC_BOOTSTRAP=1`):
//! `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run check -- -max_total_time=120`

#![no_main]

use arbitrary::Arbitrary;
use editscope::{check, check_text, diff, CheckOptions, Formatting, Grants, Language, Limits, SourceFile};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    /// Language: index into `Language::ALL` (mod 4).
    language: u8,
    before: String,
    after: String,
    /// (level, path): level mod 5 = edit, body, delete, add, add top level.
    grants: Vec<(u8, String)>,
    /// Tolerant formatting instead of exact.
    tolerant: bool,
    /// Check a `before` with syntax errors instead of calling it unverifiable.
    allow_syntax_errors: bool,
}

/// Small enough that every run stays fast; larger inputs exercise the `TooLarge` path.
const LIMITS: Limits = Limits { max_bytes: 64 * 1024 };

fuzz_target!(|input: Input| {
    let language = Language::ALL[usize::from(input.language) % Language::ALL.len()];
    let mut grants = Grants::new();
    for (level, path) in input.grants.into_iter().take(16) {
        grants = match level % 5 {
            0 => grants.edit(path),
            1 => grants.body(path),
            2 => grants.delete(path),
            3 => grants.add(path),
            _ => grants.add_top_level(),
        };
    }
    let options = CheckOptions {
        formatting: if input.tolerant { Formatting::Tolerant } else { Formatting::Exact },
        allow_syntax_errors: input.allow_syntax_errors,
        limits: LIMITS,
    };

    // The whole check: errors (grants that do not fit) are fine, panics are not.
    let _ = check_text(language, &input.before, &input.after, &grants, &options);

    // The pieces, on fresh parses.
    let parsed_before = SourceFile::parse_with_limits(language, input.before.clone(), LIMITS);
    let parsed_after = SourceFile::parse_with_limits(language, input.after.clone(), LIMITS);
    if let (Ok(before), Ok(after)) = (&parsed_before, &parsed_after) {
        let d = diff(before, after);
        let _ = d.is_empty();
        let _ = check(before, after, &grants, &options);
        // Everything a caller may look at.
        for s in before.symbols().iter().chain(after.symbols()) {
            let _ = before.find(&s.path).count();
            let _ = before.innermost(s.extent.range());
        }
        let _ = before.dump_tree();
        // Incremental reparse must agree with the fresh parse of `after` (the check relies on
        // it; compared only for a clean `after`, where the symbols are what is checked).
        if let (true, Ok(re)) = (after.syntax_errors().is_empty(), SourceFile::reparse(before, input.after.clone(), LIMITS)) {
            assert_eq!(re.symbols(), after.symbols(), "reparse and fresh parse disagree on symbols");
        }
    }
    // Default limits through the public convenience constructor (inputs are small anyway).
    if input.before.len() <= LIMITS.max_bytes {
        let _ = SourceFile::parse(language, input.before.as_str());
    }
});
