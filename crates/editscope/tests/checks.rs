//! Data-driven whole-change checks: `tests/checks/<format>/<case>/` at the repository root,
//! each with `repo/` (the files before), `patch.*` (the agent's change), `contract.toml` and
//! `expected.json`. See `tests/checks/README.md`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use editscope::{check_changes, ChangeSet, Contract, PatchFormat};
use serde_json::Value;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/checks")
}

fn run_case(dir: &Path) -> Result<(), String> {
    let patch_path = std::fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_stem().and_then(|s| s.to_str()) == Some("patch"))
        .ok_or("no patch.* file")?;
    let patch = std::fs::read_to_string(&patch_path).map_err(|e| e.to_string())?;
    let format = match patch_path.extension().and_then(|e| e.to_str()) {
        Some("diff") => Some(PatchFormat::Unified),
        Some("codex") => Some(PatchFormat::Codex),
        Some("aider") => Some(PatchFormat::Aider),
        _ => None,
    };
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("expected.json")).map_err(|e| e.to_string())?,
    )
    .map_err(|e| format!("expected.json: {e}"))?;
    let contract_text = std::fs::read_to_string(dir.join("contract.toml")).unwrap_or_default();
    let repo = dir.join("repo");
    let result = Contract::from_toml(&contract_text)
        .map_err(|e| format!("contract: {e}"))
        .and_then(|c| {
            ChangeSet::from_patch_text(&repo, &patch, format)
                .map(|cs| (c, cs))
                .map_err(|e| format!("patch: {e}"))
        })
        .and_then(|(c, cs)| {
            check_changes(&c, &cs)
                .map(|r| (r, cs))
                .map_err(|e| format!("check: {e}"))
        });
    if let Some(fragment) = expected.get("error").and_then(Value::as_str) {
        return match result {
            Err(e) if e.contains(fragment) => {
                if let Some(line) = expected.get("error_line").and_then(Value::as_u64) {
                    if !e.contains(&format!("line {line}")) {
                        return Err(format!("error `{e}` does not name line {line}"));
                    }
                }
                Ok(())
            }
            Err(e) => Err(format!("error `{e}` does not contain `{fragment}`")),
            Ok((r, _)) => Err(format!(
                "expected an error containing `{fragment}`, got {}",
                r.status_name()
            )),
        };
    }
    let (report, changes) = result?;
    if expected.get("status").and_then(Value::as_str) != Some(report.status_name()) {
        return Err(format!(
            "status {}, expected {}; violations: {:#?}",
            report.status_name(),
            expected["status"],
            report.violations
        ));
    }
    if let Some(want) = expected.get("violations").and_then(Value::as_array) {
        let want: BTreeSet<(String, String, String)> = want
            .iter()
            .map(|v| {
                (
                    v["path"].as_str().unwrap_or("").to_string(),
                    v["kind"].as_str().unwrap_or("").to_string(),
                    v["symbol"].as_str().unwrap_or("<none>").to_string(),
                )
            })
            .collect();
        let got: BTreeSet<(String, String, String)> = report
            .violations
            .iter()
            .map(|v| {
                let kind = serde_json::to_value(v.violation.kind).unwrap();
                (
                    v.path.clone(),
                    kind.as_str().unwrap_or("").to_string(),
                    v.violation.symbol.clone().unwrap_or("<none>".into()),
                )
            })
            .collect();
        if want != got {
            return Err(format!("violations {got:?}, expected {want:?}"));
        }
    }
    // `warnings`: each fragment is in some warning of the report.
    if let Some(want) = expected.get("warnings").and_then(Value::as_array) {
        for fragment in want.iter().filter_map(Value::as_str) {
            if !report.warnings.iter().any(|w| w.contains(fragment)) {
                return Err(format!(
                    "no warning contains `{fragment}`; warnings: {:?}",
                    report.warnings
                ));
            }
        }
    }
    // `after/`, when present, is the tree the producing tool would write: compare.
    let after_dir = dir.join("after");
    if after_dir.is_dir() {
        for f in &changes.files {
            let on_disk = std::fs::read_to_string(after_dir.join(&f.path)).ok();
            if on_disk != f.after {
                return Err(format!(
                    "{}: applied content differs from after/{}:\n--- got\n{:?}\n--- expected\n{:?}",
                    f.path, f.path, f.after, on_disk
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn checks() {
    let root = root();
    let mut dirs = Vec::new();
    for format in std::fs::read_dir(&root)
        .expect("tests/checks exists")
        .flatten()
        .filter(|e| e.path().is_dir())
    {
        for case in std::fs::read_dir(format.path())
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
        {
            dirs.push(case.path());
        }
    }
    dirs.sort();
    assert!(!dirs.is_empty());
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|d| {
            run_case(d)
                .err()
                .map(|e| format!("{}: {e}", d.strip_prefix(&root).unwrap_or(d).display()))
        })
        .collect();
    println!("{} checks, {} failed", dirs.len(), failures.len());
    assert!(
        failures.is_empty(),
        "{} of {} checks failed:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}
