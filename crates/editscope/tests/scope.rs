//! `scope_changes` round-trips, over every data-driven change in the repository: the
//! contract it prints allows the change, and without any one of its entries the change is
//! rejected. What it refuses, no contract allows. The cases are `tests/checks/<format>/`
//! (whole patches) and `tests/cases/<lang>/` (one file each).

use std::path::{Path, PathBuf};

use editscope::{
    check_changes, scope_changes, ChangeSet, Contract, ContractSpec, PatchFormat, ScopeOptions,
};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests")
}

/// The round trip on one change; `Err` names what failed.
fn round_trip(name: &str, changes: &ChangeSet, stats: &mut [usize; 3]) -> Result<(), String> {
    let scope = scope_changes(
        changes,
        &ScopeOptions {
            jobs: Some(1),
            ..Default::default()
        },
    );
    stats[0] += scope.entries.len();
    stats[1] += scope
        .entries
        .iter()
        .filter(|e| e.key == editscope::ScopeKey::Files)
        .count();
    stats[2] += scope.refused.len();
    // Printed and read back: the TOML is the contract.
    let toml = scope.to_toml(name);
    let contract = Contract::from_toml(&toml).map_err(|e| format!("{name}: {e}\n{toml}"))?;
    let report = check_changes(&contract, changes).map_err(|e| format!("{name}: {e}"))?;
    if !scope.refused.is_empty() {
        // Nothing a contract could grant allows it.
        let everything = Contract::from_spec(ContractSpec {
            files: vec!["**".into()],
            create: vec!["**".into()],
            delete: vec!["**".into()],
            ..ContractSpec::default()
        })
        .map_err(|e| e.to_string())?;
        let all = check_changes(&everything, changes).map_err(|e| format!("{name}: {e}"))?;
        if all.is_allowed() || report.is_allowed() || scope.allowed {
            return Err(format!(
                "{name}: refused {:?}, but a contract allows it",
                scope.refused
            ));
        }
        return Ok(());
    }
    if !report.is_allowed() || !scope.allowed {
        return Err(format!(
            "{name}: the scoped contract does not allow the change ({}):\n{toml}\n{:#?}",
            report.status_name(),
            report.violations
        ));
    }
    for (i, e) in scope.entries.iter().enumerate() {
        let without = Contract::from_spec(scope.spec_without(i)).map_err(|e| e.to_string())?;
        let r = check_changes(&without, changes).map_err(|e| format!("{name}: {e}"))?;
        if r.is_allowed() {
            return Err(format!(
                "{name}: entry {} {:?} is not needed:\n{toml}",
                e.key.as_str(),
                e.selector
            ));
        }
    }
    Ok(())
}

fn run(dirs: Vec<PathBuf>, change: impl Fn(&Path) -> Option<ChangeSet>) -> usize {
    let mut failures = vec![];
    let mut n = 0;
    let mut stats = [0; 3];
    for dir in dirs {
        let Some(changes) = change(&dir) else {
            continue;
        };
        n += 1;
        if let Err(e) = round_trip(&dir.display().to_string(), &changes, &mut stats) {
            failures.push(e);
        }
    }
    eprintln!(
        "{n} changes: {} entries, {} of them whole files; {} files refused",
        stats[0], stats[1], stats[2]
    );
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n\n")
    );
    n
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|r| {
            r.flatten()
                .map(|e| e.path())
                .filter(|p| p.is_dir())
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

/// A `tests/cases/<lang>/<case>/` change, as the file `src/<case>.<ext>`.
fn case_change(dir: &Path) -> Option<ChangeSet> {
    let files: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .collect();
    let before = files
        .iter()
        .find(|p| p.file_stem().is_some_and(|s| s == "before"))?;
    let ext = before.extension()?.to_str()?;
    let after = dir.join(format!("after.{ext}"));
    let b = std::fs::read_to_string(before).ok()?;
    let a = std::fs::read_to_string(after).ok()?;
    let name = dir.file_name()?.to_str()?;
    ChangeSet::from_memory([(format!("src/{name}.{ext}"), Some(b), Some(a))]).ok()
}

fn cases(lang: &str) {
    let n = run(subdirs(&data().join("cases").join(lang)), case_change);
    assert!(n > 10, "only {n} cases for {lang}");
}

#[test]
fn python_cases() {
    cases("python");
}

#[test]
fn rust_cases() {
    cases("rust");
}

#[test]
fn typescript_and_tsx_cases() {
    cases("typescript");
    cases("tsx");
}

#[test]
fn javascript_and_go_cases() {
    cases("javascript");
    cases("go");
}

/// A `tests/checks/<format>/<case>/` patch applied to its `repo/`.
fn check_change(dir: &Path) -> Option<ChangeSet> {
    let patch_path = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_stem().and_then(|s| s.to_str()) == Some("patch"))?;
    let patch = std::fs::read_to_string(&patch_path).ok()?;
    let format = match patch_path.extension().and_then(|e| e.to_str()) {
        Some("diff") => Some(PatchFormat::Unified),
        Some("codex") => Some(PatchFormat::Codex),
        Some("aider") => Some(PatchFormat::Aider),
        _ => None,
    };
    ChangeSet::from_patch_text(&dir.join("repo"), &patch, format).ok()
}

#[test]
fn whole_patch_checks() {
    let mut dirs = vec![];
    for format in subdirs(&data().join("checks")) {
        dirs.extend(subdirs(&format));
    }
    let n = run(dirs, check_change);
    assert!(n > 20, "only {n} checks");
}

/// A test title holding `*` or `?` is printed as written, and the printed selector names that
/// test alone: a quoted segment matches literally, so the contract is no wider than the change
/// (a sibling `"adds numbers"` or `"is admin!"` stays ungranted).
#[test]
fn titles_with_wildcard_characters_stay_narrow() {
    let test = |first: &str, second: &str, one: &str, two: &str| {
        format!(
            "describe(\"suite\", () => {{\n  it(\"{first}\", () => {{\n    expect({one}).toBe(1);\n  }});\n\n  it(\"{second}\", () => {{\n    expect({two}).toBe(2);\n  }});\n}});\n"
        )
    };
    for (first, second) in [("adds *", "adds numbers"), ("is admin?", "is admin!")] {
        let before = test(first, second, "1", "2");
        let change = ChangeSet::from_memory([(
            "t.test.js".to_string(),
            Some(before.clone()),
            Some(test(first, second, "11", "2")),
        )])
        .unwrap();
        let scope = scope_changes(&change, &ScopeOptions::default());
        let toml = scope.to_toml("titles");
        assert!(toml.contains(&format!("\\\"{first}\\\"")), "{toml}");
        let contract = Contract::from_toml(&toml).unwrap();
        assert!(
            check_changes(&contract, &change).unwrap().is_allowed(),
            "{toml}"
        );
        // The sibling changed too: the scoped contract does not cover it.
        let wider = ChangeSet::from_memory([(
            "t.test.js".to_string(),
            Some(before),
            Some(test(first, second, "11", "22")),
        )])
        .unwrap();
        assert!(
            !check_changes(&contract, &wider).unwrap().is_allowed(),
            "{toml}"
        );
    }
}
