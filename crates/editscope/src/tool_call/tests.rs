use super::*;
use serde_json::json;

#[test]
fn tool_names_decide_the_reading() {
    let cwd = Path::new("/w");
    for (tool, input) in [
        ("Read", json!({"file_path": "/w/a.py"})),
        ("Bash", json!({"command": "ls"})),
        ("file_editor", json!({"command": "view", "path": "a.py"})),
        ("shell", json!({"command": ["ls", "-la"]})),
    ] {
        assert_eq!(
            read(tool, &input, cwd).unwrap(),
            ToolCall::NotAnEdit,
            "{tool}"
        );
    }
    for (tool, input) in [
        (
            "file_editor",
            json!({"command": "undo_edit", "path": "a.py"}),
        ),
        ("NotebookEdit", json!({"notebook_path": "/w/n.ipynb"})),
    ] {
        let ToolCall::Edits(e) = read(tool, &input, cwd).unwrap() else {
            panic!("{tool}")
        };
        assert!(matches!(e[0].kind, EditKind::Opaque { .. }), "{tool}");
    }
    for (tool, input) in [
        ("file_editor", json!({"command": "rename", "path": "a.py"})),
        ("edit_file", json!({"path": "a.py", "content": "x"})),
        ("Edit", json!("not an object")),
        (
            "apply_patch",
            json!({"command": ["python", "-c", "apply_patch()"]}),
        ),
        ("apply_patch", json!({})),
        (
            "shell",
            json!({"command": ["bash", "-lc", "cd $D && apply_patch <<'EOF'\n*** Begin Patch\n*** End Patch\nEOF\n"]}),
        ),
    ] {
        assert!(read(tool, &input, cwd).is_err(), "{tool} {input}");
    }
    let ToolCall::Edits(e) = read(
        "str_replace_editor",
        &json!({"command": "str_replace", "path": "a.py", "old_str": "a"}),
        cwd,
    )
    .unwrap() else {
        panic!()
    };
    assert!(matches!(e[0].kind, EditKind::ExpandTabs(_)));
    let ToolCall::Edits(e) = read(
        "shell",
        &json!({"command": ["bash", "-lc", "cd sub && apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: x.py\n+x\n*** End Patch\nEOF\n"], "workdir": "w2"}),
        cwd,
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(e[0].base, Path::new("/w/w2/sub"));
    assert_eq!(e[0].absolute_path(), Path::new("/w/w2/sub/x.py"));
}

#[test]
fn expandtabs_matches_python() {
    assert_eq!(expandtabs("a\tb\n\tc"), "a       b\n        c");
    assert_eq!(expandtabs("12345678\tx"), "12345678        x");
}
