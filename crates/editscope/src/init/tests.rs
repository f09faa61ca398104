use std::path::{Path, PathBuf};

use super::*;

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn dir(name: &str) -> Dir {
    let d = std::env::temp_dir().join(format!("editscope-init-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    Dir(d)
}

fn write(root: &Path, rel: &str, text: &str) {
    let p = root.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

#[test]
fn every_host_is_written_once_and_then_left_alone() {
    for host in Host::ALL {
        let d = dir(host.name());
        let p = plan(host, &d.0).unwrap();
        assert!(!p.changes.is_empty(), "{host:?}");
        for c in &p.changes {
            assert!(c.before.is_none());
            assert!(
                c.after.contains(&format!("editscope hook {}", host.name()))
                    || c.path.ends_with("plugin.json"),
                "{host:?} {}",
                c.path.display()
            );
            if c.after.trim_start().starts_with('{') {
                parse_json(&c.after).unwrap();
            }
        }
        let backups = apply(&p, &d.0).unwrap();
        assert!(backups.is_empty(), "nothing existed, nothing to back up");
        let again = plan(host, &d.0).unwrap();
        assert!(again.changes.is_empty(), "{host:?}: {:?}", again.changes);
        assert_eq!(again.unchanged.len(), p.changes.len());
    }
}

#[test]
fn other_settings_and_hooks_are_kept_in_order() {
    let d = dir("merge");
    let before = r#"{
  "model": "opus",
  "hooks": {
    "Stop": [{"hooks": [{"type": "command", "command": "say done"}]}],
    "PreToolUse": [{"matcher": "Bash", "hooks": [{"type": "command", "command": "guard"}]}]
  },
  "permissions": {"allow": ["Bash(ls)"]}
}"#;
    write(&d.0, ".claude/settings.json", before);
    let p = plan(Host::ClaudeCode, &d.0).unwrap();
    assert_eq!(p.changes.len(), 1);
    let after = parse_json(&p.changes[0].after).unwrap();
    let Json::Obj(top) = &after else { panic!() };
    let keys: Vec<&str> = top.iter().map(|(k, _)| k.as_str()).collect();
    // `env` (PYTHONDONTWRITEBYTECODE) is added after the user's keys.
    assert_eq!(keys, ["model", "hooks", "permissions", "env"]);
    let Json::Obj(hooks) = after.get("hooks").unwrap() else {
        panic!()
    };
    let events: Vec<&str> = hooks.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        events,
        [
            "Stop",
            "PreToolUse",
            "SessionStart",
            "PostToolUse",
            "SubagentStop",
            "SessionEnd"
        ]
    );
    let text = &p.changes[0].after;
    assert!(text.contains("say done") && text.contains("guard") && text.contains("Bash(ls)"));
    let Json::Arr(stop) = after.get("hooks").unwrap().get("Stop").unwrap() else {
        panic!()
    };
    assert_eq!(stop.len(), 2, "the user's Stop hook and editscope's");
    // Applying backs the file up; a second plan changes nothing.
    let backups = apply(&p, &d.0).unwrap();
    assert_eq!(std::fs::read_to_string(&backups[0]).unwrap(), before);
    assert!(plan(Host::ClaudeCode, &d.0).unwrap().changes.is_empty());
}

#[test]
fn an_existing_editscope_entry_is_not_duplicated() {
    let d = dir("present");
    write(
        &d.0,
        ".cursor/hooks.json",
        r#"{"version": 1, "hooks": {"preToolUse": [{"command": "editscope hook cursor --root /p"}]}}"#,
    );
    let p = plan(Host::Cursor, &d.0).unwrap();
    let after = parse_json(&p.changes[0].after).unwrap();
    let Json::Arr(pre) = after.get("hooks").unwrap().get("preToolUse").unwrap() else {
        panic!()
    };
    assert_eq!(pre.len(), 1);
}

#[test]
fn malformed_files_are_refused_with_their_position() {
    let d = dir("malformed");
    write(
        &d.0,
        ".gemini/settings.json",
        "{\n  \"theme\": \"dark\",\n  \"hooks\": {,}\n}\n",
    );
    match plan(Host::GeminiCli, &d.0) {
        Err(InitError::Malformed {
            path, line, column, ..
        }) => {
            assert_eq!(path, PathBuf::from(".gemini/settings.json"));
            assert_eq!((line, column), (3, 13));
        }
        other => panic!("{other:?}"),
    }
    write(
        &d.0,
        ".gemini/settings.json",
        "{\n  // my theme\n  \"theme\": \"dark\"\n}\n",
    );
    match plan(Host::GeminiCli, &d.0) {
        Err(
            e @ InitError::Malformed {
                line: 2, column: 3, ..
            },
        ) => {
            assert!(e.to_string().contains("comment"), "{e}");
        }
        other => panic!("{other:?}"),
    }
    write(&d.0, ".gemini/settings.json", r#"{"hooks": []}"#);
    assert!(matches!(
        plan(Host::GeminiCli, &d.0),
        Err(InitError::Shape { .. })
    ));
    write(
        &d.0,
        ".gemini/settings.json",
        r#"{"hooks": {"BeforeTool": {"hooks": []}}}"#,
    );
    assert!(matches!(
        plan(Host::GeminiCli, &d.0),
        Err(InitError::Shape { .. })
    ));
    write(&d.0, ".gemini/settings.json", r#"{"a": 1, "a": 2}"#);
    assert!(matches!(
        plan(Host::GeminiCli, &d.0),
        Err(InitError::Malformed { .. })
    ));
    write(&d.0, ".gemini/settings.json", "[1, 2]");
    assert!(matches!(
        plan(Host::GeminiCli, &d.0),
        Err(InitError::Shape { .. })
    ));
}

#[test]
fn a_users_own_cline_script_is_not_overwritten() {
    let d = dir("cline");
    write(
        &d.0,
        ".clinerules/hooks/PreToolUse",
        "#!/bin/sh\necho '{\"cancel\": false}'\n",
    );
    assert!(matches!(
        plan(Host::Cline, &d.0),
        Err(InitError::Foreign { .. })
    ));
    write(
        &d.0,
        ".clinerules/hooks/PreToolUse",
        "#!/bin/sh\n./lint.sh\nexec editscope hook cline --root .\n",
    );
    let p = plan(Host::Cline, &d.0).unwrap();
    assert!(p
        .unchanged
        .contains(&PathBuf::from(".clinerules/hooks/PreToolUse")));
    assert_eq!(p.changes.len(), 4);
}

#[test]
fn the_json_writer_round_trips_and_keeps_order() {
    let text = r#"{"z": [1, 2.5e3, -0, true, null, {"b": "é\n\"", "a": {}}], "a": []}"#;
    let v = parse_json(text).unwrap();
    let again = parse_json(&v.pretty()).unwrap();
    assert_eq!(v, again);
    let Json::Obj(f) = &v else { panic!() };
    assert_eq!(f[0].0, "z");
    let reference: serde_json::Value = serde_json::from_str(text).unwrap();
    let ours: serde_json::Value = serde_json::from_str(&v.pretty()).unwrap();
    assert_eq!(reference, ours);
    for bad in [
        "{",
        "[1,]",
        "{\"a\" 1}",
        "\"\\x\"",
        "01",
        "tru",
        "{} {}",
        "/* x */ {}",
    ] {
        assert!(parse_json(bad).is_err(), "{bad}");
    }
}

#[test]
fn the_starter_contract_is_valid() {
    let c = crate::Contract::from_toml(STARTER_CONTRACT).unwrap();
    // It grants nothing (an empty `protect` is no protect-only contract).
    assert!(!c.protect_only());
    assert!(!c.rules("src/app.py").free);
    // Every key a contract takes is there, set or commented.
    for key in [
        "edit =",
        "body =",
        "add =",
        "delete =",
        "create =",
        "files =",
        "imports =",
        "protect =",
        "formatting =",
        "budget_ms =",
        "allow_bidi =",
        "allow_syntax_errors =",
    ] {
        assert!(STARTER_CONTRACT.contains(key), "{key}");
    }
    assert!(
        STARTER_CONTRACT
            .lines()
            .filter(|l| l.starts_with('#'))
            .count()
            > 5
    );
}

#[test]
fn diffs_show_new_and_changed_files() {
    let c = FileChange {
        path: PathBuf::from(".cursor/hooks.json"),
        before: None,
        after: "{}\n".into(),
        executable: false,
    };
    let d = diff(&c);
    assert!(
        d.starts_with("--- /dev/null\n+++ b/.cursor/hooks.json\n"),
        "{d}"
    );
    assert!(d.contains("+{}"));
}

#[test]
fn claude_code_sessions_write_no_python_bytecode_and_keep_the_users_env() {
    // A new file: `env.PYTHONDONTWRITEBYTECODE = "1"` (tests the agent runs would otherwise
    // leave `__pycache__/*.pyc` files, created outside the contract).
    let d = dir("env-new");
    let p = plan(Host::ClaudeCode, &d.0).unwrap();
    let after = parse_json(&p.changes[0].after).unwrap();
    let env = after.get("env").expect("an env object");
    assert_eq!(
        env.get("PYTHONDONTWRITEBYTECODE").and_then(Json::as_str),
        Some("1")
    );
    // An existing env: the user's variables are kept, in order, and one they set
    // themselves is not overwritten; a second run changes nothing.
    let d = dir("env-kept");
    write(
        &d.0,
        ".claude/settings.json",
        r#"{"env": {"FOO": "bar"}, "permissions": {}}"#,
    );
    let p = plan(Host::ClaudeCode, &d.0).unwrap();
    let after = parse_json(&p.changes[0].after).unwrap();
    let Json::Obj(env) = after.get("env").unwrap() else {
        panic!()
    };
    let keys: Vec<&str> = env.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["FOO", "PYTHONDONTWRITEBYTECODE"]);
    apply(&p, &d.0).unwrap();
    assert!(plan(Host::ClaudeCode, &d.0).unwrap().changes.is_empty());
    let d = dir("env-own");
    write(
        &d.0,
        ".claude/settings.json",
        r#"{"env": {"PYTHONDONTWRITEBYTECODE": ""}}"#,
    );
    let p = plan(Host::ClaudeCode, &d.0).unwrap();
    let after = parse_json(&p.changes[0].after).unwrap();
    assert_eq!(
        after
            .get("env")
            .unwrap()
            .get("PYTHONDONTWRITEBYTECODE")
            .and_then(Json::as_str),
        Some(""),
        "the user's own value is kept"
    );
    // `env` of another type is refused, nothing written.
    let d = dir("env-bad");
    write(&d.0, ".claude/settings.json", r#"{"env": ["X=1"]}"#);
    assert!(matches!(
        plan(Host::ClaudeCode, &d.0),
        Err(InitError::Shape { .. })
    ));
    // Other hosts get no env.
    let d = dir("env-codex");
    let p = plan(Host::Codex, &d.0).unwrap();
    assert!(parse_json(&p.changes[0].after)
        .unwrap()
        .get("env")
        .is_none());
}
