//! `editscope hook` for Claude Code, Codex and OpenHands, and the CI formats, run on
//! real-shaped events through the built binary.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// A copy of the bundled example repository with `.editscope.toml`, removed on drop.
struct Repo(PathBuf);

impl Repo {
    fn new(name: &str) -> Repo {
        let dir =
            std::env::temp_dir().join(format!("editscope-hook-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy(&root().join("examples/check/repo"), &dir);
        std::fs::copy(
            root().join("examples/check/scope.toml"),
            dir.join(".editscope.toml"),
        )
        .unwrap();
        Repo(dir)
    }
    fn p(&self, rel: &str) -> String {
        self.0.join(rel).to_string_lossy().into_owned()
    }
    fn hash(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        walk(&self.0, &mut out);
        out.sort();
        out
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn walk(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            walk(&e.path(), out);
        } else {
            out.push((e.path(), std::fs::read(e.path()).unwrap()));
        }
    }
}

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap().flatten() {
        if e.path().is_dir() {
            copy(&e.path(), &to.join(e.file_name()));
        } else {
            std::fs::copy(e.path(), to.join(e.file_name())).unwrap();
        }
    }
}

fn hook(agent: &str, event: &str, envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_editscope"));
    cmd.args(["hook", agent])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("EDITSCOPE_CONTRACT");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // A hook may refuse to read a huge event to the end; a broken pipe is fine.
    let _ = stdin.write_all(event.as_bytes());
    drop(stdin);
    child.wait_with_output().unwrap()
}

fn deny_reason(o: &Output) -> Option<String> {
    let v: Value = serde_json::from_slice(&o.stdout).ok()?;
    assert_eq!(v["hookSpecificOutput"]["hookEventName"], "PreToolUse");
    assert_eq!(v["hookSpecificOutput"]["permissionDecision"], "deny");
    v["hookSpecificOutput"]["permissionDecisionReason"]
        .as_str()
        .map(str::to_string)
}

/// A session id of this test's own (hosts give every session a unique id; a shared one
/// would let one test's session judge another's events).
fn sid(dir: &Path) -> String {
    format!(
        "s-{:x}",
        dir.to_string_lossy()
            .bytes()
            .fold(0xcbf29ce484222325u64, |h, b| (h ^ b as u64)
                .wrapping_mul(0x100000001b3))
    )
}

fn claude(repo: &Repo, tool: &str, input: Value) -> String {
    json!({"session_id": sid(&repo.0), "transcript_path": "/tmp/t.jsonl", "cwd": repo.0, "permission_mode": "default",
           "hook_event_name": "PreToolUse", "tool_name": tool, "tool_input": input, "tool_use_id": "toolu_1"})
    .to_string()
}

#[test]
fn claude_code_allows_in_scope_edits_and_denies_the_rest() {
    let repo = Repo::new("claude");
    let app = repo.p("src/app.py");
    let ok = hook(
        "claude-code",
        &claude(
            &repo,
            "Edit",
            json!({"file_path": app, "old_string": "user = {\"name\": name}", "new_string": "user = {\"name\": name.strip()}"}),
        ),
        &[],
    );
    assert_eq!(ok.status.code(), Some(0));
    assert!(
        ok.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );

    let bad = hook(
        "claude-code",
        &claude(
            &repo,
            "Edit",
            json!({"file_path": app, "old_string": "        self.db.audit(\"delete\", user_id)\n", "new_string": ""}),
        ),
        &[],
    );
    assert_eq!(bad.status.code(), Some(0));
    let reason = deny_reason(&bad).expect("a deny decision");
    assert!(
        reason.contains("UserService.delete") && reason.contains("You may change only"),
        "{reason}"
    );

    let multi = hook(
        "claude-code",
        &claude(
            &repo,
            "MultiEdit",
            json!({"file_path": app, "edits": [
            {"old_string": "user = {\"name\": name}", "new_string": "user = {\"name\": name.strip()}"},
            {"old_string": "import logging\n", "new_string": "import logging\nimport os\n"}]}),
        ),
        &[],
    );
    assert!(
        deny_reason(&multi).is_some_and(
            |r| r.contains("an import was added") && r.contains("grant `imports` to allow it")
        ),
        "{:?}",
        deny_reason(&multi)
    );

    let write_test = hook(
        "claude-code",
        &claude(
            &repo,
            "Write",
            json!({"file_path": repo.p("tests/test_new.py"), "content": "def test():\n    pass\n"}),
        ),
        &[],
    );
    assert_eq!(
        (write_test.status.code(), write_test.stdout.is_empty()),
        (Some(0), true)
    );
    let write_src = hook(
        "claude-code",
        &claude(
            &repo,
            "Write",
            json!({"file_path": repo.p("src/new.py"), "content": "x = 1\n"}),
        ),
        &[],
    );
    assert!(deny_reason(&write_src).is_some_and(|r| r.contains("src/new.py")));
}

#[test]
fn claude_code_passes_other_tools_and_paths_outside_the_root() {
    let repo = Repo::new("pass");
    for (tool, input) in [
        ("Bash", json!({"command": "rm -rf /"})),
        ("Read", json!({"file_path": repo.p("src/app.py")})),
    ] {
        let o = hook("claude-code", &claude(&repo, tool, input), &[]);
        assert_eq!(o.status.code(), Some(0));
        assert!(o.stdout.is_empty());
    }
    let outside = std::env::temp_dir().join(format!("editscope-outside-{}.py", std::process::id()));
    let o = hook(
        "claude-code",
        &claude(
            &repo,
            "Write",
            json!({"file_path": outside, "content": "x = 1\n"}),
        ),
        &[],
    );
    assert_eq!(o.status.code(), Some(0));
    assert!(
        o.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn internal_errors_deny() {
    let repo = Repo::new("errors");
    let before = repo.hash();
    // Malformed JSON, a missing file, an edit that does not apply, a huge event.
    let cases = [
        "{not json".to_string(),
        claude(&repo, "Edit", json!({"file_path": repo.p("src/missing.py"), "old_string": "a", "new_string": "b"})),
        claude(&repo, "Edit", json!({"file_path": repo.p("src/app.py"), "old_string": "no such text", "new_string": "b"})),
        claude(&repo, "Edit", json!({"file_path": repo.p("src/app.py"), "old_string": 3})),
        format!("{{\"tool_name\": \"Write\", \"tool_input\": {{\"file_path\": \"x\", \"content\": \"{}\"}}}}", "a".repeat(70 * 1024 * 1024)),
    ];
    for event in &cases {
        let o = hook("claude-code", event, &[]);
        assert_eq!(
            o.status.code(),
            Some(2),
            "{}",
            &event[..event.len().min(200)]
        );
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(
            err.contains("blocked") && !err.contains("panicked"),
            "{err}"
        );
    }
    assert_eq!(before, repo.hash(), "a hook never writes");
}

#[test]
fn a_broken_contract_blocks_everything_and_no_contract_allows() {
    let repo = Repo::new("broken");
    std::fs::write(
        repo.0.join(".editscope.toml"),
        "edit = [\"src/app.py::UserService.create\"\n",
    )
    .unwrap();
    let event = claude(
        &repo,
        "Edit",
        json!({"file_path": repo.p("src/app.py"), "old_string": "user = {\"name\": name}", "new_string": "user = {}"}),
    );
    let o = hook("claude-code", &event, &[]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("does not parse"));

    std::fs::remove_file(repo.0.join(".editscope.toml")).unwrap();
    let o = hook("claude-code", &event, &[]);
    assert_eq!(o.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&o.stderr).contains("no contract found"));

    // $EDITSCOPE_CONTRACT comes before .editscope.toml.
    let contract = repo.0.join("task.toml");
    std::fs::write(&contract, "body = [\"src/app.py::UserService.create\"]\n").unwrap();
    let bad = claude(
        &repo,
        "Edit",
        json!({"file_path": repo.p("src/app.py"), "old_string": "self.db.remove(user_id)", "new_string": "pass"}),
    );
    let o = hook(
        "claude-code",
        &bad,
        &[("EDITSCOPE_CONTRACT", contract.to_str().unwrap())],
    );
    assert!(deny_reason(&o).is_some());
}

#[test]
fn codex_apply_patch_in_a_heredoc() {
    let repo = Repo::new("codex");
    let patch = |body: &str| {
        format!("apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: src/app.py\n{body}*** End Patch\nEOF\n")
    };
    let event = |command: Value| {
        json!({"session_id": sid(&repo.0), "cwd": repo.0, "hook_event_name": "PreToolUse", "tool_name": "apply_patch", "tool_input": {"command": command}}).to_string()
    };
    let ok = hook(
        "codex",
        &event(json!(patch(
            "@@\n-        user = {\"name\": name}\n+        user = {\"name\": name.strip()}\n"
        ))),
        &[],
    );
    assert_eq!(
        (ok.status.code(), ok.stdout.is_empty()),
        (Some(0), true),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    let bad = hook(
        "codex",
        &event(json!([
            "bash",
            "-lc",
            patch("@@\n-        self.db.remove(user_id)\n+        pass\n")
        ])),
        &[],
    );
    assert!(deny_reason(&bad).is_some_and(|r| r.contains("UserService.delete")));
    let shell = hook(
        "codex",
        &json!({"cwd": repo.0, "tool_name": "shell", "tool_input": {"command": ["ls"]}})
            .to_string(),
        &[],
    );
    assert_eq!(
        (shell.status.code(), shell.stdout.is_empty()),
        (Some(0), true)
    );
}

#[test]
fn openhands_file_editor() {
    let repo = Repo::new("openhands");
    let event = |input: Value| {
        json!({"event_type": "PreToolUse", "tool_name": "file_editor", "tool_input": input, "session_id": sid(&repo.0), "working_dir": repo.0, "metadata": {}}).to_string()
    };
    let ok = hook(
        "openhands",
        &event(
            json!({"command": "str_replace", "path": repo.p("src/app.py"), "old_str": "user = {\"name\": name}", "new_str": "user = {\"name\": name.strip()}"}),
        ),
        &[],
    );
    assert_eq!(ok.status.code(), Some(0));
    let bad = hook(
        "openhands",
        &event(
            json!({"command": "insert", "path": repo.p("src/app.py"), "insert_line": 1, "new_str": "import os"}),
        ),
        &[],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("grant `imports` to allow it"));
    let view = hook(
        "openhands",
        &event(json!({"command": "view", "path": repo.p("src/app.py")})),
        &[],
    );
    assert_eq!(view.status.code(), Some(0));
}

#[test]
fn sarif_and_github_formats() {
    let o = Command::new(env!("CARGO_BIN_EXE_editscope"))
        .args([
            "check",
            "--contract",
            "examples/check/scope.toml",
            "--root",
            "examples/check/repo",
            "examples/check/agent.diff",
            "--format",
            "sarif",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1));
    let sarif: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let result = &sarif["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "changed");
    assert_eq!(
        result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/app.py"
    );
    assert_eq!(
        result["locations"][0]["physicalLocation"]["region"],
        // Where the two removed lines stood in `after`, not the method's first line.
        serde_json::json!({"startLine": 22, "endLine": 22})
    );
    assert_eq!(
        sarif["runs"][0]["tool"]["driver"]["rules"][0]["id"],
        "changed"
    );

    let o = Command::new(env!("CARGO_BIN_EXE_editscope"))
        .args([
            "check",
            "--contract",
            "examples/check/scope.toml",
            "--root",
            "examples/check/repo",
            "examples/check/agent.diff",
            "--format",
            "github",
        ])
        .current_dir(root())
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.starts_with("::error file=src/app.py,line=22,endLine=22,title=editscope::method `UserService.delete` changed"), "{text}");
}

#[test]
fn an_agent_cannot_loosen_its_own_contract() {
    let repo = Repo::new("loosen");
    std::fs::create_dir_all(repo.0.join(".git")).unwrap();
    // Writing a contract is never granted, even where creating files is.
    let o = hook(
        "claude-code",
        &claude(
            &repo,
            "Write",
            json!({"file_path": repo.p("tests/.editscope.toml"), "content": "files = [\"**\"]\n"}),
        ),
        &[],
    );
    assert!(
        deny_reason(&o).is_some_and(|r| r.contains("contract")),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // A looser contract further down (written by a shell command) does not override the one
    // at the repository root: two contracts over one file, so the call is denied, even an
    // edit the root's contract grants.
    std::fs::create_dir_all(repo.0.join("src/sub")).unwrap();
    std::fs::write(repo.0.join("src/.editscope.toml"), "files = [\"**\"]\n").unwrap();
    for (old, new) in [
        ("self.db.remove(user_id)", "pass"),
        ("user = {\"name\": name}", "user = {\"name\": name.strip()}"),
    ] {
        let o = hook(
            "claude-code",
            &claude(
                &repo,
                "Edit",
                json!({"file_path": repo.p("src/app.py"), "old_string": old, "new_string": new}),
            ),
            &[],
        );
        assert!(
            deny_reason(&o).is_some_and(|r| r.contains("more than one contract")),
            "{}",
            String::from_utf8_lossy(&o.stdout)
        );
    }
    // Any file named `.editscope.toml`, in any case, anywhere (outside the root too), by
    // every host.
    let outside = repo.0.parent().unwrap().join(format!(
        "{}-out",
        repo.0.file_name().unwrap().to_string_lossy()
    ));
    for (agent, tool, input) in [
        (
            "claude-code",
            "Write",
            json!({"file_path": outside.join(".editscope.toml"), "content": "files = [\"**\"]\n"}),
        ),
        (
            "claude-code",
            "Write",
            json!({"file_path": repo.p("docs/.EditScope.TOML"), "content": "files = [\"**\"]\n"}),
        ),
        (
            "claude-code",
            "Write",
            json!({"file_path": repo.p("../.editscope.toml"), "content": "files = [\"**\"]\n"}),
        ),
        (
            "codex",
            "apply_patch",
            json!({"command": "*** Begin Patch\n*** Add File: ../.editscope.toml\n+files = [\"**\"]\n*** End Patch\n"}),
        ),
        (
            "openhands",
            "str_replace_editor",
            json!({"command": "create", "path": outside.join("x/.editscope.toml"), "file_text": "files = [\"**\"]\n"}),
        ),
    ] {
        let o = hook(agent, &claude(&repo, tool, input.clone()), &[]);
        assert!(
            o.status.code() == Some(2)
                || deny_reason(&o).is_some_and(|r| r.contains("`.editscope.toml`")),
            "{agent} {input}: {} {}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

fn git_init(dir: &Path) {
    let o = Command::new("git")
        .args(["init", "-q"])
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(o.status.success());
}

#[test]
fn review_findings_fail_closed() {
    let repo = Repo::new("review");
    git_init(&repo.0);
    std::fs::create_dir_all(repo.0.join("tests")).unwrap();
    std::fs::write(
        repo.0.join("tests/test_old.py"),
        "def test():\n    assert True\n",
    )
    .unwrap();
    let protected = json!({"file_path": repo.p("src/app.py"), "old_string": "        self.db.audit(\"delete\", user_id)\n", "new_string": ""});

    // A `.git` written where files may be created is git's data: denied.
    let o = hook(
        "claude-code",
        &claude(
            &repo,
            "Write",
            json!({"file_path": repo.p("tests/.git"), "content": "gitdir: /nowhere\n"}),
        ),
        &[],
    );
    assert!(
        deny_reason(&o).is_some_and(|r| r.contains(".git")),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // A nested repository does not hide the contract above it.
    std::fs::create_dir_all(repo.0.join("vendor/lib")).unwrap();
    git_init(&repo.0.join("vendor/lib"));
    std::fs::write(repo.0.join("vendor/lib/core.py"), "x = 1\n").unwrap();
    let o = hook(
        "claude-code",
        &claude(
            &repo,
            "Edit",
            json!({"file_path": repo.p("vendor/lib/core.py"), "old_string": "x = 1", "new_string": "x = 2"}),
        ),
        &[],
    );
    assert!(
        deny_reason(&o).is_some(),
        "nested repo: {}",
        String::from_utf8_lossy(&o.stderr)
    );

    // `..` after a directory that does not exist still lands on the protected file.
    let mut sneaky = protected.clone();
    sneaky["file_path"] = json!(repo.p("src/nonexist/../app.py"));
    assert!(deny_reason(&hook("claude-code", &claude(&repo, "Edit", sneaky), &[])).is_some());

    // A new directory: the contract is found from the file's nearest existing ancestor.
    let event = json!({"cwd": "/tmp", "tool_name": "Write", "tool_input": {"file_path": repo.p("src/newpkg/evil.py"), "content": "x = 1\n"}}).to_string();
    assert!(deny_reason(&hook("claude-code", &event, &[])).is_some());

    // Through a symlink outside the root that leads into it.
    let alias = std::env::temp_dir().join(format!("editscope-alias-{}.py", std::process::id()));
    let _ = std::fs::remove_file(&alias);
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(repo.0.join("src/app.py"), &alias).unwrap();
        let mut via = protected.clone();
        via["file_path"] = json!(alias.to_string_lossy());
        let o = hook("claude-code", &claude(&repo, "Edit", via), &[]);
        let _ = std::fs::remove_file(&alias);
        assert!(
            deny_reason(&o).is_some(),
            "symlink alias: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }

    // Codex resolves patch paths against the call's working directory.
    let event = json!({"cwd": repo.0.join("src"), "tool_name": "apply_patch",
        "tool_input": {"command": "*** Begin Patch\n*** Add File: tests/evil.py\n+x = 1\n*** End Patch\n"}}).to_string();
    let o = hook("codex", &event, &[]);
    assert!(
        deny_reason(&o).is_some_and(|r| r.contains("src/tests/evil.py")),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );

    // A named contract: its root does not move with the edited file into a nested repo, and
    // the contract file itself, whatever its name, is never granted.
    std::fs::create_dir_all(repo.0.join("vendor/lib/tests")).unwrap();
    std::fs::create_dir_all(repo.0.join("config")).unwrap();
    std::fs::write(
        repo.0.join("config/scope.toml"),
        "create = [\"tests/**\"]\nfiles = [\"config/**\"]\n",
    )
    .unwrap();
    let contract = repo.p("config/scope.toml");
    let o = hook(
        "claude-code",
        &claude(
            &repo,
            "Write",
            json!({"file_path": repo.p("vendor/lib/tests/x.py"), "content": "x = 1\n"}),
        ),
        &[("EDITSCOPE_CONTRACT", &contract)],
    );
    assert!(
        deny_reason(&o).is_some(),
        "nested repo with a named contract"
    );
    let o = hook(
        "claude-code",
        &claude(
            &repo,
            "Edit",
            json!({"file_path": contract, "old_string": "config/**", "new_string": "**"}),
        ),
        &[("EDITSCOPE_CONTRACT", &contract)],
    );
    assert!(
        deny_reason(&o).is_some_and(|r| r.contains("contract")),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn openhands_tab_expansion_and_undo() {
    let repo = Repo::new("tabs");
    std::fs::write(
        repo.0.join(".editscope.toml"),
        "body = [\"src/app.py::create\"]\n",
    )
    .unwrap();
    std::fs::write(
        repo.0.join("src/app.py"),
        "def create(name):\n\treturn name\n\n\ndef delete(x):\n\treturn x\n",
    )
    .unwrap();
    let event = |input: Value| {
        json!({"event_type": "PreToolUse", "tool_name": "str_replace_editor", "tool_input": input, "working_dir": repo.0}).to_string()
    };
    // OpenHands expands every tab in the file before it replaces: `delete` changes too.
    let o = hook(
        "openhands",
        &event(
            json!({"command": "str_replace", "path": repo.p("src/app.py"), "old_str": "return name", "new_str": "return name.strip()"}),
        ),
        &[],
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(String::from_utf8_lossy(&o.stderr).contains("delete"));
    let o = hook(
        "openhands",
        &event(json!({"command": "undo_edit", "path": repo.p("src/app.py")})),
        &[],
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn notebook_edits_need_the_whole_file() {
    let repo = Repo::new("notebook");
    std::fs::write(repo.0.join("analysis.ipynb"), "{\"cells\": []}\n").unwrap();
    let event = claude(
        &repo,
        "NotebookEdit",
        json!({"notebook_path": repo.p("analysis.ipynb"), "new_source": "print(1)", "cell_id": "a"}),
    );
    assert!(deny_reason(&hook("claude-code", &event, &[])).is_some_and(|r| r.contains("notebook")));
    let mut contract = std::fs::read_to_string(repo.0.join(".editscope.toml")).unwrap();
    contract.push_str("files = [\"*.ipynb\"]\n");
    std::fs::write(repo.0.join(".editscope.toml"), contract).unwrap();
    let o = hook("claude-code", &event, &[]);
    assert_eq!((o.status.code(), o.stdout.is_empty()), (Some(0), true));
}

#[path = "../../editscope/tests/support/tool_table.rs"]
mod tool_table;

/// The tool-call table run through `editscope hook`, with the same expectations as the core
/// and Python: each row as its host's event, the repository a git repository.
#[test]
fn the_tool_call_table_through_the_hooks() {
    let table = tool_table::table();
    let base = std::env::temp_dir().join(format!("editscope-table-hook-{}", std::process::id()));
    let mut failures = Vec::new();
    for row in table["calls"].as_array().unwrap() {
        let name = row["name"].as_str().unwrap();
        if cfg!(not(unix)) && row.get("symlinks").is_some() {
            continue;
        }
        let (root, out) = tool_table::setup(&base.join(name), &table["defaults"], row);
        git_init(&root);
        let input = tool_table::fill(&row["input"], &root, &out);
        let cwd = row
            .get("cwd")
            .map(|c| tool_table::fill(c, &root, &out))
            .unwrap_or_else(|| json!(root));
        let host = row["host"].as_str().unwrap();
        let tool = row["tool"].as_str().unwrap();
        let event = match host {
            "openhands" => {
                json!({"event_type": "PreToolUse", "tool_name": tool, "tool_input": input, "session_id": sid(&root), "working_dir": cwd, "metadata": {}})
            }
            _ => {
                json!({"session_id": sid(&root), "transcript_path": "/tmp/t.jsonl", "cwd": cwd, "permission_mode": "default", "hook_event_name": "PreToolUse", "tool_name": tool, "tool_input": input, "tool_use_id": "t1"})
            }
        };
        let o = hook(host, &event.to_string(), &[]);
        let stderr = String::from_utf8_lossy(&o.stderr).to_string();
        let denied = o.status.code() == Some(2)
            || (host != "openhands" && o.status.code() == Some(0) && deny_reason(&o).is_some());
        let got = match (denied, o.status.code(), o.stdout.is_empty()) {
            (true, _, _) => "deny",
            (false, Some(0), true) if stderr.contains("outside the root") => "outside",
            (false, Some(0), true) if stderr.contains("no contract found") => "outside?",
            (false, Some(0), true) => "allow",
            _ => "other",
        };
        let want = row["expect"].as_str().unwrap();
        let ok = match want {
            // The hook lets both through: a call that edits nothing, an edit that is allowed.
            "pass" | "allow" => got == "allow",
            "outside" => got.starts_with("outside"),
            w => got == w,
        };
        if !ok {
            failures.push(format!(
                "{name}: expected {want}, got {got} (exit {:?}): {stderr} {}",
                o.status.code(),
                String::from_utf8_lossy(&o.stdout)
            ));
        }
    }
    let _ = std::fs::remove_dir_all(&base);
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// `editscope hook AGENT ARGS...` run in `dir`.
fn hook_in(agent: &str, args: &[&str], dir: &Path, event: &str, envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_editscope"));
    cmd.args(["hook", agent])
        .args(args)
        .current_dir(dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove("EDITSCOPE_CONTRACT");
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let _ = stdin.write_all(event.as_bytes());
    drop(stdin);
    child.wait_with_output().unwrap()
}

/// A git repository `proj/` with `src/app.py` and no contract inside, under a scratch
/// directory that is removed on drop.
struct Project(PathBuf);

impl Project {
    fn new(name: &str) -> Project {
        let dir =
            std::env::temp_dir().join(format!("editscope-proj-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        copy(&root().join("examples/check/repo"), &dir.join("proj"));
        git_init(&dir.join("proj"));
        std::fs::create_dir_all(dir.join("contracts")).unwrap();
        std::fs::copy(
            root().join("examples/check/scope.toml"),
            dir.join("contracts/task-42.toml"),
        )
        .unwrap();
        Project(dir)
    }
    fn proj(&self) -> PathBuf {
        self.0.join("proj")
    }
    fn contract(&self) -> String {
        self.0
            .join("contracts/task-42.toml")
            .to_string_lossy()
            .into_owned()
    }
    /// One in-scope and one out-of-scope event for `agent`, made in `cwd`.
    fn events(&self, agent: &str, cwd: &Path) -> (String, String) {
        let app = self.proj().join("src/app.py");
        let (ok_old, ok_new) = ("user = {\"name\": name}", "user = {\"name\": name.strip()}");
        let (bad_old, bad_new) = ("self.db.remove(user_id)", "pass");
        let make = |old: &str, new: &str| {
            match agent {
            "claude-code" => json!({"cwd": cwd, "hook_event_name": "PreToolUse", "tool_name": "Edit",
                "tool_input": {"file_path": app, "old_string": old, "new_string": new}}),
            "codex" => json!({"cwd": cwd, "hook_event_name": "PreToolUse", "tool_name": "apply_patch",
                "tool_input": {"command": format!("*** Begin Patch\n*** Update File: {}\n@@\n-        {old}\n+        {new}\n*** End Patch\n", app.display())}}),
            _ => json!({"event_type": "PreToolUse", "working_dir": cwd, "tool_name": "file_editor",
                "tool_input": {"command": "str_replace", "path": app, "old_str": old, "new_str": new}}),
        }
        .to_string()
        };
        (make(ok_old, ok_new), make(bad_old, bad_new))
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn denied(agent: &str, o: &Output) -> bool {
    o.status.code() == Some(2) || (agent != "openhands" && deny_reason(o).is_some())
}

fn allowed(o: &Output) -> bool {
    o.status.code() == Some(0) && o.stdout.is_empty()
}

#[test]
fn a_contract_outside_the_repository_governs_the_repository() {
    let p = Project::new("outside");
    let contract = p.contract();
    for agent in ["claude-code", "codex", "openhands"] {
        let (ok, bad) = p.events(agent, &p.proj());
        // --contract (absolute), $EDITSCOPE_CONTRACT, and --contract relative to the hook's
        // working directory: the root is the repository, not the contract's folder.
        for (args, dir, envs) in [
            (vec!["--contract", contract.as_str()], p.proj(), vec![]),
            (
                vec![],
                p.proj(),
                vec![("EDITSCOPE_CONTRACT", contract.as_str())],
            ),
            (
                vec!["--contract", "../contracts/task-42.toml"],
                p.proj(),
                vec![],
            ),
            (
                vec!["--contract", "task-42.toml"],
                p.0.join("contracts"),
                vec![],
            ),
        ] {
            let o = hook_in(agent, &args, &dir, &bad, &envs);
            assert!(
                denied(agent, &o),
                "{agent} {args:?}: {} {}",
                String::from_utf8_lossy(&o.stdout),
                String::from_utf8_lossy(&o.stderr)
            );
            let o = hook_in(agent, &args, &dir, &ok, &envs);
            assert!(
                allowed(&o),
                "{agent} {args:?}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
        }
        // The agent working in a subdirectory: still the repository's top level.
        let (_, bad) = p.events(agent, &p.proj().join("src"));
        assert!(denied(
            agent,
            &hook_in(agent, &["--contract", &contract], &p.0, &bad, &[])
        ));
    }
    // An edit outside the repository is not governed, and the hook says so.
    let scratch = p.0.join("scratch.py");
    let event = json!({"cwd": p.proj(), "tool_name": "Write", "tool_input": {"file_path": scratch, "content": "x = 1\n"}}).to_string();
    let o = hook_in(
        "claude-code",
        &["--contract", &contract],
        &p.proj(),
        &event,
        &[],
    );
    assert!(allowed(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("outside the root"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    // The contract itself, kept outside the repository, is never writable.
    let event = json!({"cwd": p.proj(), "tool_name": "Write", "tool_input": {"file_path": contract, "content": "files = [\"**\"]\n"}}).to_string();
    let o = hook_in(
        "claude-code",
        &["--contract", &contract],
        &p.proj(),
        &event,
        &[],
    );
    assert!(
        deny_reason(&o).is_some_and(|r| r.contains("contract")),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn a_contract_in_a_parent_folder_governs_the_repository_below() {
    let p = Project::new("parent");
    std::fs::copy(p.contract(), p.0.join(".editscope.toml")).unwrap();
    for agent in ["claude-code", "codex", "openhands"] {
        let (ok, bad) = p.events(agent, &p.proj());
        let o = hook_in(agent, &[], &p.proj(), &ok, &[]);
        assert!(
            allowed(&o),
            "{agent}: {} {}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(
            denied(agent, &hook_in(agent, &[], &p.proj(), &bad, &[])),
            "{agent}"
        );
        // --root names the project explicitly.
        let root = p.proj();
        let o = hook_in(agent, &["--root", root.to_str().unwrap()], &p.0, &ok, &[]);
        assert!(
            allowed(&o),
            "{agent} --root: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn a_contract_for_another_tree_is_not_silently_skipped() {
    // The agent works in one repository and edits a sibling that has its own contract: the
    // sibling repository is the root.
    let p = Project::new("sibling");
    copy(&root().join("examples/check/repo"), &p.0.join("other"));
    git_init(&p.0.join("other"));
    std::fs::copy(p.contract(), p.0.join("other/.editscope.toml")).unwrap();
    let app = p.0.join("other/src/app.py");
    let edit = |old: &str, new: &str| {
        json!({"cwd": p.proj(), "tool_name": "Edit", "tool_input": {"file_path": app,
            "old_string": old, "new_string": new}})
        .to_string()
    };
    let bad = edit("self.db.remove(user_id)", "pass");
    let o = hook_in("claude-code", &[], &p.proj(), &bad, &[]);
    assert!(
        deny_reason(&o).is_some_and(|r| r.contains("UserService.delete")),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let ok = edit("user = {\"name\": name}", "user = {\"name\": name.strip()}");
    assert!(allowed(&hook_in("claude-code", &[], &p.proj(), &ok, &[])));
    // Not a repository: the contract's folder is the sibling's root, and the edit is checked.
    // (It used to be denied only because the root was the agent's repository.)
    std::fs::remove_dir_all(p.0.join("other/.git")).unwrap();
    let o = hook_in("claude-code", &[], &p.proj(), &bad, &[]);
    assert!(
        deny_reason(&o).is_some_and(|r| r.contains("UserService.delete")),
        "{} {}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn codex_cd_from_another_directory() {
    let p = Project::new("codexcd");
    std::fs::copy(p.contract(), p.proj().join(".editscope.toml")).unwrap();
    let script = |cd: &str| {
        format!("cd {cd} && apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: app.py\n@@\n-        self.db.remove(user_id)\n+        pass\n*** End Patch\nEOF\n")
    };
    let src = p.proj().join("src");
    for command in [
        json!(["bash", "-lc", script(src.to_str().unwrap())]),
        json!(script(src.to_str().unwrap())),
        json!(["bash", "-lc", script("$SRC")]),
        json!(["bash", "-lc", script("~/proj/src")]),
        json!([
            "bash",
            "-lc",
            format!(
                "pushd {} && {}",
                src.display(),
                script(".").trim_start_matches("cd . && ")
            )
        ]),
    ] {
        let event =
            json!({"cwd": p.0, "tool_name": "apply_patch", "tool_input": {"command": command}})
                .to_string();
        let o = hook_in("codex", &[], &p.0, &event, &[]);
        assert!(
            deny_reason(&o).is_some() || o.status.code() == Some(2),
            "{command}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn codex_cd_with_cdpath_is_refused() {
    // bash looks `cd src` up in $CDPATH first: the directory cannot be known.
    let p = Project::new("cdpath");
    std::fs::copy(p.contract(), p.proj().join(".editscope.toml")).unwrap();
    let script = "cd src && apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: app.py\n@@\n-        user = {\"name\": name}\n+        user = {\"name\": name.strip()}\n*** End Patch\nEOF\n";
    let event =
        json!({"cwd": p.proj(), "tool_name": "apply_patch", "tool_input": {"command": script}})
            .to_string();
    assert!(allowed(&hook_in("codex", &[], &p.proj(), &event, &[])));
    let o = hook_in("codex", &[], &p.proj(), &event, &[("CDPATH", "/tmp")]);
    assert!(
        deny_reason(&o).is_some_and(|r| r.contains("CDPATH")),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_project_path_is_the_same_project() {
    // `/tmp -> /private/tmp` style: the agent names the project through a symlink.
    let p = Project::new("aliasroot");
    std::fs::copy(p.contract(), p.proj().join(".editscope.toml")).unwrap();
    let alias = p.0.join("alias");
    std::os::unix::fs::symlink(p.proj(), &alias).unwrap();
    for agent in ["claude-code", "codex", "openhands"] {
        for cwd in [alias.clone(), p.proj()] {
            let (ok, bad) = p.events(agent, &cwd);
            let (ok, bad) = (
                ok.replace(p.proj().to_str().unwrap(), alias.to_str().unwrap()),
                bad.replace(p.proj().to_str().unwrap(), alias.to_str().unwrap()),
            );
            let o = hook_in(agent, &[], &p.0, &ok, &[]);
            assert!(
                allowed(&o),
                "{agent}: {}",
                String::from_utf8_lossy(&o.stderr)
            );
            assert!(
                denied(agent, &hook_in(agent, &[], &p.0, &bad, &[])),
                "{agent}"
            );
        }
    }
}

#[test]
fn the_root_and_contract_do_not_depend_on_the_order_of_files() {
    // Findings 1-3, 5: a contract above the repository, a patch whose first file lies in
    // another tree (under an agent-made contract, in another repository, or outside
    // everything), and a project that is no git repository.
    let p = Project::new("order");
    std::fs::copy(p.contract(), p.proj().join(".editscope.toml")).unwrap();
    let other = p.0.join("otherrepo");
    std::fs::create_dir_all(other.join("docs")).unwrap();
    git_init(&other);
    let evil = p.0.join("evil");
    std::fs::create_dir_all(&evil).unwrap();
    let bad_update =
        "*** Update File: src/app.py\n@@\n-        self.db.remove(user_id)\n+        pass\n";
    let codex = |first: &str| {
        json!({"cwd": p.proj(), "hook_event_name": "PreToolUse", "tool_name": "apply_patch",
            "tool_input": {"command": format!("*** Begin Patch\n*** Add File: {first}\n+x\n{bad_update}*** End Patch\n")}})
        .to_string()
    };
    let first_files = [
        other.join("docs/notes.md"),
        evil.join("x.txt"),
        p.0.join("loose.txt"),
    ];
    for first in &first_files {
        let o = hook_in(
            "codex",
            &[],
            &p.proj(),
            &codex(&first.to_string_lossy()),
            &[],
        );
        assert!(
            deny_reason(&o).is_some_and(|r| r.contains("UserService.delete")),
            "{first:?}: {} {}",
            String::from_utf8_lossy(&o.stdout),
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // A contract the agent placed (by a shell command) over the first file: two contracts.
    std::fs::write(evil.join(".editscope.toml"), "files = [\"**\"]\n").unwrap();
    let o = hook_in(
        "codex",
        &[],
        &p.proj(),
        &codex(&evil.join("x.txt").to_string_lossy()),
        &[],
    );
    assert!(
        deny_reason(&o).is_some_and(|r| r.contains("more than one contract")),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    // One above the repository as well as the repository's own: two contracts.
    std::fs::write(p.0.join(".editscope.toml"), "files = [\"**\"]\n").unwrap();
    let (ok, _) = p.events("claude-code", &p.proj());
    let o = hook_in("claude-code", &[], &p.proj(), &ok, &[]);
    assert!(
        deny_reason(&o).is_some_and(|r| r.contains("more than one contract")),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
    std::fs::remove_file(p.0.join(".editscope.toml")).unwrap();
    // No git repository, the agent in a subfolder: the root is the contract's folder, so a
    // file elsewhere in the project is checked, not "outside the root".
    std::fs::remove_dir_all(p.proj().join(".git")).unwrap();
    for agent in ["claude-code", "codex", "openhands"] {
        let (ok, bad) = p.events(agent, &p.proj().join("src"));
        let o = hook_in(agent, &[], &p.proj().join("src"), &bad, &[]);
        assert!(
            denied(agent, &o),
            "{agent}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let o = hook_in(agent, &[], &p.proj().join("src"), &ok, &[]);
        assert!(
            allowed(&o),
            "{agent}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    // A named contract without git or --root: the root is a guess, so a write outside it
    // is denied rather than passed.
    std::fs::remove_file(p.proj().join(".editscope.toml")).unwrap();
    let ev =
        json!({"cwd": p.proj().join("src"), "hook_event_name": "PreToolUse", "tool_name": "Write",
        "tool_input": {"file_path": p.proj().join("docs/x.md"), "content": "x\n"}})
        .to_string();
    let o = hook_in(
        "claude-code",
        &["--contract", &p.contract()],
        &p.proj().join("src"),
        &ev,
        &[],
    );
    assert!(
        deny_reason(&o).is_some_and(|r| r.contains("guess")),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn git_configuration_hard_links_and_unexpanded_paths_are_never_written() {
    let repo = Repo::new("protected");
    std::fs::create_dir_all(repo.0.join(".git")).unwrap();
    std::fs::create_dir_all(repo.0.join("docs")).unwrap();
    std::fs::hard_link(repo.0.join("src/app.py"), repo.0.join("docs/app-copy.md")).unwrap();
    let home = std::env::var("HOME").unwrap_or_else(|_| "/root".into());
    for (tool, input) in [
        (
            "Write",
            json!({"file_path": format!("{home}/.gitconfig"), "content": "[core]\n"}),
        ),
        (
            "Write",
            json!({"file_path": format!("{home}/.config/git/config"), "content": "[core]\n"}),
        ),
        (
            "Write",
            json!({"file_path": repo.p(".git/config"), "content": "[core]\n"}),
        ),
        (
            "Write",
            json!({"file_path": repo.p(".git/hooks/pre-commit"), "content": "#!/bin/sh\n"}),
        ),
        (
            "Write",
            json!({"file_path": format!("{home}/.bashrc"), "content": "x\n"}),
        ),
        (
            "Write",
            json!({"file_path": repo.p("docs/app-copy.md"), "content": "x\n"}),
        ),
        (
            "Edit",
            json!({"file_path": repo.p("docs/app-copy.md"), "old_string": "import", "new_string": "x"}),
        ),
        (
            "Write",
            json!({"file_path": "~/src/app.py", "content": "x\n"}),
        ),
        (
            "Write",
            json!({"file_path": "$HOME/src/app.py", "content": "x\n"}),
        ),
    ] {
        let o = hook("claude-code", &claude(&repo, tool, input.clone()), &[]);
        assert!(
            deny_reason(&o).is_some(),
            "{input}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
}

#[test]
fn a_repository_nested_in_the_project_does_not_become_the_root() {
    // The agent runs `git init src` and `cd src`; a create grant on `tests/**` must not
    // now cover `src/tests/**`.
    let p = Project::new("nested");
    std::fs::copy(p.contract(), p.proj().join(".editscope.toml")).unwrap();
    git_init(&p.proj().join("src"));
    let cwd = p.proj().join("src");
    let ev = json!({"cwd": cwd, "hook_event_name": "PreToolUse", "tool_name": "Write",
        "tool_input": {"file_path": cwd.join("tests/evil.py"), "content": "x = 1\n"}})
    .to_string();
    let o = hook_in("claude-code", &[], &cwd, &ev, &[]);
    assert!(
        deny_reason(&o).is_some(),
        "{} {}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
    // The project's own tests/ is still granted.
    let ev = json!({"cwd": cwd, "hook_event_name": "PreToolUse", "tool_name": "Write",
        "tool_input": {"file_path": p.proj().join("tests/ok.py"), "content": "x = 1\n"}})
    .to_string();
    assert!(allowed(&hook_in("claude-code", &[], &cwd, &ev, &[])));
}

/// An in-source marker protects its definition through the Claude Code hook, even under a
/// contract that grants the whole file: an Edit of the marked method is denied, one of its
/// sibling allowed.
#[test]
fn claude_code_denies_an_edit_of_a_marked_method() {
    let repo = Repo::new("markers");
    std::fs::write(repo.0.join(".editscope.toml"), "files = [\"src/**\"]\n").unwrap();
    let app = repo.p("src/app.py");
    let text = std::fs::read_to_string(&app).unwrap();
    let marked = text.replace(
        "    def delete(self, user_id):\n",
        "    # editscope: protect\n    def delete(self, user_id):\n",
    );
    assert_ne!(marked, text);
    std::fs::write(&app, marked).unwrap();
    let bad = hook(
        "claude-code",
        &claude(
            &repo,
            "Edit",
            json!({"file_path": app, "old_string": "        self.db.audit(\"delete\", user_id)\n", "new_string": ""}),
        ),
        &[("EDITSCOPE_SERVE", "0")],
    );
    assert_eq!(bad.status.code(), Some(0));
    let reason = deny_reason(&bad).expect("a deny decision");
    assert!(
        reason.contains("UserService.delete") && reason.contains("editscope: protect"),
        "{reason}"
    );
    let unmark = hook(
        "claude-code",
        &claude(
            &repo,
            "Edit",
            json!({"file_path": app, "old_string": "    # editscope: protect\n", "new_string": ""}),
        ),
        &[("EDITSCOPE_SERVE", "0")],
    );
    assert!(
        deny_reason(&unmark).is_some_and(|r| r.contains("marker")),
        "{:?}",
        deny_reason(&unmark)
    );
    let ok = hook(
        "claude-code",
        &claude(
            &repo,
            "Edit",
            json!({"file_path": app, "old_string": "user = {\"name\": name}", "new_string": "user = {\"name\": name.strip()}"}),
        ),
        &[("EDITSCOPE_SERVE", "0")],
    );
    assert_eq!(
        (ok.status.code(), ok.stdout.is_empty()),
        (Some(0), true),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
}
