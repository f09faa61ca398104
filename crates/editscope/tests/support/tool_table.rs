//! The tool-call table `tests/tool_calls/calls.json` and the sandbox each row runs in (shared
//! by the core's and the CLI's tests).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

pub fn table() -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/tool_calls/calls.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// `$ROOT` and `$OUT` replaced in every string of `v`.
pub fn fill(v: &Value, root: &Path, out: &Path) -> Value {
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
pub fn setup(dir: &Path, defaults: &Value, row: &Value) -> (PathBuf, PathBuf) {
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
