//! The data-driven hook cases in `tests/hooks/<host>/<case>/` (see its README), run
//! through the real binary: each case is a work tree (`files/`), one event or a sequence of
//! steps (`steps/<NN-name>/`), and what the hook must answer.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/hooks")
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@t")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@t")
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

/// `expected` matches `actual`: objects by their expected keys, strings as substrings,
/// everything else exactly.
fn matches(expected: &Value, actual: &Value) -> bool {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => e
            .iter()
            .all(|(k, v)| a.get(k).is_some_and(|x| matches(v, x))),
        (Value::String(e), Value::String(a)) => a.contains(e.as_str()),
        (e, a) => e == a,
    }
}

struct Step {
    dir: PathBuf,
    name: String,
}

fn run_step(case: &str, step: &Step, root: &Path, session: &str, cache: &Path) -> Vec<String> {
    let mut failures = Vec::new();
    let fail = |m: String| format!("{case} {}: {m}", step.name);
    if step.dir.join("write").is_dir() {
        copy_tree(&step.dir.join("write"), root);
    }
    let host = case.split('/').next().unwrap();
    let root_text = serde_json::to_string(&root.to_string_lossy()).unwrap();
    let root_text = &root_text[1..root_text.len() - 1];
    let event = std::fs::read_to_string(step.dir.join("event.json"))
        .unwrap_or_else(|e| panic!("{case} {}: event.json: {e}", step.name))
        .replace("{root}", root_text)
        .replace("{session}", session);
    let mut args: Vec<String> = vec!["hook".into(), host.into()];
    if let Ok(text) = std::fs::read_to_string(step.dir.join("args.json")) {
        let extra: Vec<String> = serde_json::from_str(&text.replace("{root}", root_text))
            .unwrap_or_else(|e| panic!("{case} {}: args.json: {e}", step.name));
        args.extend(extra);
    }
    let expected: Value = serde_json::from_str(
        &std::fs::read_to_string(step.dir.join("expected.json"))
            .unwrap_or_else(|e| panic!("{case} {}: expected.json: {e}", step.name)),
    )
    .unwrap_or_else(|e| panic!("{case} {}: expected.json: {e}", step.name));
    let mut child = Command::new(env!("CARGO_BIN_EXE_editscope"))
        .args(&args)
        .current_dir(root)
        .env_remove("EDITSCOPE_CONTRACT")
        .env_remove("CLAUDE_PROJECT_DIR")
        .env("EDITSCOPE_CACHE_DIR", cache)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(event.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    let shown = || format!("\n  stdout: {stdout}\n  stderr: {stderr}");
    if let Some(code) = expected.get("exit").and_then(Value::as_i64) {
        if out.status.code() != Some(code as i32) {
            failures.push(fail(format!(
                "exit {:?}, expected {code}{}",
                out.status.code(),
                shown()
            )));
        }
    }
    if let Some(e) = expected.get("stdout_exact") {
        match serde_json::from_str::<Value>(stdout.trim()) {
            Ok(a) if a == *e => {}
            _ => failures.push(fail(format!("stdout is not exactly {e}{}", shown()))),
        }
    }
    match expected.get("stdout") {
        None => {}
        Some(Value::String(s)) if s == "empty" && !stdout.trim().is_empty() => {
            failures.push(fail(format!("stdout should be empty{}", shown())));
        }
        Some(Value::String(s)) if s == "empty" => {}
        Some(e) => match serde_json::from_str::<Value>(stdout.trim()) {
            Ok(a) if matches(e, &a) => {}
            Ok(_) => failures.push(fail(format!("stdout does not match {e}{}", shown()))),
            Err(err) => failures.push(fail(format!("stdout is not JSON ({err}){}", shown()))),
        },
    }
    for s in expected
        .get("stderr")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let s = s.as_str().unwrap();
        if !stderr.contains(s) {
            failures.push(fail(format!("stderr lacks `{s}`{}", shown())));
        }
    }
    for s in expected
        .get("not_stderr")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let s = s.as_str().unwrap();
        if stderr.contains(s) {
            failures.push(fail(format!("stderr holds `{s}`{}", shown())));
        }
    }
    failures
}

#[test]
fn hook_cases() {
    let base = cases_dir();
    let mut failures = Vec::new();
    let mut count = 0;
    let mut hosts: Vec<PathBuf> = std::fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() && !p.file_name().unwrap().to_string_lossy().starts_with('_'))
        .collect();
    hosts.sort();
    let tmp = std::env::temp_dir().join(format!("editscope-host-hooks-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    for host_dir in hosts {
        let host = host_dir.file_name().unwrap().to_string_lossy().to_string();
        let mut cases: Vec<PathBuf> = std::fs::read_dir(&host_dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_dir())
            .collect();
        cases.sort();
        for case_dir in cases {
            let name = format!("{host}/{}", case_dir.file_name().unwrap().to_string_lossy());
            let meta: Value = std::fs::read_to_string(case_dir.join("case.json"))
                .ok()
                .map(|t| {
                    serde_json::from_str(&t).unwrap_or_else(|e| panic!("{name}: case.json: {e}"))
                })
                .unwrap_or(Value::Null);
            assert!(
                meta.get("source").is_some(),
                "{name}: case.json must cite the documentation the event follows (`source`)"
            );
            let root = tmp.join(name.replace('/', "--")).join("repo");
            let cache = tmp.join(name.replace('/', "--")).join("cache");
            std::fs::create_dir_all(&root).unwrap();
            std::fs::create_dir_all(&cache).unwrap();
            let root = std::fs::canonicalize(&root).unwrap();
            if let Some(tree) = meta.get("tree").and_then(Value::as_str) {
                copy_tree(&base.join("_trees").join(tree), &root);
            }
            if case_dir.join("files").is_dir() {
                copy_tree(&case_dir.join("files"), &root);
            }
            if meta.get("git").and_then(Value::as_bool) != Some(false) {
                git(&root, &["init", "-q"]);
                git(&root, &["add", "-A"]);
                git(&root, &["commit", "-qm", "init", "--allow-empty"]);
            }
            let session = format!("case-{}", name.replace('/', "-"));
            let steps: Vec<Step> = if case_dir.join("steps").is_dir() {
                let mut s: Vec<Step> = std::fs::read_dir(case_dir.join("steps"))
                    .unwrap()
                    .map(|e| {
                        let e = e.unwrap();
                        Step {
                            dir: e.path(),
                            name: e.file_name().to_string_lossy().to_string(),
                        }
                    })
                    .collect();
                s.sort_by(|a, b| a.name.cmp(&b.name));
                s
            } else {
                vec![Step {
                    dir: case_dir.clone(),
                    name: "event".into(),
                }]
            };
            for step in &steps {
                count += 1;
                failures.extend(run_step(&name, step, &root, &session, &cache));
            }
        }
    }
    let _ = std::fs::remove_dir_all(&tmp);
    assert!(count > 0, "no hook cases found under {}", base.display());
    assert!(
        failures.is_empty(),
        "{} of {count} hook steps failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
