//! Fuzz target: each second parser (`syn`, `ruff_python_parser`, `oxc_parser`) alone, through
//! the outline editscope draws from it, on arbitrary text as each language: never a panic, never
//! a stack overflow, and every span it reports lies in the text on character boundaries. Then
//! the unchanged file checked against itself (where `agree` runs) must not panic either.
//!
//! Input: byte 0 the language (index into `Language::ALL`), bytes 1..12 unused, then the text
//! (the `differential` target's layout: `fuzz/seed-differential.sh DIR` seeds both).
//!
//! Run (cargo-fuzz; on a stable toolchain with `RUSTC_BOOTSTRAP=1`):
//! `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run second_parse corpus/differential -- -dict=$PWD/differential.dict -max_total_time=120`

#![no_main]

use std::ops::Range;

use editscope::{check_text, CheckOptions, Grants, Language, Limits, __second_reading};
use libfuzzer_sys::fuzz_target;

const LIMITS: Limits = Limits { max_bytes: 64 * 1024 };

fn in_text(text: &str, r: &Range<usize>) -> bool {
    r.start <= r.end && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
}

fuzz_target!(|data: &[u8]| {
    // The layout of the `differential` target's inputs, so that both share a seed corpus:
    // byte 0 the language, bytes 1..12 unused here, then the text.
    if data.len() < 12 {
        return;
    }
    let first = data[0];
    let Ok(text) = std::str::from_utf8(&data[12..]) else {
        return;
    };
    if text.len() > LIMITS.max_bytes {
        return;
    }
    let language = Language::ALL[usize::from(first) % Language::ALL.len()];
    if let Some(Ok(reading)) = __second_reading(language, text) {
        for (extent, body, name) in &reading.defs {
            assert!(in_text(text, extent), "extent {extent:?} of `{name}` is not in the text");
            if let Some(body) = body {
                assert!(in_text(text, body), "body {body:?} of `{name}` is not in the text");
                assert!(
                    extent.start <= body.start && body.end <= extent.end,
                    "body {body:?} of `{name}` is not inside its extent {extent:?}"
                );
            }
        }
        for r in reading.imports.iter().chain(&reading.top_level).chain(&reading.comments) {
            assert!(in_text(text, r), "span {r:?} is not in the text");
        }
    }
    let options = CheckOptions {
        limits: LIMITS,
        ..CheckOptions::default()
    };
    let _ = check_text(language, text, text, &Grants::new(), &options);
});
