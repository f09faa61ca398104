//! Differential fuzz target: tree-sitter against the second parser (issue 9).
//!
//! Takes a real file, picks a symbol with a body, inserts tokens on which tree-sitter and the
//! compilers' lexers are known to part ways (`\r`, `/`, `<`, quotes, comment openers, raw
//! string openers, `await`, ...) inside that body, and checks the change with a `body` grant
//! on that symbol. Invariants:
//! 1. *allowed* needs both versions read by the second parser (where the language has one);
//! 2. where the two parsers disagree on a version that tree-sitter reads without error (same
//!    definitions and imports, modulo whitespace and the compiler's comments at the
//!    boundaries), the verdict is not *allowed*;
//! 3. when the verdict is *allowed* (exact formatting), the second parser's own reading
//!    confirms it: the text outside the granted body, as the second parser draws that body,
//!    is unchanged (modulo whitespace and the compiler's comments at the seam).
//!
//! Input: byte 0 the language (index into `Language::ALL`), bytes 1..12 the mutation, then the
//! file (UTF-8). Seed corpus from the test cases: `fuzz/seed-differential.sh DIR`.
//!
//! Run (cargo-fuzz; on a stable toolchain with `RUSTC_BOOTSTRAP=1`):
//! `cd fuzz && ./seed-differential.sh corpus/differential && RUSTC_BOOTSTRAP=1 cargo fuzz run
//! differential corpus/differential -- -dict=$PWD/differential.dict -max_total_time=120`

#![no_main]

use std::ops::Range;

use editscope::{
    check, CheckOptions, Formatting, Grants, Language, Limits, SecondReading, SourceFile, Status,
    __second_reading,
};
use libfuzzer_sys::fuzz_target;

const LIMITS: Limits = Limits { max_bytes: 64 * 1024 };

/// What is inserted into the body.
const TOKENS: &[&str] = &[
    "\r", "\r\n", "\n", "/", "<", ">", "\"", "'", "`", "${", "}", "{", "(", ")", "[", "]", "#",
    "//", "/*", "*/", "<!--", "-->", "\u{2028}", "\u{2029}", "\u{85}", "\u{c}", "\u{b}", "r#\"",
    "\"#", "r\"", "b'", "f\"", "\"\"\"", "'''", "\\", "await", "await /", "def", "fn", " ", "\t",
    "\n}\n", "\ndef x():\n", "\nfn x() {}\n", "\nfunction x() {}\n", "\r# ", "\rdef helper():\n    pass\n",
    "/ 2 /", "f<number> / 2 / x", "*", "/**", "#[", "#!", "@", ";", ",", "=>", "async ", "yield",
    "class ", "in ", "out ", "~", "box ", "macro_rules! m { () => {} }", "</", "/>", "<div>", "\\u{2028}",
    "\u{feff}", "\u{0}", "\\\n", "\\\r", "'\\''", "\"\\\"\"", "r##\"", "\"##", "/*/", "//\r", "#\r",
];

/// ASCII whitespace as `agree` skips it.
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

/// The compiler's view of a version: its comments, for skipping trivia.
struct View<'a> {
    text: &'a [u8],
    comments: &'a [Range<usize>],
}

impl View<'_> {
    fn forward(&self, mut at: usize) -> usize {
        loop {
            while at < self.text.len() && is_space(self.text[at]) {
                at += 1;
            }
            match self.comments.iter().find(|c| c.start == at && c.end > at) {
                Some(c) => at = c.end,
                None => return at,
            }
        }
    }

    fn backward(&self, mut at: usize) -> usize {
        loop {
            while at > 0 && is_space(self.text[at - 1]) {
                at -= 1;
            }
            match self.comments.iter().find(|c| c.end == at && c.start < at) {
                Some(c) => at = c.start,
                None => return at,
            }
        }
    }

    fn span(&self, r: &Range<usize>) -> (usize, usize) {
        let (s, e) = (self.forward(r.start), self.backward(r.end));
        if s >= e {
            // Nothing but trivia: the empty span after the code before it.
            (e, e)
        } else {
            (s, e)
        }
    }
}

/// Whether the two parsers read `file` alike: the same definitions and imports (the rule of
/// `second::agree`, written again from its docs).
fn alike(file: &SourceFile, reading: &SecondReading) -> bool {
    let view = View {
        text: file.text().as_bytes(),
        comments: &reading.comments,
    };
    let mut ours: Vec<_> = file
        .symbols()
        .iter()
        .map(|s| {
            (
                view.span(&s.extent.range()),
                s.body.map(|b| view.span(&b.range())),
            )
        })
        .collect();
    let mut theirs: Vec<_> = reading
        .defs
        .iter()
        .map(|(e, b, _)| (view.span(e), b.as_ref().map(|b| view.span(b))))
        .collect();
    ours.sort();
    theirs.sort();
    let mut oi: Vec<_> = file.imports().iter().map(|(s, _)| view.span(&s.range())).collect();
    let mut ti: Vec<_> = reading.imports.iter().map(|r| view.span(r)).collect();
    oi.sort();
    ti.sort();
    ours == theirs && oi == ti
}

/// Text before `at`, without the whitespace and comments that end there.
fn head<'a>(text: &'a str, view: &View<'_>, at: usize) -> &'a str {
    &text[..view.backward(at)]
}

/// Text from `at`, without the whitespace and comments that start there.
fn tail<'a>(text: &'a str, view: &View<'_>, at: usize) -> &'a str {
    &text[view.forward(at)..]
}

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fuzz_target!(|data: &[u8]| {
    if data.len() < 12 {
        return;
    }
    let language = Language::ALL[usize::from(data[0]) % Language::ALL.len()];
    let control = &data[1..12];
    let Ok(before) = std::str::from_utf8(&data[12..]) else {
        return;
    };
    let Ok(parsed_before) = SourceFile::parse_with_limits(language, before.to_string(), LIMITS) else {
        return;
    };
    let with_body: Vec<usize> = parsed_before
        .symbols()
        .iter()
        .enumerate()
        .filter(|(_, s)| s.body.is_some_and(|b| b.range().len() >= 2))
        .map(|(i, _)| i)
        .collect();
    if with_body.is_empty() {
        return;
    }
    let pick = usize::from(u16::from_le_bytes([control[0], control[1]])) % with_body.len();
    let symbol = &parsed_before.symbols()[with_body[pick]];
    let body = symbol.body.expect("filtered on bodies").range();
    // Up to three insertions strictly inside the body, applied from the last.
    let count = 1 + usize::from(control[2] % 3);
    let mut inserts: Vec<(usize, &str)> = (0..count)
        .map(|k| {
            let c = &control[3 + 2 * k..5 + 2 * k];
            let inner = body.len() - 1;
            let at = body.start + 1 + usize::from(c[0]) * 257 % inner.max(1);
            let at = floor_char_boundary(before, at.min(body.end - 1)).max(body.start + 1);
            (at, TOKENS[usize::from(c[1]) % TOKENS.len()])
        })
        .collect();
    inserts.sort_by(|a, b| b.0.cmp(&a.0));
    let mut after = before.to_string();
    for (at, token) in &inserts {
        if after.is_char_boundary(*at) {
            after.insert_str(*at, token);
        }
    }
    let Ok(parsed_after) = SourceFile::reparse(&parsed_before, after.clone(), LIMITS) else {
        return;
    };
    let grants = Grants::new().body(symbol.path.clone());
    let tolerant = control[9] & 1 == 1;
    let options = CheckOptions {
        formatting: if tolerant {
            Formatting::Tolerant
        } else {
            Formatting::Exact
        },
        allow_syntax_errors: control[9] & 2 == 2,
        limits: LIMITS,
        ..CheckOptions::default()
    };
    let Ok(verdict) = check(&parsed_before, &parsed_after, &grants, &options) else {
        return;
    };
    // The second parser alone, on both versions: never a panic.
    let read_b = __second_reading(language, before);
    let read_a = __second_reading(language, &after);
    if verdict.status != Status::Allowed {
        return;
    }
    let (Some(read_b), Some(read_a)) = (read_b, read_a) else {
        // No second parser for this language (yet).
        return;
    };
    // 1. Allowed: both versions confirmed.
    let (rb, ra) = match (read_b, read_a) {
        (Ok(b), Ok(a)) => (b, a),
        (b, a) => panic!(
            "allowed although the second parser refuses a version: before {:?}, after {:?}",
            b.err(),
            a.err()
        ),
    };
    // 2. Disagreement on a version tree-sitter reads without error: never allowed.
    for (file, reading, version) in [(&parsed_before, &rb, "before"), (&parsed_after, &ra, "after")] {
        if file.syntax_errors().is_empty() {
            assert!(
                alike(file, reading),
                "allowed although the parsers disagree on {version}"
            );
        }
    }
    if tolerant {
        return;
    }
    // 3. The second parser's own reading: outside the granted body (as it draws it), nothing
    // changed. Some definition with a body inside tree-sitter's granted body (the granted one,
    // or one nested in it) must have the same text around it in both versions.
    let (vb, va) = (
        View {
            text: before.as_bytes(),
            comments: &rb.comments,
        },
        View {
            text: after.as_bytes(),
            comments: &ra.comments,
        },
    );
    let granted = vb.span(&body);
    let inside = |r: &Range<usize>| {
        let s = vb.span(r);
        granted.0 <= s.0 && s.1 <= granted.1
    };
    let confirmed = rb.defs.iter().any(|(_, db, name)| {
        let Some(db) = db.as_ref().filter(|db| inside(db)) else {
            return false;
        };
        ra.defs.iter().any(|(_, da, other)| {
            da.as_ref().is_some_and(|da| {
                other == name
                    && head(before, &vb, db.start) == head(&after, &va, da.start)
                    && tail(before, &vb, db.end) == tail(&after, &va, da.end)
            })
        })
    });
    assert!(
        confirmed,
        "allowed, but the second parser reads a change outside the body of `{}`: \
         inserted {inserts:?}",
        symbol.path
    );
});
