//! Fuzz target: `check_text`, `check`, `diff` and `SourceFile::parse` / `reparse` on
//! arbitrary before/after text and grants must never panic.
//!
//! Run (cargo-fuzz; on a stable toolchain with `RUSTC_BOOTSTRAP=1`):
//! `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run check -- -dict=$PWD/check.dict -max_total_time=120`

#![no_main]

use arbitrary::Arbitrary;
use editscope::{check, check_text, diff, CheckOptions, Formatting, Grants, Language, Limits, SourceFile};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    /// Language: index into `Language::ALL` (modulo its length).
    language: u8,
    before: String,
    after: String,
    /// (level, path). `level % 5`: edit, body, delete, add, add top level. When
    /// `level / 5` is odd and `before` has symbols, the path is replaced by the path of one
    /// of `before`'s symbols (chosen by a hash of the string), so grants usually validate
    /// and the check runs past validation.
    grants: Vec<(u8, String)>,
    /// Tolerant formatting instead of exact.
    tolerant: bool,
    /// Check a `before` with syntax errors instead of calling it unverifiable.
    allow_syntax_errors: bool,
    /// When set, `after` is spliced into `before` at (offset, length of text replaced)
    /// instead of replacing it whole: a small edit, the usual case.
    splice: Option<(u16, u16)>,
}

/// Small enough that every run stays fast; larger inputs exercise the `TooLarge` path.
const LIMITS: Limits = Limits { max_bytes: 64 * 1024 };

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fuzz_target!(|input: Input| {
    let language = Language::ALL[usize::from(input.language) % Language::ALL.len()];
    let before = input.before;
    let after = match input.splice {
        Some((at, len)) => {
            let start = floor_char_boundary(&before, usize::from(at));
            let end = floor_char_boundary(&before, start + usize::from(len));
            format!("{}{}{}", &before[..start], input.after, &before[end..])
        }
        None => input.after,
    };

    let parsed_before = SourceFile::parse_with_limits(language, before.clone(), LIMITS);
    let symbols: Vec<String> = match &parsed_before {
        Ok(f) => f.symbols().iter().map(|s| s.path.clone()).collect(),
        Err(_) => Vec::new(),
    };
    let mut grants = Grants::new();
    for (level, path) in input.grants.into_iter().take(16) {
        let path = if (level / 5) % 2 == 1 && !symbols.is_empty() {
            let h = path.bytes().fold(0usize, |h, b| h.wrapping_mul(31).wrapping_add(usize::from(b)));
            symbols[h % symbols.len()].clone()
        } else {
            path
        };
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
        ..CheckOptions::default()
    };

    // The whole check: errors (grants that do not fit) are fine, panics are not.
    let _ = check_text(language, &before, &after, &grants, &options);

    // The pieces, on fresh parses.
    let parsed_after = SourceFile::parse_with_limits(language, after.clone(), LIMITS);
    if let (Ok(b), Ok(a)) = (&parsed_before, &parsed_after) {
        let d = diff(b, a);
        let _ = d.is_empty();
        let _ = check(b, a, &grants, &options);
        // Everything a caller may look at.
        for s in b.symbols().iter().chain(a.symbols()) {
            let _ = b.find(&s.path).count();
            let _ = b.innermost(s.extent.range());
        }
        let _ = b.dump_tree();
        // Incremental reparse must agree with the fresh parse of `after` (the check relies on
        // it; compared only for a clean `after`, where the symbols are what is checked).
        if a.syntax_errors().is_empty() {
            if let Ok(re) = SourceFile::reparse(b, after.clone(), LIMITS) {
                assert_eq!(re.symbols(), a.symbols(), "reparse and fresh parse disagree on symbols");
            }
        }
    }
    // The convenience constructor with default limits (inputs are small anyway).
    if before.len() <= LIMITS.max_bytes {
        let _ = SourceFile::parse(language, before.as_str());
    }
});
