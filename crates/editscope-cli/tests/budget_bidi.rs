//! `--budget-ms` on `check` and `hook`, and bidi controls shown escaped, never raw.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn editscope(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_editscope"))
        .args(args)
        .current_dir(root())
        .env_remove("EDITSCOPE_CONTRACT")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[test]
fn check_past_its_budget_is_unverifiable_exit_2() {
    let args = [
        "check",
        "--contract",
        "examples/check/scope.toml",
        "--root",
        "examples/check/repo",
        "--budget-ms",
        "0",
        "--json",
        "examples/check/agent.diff",
    ];
    let o = editscope(&args, "");
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["status"], "unverifiable");
    assert_eq!(
        report["files"][0]["unverifiable"]["reason"],
        "budget_exceeded"
    );
    assert_eq!(report["files"][0]["unverifiable"]["budget_ms"], 0);
}

#[test]
fn hook_past_its_budget_denies() {
    let repo = root().join("examples/check/repo");
    let event = serde_json::json!({
        "session_id": format!("budget-{}", std::process::id()), "cwd": repo, "hook_event_name": "PreToolUse", "tool_name": "Edit",
        "tool_input": {"file_path": repo.join("src/app.py"), "old_string": "import logging", "new_string": "import logging  "},
    })
    .to_string();
    let contract = root().join("examples/check/scope.toml");
    let contract = contract.to_str().unwrap();
    let repo_s = repo.to_str().unwrap();
    let args = [
        "hook",
        "claude-code",
        "--contract",
        contract,
        "--root",
        repo_s,
    ];
    // With the default budget the (out-of-scope) edit is denied as rejected; with none left,
    // denied as unverifiable. Never allowed.
    let mut with_budget = args.to_vec();
    with_budget.extend(["--budget-ms", "0"]);
    let o = editscope(&with_budget, &event);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap_or_default();
    assert_eq!(
        v["hookSpecificOutput"]["permissionDecision"],
        "deny",
        "{}",
        text(&o.stdout)
    );
    let reason = v["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .unwrap();
    assert!(reason.contains("budget exceeded"), "{reason}");
}

#[test]
fn bidi_control_is_rejected_and_shown_escaped() {
    let dir = std::env::temp_dir().join(format!("editscope-bidi-{}", std::process::id()));
    let (b, a) = (dir.join("before"), dir.join("after"));
    std::fs::create_dir_all(&b).unwrap();
    std::fs::create_dir_all(&a).unwrap();
    std::fs::write(
        b.join("app.py"),
        "def f(user):\n    return user == \"admin\"\n",
    )
    .unwrap();
    std::fs::write(
        a.join("app.py"),
        "def f(user):\n    return user == \"admin\u{202E} \u{2066}\"\n",
    )
    .unwrap();
    let (bs, as_) = (b.to_str().unwrap(), a.to_str().unwrap());
    let args = [
        "check",
        "--allow-body",
        "app.py::f",
        "--before",
        bs,
        "--after",
        as_,
    ];
    let o = editscope(&args, "");
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}{}", text(&o.stderr));
    assert!(out.contains("[bidi_control]"), "{out}");
    assert!(out.contains("U+202E") && out.contains("\\u{202E}"), "{out}");
    assert!(
        !out.contains('\u{202E}') && !out.contains('\u{2066}'),
        "raw bidi in {out}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}
