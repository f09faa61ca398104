//! Selectors that match nothing: the warning with the nearest names, in the human output and
//! the JSON report, and `--strict` making it an error (exit 2, not 1).

use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git is installed");
    assert!(o.status.success(), "git {args:?}");
}

/// A repository with `src/click/core.py` committed and its `Context.invoke` body edited.
fn repo(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("editscope-selectors-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("src/click")).unwrap();
    let core = "class Context:\n    def invoke(self):\n        return 1\n";
    std::fs::write(dir.join("src/click/core.py"), core).unwrap();
    git(&dir, &["init", "-q", "-b", "main"]);
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "base"]);
    std::fs::write(
        dir.join("src/click/core.py"),
        core.replace("return 1", "return 2"),
    )
    .unwrap();
    dir
}

fn check(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["check", "--worktree", "--root", dir.to_str().unwrap()];
    args.extend_from_slice(extra);
    Command::new(env!("CARGO_BIN_EXE_editscope"))
        .args(&args)
        .output()
        .unwrap()
}

#[test]
fn a_misspelt_file_is_warned_about_with_the_nearest_name() {
    let dir = repo("nofile");
    let o = check(
        &dir,
        &[
            "--allow-body",
            "src/click/core.py::Context.invoke",
            "--allow-body",
            "src/click/cor.py::Context.invoke",
        ],
    );
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains(r#"selector "src/click/cor.py::Context.invoke" matches no file; did you mean "src/click/core.py::Context.invoke"?"#),
        "{out}"
    );
    let o = check(
        &dir,
        &[
            "--json",
            "--allow-body",
            "src/click/core.py::Context.invoke",
            "--allow-body",
            "src/click/cor.py::Context.invoke",
        ],
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let w = &json["selector_warnings"][0];
    assert_eq!(w["kind"], "no_file");
    assert_eq!(w["selector"], "src/click/cor.py::Context.invoke");
    assert_eq!(w["suggestions"][0], "src/click/core.py::Context.invoke");
    // --strict: an error, exit 2 (1 is "rejected"), the warning on stderr.
    let o = check(
        &dir,
        &[
            "--strict",
            "--allow-body",
            "src/click/core.py::Context.invoke",
            "--allow-body",
            "src/click/cor.py::Context.invoke",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("matches no file; did you mean"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_misspelt_symbol_is_warned_about_and_strict_fails() {
    let dir = repo("nosymbol");
    let o = check(
        &dir,
        &["--json", "--allow-body", "src/click/*.py::Context.invok"],
    );
    assert_eq!(
        o.status.code(),
        Some(1),
        "the edit is not granted: still rejected"
    );
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let w = &json["selector_warnings"][0];
    assert_eq!(w["kind"], "no_symbol");
    assert_eq!(
        w["message"],
        r#"selector "src/click/*.py::Context.invok" matches no symbol in src/click/core.py; did you mean "Context.invoke"?"#
    );
    let o = check(
        &dir,
        &["--strict", "--allow-body", "src/click/*.py::Context.invok"],
    );
    assert_eq!(o.status.code(), Some(2));
    // A selector naming a file the repository has but the change leaves alone is fine.
    let o = check(
        &dir,
        &[
            "--strict",
            "--allow-body",
            "src/click/core.py::Context.invoke",
            "--allow-body",
            "src/click/core.py::Context.invoke",
        ],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let _ = std::fs::remove_dir_all(&dir);
}
