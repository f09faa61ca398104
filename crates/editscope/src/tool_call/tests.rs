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
    let d = std::env::temp_dir().join(format!("editscope-tc-read-{}", std::process::id()));
    std::fs::create_dir_all(d.join("w2/sub")).unwrap();
    let ToolCall::Edits(e) = read(
        "shell",
        &json!({"command": ["bash", "-lc", "cd sub && apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: x.py\n+x\n*** End Patch\nEOF\n"], "workdir": "w2"}),
        &d,
    )
    .unwrap() else {
        panic!()
    };
    assert_eq!(e[0].base, d.join("w2/sub"));
    assert_eq!(e[0].absolute_path(), d.join("w2/sub/x.py"));
    // A `cd` into a directory that does not exist fails, and the shell would go on
    // elsewhere: refused.
    assert!(matches!(
        read(
            "shell",
            &json!({"command": ["bash", "-lc", "cd nope && apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: x.py\n+x\n*** End Patch\nEOF\n"], "workdir": "w2"}),
            &d,
        ),
        Err(ToolCallError::Shell { .. })
    ));
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn files_that_govern_editscope_are_protected_anywhere() {
    for p in [
        "/r/.editscope.toml",
        "/home/u/.EditScope.Toml",
        "/r/.git/config",
        "/r/sub/.git",
        "/r/.GIT/hooks/pre-commit",
        "/home/u/.gitconfig",
        "/home/u/.config/git/config",
        "/home/u/.bashrc",
        "/home/u/.zshenv",
        "/r/.claude/settings.json",
        "/home/u/.claude/settings.local.json",
        "/home/u/.codex/config.toml",
        "/r/.openhands/hooks.json",
        "/r/.gemini/settings.json",
        "/r/.github/hooks/editscope.json",
        "/r/.github/copilot/settings.local.json",
        "/home/u/.copilot/hooks/x.json",
        "/r/.cursor/hooks.json",
        "/r/.clinerules/hooks/PreToolUse",
        "/home/u/Documents/Cline/Rules/Hooks/PreToolUse",
        "/r/.windsurf/hooks.json",
        "/home/u/.codeium/windsurf/hooks.json",
        "/etc/windsurf/hooks.json",
        "/r/.agents/plugins/editscope/hooks/hooks.json",
        "/r/.kiro/hooks/editscope.json",
        "/r/.kiro/agents/default.json",
        "/r/.mcp.json",
        "/r/sub/.MCP.json",
        "/home/u/.claude.json",
        "/r/.cursor/mcp.json",
        "/r/.vscode/mcp.json",
        "/r/.kiro/settings/mcp.json",
        "/home/u/.codeium/windsurf/mcp_config.json",
        "/home/u/.config/Code/User/globalStorage/saoudrizwan.claude-dev/settings/cline_mcp_settings.json",
        "/r/.continue/mcpServers/editscope.yaml",
        "/home/u/.continue/config.yaml",
        "/home/u/.config/zed/settings.json",
        "/r/.zed/settings.json",
        "/home/u/.config/goose/config.yaml",
    ] {
        assert!(protected_path(Path::new(p)).is_some(), "{p}");
    }
    for p in [
        "/r/src/app.py",
        "/r/editscope.toml",
        "/r/.github/x.yml",
        "/r/.github/workflows/ci.yml",
        "/r/.cursor/rules/a.mdc",
        "/r/src/hooks/use_state.ts",
        "/r/.clinerules/style.md",
        "/home/u/src/cline/src/hooks/run.ts",
        "/r/gitconfig.md",
    ] {
        assert!(protected_path(Path::new(p)).is_none(), "{p}");
    }
}

#[test]
fn hard_links_and_unexpanded_paths_are_refused() {
    let d = std::env::temp_dir().join(format!("editscope-tc-links-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("docs")).unwrap();
    std::fs::write(d.join("a.py"), "x = 1\n").unwrap();
    std::fs::write(d.join("c.toml"), "files = [\"docs/**\"]\n").unwrap();
    std::fs::hard_link(d.join("a.py"), d.join("docs/a.md")).unwrap();
    std::fs::hard_link(d.join("c.toml"), d.join("docs/c.md")).unwrap();
    let contract = Contract::from_toml("files = [\"docs/**\"]\n").unwrap();
    let cf = d.join("c.toml");
    for (tool, input) in [
        (
            "Write",
            json!({"file_path": d.join("docs/a.md"), "content": "y\n"}),
        ),
        (
            "Edit",
            json!({"file_path": d.join("docs/c.md"), "old_string": "docs", "new_string": "**"}),
        ),
        (
            "file_editor",
            json!({"command": "str_replace", "path": d.join("docs/a.md"), "old_str": "1", "new_str": "2"}),
        ),
        (
            "apply_patch",
            json!({"command": "*** Begin Patch\n*** Update File: docs/a.md\n@@\n-x = 1\n+x = 2\n*** End Patch\n"}),
        ),
        (
            "Write",
            json!({"file_path": "~/docs/new.md", "content": "y\n"}),
        ),
        (
            "Write",
            json!({"file_path": "docs/$HOME.md", "content": "y\n"}),
        ),
    ] {
        let got = check_tool_call(&contract, Some(&cf), tool, &input, &d, &d);
        assert!(got.is_err(), "{tool} {input}: {got:?}");
    }
    // A file with one link in the granted folder is fine.
    let got = check_tool_call(
        &contract,
        Some(&cf),
        "Write",
        &json!({"file_path": d.join("docs/new.md"), "content": "y\n"}),
        &d,
        &d,
    )
    .unwrap();
    assert!(
        matches!(got, Outcome::Checked { report, .. } if report.status == crate::Status::Allowed)
    );
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn expandtabs_matches_python() {
    assert_eq!(expandtabs("a\tb\n\tc"), "a       b\n        c");
    assert_eq!(expandtabs("12345678\tx"), "12345678        x");
}

/// The OpenHands editor's `insert` and `str_replace` (openhands-aci `OHEditor`, read in text
/// mode, tabs expanded, lines copied as they are), in Python: run on every case, the bytes
/// it writes must be the ones editscope computes.
const OPENHANDS_EMULATION: &str = r#"
import json, re, sys
out = []
for case in json.load(sys.stdin):
    path = case["path"]
    if case["cmd"] == "insert":
        insert_line, new_str = case["line"], case["text"]
        num_lines = sum(1 for _ in open(path, encoding="utf-8"))
        if not 0 <= insert_line <= num_lines:
            out.append(None); continue
        res = []
        for i, line in enumerate(open(path, encoding="utf-8"), 1):
            if i > insert_line: break
            res.append(line.expandtabs())
        for line in new_str.expandtabs().split("\n"):
            res.append(line + "\n")
        for i, line in enumerate(open(path, encoding="utf-8"), 1):
            if i <= insert_line: continue
            res.append(line.expandtabs())
        out.append("".join(res))
    else:
        old, new = case["old"].expandtabs(), case["new"].expandtabs()
        content = "".join(open(path, encoding="utf-8")).expandtabs()
        occ = [m.start() for m in re.finditer(re.escape(old), content)]
        if len(occ) != 1:
            out.append(None); continue
        out.append(content[:occ[0]] + new + content[occ[0] + len(old):])
json.dump(out, sys.stdout)
"#;

#[test]
fn the_openhands_editor_is_emulated_byte_for_byte() {
    use std::io::Write as _;
    let Ok(mut py) = std::process::Command::new("python3")
        .args(["-c", OPENHANDS_EMULATION])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    else {
        eprintln!("python3 not available; skipping the differential test");
        return;
    };
    let d = std::env::temp_dir().join(format!("editscope-oh-diff-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    let files = [
        "",
        "a",
        "a\n",
        "a\nb",
        "a\nb\n",
        "LIMIT = 1",
        "x = 1\r\ny = 2\r\n",
        "x = 1\ry = 2",
        "x\r\n\r\ny\n\tz",
        "\tif x:\n\t\treturn 1\n",
        "\n\n",
    ];
    let texts = ["X", "X\nY", "X\n", "\tX", "", "a\r\nb"];
    let mut cases = Vec::new();
    let mut ours: Vec<Option<String>> = Vec::new();
    for (i, f) in files.iter().enumerate() {
        let path = d.join(format!("f{i}.py"));
        std::fs::write(&path, f).unwrap();
        let now = expandtabs(&universal_newlines(f));
        for line in 0..6 {
            for t in texts {
                cases.push(json!({"cmd": "insert", "path": path, "line": line, "text": t}));
                ours.push(openhands_insert(&now, line, &expandtabs(t)).ok());
            }
        }
        for (old, new) in [
            ("1", "2"),
            ("y", "Y"),
            ("\n", " "),
            ("\r\n", "\n"),
            ("\t", "T"),
            ("a\nb", "c"),
        ] {
            cases.push(json!({"cmd": "str_replace", "path": path, "old": old, "new": new}));
            ours.push(patch::str_replace(&now, &expandtabs(old), &expandtabs(new)).ok());
        }
    }
    py.stdin
        .take()
        .unwrap()
        .write_all(serde_json::to_string(&cases).unwrap().as_bytes())
        .unwrap();
    let out = py.wait_with_output().unwrap();
    assert!(out.status.success());
    let theirs: Vec<Option<String>> = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(theirs.len(), ours.len());
    for ((c, a), b) in cases.iter().zip(&ours).zip(&theirs) {
        assert_eq!(a, b, "{c}");
    }
    std::fs::remove_dir_all(&d).ok();
}

#[test]
fn js_replacement_patterns_follow_get_substitution() {
    use crate::patch::Replacement;
    let rep = |old: &str, new: &str, all: bool| Replacement {
        old: old.into(),
        new: new.into(),
        replace_all: all,
    };
    assert_eq!(
        js_replace("a X b", &[rep("X", "[$&]", false)]).unwrap(),
        "a [X] b"
    );
    assert_eq!(
        js_replace("a X b", &[rep("X", "$'", false)]).unwrap(),
        "a  b b"
    );
    assert_eq!(
        js_replace("a X b", &[rep("X", "$`", false)]).unwrap(),
        "a a  b"
    );
    assert_eq!(
        js_replace("a X b", &[rep("X", "$$1$1$<n>", false)]).unwrap(),
        "a $1$1$<n> b"
    );
    assert_eq!(
        js_replace("X X", &[rep("X", "<$`>", true)]).unwrap(),
        "<> <X >"
    );
    assert!(js_replace("X X", &[rep("X", "$&", false)]).is_err());
    assert!(has_js_pattern("$'") && has_js_pattern("x$$") && !has_js_pattern("$1 $<a> $x $"));
}

mod property {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        /// A file named `.editscope.toml` in any case, in any folder, by any host, is never
        /// written; nor anything under a `.git` folder.
        #[test]
        fn contract_names_are_never_written(
            dirs in proptest::collection::vec("[a-z]{1,4}", 0..4),
            upper in proptest::collection::vec(any::<bool>(), 15),
            inside_git in any::<bool>(),
            host in 0usize..3,
        ) {
            let name: String = ".editscope.toml"
                .chars()
                .zip(&upper)
                .map(|(c, &u)| if u { c.to_ascii_uppercase() } else { c })
                .collect();
            let mut path = std::path::PathBuf::from("/tmp/editscope-prop-root");
            for d in &dirs {
                path.push(d);
            }
            let file = if inside_git {
                path.join(".git").join("x")
            } else {
                path.join(&name)
            };
            let f = file.to_string_lossy().into_owned();
            let (tool, input) = match host {
                0 => ("Write", json!({"file_path": f, "content": "files = [\"**\"]\n"})),
                1 => ("apply_patch", json!({"command": format!("*** Begin Patch\n*** Add File: {f}\n+x\n*** End Patch\n")})),
                _ => ("file_editor", json!({"command": "create", "path": f, "file_text": "x"})),
            };
            let contract = Contract::from_toml("files = [\"**\"]\n").unwrap();
            let got = check_tool_call(&contract, None, tool, &input, Path::new("/"), Path::new("/tmp/editscope-prop-root"));
            prop_assert!(matches!(got, Err(ToolCallError::Protected { .. })), "{f}: {got:?}");
        }

        /// Without a pattern, the JavaScript reading is the literal one.
        #[test]
        fn js_reading_without_patterns_is_literal(
            text in "[ab$&'`]{0,12}",
            old in "[ab]{1,2}",
            new in "[ab$x]{0,4}",
            all in any::<bool>(),
        ) {
            let r = crate::patch::Replacement { old: old.clone(), new: new.clone(), replace_all: all };
            prop_assume!(!has_js_pattern(&new) && old != new);
            let lit = patch::apply_replacements(std::slice::from_ref(&r), &text).ok();
            prop_assert_eq!(js_replace(&text, &[r]).ok(), lit);
        }
    }
}
