//! Fuzz target: `patch::parse_unified` and applying what it returns must never panic, on
//! arbitrary text and on well-formed hunks built from the current file; a hunk that replaces
//! lines of the file at the right place, with all the context around them, must apply and give
//! exactly the expected text.
//!
//! Run (cargo-fuzz; on a stable toolchain with `RUSTC_BOOTSTRAP=1`):
//! `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run unified -- -max_total_time=120`

#![no_main]

use arbitrary::Arbitrary;
use editscope::patch::{self, Action, Edit};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    /// Parsed as a patch as is, and prefixed with a file header.
    raw: String,
    /// The file the patches apply to.
    current: String,
    /// A replacement in `current`: (first line, number of lines replaced).
    at: (u16, u8),
    /// The lines that replace them.
    added: Vec<String>,
    /// Context lines kept around the change (at most 3 on each side).
    context: u8,
}

fuzz_target!(|input: Input| {
    // Arbitrary text, alone and behind a file header.
    for text in [
        input.raw.clone(),
        format!("diff --git a/f b/f\n--- a/f\n+++ b/f\n{}", input.raw),
    ] {
        if let Ok(patches) = patch::parse_unified(&text) {
            for fp in &patches {
                let _ = fp.apply(Some(&input.current));
                let _ = fp.apply(Some(""));
                let _ = fp.apply(None);
            }
        }
    }

    // A well-formed hunk at the right place must apply exactly.
    let lines: Vec<&str> = input.current.split_inclusive('\n').collect();
    let nr = lines.len();
    let start = usize::from(input.at.0).min(nr);
    let len = usize::from(input.at.1).min(nr - start);
    let added: Vec<String> = input
        .added
        .iter()
        .take(20)
        .map(|l| format!("{}\n", l.replace(['\n', '\r'], "")))
        .collect();
    if len == 0 && added.is_empty() {
        return;
    }
    let ctx = usize::from(input.context % 4);
    let before_ctx = ctx.min(start);
    let after_ctx = ctx.min(nr - start - len);
    let first = start - before_ctx;
    let old_count = before_ctx + len + after_ctx;
    let new_count = before_ctx + added.len() + after_ctx;
    let old_start = if old_count == 0 { 0 } else { first + 1 };
    let new_start = if new_count == 0 { first } else { first + 1 };
    let mut patch = format!("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -{old_start},{old_count} +{new_start},{new_count} @@\n");
    let mut push = |prefix: char, line: &str| {
        patch.push(prefix);
        patch.push_str(line);
        if !line.ends_with('\n') {
            patch.push_str("\n\\ No newline at end of file\n");
        }
    };
    for l in &lines[first..start] {
        push(' ', l);
    }
    for l in &lines[start..start + len] {
        push('-', l);
    }
    for l in &added {
        push('+', l);
    }
    for l in &lines[start + len..start + len + after_ctx] {
        push(' ', l);
    }
    let expected: String = lines[..start]
        .iter()
        .copied()
        .chain(added.iter().map(String::as_str))
        .chain(lines[start + len..].iter().copied())
        .collect();
    // Nothing can follow a last line without newline (the patch is refused).
    let glued =
        len == 0 && after_ctx == 0 && start == nr && nr > 0 && !input.current.ends_with('\n');
    if glued {
        let _ = patch::parse_unified(&patch);
        return;
    }
    let patches = patch::parse_unified(&patch).unwrap_or_else(|e| panic!("{e}\n{patch}"));
    assert_eq!(patches.len(), 1, "{patch}");
    let fp = &patches[0];
    assert!(
        matches!(
            fp.action,
            Action::Update {
                edit: Some(Edit::Unified(_)),
                move_to: None
            }
        ),
        "{patch}"
    );
    // Without leading (trailing) context a hunk must match at the top (end) of the file, as
    // `git apply` requires.
    let anchored = (before_ctx > 0 || start == 0) && (after_ctx > 0 || start + len == nr);
    if !anchored {
        let _ = fp.apply(Some(&input.current));
        return;
    }
    let got = fp
        .apply(Some(&input.current))
        .unwrap_or_else(|e| panic!("{e}\n{patch}"));
    assert_eq!(got.as_deref(), Some(expected.as_str()), "{patch}");
});
