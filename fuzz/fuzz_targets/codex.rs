//! Fuzz target: Codex `apply_patch` and Agents SDK diffs. Parsing any text, unwrapping any
//! shell script and applying any parsed patch to any file must never panic; an applied
//! update is empty or ends with a newline (Codex forces one).
//!
//! Run (cargo-fuzz; on a stable toolchain with `RUSTC_BOOTSTRAP=1`):
//! `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run codex -- -max_total_time=120`

#![no_main]

use arbitrary::Arbitrary;
use editscope::patch::{self, Action, Edit};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    /// The patch text; with `wrap`, the body of a `cd d && apply_patch <<'EOF'` script.
    patch: String,
    /// The file the updates apply to.
    file: String,
    wrap: bool,
    /// Also read `patch` as an Agents SDK diff of this type (mod 3).
    sdk_kind: u8,
}

fuzz_target!(|input: Input| {
    let text = if input.wrap {
        format!(
            "cd d && apply_patch <<'EOF'\n*** Begin Patch\n{}\n*** End Patch\nEOF\n",
            input.patch
        )
    } else {
        input.patch.clone()
    };
    let _ = patch::unwrap_heredoc(&text);
    if let Ok(patches) = patch::parse_codex(&text) {
        for p in &patches {
            let _ = p.apply(None);
            if let Ok(Some(out)) = p.apply(Some(&input.file)) {
                if let Action::Update {
                    edit: Some(Edit::Codex(_)),
                    ..
                } = &p.action
                {
                    assert!(
                        out.is_empty() || out.ends_with('\n'),
                        "a Codex update ends with a newline"
                    );
                }
            }
        }
    }
    let kind = ["create_file", "update_file", "delete_file"][usize::from(input.sdk_kind) % 3];
    if let Ok(p) = patch::parse_agents_sdk_diff("f", kind, &input.patch) {
        let _ = p.apply(Some(&input.file));
    }
});
