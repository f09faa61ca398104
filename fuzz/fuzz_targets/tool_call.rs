//! Fuzz target: agent tool calls as hooks receive them. Reading any tool name with any JSON
//! `tool_input` (the Codex shell reader included), checking what was read against a contract
//! under a root that does not exist, and the host write emulations (OpenHands' universal
//! newlines, tab expansion and `insert`, JavaScript replacement patterns) must never panic.
//!
//! Run (cargo-fuzz; on a stable toolchain with `RUSTC_BOOTSTRAP=1`):
//! `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run tool_call -- -max_total_time=120`

#![no_main]

use std::path::Path;

use arbitrary::Arbitrary;
use editscope::patch::Replacement;
use editscope::tool_call;
use editscope::Contract;
use libfuzzer_sys::fuzz_target;

/// Tool names the hosts send, and one the fuzzer picks.
const TOOLS: &[&str] = &[
    "Edit",
    "MultiEdit",
    "Write",
    "NotebookEdit",
    "apply_patch",
    "Bash",
    "shell",
    "exec_command",
    "str_replace_editor",
    "file_editor",
    "edit_file",
    "str_replace_based_edit_tool",
];

#[derive(Debug, Arbitrary)]
struct Input {
    tool: u8,
    other_tool: String,
    /// `tool_input` as JSON text (most of it invalid; the rest is read).
    input: String,
    /// With `shell`, `input` is a shell command given to a shell tool instead.
    shell: bool,
    file: String,
    line: usize,
    old: String,
    new: String,
    replace_all: bool,
}

fuzz_target!(|input: Input| {
    let tool = TOOLS
        .get(usize::from(input.tool) % (TOOLS.len() + 1))
        .copied()
        .unwrap_or(input.other_tool.as_str());
    let value = if input.shell {
        Some(serde_json::json!({ "command": ["bash", "-lc", input.input.as_str()] }))
    } else {
        serde_json::from_str::<serde_json::Value>(&input.input).ok()
    };
    let cwd = Path::new("/nonexistent-editscope-fuzz/project");
    if let Some(value) = value {
        if let Ok(call) = tool_call::read(tool, &value, cwd) {
            let contract = Contract::from_toml("files = [\"docs/**\"]\n").unwrap();
            let _ = tool_call::check(&contract, None, &call, cwd);
        }
    }
    let _ = tool_call::shell::read_script(&input.input, cwd);
    let _ = tool_call::shell::mentions_apply_patch(&input.input);
    let text = tool_call::universal_newlines(&input.file);
    let _ = tool_call::expandtabs(&text);
    let _ = tool_call::openhands_insert(&text, input.line, &input.new);
    let reps = [Replacement {
        old: input.old.clone(),
        new: input.new.clone(),
        replace_all: input.replace_all,
    }];
    if tool_call::has_js_pattern(&input.new) {
        let _ = tool_call::js_replace(&input.file, &reps);
    }
});
