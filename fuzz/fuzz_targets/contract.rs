//! Fuzz target: contracts (TOML and JSON) and the whole-change check they drive. Any text
//! must parse to a contract or a typed error, and a parsed contract must check a small change
//! set without panicking.
//!
//! Run (cargo-fuzz; on a stable toolchain with `RUSTC_BOOTSTRAP=1`):
//! `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run contract -- -max_total_time=120`

#![no_main]

use arbitrary::Arbitrary;
use editscope::{check_changes, ChangeSet, Contract, Selector};
use libfuzzer_sys::fuzz_target;

#[derive(Debug, Arbitrary)]
struct Input {
    text: String,
    json: bool,
    path: String,
    before: String,
    after: String,
}

fuzz_target!(|input: Input| {
    let _ = Selector::parse(&input.text);
    let contract = if input.json { Contract::from_json(&input.text) } else { Contract::from_toml(&input.text) };
    let Ok(contract) = contract else { return };
    let _ = contract.canonical_toml();
    let _ = contract.describe();
    let _ = contract.rules(&input.path);
    if let Ok(changes) = ChangeSet::from_memory([(input.path.as_str(), Some(input.before), Some(input.after))]) {
        let _ = check_changes(&contract, &changes).map(|r| (r.to_json(), r.feedback(&contract)));
    }
});
