//! The Codex, Aider and string-replacement appliers: data cases and no-panic properties.
//!
//! Data cases live in `tests/patches/<format>/<case>/` at the repository root, `<format>`
//! being `codex`, `aider` or `replace`:
//!
//! | file | what it holds |
//! | --- | --- |
//! | `before/` | the files before (a tree; absent: no files) |
//! | `patch` | `codex`: an `apply_patch` text (or shell heredoc); `aider`: a reply with SEARCH/REPLACE blocks |
//! | `operation.json` | `codex` only, instead of `patch`: an Agents SDK operation `{"type", "path", "diff"}` |
//! | `edits.json` | `replace`: `{"path", "edits": [{"old", "new", "replace_all"?}]}` (Claude Code `Edit`/`MultiEdit`) or `{"path", "insert": {"line", "text"}}` (text editor `insert`) |
//! | `after/` | the files after (absent: no files left) |
//! | `error` | instead of `after/`: the expected error, `<kind> [<line>]` (`no_match 5`) |
//!
//! File patches are applied in order to the tree, each to the result of the ones before, as
//! the tools do.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use editscope::patch::{self, Action, Edit, FilePatch, PatchError, PatchErrorKind};
use proptest::prelude::*;
use serde_json::Value;

fn cases_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/patches")
}

type Tree = BTreeMap<String, String>;

fn read_tree(dir: &Path) -> Result<Tree, String> {
    fn walk(root: &Path, dir: &Path, tree: &mut Tree) -> Result<(), String> {
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(root, &path, tree)?;
            } else {
                let rel = path
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("{}: {e}", path.display()))?;
                tree.insert(rel, text);
            }
        }
        Ok(())
    }
    let mut tree = Tree::new();
    if dir.is_dir() {
        walk(dir, dir, &mut tree)?;
    }
    Ok(tree)
}

/// Applies `patches` to `tree` in order.
fn apply_to_tree(patches: &[FilePatch], tree: &mut Tree) -> Result<(), PatchError> {
    for p in patches {
        let result = p.apply(tree.get(&p.path).map(String::as_str))?;
        match (result, &p.action) {
            (None, _) => {
                tree.remove(&p.path);
            }
            (
                Some(content),
                Action::Update {
                    move_to: Some(dest),
                    ..
                },
            ) => {
                tree.remove(&p.path);
                tree.insert(dest.clone(), content);
            }
            (Some(content), _) => {
                tree.insert(p.path.clone(), content);
            }
        }
    }
    Ok(())
}

fn kind_name(kind: &PatchErrorKind) -> String {
    serde_json::to_value(kind)
        .unwrap()
        .as_str()
        .unwrap()
        .to_string()
}

fn str_field<'a>(v: &'a Value, key: &str) -> Result<&'a str, String> {
    v.get(key)
        .and_then(Value::as_str)
        .ok_or_else(|| format!("no string `{key}`"))
}

/// The file patches of a `replace` case.
fn replace_patches(spec: &Value) -> Result<Vec<FilePatch>, String> {
    let path = str_field(spec, "path")?.to_string();
    let edit = if let Some(edits) = spec.get("edits").and_then(Value::as_array) {
        let edits = edits
            .iter()
            .map(|e| {
                Ok(patch::Replacement {
                    old: str_field(e, "old")?.to_string(),
                    new: str_field(e, "new")?.to_string(),
                    replace_all: e
                        .get("replace_all")
                        .and_then(Value::as_bool)
                        .unwrap_or(false),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        Edit::Replace(edits)
    } else if let Some(ins) = spec.get("insert") {
        let line = ins
            .get("line")
            .and_then(Value::as_u64)
            .ok_or("no `insert.line`")?;
        Edit::Insert {
            line: line as usize,
            text: str_field(ins, "text")?.to_string(),
        }
    } else {
        return Err("edits.json needs `edits` or `insert`".into());
    };
    Ok(vec![FilePatch {
        path,
        line: 1,
        action: Action::Update {
            edit: Some(edit),
            move_to: None,
        },
        modes: Default::default(),
    }])
}

fn run_case(format: &str, dir: &Path) -> Result<(), String> {
    let read =
        |name: &str| std::fs::read_to_string(dir.join(name)).map_err(|e| format!("{name}: {e}"));
    let parsed: Result<Vec<FilePatch>, PatchError> = match format {
        "codex" if dir.join("operation.json").exists() => {
            let op: Value =
                serde_json::from_str(&read("operation.json")?).map_err(|e| e.to_string())?;
            patch::parse_agents_sdk_diff(
                str_field(&op, "path")?,
                str_field(&op, "type")?,
                op.get("diff").and_then(Value::as_str).unwrap_or(""),
            )
            .map(|p| vec![p])
        }
        "codex" => patch::parse_codex(&read("patch")?),
        "aider" => patch::parse_aider(&read("patch")?),
        "replace" => {
            let spec: Value =
                serde_json::from_str(&read("edits.json")?).map_err(|e| e.to_string())?;
            Ok(replace_patches(&spec)?)
        }
        other => return Err(format!("unknown format `{other}`")),
    };
    let mut tree = read_tree(&dir.join("before"))?;
    let outcome = parsed.and_then(|patches| apply_to_tree(&patches, &mut tree));
    match (outcome, dir.join("error").exists()) {
        (Ok(()), false) => {
            let want = read_tree(&dir.join("after"))?;
            if tree != want {
                return Err(format!("got {tree:#?}\nexpected {want:#?}"));
            }
            Ok(())
        }
        (Ok(()), true) => Err(format!("expected an error, got {tree:#?}")),
        (Err(e), true) => {
            let want = read("error")?;
            let mut words = want.split_whitespace();
            let kind = words.next().unwrap_or("");
            if kind != kind_name(&e.kind) {
                return Err(format!(
                    "error `{e}` ({:?}), expected `{}`",
                    e.kind,
                    want.trim()
                ));
            }
            if let Some(line) = words.next() {
                if line != e.line.to_string() {
                    return Err(format!(
                        "error `{e}` at line {}, expected line {line}",
                        e.line
                    ));
                }
            }
            Ok(())
        }
        (Err(e), false) => Err(format!("unexpected error: {e}")),
    }
}

#[test]
fn patch_cases() {
    let root = cases_root();
    let mut dirs: Vec<(String, PathBuf)> = Vec::new();
    for format in ["codex", "aider", "replace"] {
        let Ok(entries) = std::fs::read_dir(root.join(format)) else {
            continue;
        };
        for case in entries.flatten().filter(|e| e.path().is_dir()) {
            dirs.push((format.to_string(), case.path()));
        }
    }
    dirs.sort();
    for format in ["codex", "aider", "replace"] {
        assert!(
            dirs.iter().any(|(f, _)| f == format),
            "no {format} cases under {}",
            root.display()
        );
    }
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|(f, d)| {
            run_case(f, d)
                .err()
                .map(|e| format!("{}: {e}", d.strip_prefix(&root).unwrap_or(d).display()))
        })
        .collect();
    println!("{} patch cases, {} failed", dirs.len(), failures.len());
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// Lines of patch-like text: markers, diff lines, UTF-8, line-end oddities.
fn patchy_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("*** Begin Patch".to_string()),
        Just("*** End Patch".to_string()),
        Just("*** Update File: f".to_string()),
        Just("*** Add File: f".to_string()),
        Just("*** Delete File: f".to_string()),
        Just("*** Move to: g".to_string()),
        Just("*** End of File".to_string()),
        Just("@@".to_string()),
        Just("@@ a".to_string()),
        Just("<<<<<<< SEARCH".to_string()),
        Just("=======".to_string()),
        Just(">>>>>>> REPLACE".to_string()),
        Just("f".to_string()),
        Just("```".to_string()),
        Just("...".to_string()),
        Just("apply_patch <<'EOF'".to_string()),
        Just("EOF".to_string()),
        "[ +\\-a\u{e9}\u{2013}\t\r]{0,6}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..14).prop_map(|v| v.join("\n"))
}

fn file_text() -> impl Strategy<Value = String> {
    prop::collection::vec("[ a\u{e9}\t\r]{0,4}", 0..8).prop_map(|v| v.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn codex_never_panics(text in patchy_text(), file in file_text()) {
        if let Ok(patches) = patch::parse_codex(&text) {
            for p in &patches {
                let _ = p.apply(Some(&file));
                let _ = p.apply(None);
            }
        }
        let _ = patch::unwrap_heredoc(&text);
        for kind in ["create_file", "update_file", "delete_file"] {
            if let Ok(p) = patch::parse_agents_sdk_diff("f", kind, &text) {
                let _ = p.apply(Some(&file));
            }
        }
    }

    #[test]
    fn aider_never_panics(text in patchy_text(), file in file_text()) {
        if let Ok(patches) = patch::parse_aider(&text) {
            for p in &patches {
                let _ = p.apply(Some(&file));
            }
        }
    }

    #[test]
    fn aider_blocks_never_panic(search in file_text(), replacement in file_text(), file in file_text()) {
        let block = patch::AiderBlock { search, replace: replacement, line: 1 };
        let _ = patch::apply_aider(&[block], &file);
    }

    #[test]
    fn replace_never_panics(old in file_text(), new in file_text(), file in file_text(), all: bool, line in 0usize..12) {
        let r = patch::Replacement { old: old.clone(), new: new.clone(), replace_all: all };
        if let Ok(out) = patch::apply_replacements(&[r], &file) {
            // What Claude Code's `Edit` guarantees: the old text went, the new one came.
            prop_assert!(all || out.contains(&new));
        }
        let _ = patch::str_replace(&file, &old, &new);
        if let Ok(out) = patch::insert_lines(&file, line, &new) {
            prop_assert_eq!(out.len(), file.len() + new.len() + 1);
        }
    }

    /// A unique exact replacement is a splice at the one occurrence.
    #[test]
    fn str_replace_is_a_splice(prefix in file_text(), old in "[xy]{1,3}", suffix in file_text(), new in file_text()) {
        let file = format!("{prefix}{old}{suffix}");
        if file.matches(old.as_str()).count() == 1 {
            prop_assert_eq!(patch::str_replace(&file, &old, &new).unwrap(), format!("{prefix}{new}{suffix}"));
        }
    }
}
