//! `editscope init <host>` through the real binary: every host, a second run, a
//! configuration that already holds other hooks, `--dry-run`, malformed files, and the
//! installed hook answering an event.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::{json, Value};

const HOSTS: [&str; 10] = [
    "claude-code",
    "codex",
    "openhands",
    "gemini-cli",
    "copilot",
    "cursor",
    "cline",
    "windsurf",
    "goose",
    "kiro",
];

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn project(name: &str) -> Dir {
    let d = std::env::temp_dir().join(format!("editscope-cli-init-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let d = std::fs::canonicalize(&d).unwrap();
    assert!(Command::new("git")
        .args(["init", "-q"])
        .current_dir(&d)
        .status()
        .unwrap()
        .success());
    Dir(d)
}

fn init(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_editscope"))
        .arg("init")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Every file under `dir` (outside `.git`) and its bytes.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.file_name().unwrap() == ".git" {
                continue;
            }
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().to_path_buf(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn every_host_is_set_up_and_a_second_run_changes_nothing() {
    for host in HOSTS {
        let d = project(host);
        let o = init(&d.0, &[host]);
        assert!(o.status.success(), "{host}: {}", text(&o));
        let first = snapshot(&d.0);
        assert!(
            first.iter().any(|(p, _)| p == Path::new(".editscope.toml")),
            "{host}: a starter contract is offered"
        );
        let mentions = first
            .iter()
            .filter(|(_, b)| String::from_utf8_lossy(b).contains(&format!("editscope hook {host}")))
            .count();
        assert!(mentions > 0, "{host}: {first:?}");
        let o = init(&d.0, &[host]);
        assert!(o.status.success(), "{host}: {}", text(&o));
        assert!(
            text(&o).contains("nothing to change"),
            "{host}: {}",
            text(&o)
        );
        assert_eq!(
            first,
            snapshot(&d.0),
            "{host}: the second run changed files"
        );
    }
}

#[test]
fn list_shows_every_host() {
    let d = project("list");
    let o = init(&d.0, &["--list"]);
    assert!(o.status.success());
    let t = text(&o);
    for host in HOSTS {
        assert!(t.contains(host), "{host} missing from:\n{t}");
    }
    // A long file list never runs into the events column (Cline's five scripts).
    assert!(
        !t.contains("TaskComplete PreToolUse"),
        "files and events run together:\n{t}"
    );
    assert!(snapshot(&d.0).is_empty(), "--list writes nothing");
}

/// `init` without a host names the hosts (as `--list` does) on stderr, exits 2, writes nothing.
#[test]
fn no_host_lists_the_hosts_and_exits_2() {
    let d = project("nohost");
    let o = init(&d.0, &[]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("editscope init HOST"), "{err}");
    for host in HOSTS {
        assert!(err.contains(host), "{host} missing from:\n{err}");
    }
    assert!(o.stdout.is_empty());
    assert!(
        snapshot(&d.0).is_empty(),
        "init without a host writes nothing"
    );
}

#[test]
fn other_hooks_are_kept_and_the_file_is_backed_up() {
    let cases: [(&str, &str, Value); 8] = [
        (
            "codex",
            ".codex/hooks.json",
            json!({"hooks": {"Stop": [{"hooks": [{"type": "command", "command": "python3 .codex/hooks/check.py", "timeout": 10}]}]}}),
        ),
        (
            "openhands",
            ".openhands/hooks.json",
            json!({"hooks": {"Stop": [{"matcher": "*", "hooks": [{"type": "command", "command": "make lint"}]}]}}),
        ),
        (
            "copilot",
            ".github/hooks/editscope.json",
            json!({"version": 1, "disableAllHooks": false, "hooks": {"postToolUse": [{"type": "command", "bash": "./scripts/log.sh", "matcher": "bash|edit"}]}}),
        ),
        (
            "claude-code",
            ".claude/settings.json",
            json!({"model": "opus", "hooks": {"PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "my-guard"}]}]}}),
        ),
        (
            "gemini-cli",
            ".gemini/settings.json",
            json!({"theme": "GitHub", "hooks": {"AfterTool": [{"matcher": "write_file", "hooks": [{"type": "command", "command": "prettier"}]}]}}),
        ),
        (
            "cursor",
            ".cursor/hooks.json",
            json!({"version": 1, "hooks": {"afterFileEdit": [{"command": "./hooks/format.sh"}], "beforeShellExecution": [{"command": "./hooks/audit.sh"}]}}),
        ),
        (
            "windsurf",
            ".windsurf/hooks.json",
            json!({"hooks": {"post_write_code": [{"command": "python3 lint.py", "show_output": true}]}}),
        ),
        (
            "kiro",
            ".kiro/hooks/editscope.json",
            json!({"version": "v1", "hooks": [{"name": "lint-on-save", "trigger": "PostFileSave", "matcher": "\\.ts$", "action": {"type": "command", "command": "npm run lint"}}]}),
        ),
    ];
    for (host, file, before) in cases {
        let d = project(&format!("merge-{host}"));
        let path = d.0.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let before_text = serde_json::to_string_pretty(&before).unwrap();
        std::fs::write(&path, &before_text).unwrap();
        let o = init(&d.0, &[host, "--no-contract"]);
        assert!(o.status.success(), "{host}: {}", text(&o));
        assert!(
            text(&o).contains("editscope-backup"),
            "{host}: {}",
            text(&o)
        );
        let backup = d.0.join(format!("{file}.editscope-backup"));
        assert_eq!(std::fs::read_to_string(&backup).unwrap(), before_text);
        let after = std::fs::read_to_string(&path).unwrap();
        let after_v: Value = serde_json::from_str(&after).unwrap();
        for needle in [
            "my-guard",
            "prettier",
            "./hooks/format.sh",
            "./hooks/audit.sh",
            "lint.py",
            "npm run lint",
            "opus",
            "GitHub",
        ] {
            if before_text.contains(needle) {
                assert!(
                    after.contains(needle),
                    "{host}: `{needle}` was lost:\n{after}"
                );
            }
        }
        assert!(
            after.contains(&format!("editscope hook {host}")),
            "{host}:\n{after}"
        );
        assert!(!d.0.join(".editscope.toml").exists(), "--no-contract");
        // Idempotent on a merged file too.
        let o = init(&d.0, &[host, "--no-contract"]);
        assert!(
            text(&o).contains("nothing to change"),
            "{host}: {}",
            text(&o)
        );
        let again: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(after_v, again);
    }
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let d = project("dry");
    std::fs::create_dir_all(d.0.join(".cursor")).unwrap();
    std::fs::write(
        d.0.join(".cursor/hooks.json"),
        "{\"version\": 1, \"hooks\": {}}\n",
    )
    .unwrap();
    let before = snapshot(&d.0);
    let o = init(&d.0, &["cursor", "--dry-run"]);
    assert!(o.status.success(), "{}", text(&o));
    let t = text(&o);
    assert!(
        t.contains("--- a/.cursor/hooks.json") && t.contains("+++ b/.cursor/hooks.json"),
        "{t}"
    );
    assert!(
        t.contains("+        \"command\": \"editscope hook cursor\""),
        "{t}"
    );
    assert!(t.contains("+++ b/.editscope.toml"), "{t}");
    assert!(t.contains("nothing written"), "{t}");
    assert_eq!(before, snapshot(&d.0));
}

#[test]
fn malformed_configuration_names_the_file_and_position_and_writes_nothing() {
    let d = project("malformed");
    std::fs::create_dir_all(d.0.join(".claude")).unwrap();
    std::fs::write(
        d.0.join(".claude/settings.json"),
        "{\n  \"hooks\": {\n    \"Stop\": [\n  }\n}\n",
    )
    .unwrap();
    let before = snapshot(&d.0);
    let o = init(&d.0, &["claude-code"]);
    assert_eq!(o.status.code(), Some(2), "{}", text(&o));
    assert!(
        text(&o).contains(".claude/settings.json:4:3"),
        "{}",
        text(&o)
    );
    assert!(text(&o).contains("nothing was written"), "{}", text(&o));
    assert_eq!(before, snapshot(&d.0));
    // JSON with comments (which Gemini CLI reads) is refused rather than stripped.
    std::fs::create_dir_all(d.0.join(".gemini")).unwrap();
    std::fs::write(
        d.0.join(".gemini/settings.json"),
        "{\n  \"theme\": \"x\" // mine\n}\n",
    )
    .unwrap();
    let before = snapshot(&d.0);
    let o = init(&d.0, &["gemini-cli"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o).contains(".gemini/settings.json:2:16") && text(&o).contains("comment"),
        "{}",
        text(&o)
    );
    assert_eq!(before, snapshot(&d.0));
}

#[test]
fn an_existing_contract_is_never_overwritten() {
    let d = project("contract");
    std::fs::write(d.0.join(".editscope.toml"), "files = [\"docs/**\"]\n").unwrap();
    let o = init(&d.0, &["goose"]);
    assert!(o.status.success(), "{}", text(&o));
    assert_eq!(
        std::fs::read_to_string(d.0.join(".editscope.toml")).unwrap(),
        "files = [\"docs/**\"]\n"
    );
}

fn run_with_stdin(mut cmd: Command, input: &str) -> Output {
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

#[test]
fn the_installed_hooks_answer_events() {
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_editscope"))
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    // Cline: the script itself runs editscope.
    let d = project("cline-run");
    std::fs::write(d.0.join("app.py"), "def f():\n    return 1\n").unwrap();
    std::fs::write(d.0.join(".editscope.toml"), "create = [\"tests/**\"]\n").unwrap();
    assert!(init(&d.0, &["cline"]).status.success());
    let event = json!({"hookName": "PreToolUse", "taskId": "t1", "workspaceRoots": [d.0],
        "preToolUse": {"toolName": "write_to_file", "parameters": {"path": "app.py", "content": "x = 2\n"}}});
    let mut cmd = Command::new("sh");
    cmd.arg(d.0.join(".clinerules/hooks/PreToolUse"))
        .current_dir(&d.0)
        .env("PATH", &path)
        .env("EDITSCOPE_CACHE_DIR", d.0.join(".git/cache"));
    let o = run_with_stdin(cmd, &event.to_string());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", text(&o)));
    assert_eq!(v["cancel"], true, "{}", text(&o));
    // Copilot: the preToolUse entry's command, with its --event.
    let d = project("copilot-run");
    std::fs::write(d.0.join("app.py"), "def f():\n    return 1\n").unwrap();
    std::fs::write(d.0.join(".editscope.toml"), "create = [\"tests/**\"]\n").unwrap();
    assert!(init(&d.0, &["copilot"]).status.success());
    let conf: Value = serde_json::from_str(
        &std::fs::read_to_string(d.0.join(".github/hooks/editscope.json")).unwrap(),
    )
    .unwrap();
    let command = conf["hooks"]["preToolUse"][0]["command"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(command, "editscope hook copilot --event preToolUse");
    let mut cmd = Command::new("sh");
    cmd.args(["-c", &command])
        .current_dir(&d.0)
        .env("PATH", &path);
    let event = json!({"timestamp": 1, "cwd": d.0, "toolName": "create",
        "toolArgs": json!({"path": "lib.py", "file_text": "x = 1\n"}).to_string()});
    let o = run_with_stdin(cmd, &event.to_string());
    let v: Value = serde_json::from_slice(&o.stdout).unwrap_or_else(|_| panic!("{}", text(&o)));
    assert_eq!(v["permissionDecision"], "deny", "{}", text(&o));
}
