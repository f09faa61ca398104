//! The tool-call table `tests/tool_calls/calls.json`, run through the core
//! (`editscope::tool_call`). The CLI hooks and the Python bindings run the same table with
//! the same expectations (see `tests/tool_calls/README.md`).

use std::path::PathBuf;

use editscope::tool_call::{self, Outcome};
use editscope::{Contract, Status};

#[path = "support/tool_table.rs"]
mod tool_table;
use tool_table::{fill, setup, table};

#[test]
fn the_tool_call_table_through_the_core() {
    let table = table();
    let base = std::env::temp_dir().join(format!("editscope-table-core-{}", std::process::id()));
    let mut failures = Vec::new();
    for row in table["calls"].as_array().unwrap() {
        let name = row["name"].as_str().unwrap();
        if cfg!(not(unix)) && row.get("symlinks").is_some() {
            continue;
        }
        let (root, out) = setup(&base.join(name), &table["defaults"], row);
        let input = fill(&row["input"], &root, &out);
        let cwd = row
            .get("cwd")
            .map(|c| PathBuf::from(fill(c, &root, &out).as_str().unwrap()))
            .unwrap_or_else(|| root.clone());
        let contract_file = root.join(".editscope.toml");
        let contract = Contract::from_path(&contract_file).unwrap();
        let got = match tool_call::check_tool_call(
            &contract,
            Some(&contract_file),
            row["tool"].as_str().unwrap(),
            &input,
            &cwd,
            &root,
        ) {
            Ok(Outcome::NotAnEdit) => "pass".to_string(),
            Ok(Outcome::Outside { .. }) => "outside".to_string(),
            Ok(Outcome::Checked { report, .. }) if report.status == Status::Allowed => {
                "allow".to_string()
            }
            Ok(Outcome::Checked { report, .. }) => format!("deny ({:?})", report.status),
            Err(e) => format!("deny ({e})"),
        };
        let want = row["expect"].as_str().unwrap();
        if got.split(' ').next() != Some(want) {
            failures.push(format!("{name}: expected {want}, got {got}"));
        }
    }
    let _ = std::fs::remove_dir_all(&base);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
