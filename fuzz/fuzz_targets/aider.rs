//! Fuzz target: Aider SEARCH/REPLACE replies and blocks. Parsing any reply and applying its
//! blocks, or any block, to any file must never panic; a successful apply never leaves the
//! file empty (Aider counts that as a failed block).
//!
//! Run (cargo-fuzz; on a stable toolchain with `RUSTC_BOOTSTRAP=1`):
//! `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run aider -- -max_total_time=120`

#![no_main]

use arbitrary::Arbitrary;
use editscope::patch;
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    /// A whole reply.
    reply: String,
    /// One block's texts, applied directly.
    search: String,
    replace: String,
    /// The file.
    file: String,
}

fuzz_target!(|input: Input| {
    if let Ok(patches) = patch::parse_aider(&input.reply) {
        for p in &patches {
            let _ = p.apply(Some(&input.file));
            let _ = p.apply(None);
        }
    }
    let block = patch::AiderBlock {
        search: input.search,
        replace: input.replace,
        line: 1,
    };
    if let Ok(out) = patch::apply_aider(&[block], &input.file) {
        assert!(!out.is_empty(), "an applied block never empties the file");
    }
});
