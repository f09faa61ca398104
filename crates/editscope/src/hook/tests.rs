use std::path::Path;

use serde_json::json;

use super::readings::{parse_search_replace, splice};
use super::*;

fn norm(host: Host, raw: Value, event: Option<&str>) -> Result<Event, Refusal> {
    normalize(host, &raw, event, Path::new("/w")).map(|e| e.unwrap())
}

#[test]
fn native_hosts_have_no_profile() {
    for h in [Host::ClaudeCode, Host::Codex, Host::Openhands] {
        assert!(profile(h).is_none());
        assert_eq!(normalize(h, &json!({}), None, Path::new("/")), Ok(None));
    }
    for h in Host::ALL {
        assert_eq!(Host::from_name(h.name()), Some(h));
    }
}

#[test]
fn gemini_replace_becomes_edit() {
    let e = norm(
        Host::GeminiCli,
        json!({"hook_event_name": "BeforeTool", "session_id": "s1", "cwd": "/r",
               "tool_name": "replace",
               "tool_input": {"file_path": "/r/a.py", "old_string": "x", "new_string": "y",
                              "expected_replacements": 2}}),
        None,
    )
    .unwrap();
    assert_eq!(e.kind, EventKind::PreTool);
    assert_eq!(e.value["hook_event_name"], "PreToolUse");
    assert_eq!(e.value["session_id"], "s1");
    assert_eq!(e.value["cwd"], "/r");
    assert_eq!(e.value["tool_name"], "Edit");
    assert_eq!(e.value["tool_input"]["replace_all"], true);
    // An empty old_string creates the file.
    let e = norm(
        Host::GeminiCli,
        json!({"hook_event_name": "BeforeTool", "tool_name": "replace",
               "tool_input": {"file_path": "n.py", "old_string": "", "new_string": "z"}}),
        None,
    )
    .unwrap();
    assert_eq!(e.value["tool_name"], "Write");
    assert_eq!(e.value["tool_input"]["content"], "z");
}

#[test]
fn unknown_events_tools_and_keys_are_refused() {
    let cases = [
        json!({"hook_event_name": "BeforeSomething"}),
        json!({"hook_event_name": "BeforeTool", "tool_name": "mcp__fs__write", "tool_input": {}}),
        json!({"hook_event_name": "BeforeTool", "tool_name": "replace",
               "tool_input": {"file_path": "a", "old_string": "x", "new_string": "y", "allow_multiple": true}}),
        json!({"hook_event_name": "BeforeTool", "tool_name": "replace",
               "tool_input": {"file_path": "a", "old_string": "x", "new_string": "y", "expected_replacements": 0}}),
        json!({"hook_event_name": "BeforeTool", "tool_name": "write_file", "tool_input": {"file_path": "a"}}),
        json!({"hook_event_name": "BeforeTool", "tool_name": 3, "tool_input": {}}),
        json!({"hook_event_name": "BeforeTool", "tool_input": {}}),
        json!({"hook_event_name": "BeforeTool", "tool_name": "write_file"}),
        json!({"hook_event_name": 7}),
        json!([1]),
    ];
    for c in cases {
        let r = norm(Host::GeminiCli, c.clone(), None);
        assert!(r.is_err(), "{c} was not refused: {r:?}");
    }
}

#[test]
fn copilot_needs_an_event_name_and_parses_text_args() {
    let raw = json!({"sessionId": "c1", "cwd": "/r", "toolName": "edit",
                     "toolArgs": "{\"path\": \"a.py\", \"old_str\": \"x\", \"new_str\": \"y\"}"});
    assert!(norm(Host::Copilot, raw.clone(), None).is_err());
    let e = norm(Host::Copilot, raw.clone(), Some("preToolUse")).unwrap();
    assert_eq!(e.value["tool_name"], "str_replace_based_edit_tool");
    assert_eq!(e.value["tool_input"]["command"], "str_replace");
    assert_eq!(e.value["session_id"], "c1");
    // A name in the event that contradicts --event is refused.
    let mut named = raw.clone();
    named["hook_event_name"] = json!("PostToolUse");
    assert!(norm(Host::Copilot, named, Some("preToolUse")).is_err());
    let mut bad = raw;
    bad["toolArgs"] = json!("{not json");
    assert!(norm(Host::Copilot, bad, Some("preToolUse")).is_err());
}

#[test]
fn event_fixed_tools_and_nested_fields() {
    let e = norm(
        Host::Windsurf,
        json!({"agent_action_name": "pre_run_command", "trajectory_id": "t",
               "tool_info": {"command_line": "ls", "cwd": "/r"}}),
        None,
    )
    .unwrap();
    assert_eq!(e.value["tool_name"], "Bash");
    assert_eq!(e.value["cwd"], "/r");
    let e = norm(
        Host::Cline,
        json!({"hookName": "PreToolUse", "taskId": "k", "workspaceRoots": ["/r"],
               "preToolUse": {"toolName": "write_to_file", "parameters": {"path": "a.py", "content": "x"}}}),
        None,
    )
    .unwrap();
    assert_eq!(e.value["tool_name"], "Write");
    assert_eq!(e.value["tool_input"]["file_path"], "a.py");
    assert_eq!(e.value["cwd"], "/r");
    assert_eq!(e.value["session_id"], "k");
    // Kiro sends no session id: none is made up.
    let e = norm(
        Host::Kiro,
        json!({"hook_event_name": "preToolUse", "cwd": "/r", "tool_name": "fs_write",
               "tool_input": {"command": "append", "path": "a", "new_str": "x"}}),
        None,
    );
    assert!(e.is_err(), "append is not judged: {e:?}");
    let e = norm(
        Host::Kiro,
        json!({"hook_event_name": "stop", "cwd": "/r", "session_id": "x"}),
        None,
    )
    .unwrap();
    assert_eq!(e.kind, EventKind::Other);
    assert!(e.value.get("session_id").is_none());
}

#[test]
fn search_replace_blocks() {
    let diff = "------- SEARCH\na = 1\n=======\na = 2\n+++++++ REPLACE\n\n<<<<<<< SEARCH\nb = 1\n=======\n>>>>>>> REPLACE";
    let b = parse_search_replace(diff).unwrap();
    assert_eq!(
        b,
        vec![
            ("a = 1\n".into(), "a = 2\n".into()),
            ("b = 1\n".into(), String::new())
        ]
    );
    for bad in [
        "stray\n------- SEARCH\nx\n=======\ny\n+++++++ REPLACE",
        "------- SEARCH\nx\n+++++++ REPLACE",
        "------- SEARCH\nx\n=======\ny",
        "",
    ] {
        assert!(parse_search_replace(bad).is_err(), "{bad:?}");
    }
}

#[test]
fn splice_agrees_or_refuses() {
    let t = "a = 1\nb = 1\n";
    let r = |o: &str, n: &str| (o.to_string(), n.to_string());
    assert_eq!(
        splice(t, &[r("a = 1", "a = 2"), r("b = 1", "b = 2")], true).unwrap(),
        "a = 2\nb = 2\n"
    );
    // Out of order: refused where the host searches after the previous block.
    assert!(splice(t, &[r("b = 1", "b = 2"), r("a = 1", "a = 2")], true).is_err());
    assert!(splice(t, &[r("b = 1", "b = 2"), r("a = 1", "a = 2")], false).is_ok());
    // Not unique, missing, empty, overlapping, or a replacement that makes a later search
    // text ambiguous.
    assert!(splice("x x", &[r("x", "y")], false).is_err());
    assert!(splice(t, &[r("c", "d")], false).is_err());
    assert!(splice(t, &[r("", "d")], false).is_err());
    assert!(splice(t, &[r("a = 1\nb", "q"), r("1\nb = 1", "w")], false).is_err());
    assert!(splice(t, &[r("a = 1", "b = 1"), r("b = 1", "z")], false).is_err());
}

#[test]
fn answers_follow_each_profile() {
    let deny = Outcome::Deny("no\n".into());
    let a = answer(Host::GeminiCli, Some(EventKind::PreTool), &deny);
    assert_eq!(a.exit, 0);
    let v: Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v, json!({"decision": "deny", "reason": "no\n"}));
    let a = answer(Host::Windsurf, Some(EventKind::PreTool), &deny);
    assert_eq!((a.exit, a.stdout.is_empty()), (2, true));
    assert_eq!(a.stderr.as_deref(), Some("no"));
    let a = answer(Host::Copilot, Some(EventKind::PreTool), &deny);
    let v: Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v["permissionDecision"], "deny");
    let a = answer(
        Host::Cline,
        Some(EventKind::PreTool),
        &Outcome::Allow(Some("n".into())),
    );
    let v: Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v, json!({"cancel": false}));
    assert_eq!(a.stderr.as_deref(), Some("n"));
    let a = answer(
        Host::Cursor,
        Some(EventKind::Stop),
        &Outcome::Block("out\n".into()),
    );
    let v: Value = serde_json::from_slice(&a.stdout).unwrap();
    assert_eq!(v, json!({"followup_message": "out\n"}));
    let a = answer(
        Host::Goose,
        Some(EventKind::PostTool),
        &Outcome::Block("out".into()),
    );
    assert_eq!((a.exit, a.stdout.is_empty()), (0, true));
    assert_eq!(a.stderr.as_deref(), Some("out"));
    for h in Host::ALL {
        if profile(h).is_some() {
            let a = answer(h, None, &Outcome::Error("boom".into()));
            assert_eq!(a.exit, 2, "{h:?}");
        }
    }
}
