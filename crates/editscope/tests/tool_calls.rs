//! The tool-call table `tests/tool_calls/calls.json`, run through the core
//! (`editscope::tool_call`). The CLI hooks and the Python bindings run the same table with
//! the same expectations (see `tests/tool_calls/README.md`).

use std::path::{Path, PathBuf};

use editscope::tool_call::{self, Outcome};
use editscope::{Contract, Status};
use serde_json::Value;

fn table() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/tool_calls/calls.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `$ROOT` and `$OUT` replaced in every string of `v`.
fn fill(v: &Value, root: &Path, out: &Path) -> Value {
    match v {
        Value::String(s) => Value::String(
            s.replace("$ROOT", root.to_str().unwrap())
                .replace("$OUT", out.to_str().unwrap()),
        ),
        Value::Array(a) => Value::Array(a.iter().map(|x| fill(x, root, out)).collect()),
        Value::Object(o) => Value::Object(
            o.iter()
                .map(|(k, x)| (k.clone(), fill(x, root, out)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The row's repository under a fresh directory: `(root, outside)`.
fn setup(dir: &Path, defaults: &Value, row: &Value) -> (PathBuf, PathBuf) {
    let _ = std::fs::remove_dir_all(dir);
    let (root, out) = (dir.join("repo"), dir.join("out"));
    std::fs::create_dir_all(&root).unwrap();
    std::fs::create_dir_all(&out).unwrap();
    let place = |k: &str| {
        let k = k.replace("$OUT", out.to_str().unwrap());
        if Path::new(&k).is_absolute() {
            PathBuf::from(k)
        } else {
            root.join(k)
        }
    };
    for files in [&defaults["files"], &row["files"]] {
        for (k, v) in files.as_object().into_iter().flatten() {
            let p = place(k);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, v.as_str().unwrap()).unwrap();
        }
    }
    let contract = row
        .get("contract")
        .unwrap_or(&defaults["contract"])
        .as_str()
        .unwrap();
    std::fs::write(root.join(".editscope.toml"), contract).unwrap();
    #[cfg(unix)]
    for (k, v) in row["symlinks"].as_object().into_iter().flatten() {
        let target = fill(v, &root, &out);
        let p = place(k);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::os::unix::fs::symlink(target.as_str().unwrap(), p).unwrap();
    }
    (root, out)
}

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
        eprintln!("{name}: {got}");
        if got.split(' ').next() != Some(want) {
            failures.push(format!("{name}: expected {want}, got {got}"));
        }
    }
    let _ = std::fs::remove_dir_all(&base);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
