//! The built `editscope` binary, run as a user would.

use std::path::PathBuf;
use std::process::{Command, Output};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_editscope"))
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn run(args: &[&str]) -> Output {
    bin().args(args).current_dir(root()).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn diff_of_every_bundled_example() {
    for (lang, ext, expect) in [
        ("python", "py", "UserService.create"),
        ("rust", "rs", "<Parser as fmt::Display>::fmt"),
        ("typescript", "ts", "UserService.remove"),
        ("tsx", "tsx", "ButtonProps.onClick"),
    ] {
        let o = run(&[
            "diff",
            &format!("examples/{lang}/before.{ext}"),
            &format!("examples/{lang}/after.{ext}"),
        ]);
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        assert!(stdout(&o).contains(expect), "{lang}: {}", stdout(&o));
    }
}

#[test]
fn diff_json_has_the_documented_shape() {
    let o = run(&[
        "diff",
        "examples/python/before.py",
        "examples/python/after.py",
        "--json",
        "--path",
        "src/app.py",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["path"], "src/app.py");
    assert_eq!(v["language"], "python");
    assert!(v["errors"].as_array().unwrap().is_empty());
    let changes = v["changes"].as_array().unwrap();
    let create = changes
        .iter()
        .find(|c| c["symbol"] == "UserService.create")
        .expect("create changed");
    assert_eq!(create["kind"], "method");
    assert_eq!(create["change"], "body");
    assert_eq!(create["before"]["start_line"], 15);
    assert_eq!(create["after"]["end_line"], 20);
    assert!(changes.iter().any(|c| c["symbol"] == "legacy_helper"
        && c["change"] == "removed"
        && c["after"].is_null()));
    let outside = v["outside"].as_array().unwrap();
    assert_eq!(outside.len(), 1);
    assert_eq!(outside[0]["after"]["start_line"], 3);
}

#[test]
fn symbols_outline_and_json() {
    let o = run(&["symbols", "examples/rust/before.rs"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    assert!(
        text.contains("    Parser::parse  (method, lines 14-16)"),
        "{text}"
    );
    let o = run(&["symbols", "examples/typescript/before.ts", "--json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let paths: Vec<&str> = v["symbols"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert!(
        paths.contains(&"UserService.constructor")
            && paths.contains(&"Shapes.area")
            && paths.contains(&"handler"),
        "{paths:?}"
    );
}

#[test]
fn bad_input_exits_2_with_a_message_and_no_backtrace() {
    let dir = std::env::temp_dir().join(format!("editscope-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bad_utf8 = dir.join("bad.py");
    std::fs::write(&bad_utf8, b"def f():\n    return '\xff\xfe'\n").unwrap();
    let unknown = dir.join("notes.txt");
    std::fs::write(&unknown, "hello").unwrap();
    let cases: Vec<(Vec<String>, &str)> = vec![
        (
            vec!["symbols".into(), bad_utf8.display().to_string()],
            "not valid UTF-8",
        ),
        (
            vec!["symbols".into(), unknown.display().to_string()],
            "cannot tell the language",
        ),
        (
            vec!["symbols".into(), "does/not/exist.py".into()],
            "does/not/exist.py",
        ),
        (
            vec![
                "symbols".into(),
                dir.display().to_string(),
                "--lang".into(),
                "python".into(),
            ],
            "not a regular file",
        ),
        (
            vec![
                "symbols".into(),
                unknown.display().to_string(),
                "--lang".into(),
                "cobol".into(),
            ],
            "unknown language `cobol`",
        ),
        (
            vec!["diff".into(), "examples/python/before.py".into()],
            "AFTER",
        ),
        (vec!["frobnicate".into()], "unrecognized subcommand"),
    ];
    for (args, needle) in cases {
        let o = bin().args(&args).current_dir(root()).output().unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        let err = stderr(&o);
        assert!(err.contains(needle), "{args:?}: {err}");
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{err}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn syntax_errors_are_shown_with_line_and_column() {
    let dir = std::env::temp_dir().join(format!("editscope-cli-err-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("broken.rs");
    std::fs::write(&file, "fn ok() {}\nfn broken( {\n").unwrap();
    let o = run(&["symbols", file.to_str().unwrap(), "--json"]);
    assert_eq!(o.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let errors = v["errors"].as_array().unwrap();
    assert!(!errors.is_empty());
    assert_eq!(errors[0]["line"], 2);
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn dump_shows_the_tree() {
    let o = run(&["dump", "examples/python/before.py"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("function_definition"));
}

/// A patch applied from the wrong directory (a subdirectory of where it was made) fails with
/// the directory it was applied in and how to name the right one.
#[test]
fn a_patch_applied_in_the_wrong_directory_names_it_and_root() {
    let example = root().join("examples/check");
    let o = bin()
        .args(["check", "--contract"])
        .arg(example.join("scope.toml"))
        .arg(example.join("agent.diff"))
        .current_dir(example.join("repo/src"))
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let e = stderr(&o);
    assert!(e.contains("does not exist"), "{e}");
    assert!(
        e.contains("looked under")
            && e.contains("repo/src, the current directory")
            && e.contains("--root DIR"),
        "{e}"
    );
}
