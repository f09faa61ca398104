//! `editscope check` at its edges: git sources from any directory, the contract as the one
//! thing no change may touch, no contract at all, symlinks, and the input limits.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::Value;

mod support;
use support::{editscope_in, text, Scratch};

const APP: &str = "def f():\n    return 1\n\n\ndef g():\n    return 2\n";
const APP_F: &str = "def f():\n    return 10\n\n\ndef g():\n    return 2\n";
const APP_FG: &str = "def f():\n    return 10\n\n\ndef g():\n    return 20\n";

/// A repository with `src/app.py`, `docs/guide.md` and, if given, a committed contract.
fn repo(name: &str, contract: Option<&str>) -> Scratch {
    let s = Scratch::new("edges", name);
    s.git(&["init", "-q", "-b", "main"]);
    s.write("src/app.py", APP);
    s.write("docs/guide.md", "# Guide\n");
    if let Some(c) = contract {
        s.write(".editscope.toml", c);
    }
    s.git(&["add", "."]);
    s.git(&["commit", "-q", "-m", "base"]);
    s
}

fn kinds(report: &Value) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["path"].as_str().unwrap().to_string(),
                v["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = list
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    v.sort();
    v
}

/// Every way to name a directory of the repository: the top, a subdirectory, a path with
/// `..`, a symlink to the repository and a subdirectory through it; `None`: the working
/// directory (a subdirectory) with the default root.
fn roots(s: &Scratch, alias: &Path) -> Vec<(PathBuf, Option<String>)> {
    let top = s.0.clone();
    vec![
        (top.clone(), Some(s.path().to_string())),
        (top.clone(), Some(format!("{}/src", s.path()))),
        (top.clone(), Some(format!("{}/src/../docs", s.path()))),
        (top.clone(), Some(alias.to_str().unwrap().to_string())),
        (top.clone(), Some(format!("{}/src", alias.display()))),
        (top.join("src"), None),
    ]
}

fn check_from(cwd: &Path, root: &Option<String>, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["check", "--json"];
    if let Some(r) = root {
        args.extend(["--root", r.as_str()]);
    }
    args.extend_from_slice(extra);
    let o = editscope_in(cwd, &args, None);
    (o.status.code(), text(&o.stdout) + &text(&o.stderr))
}

#[test]
fn git_checks_give_one_verdict_from_any_directory_of_the_repository() {
    let s = repo("subdir", Some("body = [\"src/app.py::f\"]\n"));
    let links = Scratch::new("edges", "subdir-alias");
    let alias = links.0.join("repo");
    #[cfg(unix)]
    std::os::unix::fs::symlink(&s.0, &alias).unwrap();
    let agree = |extra: &[&str], code: i32| -> Value {
        let mut seen: Option<String> = None;
        for (cwd, root) in roots(&s, &alias) {
            let (got, out) = check_from(&cwd, &root, extra);
            assert_eq!(got, Some(code), "{extra:?} from {root:?} in {cwd:?}: {out}");
            match &seen {
                None => seen = Some(out),
                Some(first) => assert_eq!(first, &out, "{extra:?} from {root:?}"),
            }
        }
        serde_json::from_str(&seen.unwrap()).unwrap()
    };
    // Allowed: only the body of f changed.
    s.write("src/app.py", APP_F);
    s.git(&["add", "."]);
    for source in ["--staged", "--worktree"] {
        let report = agree(&[source], 0);
        assert_eq!(report["files"][0]["path"], "src/app.py");
        assert_eq!(report["files"][0]["change"], "modified");
        assert_eq!(
            report["files"][0]["verified_by"],
            serde_json::json!(["tree-sitter", "ruff_python_parser"])
        );
    }
    // Rejected: g too, and an untracked file in another directory.
    s.write("src/app.py", APP_FG);
    s.write("docs/new.md", "new\n");
    let report = agree(&["--worktree"], 1);
    assert_eq!(
        kinds(&report),
        pairs(&[("docs/new.md", "file_created"), ("src/app.py", "changed")])
    );
    s.git(&["add", "."]);
    agree(&["--staged"], 1);
    s.git(&["commit", "-q", "-m", "agent"]);
    let report = agree(&["--range", "HEAD~1..HEAD"], 1);
    assert_eq!(
        kinds(&report),
        pairs(&[("docs/new.md", "file_created"), ("src/app.py", "changed")])
    );
}

#[test]
fn check_without_a_contract_is_an_error() {
    let s = repo("nocontract", None);
    s.write("src/app.py", APP_FG);
    s.git(&["add", "."]);
    for extra in [
        &["--worktree"][..],
        &["--staged"],
        &["--worktree", "--json"],
        &["--staged", "--format", "sarif"],
    ] {
        let mut args = vec!["check", "--root", s.path()];
        args.extend_from_slice(extra);
        let o = editscope_in(&s.0, &args, None);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {}", text(&o.stdout));
        assert!(
            text(&o.stderr).contains("no contract"),
            "{}",
            text(&o.stderr)
        );
        assert!(o.stdout.is_empty(), "no report without a contract");
    }
    s.git(&["commit", "-q", "-m", "agent"]);
    let o = editscope_in(&s.0, &["check", "--range", "HEAD~1..HEAD"], None);
    assert_eq!(o.status.code(), Some(2));
    // A patch, with no contract found above its root.
    let diff = "--- a/src/app.py\n+++ b/src/app.py\n@@ -1,2 +1,2 @@\n def f():\n-    return 10\n+    return 11\n";
    let o = editscope_in(
        &s.0,
        &["check", "--root", s.path(), "-"],
        Some(diff.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(text(&o.stderr).contains("no contract"));
}

#[test]
fn a_missing_revision_is_named_not_reported_as_no_contract() {
    let s = repo("missing-rev", Some("body = [\"src/app.py::f\"]\n"));
    s.write("src/app.py", APP_F);
    s.git(&["commit", "-q", "-am", "agent"]);
    // Discovered contract, named contract, and the GitHub format: each names the revision.
    let contract = s.0.join("c.toml");
    std::fs::write(&contract, "body = [\"src/app.py::f\"]\n").unwrap();
    for extra in [
        vec![],
        vec!["--contract", contract.to_str().unwrap()],
        vec!["--format", "github"],
    ] {
        let mut args = vec!["check", "--range", "HEAD~9..HEAD"];
        args.extend(extra.iter().copied());
        let o = editscope_in(&s.0, &args, None);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{extra:?}: {err}");
        assert!(err.contains("`HEAD~9` is not a commit"), "{extra:?}: {err}");
        assert!(err.contains("fetch-depth"), "{extra:?}: {err}");
        assert!(!err.contains("no contract"), "{extra:?}: {err}");
    }
}

#[test]
fn range_reads_the_contract_from_base() {
    let s = repo("range", Some("body = [\"src/app.py::f\"]\n"));
    // The agent loosens the contract and edits g.
    s.write(".editscope.toml", "files = [\"**\"]\n");
    s.write("src/app.py", APP_FG);
    s.git(&["commit", "-qam", "loosen"]);
    let (code, out) = check_from(&s.0, &None, &["--range", "HEAD~1..HEAD"]);
    assert_eq!(code, Some(1), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        kinds(&report),
        pairs(&[
            (".editscope.toml", "contract_changed"),
            ("src/app.py", "changed")
        ])
    );
    // The agent deletes the contract: the base's still holds.
    s.git(&["rm", "-q", ".editscope.toml"]);
    s.git(&["commit", "-qm", "delete"]);
    let (code, out) = check_from(&s.0, &None, &["--range", "HEAD~2..HEAD"]);
    assert_eq!(code, Some(1), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        kinds(&report),
        pairs(&[
            (".editscope.toml", "contract_changed"),
            ("src/app.py", "changed")
        ])
    );
    // A contract the range adds is not a contract for the range.
    let u = repo("range-added", None);
    u.write(".editscope.toml", "files = [\"**\"]\n");
    u.write("src/app.py", APP_FG);
    u.git(&["add", "."]);
    u.git(&["commit", "-qm", "agent"]);
    let (code, out) = check_from(&u.0, &None, &["--range", "HEAD~1..HEAD"]);
    assert_eq!(code, Some(2), "the base has no contract: {out}");
    assert!(out.contains("no contract"), "{out}");

    // A contract named inside the repository is read from the base too, and protected.
    let t = repo("range-named", None);
    t.write("policy/scope.toml", "body = [\"src/app.py::f\"]\n");
    t.git(&["add", "."]);
    t.git(&["commit", "-qm", "policy"]);
    t.write("policy/scope.toml", "files = [\"**\"]\n");
    t.write("src/app.py", APP_FG);
    t.git(&["commit", "-qam", "agent"]);
    let named = format!("{}/policy/scope.toml", t.path());
    let (code, out) = check_from(
        &t.0,
        &None,
        &["--contract", &named, "--range", "HEAD~1..HEAD"],
    );
    assert_eq!(code, Some(1), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        kinds(&report),
        pairs(&[
            ("policy/scope.toml", "contract_changed"),
            ("src/app.py", "changed")
        ])
    );
    // Through $EDITSCOPE_CONTRACT, relative to the working directory, the same.
    let o = Command::new(env!("CARGO_BIN_EXE_editscope"))
        .args(["check", "--json", "--range", "HEAD~1..HEAD"])
        .env("EDITSCOPE_CONTRACT", "policy/scope.toml")
        .current_dir(&t.0)
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    // A named contract the base does not have is refused.
    let (code, out) = check_from(
        &t.0,
        &None,
        &["--contract", &named, "--range", "HEAD~2..HEAD~1"],
    );
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("is not in HEAD~2"), "{out}");
}

#[test]
fn an_uncommitted_contract_is_the_setup_and_a_changed_one_is_named() {
    let s = repo("setup", None);
    // The user writes the contract, the agent edits f: allowed, with a note.
    s.write(".editscope.toml", "body = [\"src/app.py::f\"]\n");
    s.write("src/app.py", APP_F);
    let (code, out) = check_from(&s.0, &None, &["--worktree"]);
    assert_eq!(code, Some(0), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert!(
        report["warnings"][0]
            .as_str()
            .unwrap()
            .contains("is not committed"),
        "{out}"
    );
    // With grants on the command line (or another contract named) that file is not the
    // contract in use: it is the agent's, and a hook would read it next.
    let (code, out) = check_from(
        &s.0,
        &None,
        &["--worktree", "--allow-body", "src/app.py::f"],
    );
    assert_eq!(code, Some(1), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        kinds(&report),
        pairs(&[(".editscope.toml", "contract_changed")])
    );
    // Also from a subdirectory, and when the contract is in the index but not committed.
    s.git(&["add", ".editscope.toml"]);
    let (code, out) = check_from(&s.0.join("src"), &None, &["--worktree"]);
    assert_eq!(code, Some(0), "{out}");
    // The agent also edits g: one violation, in g; the contract is not one.
    s.write("src/app.py", APP_FG);
    let (code, out) = check_from(&s.0, &None, &["--worktree"]);
    assert_eq!(code, Some(1), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(kinds(&report), pairs(&[("src/app.py", "changed")]));
    // --staged reads the contract from HEAD only: HEAD has none, so there is no contract
    // (an uncommitted one is never the setup of a commit).
    s.write("src/app.py", APP_F);
    s.git(&["add", "."]);
    let (code, out) = check_from(&s.0, &None, &["--staged"]);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("no contract"), "{out}");
    // With another contract named, the staged one is a change to a contract.
    let (code, out) = check_from(&s.0, &None, &["--staged", "--allow-body", "src/app.py::f"]);
    assert_eq!(code, Some(1), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        kinds(&report),
        pairs(&[(".editscope.toml", "contract_changed")])
    );
    // Committed, then edited in the working tree: one plain violation, read from HEAD.
    s.git(&["commit", "-qm", "contract"]);
    s.write(".editscope.toml", "files = [\"**\"]\n");
    s.write("src/app.py", APP_FG);
    let (code, out) = check_from(&s.0, &None, &["--worktree"]);
    assert_eq!(code, Some(1), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        kinds(&report),
        pairs(&[
            (".editscope.toml", "contract_changed"),
            ("src/app.py", "changed")
        ])
    );
    let o = editscope_in(
        &s.0,
        &["check", "--worktree", "--allow-body", "src/app.py::f"],
        None,
    );
    let human = text(&o.stdout);
    // A file-level violation shows the file's changed lines (never an empty snippet).
    assert!(
        human.contains("error: the contract file `.editscope.toml` was edited"),
        "{human}"
    );
    assert!(
        human.contains("--> .editscope.toml (before):1:1")
            && human.contains(".editscope.toml (after):1:1")
            && human.contains("1 | files = [\"**\"]"),
        "the changed line: {human}"
    );
    assert!(
        !human.contains("--> .editscope.toml\n"),
        "no empty snippet: {human}"
    );
}

#[cfg(unix)]
#[test]
fn symlinks_need_a_files_grant_and_never_leave_the_root() {
    use std::os::unix::fs::symlink;
    let s = repo("links", Some("body = [\"src/app.py::f\"]\n"));
    std::fs::create_dir_all(s.0.join("tests")).unwrap();
    symlink("/etc/hosts", s.0.join("tests/hosts")).unwrap();
    let (code, out) = check_from(&s.0, &None, &["--worktree", "--allow-create", "tests/**"]);
    assert_eq!(code, Some(1), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(kinds(&report), pairs(&[("tests/hosts", "symlink_outside")]));
    let (code, _) = check_from(&s.0, &None, &["--worktree", "--allow-files", "tests/**"]);
    assert_eq!(code, Some(1), "outside the root: never granted");
    std::fs::remove_file(s.0.join("tests/hosts")).unwrap();

    symlink("../src/app.py", s.0.join("tests/app.py")).unwrap();
    s.git(&["add", "."]);
    for source in ["--staged", "--worktree"] {
        let (code, out) = check_from(&s.0, &None, &[source, "--allow-create", "tests/**"]);
        assert_eq!(code, Some(1), "{source}: {out}");
        let report: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(
            kinds(&report),
            pairs(&[("tests/app.py", "symlink_changed")])
        );
        let (code, out) = check_from(&s.0, &None, &[source, "--allow-files", "tests/app.py"]);
        assert_eq!(code, Some(0), "{source}: {out}");
    }
    s.git(&["commit", "-qm", "link"]);
    let (code, _) = check_from(&s.0, &None, &["--range", "HEAD~1..HEAD"]);
    assert_eq!(code, Some(1));
    // Retargeted out of the root, in a commit.
    std::fs::remove_file(s.0.join("tests/app.py")).unwrap();
    symlink("../../../etc/passwd", s.0.join("tests/app.py")).unwrap();
    s.git(&["commit", "-qam", "retarget"]);
    let (code, out) = check_from(
        &s.0,
        &None,
        &["--range", "HEAD~1..HEAD", "--allow-files", "tests/**"],
    );
    assert_eq!(code, Some(1), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        kinds(&report),
        pairs(&[("tests/app.py", "symlink_outside")])
    );

    // Two trees: a link is compared as a link, not followed, not an error.
    let t = Scratch::new("edges", "links-dirs");
    t.write("before/a.py", "x = 1\n");
    t.write("after/a.py", "x = 1\n");
    std::fs::create_dir_all(t.0.join("after/tests")).unwrap();
    symlink("/etc", t.0.join("after/tests/etc")).unwrap();
    let (b, a) = (
        format!("{}/before", t.path()),
        format!("{}/after", t.path()),
    );
    let (code, out) = check_from(
        &t.0,
        &None,
        &["--allow-files", "tests/**", "--before", &b, "--after", &a],
    );
    assert_eq!(code, Some(1), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(kinds(&report), pairs(&[("tests/etc", "symlink_outside")]));
}

#[test]
fn the_patch_limit_is_the_same_from_a_file_and_from_stdin() {
    let s = Scratch::new("edges", "limits");
    s.write("README.md", "readme\n");
    let limit = editscope_limit();
    // Over 8 MiB (the file limit) and under the patch limit: read either way.
    let line = format!("+{}\n", "x".repeat(99));
    let lines = 10 * 1024 * 1024 / line.len();
    let mut big = format!(
        "diff --git a/tests/big.txt b/tests/big.txt\nnew file mode 100644\n--- /dev/null\n+++ b/tests/big.txt\n@@ -0,0 +1,{lines} @@\n"
    );
    for _ in 0..lines {
        big.push_str(&line);
    }
    assert!(big.len() > 8 * 1024 * 1024 && big.len() < limit);
    s.write("big.diff", &big);
    let file = format!("{}/big.diff", s.path());
    let args = ["check", "--root", s.path(), "--allow-files", "tests/**"];
    let o = editscope_in(&s.0, &[&args[..], &[file.as_str()]].concat(), None);
    let from_file = (o.status.code(), text(&o.stderr));
    let o = editscope_in(&s.0, &[&args[..], &["-"]].concat(), Some(big.as_bytes()));
    let from_stdin = (o.status.code(), text(&o.stderr));
    assert_eq!(from_file, from_stdin);
    // Just over the patch limit: refused, with the same message, either way.
    let mut over = big.into_bytes();
    over.resize(limit + 1, b'x');
    std::fs::write(s.0.join("over.diff"), &over).unwrap();
    let file = format!("{}/over.diff", s.path());
    let o = editscope_in(&s.0, &[&args[..], &[file.as_str()]].concat(), None);
    assert_eq!(o.status.code(), Some(2));
    let from_file = text(&o.stderr);
    let o = editscope_in(&s.0, &[&args[..], &["-"]].concat(), Some(&over));
    assert_eq!(o.status.code(), Some(2));
    let from_stdin = text(&o.stderr);
    let msg = format!("over the limit of {limit}");
    assert!(from_file.contains(&msg), "{from_file}");
    assert_eq!(
        from_file.replace(&file, "-"),
        from_stdin.replace("standard input", "-")
    );
}

fn editscope_limit() -> usize {
    64 * 1024 * 1024
}

#[test]
fn a_named_contract_inside_the_root_is_protected_for_patches() {
    let s = Scratch::new("edges", "named");
    s.write("policy.toml", "files = [\"**\"]\n");
    s.write("a.md", "a\n");
    let diff = "--- a/policy.toml\n+++ b/policy.toml\n@@ -1 +1 @@\n-files = [\"**\"]\n+files = [\"**\"] # tweak\n";
    let named = format!("{}/policy.toml", s.path());
    let o = editscope_in(
        &s.0,
        &[
            "check",
            "--json",
            "--contract",
            &named,
            "--root",
            s.path(),
            "-",
        ],
        Some(diff.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        kinds(&report),
        pairs(&[("policy.toml", "contract_changed")])
    );
    // Relative to the working directory, with a relative root: the same file.
    let o = editscope_in(
        &s.0,
        &["check", "--json", "--contract", "policy.toml", "-"],
        Some(diff.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    // Two trees: the contract in the after tree is protected too.
    s.write("after/policy.toml", "files = [\"**\"] # tweak\n");
    s.write("before/policy.toml", "files = [\"**\"]\n");
    let (b, a) = (
        format!("{}/before", s.path()),
        format!("{}/after", s.path()),
    );
    let c = format!("{}/before/policy.toml", s.path());
    let o = editscope_in(
        &s.0,
        &[
            "check",
            "--json",
            "--contract",
            &c,
            "--before",
            &b,
            "--after",
            &a,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
}

/// What git exports to a `pre-commit` hook: a relative `GIT_INDEX_FILE`, and in a linked
/// worktree `GIT_DIR` without `GIT_WORK_TREE`. `--root` a subdirectory still sees the whole
/// repository.
#[test]
fn git_checks_under_hook_variables_from_a_subdirectory() {
    let s = repo("hookenv", Some("body = [\"src/app.py::f\"]\n"));
    let w = Scratch::new("edges", "hookenv-wt");
    let wt = w.0.join("wt2");
    s.git(&["worktree", "add", "-q", wt.to_str().unwrap()]);
    for top in [s.0.clone(), wt.clone()] {
        std::fs::write(top.join("src/app.py"), APP_FG).unwrap();
        let o = Command::new("git")
            .args(["add", "."])
            .current_dir(&top)
            .output()
            .unwrap();
        assert!(o.status.success());
    }
    let run_with = |cwd: &Path, env: &[(&str, String)], root: &Path, source: &str| {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_editscope"));
        cmd.args(["check", "--json", source, "--root"])
            .arg(root)
            .current_dir(cwd)
            .env_remove("EDITSCOPE_CONTRACT");
        for (k, v) in env {
            cmd.env(k, v);
        }
        let o = cmd.output().unwrap();
        (o.status.code(), text(&o.stdout) + &text(&o.stderr))
    };
    let run =
        |cwd: &Path, env: &[(&str, String)], root: &Path| run_with(cwd, env, root, "--staged");
    let plain = run(&s.0, &[], &s.0);
    assert_eq!(plain.0, Some(1), "{}", plain.1);
    let index = [("GIT_INDEX_FILE", ".git/index".to_string())];
    assert_eq!(run(&s.0, &index, &s.0.join("src")), plain);
    let gitdir = s.0.join(".git/worktrees/wt2").to_str().unwrap().to_string();
    let linked = [
        ("GIT_DIR", gitdir),
        (
            "GIT_INDEX_FILE",
            s.0.join(".git/worktrees/wt2/index")
                .to_str()
                .unwrap()
                .to_string(),
        ),
    ];
    let from_top = run(&wt, &linked, &wt);
    assert_eq!(from_top.0, Some(1), "{}", from_top.1);
    assert_eq!(run(&wt, &linked, &wt.join("src")), from_top);
    let worktree = run_with(&wt, &linked, &wt, "--worktree");
    assert_eq!(worktree, from_top);
    assert_eq!(
        run_with(&wt, &linked, &wt.join("src"), "--worktree"),
        from_top
    );
    let report: Value = serde_json::from_str(&from_top.1).unwrap();
    assert_eq!(kinds(&report), pairs(&[("src/app.py", "changed")]));
}

/// The exit code and output of `check --json` with `args`, run in `cwd`.
fn run_json(cwd: &Path, args: &[&str], stdin: Option<&str>) -> (Option<i32>, String) {
    let mut all = vec!["check", "--json"];
    all.extend_from_slice(args);
    let o = editscope_in(cwd, &all, stdin.map(str::as_bytes));
    (o.status.code(), text(&o.stdout) + &text(&o.stderr))
}

const TOP_F: &str = "edit = [\"app.py::f\"]\n";
const G_EVIL: &str = "def f():\n    return 1\n\n\ndef g():\n    return 666\n";

/// A repository with `app.py` and `pkg/app.py` (the same), and the contract `TOP_F`.
fn two_apps(name: &str) -> Scratch {
    let s = Scratch::new("edges", name);
    s.git(&["init", "-q", "-b", "main"]);
    s.write("app.py", APP);
    s.write("pkg/app.py", APP);
    s.write(".editscope.toml", TOP_F);
    s.git(&["add", "."]);
    s.git(&["commit", "-q", "-m", "base"]);
    s
}

#[test]
fn a_patch_is_judged_at_the_paths_it_writes_from_any_directory() {
    let s = two_apps("subpatch");
    let codex = "*** Begin Patch\n*** Update File: app.py\n@@\n def f():\n-    return 1\n+    return 10\n*** End Patch\n";
    let diff =
        "--- app.py\n+++ app.py\n@@ -1,3 +1,3 @@\n def f():\n-    return 1\n+    return 10\n \n";
    let git_diff = "diff --git a/app.py b/app.py\n--- a/app.py\n+++ b/app.py\n@@ -1,3 +1,3 @@\n def f():\n-    return 1\n+    return 10\n \n";
    let pkg = s.0.join("pkg");
    for patch in [codex, diff, git_diff] {
        // From pkg/, and with --root pkg from the top: the patch writes pkg/app.py::f, which
        // the top-level contract does not grant.
        for (cwd, extra) in [(&pkg, vec![]), (&s.0, vec!["--root", "pkg"])] {
            let mut args = extra.clone();
            args.push("-");
            let (code, out) = run_json(cwd, &args, Some(patch));
            assert_eq!(code, Some(1), "{extra:?}: {out}");
            let report: Value = serde_json::from_str(&out).unwrap();
            assert_eq!(report["files"][0]["path"], "pkg/app.py", "{out}");
        }
        // From the top it is the granted app.py::f.
        let (code, out) = run_json(&s.0, &["-"], Some(patch));
        assert_eq!(code, Some(0), "{out}");
    }
    // A contract named with an explicit root: its paths are still the repository's (the
    // git top level), so the patch writes pkg/app.py::f, which it does not grant.
    let named = s.0.join(".editscope.toml");
    let (code, out) = run_json(
        &s.0,
        &["--contract", named.to_str().unwrap(), "--root", "pkg", "-"],
        Some(diff),
    );
    assert_eq!(code, Some(1), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["files"][0]["path"], "pkg/app.py", "{out}");
    // Outside a repository, the found contract's directory is the project.
    let p = Scratch::new("edges", "subpatch-nogit");
    p.write("app.py", APP);
    p.write("pkg/app.py", APP);
    p.write(".editscope.toml", TOP_F);
    let (code, out) = run_json(&p.0.join("pkg"), &["-"], Some(diff));
    assert_eq!(code, Some(1), "{out}");
    // --before/--after read the contract from the before tree, never from the cwd.
    let d = Scratch::new("edges", "subpatch-dirs");
    d.write("before/app.py", APP);
    d.write("after/app.py", G_EVIL);
    d.write(".editscope.toml", "files = [\"**\"]\n");
    let (code, out) = run_json(&d.0, &["--before", "before", "--after", "after"], None);
    assert_eq!(code, Some(2), "no contract in the before tree: {out}");
    d.write("before/.editscope.toml", TOP_F);
    d.write("after/.editscope.toml", TOP_F);
    let (code, out) = run_json(&d.0, &["--before", "before", "--after", "after"], None);
    assert_eq!(code, Some(1), "{out}");
}

#[test]
fn git_contracts_come_from_this_repository_and_never_from_above_it() {
    let outer = Scratch::new("edges", "above");
    outer.write(".editscope.toml", "files = [\"**\"]\n");
    let s = Scratch(outer.0.join("repo"));
    std::fs::create_dir_all(&s.0).unwrap();
    s.git(&["init", "-q", "-b", "main"]);
    s.write("app.py", APP);
    s.write(".editscope.toml", TOP_F);
    s.git(&["add", "."]);
    s.git(&["commit", "-q", "-m", "base"]);
    s.write("app.py", G_EVIL);
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("lies above the repository and is ignored"),
        "{out}"
    );
    s.git(&["commit", "-qam", "agent"]);
    let (code, out) = run_json(&s.0, &["--range", "HEAD~1..HEAD"], None);
    assert_eq!(code, Some(1), "{out}");
    // A linked worktree inside the main checkout: the checkout's contract is above it.
    let m = two_apps("above-linked");
    m.git(&["worktree", "add", "-q", ".worktrees/agent", "-b", "agent"]);
    let wt = Scratch(m.0.join(".worktrees/agent"));
    m.write(".editscope.toml", "files = [\"**\"]\n");
    wt.write("app.py", G_EVIL);
    let (code, out) = run_json(&wt.0, &["--worktree"], None);
    assert_eq!(code, Some(1), "{out}");
    std::mem::forget(wt);
    // --staged never takes an uncommitted contract as the setup.
    let n = repo("above-staged", None);
    n.write(".editscope.toml", "files = [\"**\"]\n");
    n.write("src/app.py", APP_FG);
    n.git(&["add", "src/app.py"]);
    let (code, out) = run_json(&n.0, &["--staged"], None);
    assert_eq!(code, Some(2), "{out}");
    std::mem::forget(s);
}

#[cfg(unix)]
#[test]
fn a_named_contract_is_read_from_the_baseline_never_through_worktree_symlinks() {
    let s = two_apps("named-link");
    s.write("ci/scope.toml", TOP_F);
    s.git(&["add", "."]);
    s.git(&["commit", "-q", "-m", "ci"]);
    let evil = Scratch::new("edges", "named-link-evil");
    evil.write("scope.toml", "files = [\"**\"]\n");
    s.write("app.py", G_EVIL);
    s.git(&["add", "app.py"]);
    std::fs::rename(s.0.join("ci"), s.0.join("ci.real")).unwrap();
    std::os::unix::fs::symlink(&evil.0, s.0.join("ci")).unwrap();
    for source in [&["--staged"][..], &["--worktree"]] {
        let mut args = vec!["--contract", "ci/scope.toml"];
        args.extend_from_slice(source);
        let (code, out) = run_json(&s.0, &args, None);
        assert_eq!(code, Some(1), "{source:?}: {out}");
    }
    s.git(&["commit", "-qm", "agent"]);
    let (code, out) = run_json(
        &s.0,
        &["--contract", "ci/scope.toml", "--range", "HEAD~1..HEAD"],
        None,
    );
    assert_eq!(code, Some(1), "{out}");
    // Never committed and reached through a symlink: refused, not read.
    let (code, out) = run_json(&s.0, &["--contract", "ci/other.toml", "--worktree"], None);
    assert_eq!(code, Some(2), "{out}");
}

#[cfg(unix)]
#[test]
fn links_are_guarded_by_where_they_lead_through_existing_links() {
    use std::os::unix::fs::symlink;
    let s = two_apps("link-guard");
    s.write("ci/scope.toml", TOP_F);
    symlink(".", s.0.join("pkgroot")).unwrap();
    symlink("ci", s.0.join("conf")).unwrap();
    symlink(".git", s.0.join("meta")).unwrap();
    s.git(&["add", "."]);
    s.git(&["commit", "-q", "-m", "links"]);
    let named = s.0.join("ci/scope.toml");
    let named = named.to_str().unwrap();
    for (link, target) in [
        ("docs/root", "../pkgroot"),
        ("docs/c", "../conf/scope.toml"),
        ("docs/h", "../meta/hooks"),
    ] {
        let diff = format!("diff --git a/{link} b/{link}\nnew file mode 120000\n--- /dev/null\n+++ b/{link}\n@@ -0,0 +1 @@\n+{target}\n\\ No newline at end of file\n");
        let (code, out) = run_json(
            &s.0,
            &["--contract", named, "--allow-files", "docs/**", "-"],
            Some(&diff),
        );
        assert_eq!(code, Some(1), "{link}: {out}");
        assert!(out.contains("symlink_outside"), "{link}: {out}");
    }
}

#[cfg(unix)]
#[test]
fn staged_and_range_links_resolve_in_the_index_and_the_range_end() {
    let s = two_apps("link-index");
    std::os::unix::fs::symlink("/tmp", s.0.join("a")).unwrap();
    s.git(&["add", "."]);
    s.git(&["commit", "-q", "-m", "a"]);
    // The working tree has a plain directory there; the index and B have the link.
    std::fs::remove_file(s.0.join("a")).unwrap();
    std::fs::create_dir_all(s.0.join("a")).unwrap();
    std::fs::create_dir_all(s.0.join("docs")).unwrap();
    std::os::unix::fs::symlink("../a/x", s.0.join("docs/l")).unwrap();
    s.git(&["add", "docs/l"]);
    let (code, out) = run_json(&s.0, &["--staged", "--allow-files", "docs/**"], None);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("symlink_outside"), "{out}");
    s.git(&["commit", "-qm", "agent"]);
    let (code, out) = run_json(
        &s.0,
        &["--range", "HEAD~1..HEAD", "--allow-files", "docs/**"],
        None,
    );
    assert_eq!(code, Some(1), "{out}");
}

#[test]
fn file_names_are_never_revision_syntax() {
    let s = two_apps("revnames");
    for name in ["0:app.py", ":app.py", "-app.py", ":(top)app.py"] {
        s.write(name, APP);
    }
    s.git(&["add", "--", "."]);
    s.git(&["commit", "-q", "-m", "names"]);
    for name in ["0:app.py", ":app.py", "-app.py", ":(top)app.py"] {
        s.write(name, G_EVIL);
    }
    s.git(&["add", "--", "."]);
    let (code, out) = run_json(&s.0, &["--staged"], None);
    assert_eq!(code, Some(1), "{out}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["violations"].as_array().unwrap().len(), 4, "{out}");
}

#[cfg(unix)]
#[test]
fn the_file_behind_a_symlinked_contract_is_protected() {
    let s = Scratch::new("edges", "contract-link");
    s.write("config/editscope.toml", "files = [\"config/**\"]\n");
    std::os::unix::fs::symlink("config/editscope.toml", s.0.join(".editscope.toml")).unwrap();
    let diff = "--- a/config/editscope.toml\n+++ b/config/editscope.toml\n@@ -1 +1 @@\n-files = [\"config/**\"]\n+files = [\"**\"]\n";
    let (code, out) = run_json(&s.0, &["-"], Some(diff));
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("contract_changed"), "{out}");
    // In git, a contract committed as a symlink is refused with a clear reason.
    s.git(&["init", "-q", "-b", "main"]);
    s.git(&["add", "."]);
    s.git(&["commit", "-q", "-m", "base"]);
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("is a symlink in HEAD"), "{out}");
}

#[test]
fn git_state_the_agent_writes_hides_no_change() {
    let s = two_apps("hidden");
    let wt = |s: &Scratch| run_json(&s.0, &["--worktree"], None);
    // A self-ignoring .gitignore, and .git/info/exclude.
    s.write("tests/.gitignore", "*\n");
    s.write("tests/conftest.py", "import os\n");
    let (code, out) = wt(&s);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("tests/conftest.py"), "{out}");
    std::fs::remove_dir_all(s.0.join("tests")).unwrap();
    s.write("sitecustomize.py", "import os\n");
    s.write(".git/info/exclude", "sitecustomize.py\n");
    let (code, out) = wt(&s);
    assert_eq!(code, Some(1), "{out}");
    std::fs::remove_file(s.0.join("sitecustomize.py")).unwrap();
    // A committed .gitignore still hides what it hides.
    s.write(".gitignore", "build/\n");
    s.git(&["add", ".gitignore"]);
    s.git(&["commit", "-qm", "ignore"]);
    s.write("build/out.py", "x = 1\n");
    let (code, out) = wt(&s);
    assert_eq!(code, Some(0), "{out}");
    // But not bytecode the interpreter may run instead of a source beside it.
    s.write(".gitignore", "build/\n__pycache__/\n");
    s.git(&["add", ".gitignore"]);
    s.git(&["commit", "-qm", "ignore bytecode"]);
    s.write("build/__pycache__/out.cpython-312.pyc", "not the project's");
    let (code, out) = wt(&s);
    assert_eq!(code, Some(0), "{out}");
    s.write("__pycache__/app.cpython-312.pyc", "forged");
    let (code, out) = wt(&s);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("__pycache__/app.cpython-312.pyc"), "{out}");
    // The message says what to do about bytecode git ignores.
    assert!(
        out.contains("PYTHONDONTWRITEBYTECODE=1") && out.contains("rm -rf"),
        "{out}"
    );
    std::fs::remove_dir_all(s.0.join("__pycache__")).unwrap();
    // skip-worktree and assume-unchanged.
    for flag in ["--skip-worktree", "--assume-unchanged"] {
        s.git(&["update-index", flag, "app.py"]);
        s.write("app.py", G_EVIL);
        let (code, out) = wt(&s);
        assert_eq!(code, Some(1), "{flag}: {out}");
        s.git(&["update-index", &flag.replace("--", "--no-"), "app.py"]);
        s.write("app.py", APP);
    }
    // core.fileMode=false.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        s.git(&["config", "core.fileMode", "false"]);
        std::fs::set_permissions(s.0.join("app.py"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
        let (code, out) = wt(&s);
        assert_eq!(code, Some(1), "{out}");
        assert!(out.contains("mode_changed"), "{out}");
        std::fs::set_permissions(s.0.join("app.py"), std::fs::Permissions::from_mode(0o644))
            .unwrap();
    }
    // git replace: the staged blob replaced by the base one.
    s.write("app.py", G_EVIL);
    s.git(&["add", "app.py"]);
    let hash = |spec: &str| {
        let o = Command::new("git")
            .args(["rev-parse", spec])
            .current_dir(&s.0)
            .output()
            .unwrap();
        text(&o.stdout).trim().to_string()
    };
    let (old, new) = (hash("HEAD:app.py"), hash(":app.py"));
    s.git(&["replace", &new, &old]);
    let (code, out) = run_json(&s.0, &["--staged"], None);
    assert_eq!(code, Some(1), "{out}");
    s.git(&["commit", "-qm", "agent"]);
    let (code, out) = run_json(&s.0, &["--range", "HEAD~1..HEAD"], None);
    assert_eq!(code, Some(1), "{out}");
}

#[cfg(unix)]
#[test]
fn contracts_are_read_bounded_and_trees_compare_modes() {
    let s = two_apps("bounded");
    let started = std::time::Instant::now();
    let (code, out) = run_json(&s.0, &["--contract", "/dev/zero", "--worktree"], None);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("over the limit"), "{out}");
    assert!(started.elapsed().as_secs() < 30);
    let big = "# x\n".repeat(3 * 1024 * 1024);
    let o = editscope_in(
        &s.0,
        &["check", "--contract", "/dev/stdin", "--worktree"],
        Some(big.as_bytes()),
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    // --before/--after: only the mode changed.
    use std::os::unix::fs::PermissionsExt as _;
    let d = Scratch::new("edges", "modes");
    for t in ["before", "after"] {
        d.write(&format!("{t}/app.py"), APP);
        d.write(&format!("{t}/.editscope.toml"), TOP_F);
    }
    std::fs::set_permissions(
        d.0.join("after/app.py"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let (code, out) = run_json(&d.0, &["--before", "before", "--after", "after"], None);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("mode_changed"), "{out}");
}

#[test]
fn filters_and_the_stat_cache_hide_no_change_and_line_endings_are_no_change() {
    let s = two_apps("filters");
    // A clean filter the agent configures (attributes in .git/info, driver in .git/config)
    // that gives git HEAD's content, and an index refreshed under it.
    s.write(".git/info/attributes", "app.py filter=hide\n");
    s.git(&[
        "config",
        "filter.hide.clean",
        "cat >/dev/null; git show HEAD:app.py",
    ]);
    s.write("app.py", G_EVIL);
    s.git(&["status", "--short"]);
    let o = Command::new("git")
        .args(["diff", "--stat", "HEAD"])
        .current_dir(&s.0)
        .output()
        .unwrap();
    assert!(
        o.stdout.is_empty(),
        "git sees no change: {}",
        text(&o.stdout)
    );
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(1), "{out}");
    std::fs::remove_file(s.0.join(".git/info/attributes")).unwrap();
    s.git(&["checkout", "--", "app.py"]);
    // core.autocrlf: the file on disk has CRLF; an edit inside f only is allowed.
    s.git(&["config", "core.autocrlf", "true"]);
    std::fs::remove_file(s.0.join("app.py")).unwrap();
    s.git(&["checkout", "--", "app.py"]);
    let crlf = std::fs::read_to_string(s.0.join("app.py")).unwrap();
    assert!(crlf.contains("\r\n"));
    s.write("app.py", &crlf.replace("return 1", "return 11"));
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(0), "{out}");
    s.write("app.py", &crlf.replace("return 2", "return 22"));
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(1), "{out}");
    s.git(&["config", "core.autocrlf", "false"]);
    s.git(&["checkout", "--", "app.py"]);
    std::fs::remove_file(s.0.join("app.py")).unwrap();
    s.git(&["checkout", "--", "app.py"]);
    // A sparse checkout's file (skip-worktree, not on disk) is not a deletion.
    s.git(&["update-index", "--skip-worktree", "pkg/app.py"]);
    std::fs::remove_file(s.0.join("pkg/app.py")).unwrap();
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn core_worktree_cannot_point_the_check_at_another_tree() {
    let s = two_apps("coreworktree");
    let copy = Scratch::new("edges", "coreworktree-copy");
    copy.write("app.py", APP);
    copy.write("pkg/app.py", APP);
    copy.write(".editscope.toml", TOP_F);
    s.write("app.py", G_EVIL);
    s.git(&["config", "core.worktree", copy.path()]);
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(2), "{out}");
    assert!(out.contains("names another tree"), "{out}");
    s.git(&["config", "core.worktree", "/nonexistent/editscope"]);
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(2), "{out}");
    assert!(!out.contains("usage:"), "no usage text: {out}");
}

#[cfg(unix)]
#[test]
fn a_renamed_symlink_is_moved_not_written_through() {
    let s = two_apps("link-rename");
    std::os::unix::fs::symlink("app.py", s.0.join("l")).unwrap();
    s.git(&["add", "l"]);
    s.git(&["commit", "-q", "-m", "link"]);
    let diff = "diff --git a/l b/m\nsimilarity index 100%\nrename from l\nrename to m\n";
    let (code, out) = run_json(
        &s.0,
        &[
            "--allow-files",
            "l",
            "--allow-files",
            "m",
            "--allow-delete",
            "l",
            "-",
        ],
        Some(diff),
    );
    assert_eq!(code, Some(0), "{out}");
    // Without a grant for the link, the moved link is a symlink change.
    let (code, out) = run_json(&s.0, &["--allow-files", "m", "-"], Some(diff));
    assert_eq!(code, Some(1), "{out}");
}

#[test]
fn every_way_of_naming_the_contract_sees_the_same_paths_from_a_subdirectory() {
    let s = two_apps("subnamed");
    let pkg = s.0.join("pkg");
    let diff =
        "--- app.py\n+++ app.py\n@@ -1,3 +1,3 @@\n def f():\n-    return 1\n+    return 10\n \n";
    let top_contract = s.0.join(".editscope.toml");
    let named = top_contract.to_str().unwrap();
    // From pkg/ the patch writes pkg/app.py: rejected under every way of naming app.py::f.
    for args in [
        vec!["-"],
        vec!["--contract", named, "-"],
        vec!["--contract", "../.editscope.toml", "-"],
        vec!["--allow", "app.py::f", "-"],
    ] {
        let (code, out) = run_json(&pkg, &args, Some(diff));
        assert_eq!(code, Some(1), "{args:?}: {out}");
    }
    let o = Command::new(env!("CARGO_BIN_EXE_editscope"))
        .args(["check", "-"])
        .env("EDITSCOPE_CONTRACT", named)
        .current_dir(&pkg)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().unwrap().write_all(diff.as_bytes())?;
            c.wait_with_output()
        })
        .unwrap();
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    // Granting pkg/app.py::f allows it, and `scope` names that path.
    let (code, out) = run_json(&pkg, &["--allow", "pkg/app.py::f", "-"], Some(diff));
    assert_eq!(code, Some(0), "{out}");
    let o = editscope_in(&pkg, &["scope", "-"], Some(diff.as_bytes()));
    assert!(
        text(&o.stdout).contains("pkg/app.py::f"),
        "{}",
        text(&o.stdout)
    );
}

#[test]
fn attributes_outside_the_tree_hide_no_change() {
    // `ident` from .git/info/attributes: git's clean conversion turns any `$Id: ...$` back
    // into HEAD's `$Id$`, so git sees no change in g.
    let s = Scratch::new("edges", "ident");
    s.git(&["init", "-q", "-b", "main"]);
    s.write(
        "app.py",
        "def f():\n    return 1\n\n\ndef g():\n    return \"$Id$\"\n",
    );
    s.write(".editscope.toml", TOP_F);
    s.git(&["add", "."]);
    s.git(&["commit", "-q", "-m", "base"]);
    s.write(".git/info/attributes", "app.py ident\n");
    s.write(
        "app.py",
        "def f():\n    return 1\n\n\ndef g():\n    return \"$Id: \" + __import__(\"os\").getcwd() + \"$\"\n",
    );
    let o = Command::new("git")
        .args(["diff", "--stat", "HEAD"])
        .current_dir(&s.0)
        .output()
        .unwrap();
    assert!(
        o.stdout.is_empty(),
        "git sees no change: {}",
        text(&o.stdout)
    );
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("\"g\""), "{out}");
}

#[test]
fn what_a_commit_stores_after_git_conversions_is_judged_too() {
    // HEAD holds `$Id: hunter2 $` (committed without `ident`). With `ident` set in
    // .git/info/attributes git checks it out as `$Id: <sha> $`: a working tree holding
    // exactly that equals HEAD's checked-out form, yet `git commit -a` stores `$Id$`, a
    // change of g the working-tree comparison alone does not show.
    let s = Scratch::new("edges", "ident-commit");
    s.git(&["init", "-q", "-b", "main"]);
    s.write(
        "app.py",
        "def f():\n    return 1\n\n\ndef g():\n    return \"$Id: hunter2 $\"\n",
    );
    s.write(".editscope.toml", TOP_F);
    s.git(&["add", "."]);
    s.git(&["commit", "-q", "-m", "base"]);
    s.write(".git/info/attributes", "app.py ident\n");
    std::fs::remove_file(s.0.join("app.py")).unwrap();
    s.git(&["checkout", "--", "app.py"]);
    let disk = std::fs::read_to_string(s.0.join("app.py")).unwrap();
    assert!(!disk.contains("hunter2"), "{disk}");
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("\"g\""), "{out}");
    assert!(out.contains("\"version\": \"committed\""), "{out}");
    // With a granted edit beside it, too.
    s.write("app.py", &disk.replace("return 1", "return 2"));
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("\"g\""), "{out}");
    // The repository's objects are left alone (the committed form is read from a
    // temporary object directory).
    let o = Command::new("git")
        .args(["count-objects"])
        .current_dir(&s.0)
        .output()
        .unwrap();
    assert!(
        text(&o.stdout).starts_with("4 objects"),
        "{}",
        text(&o.stdout)
    );
    // Without the attribute, the granted edit alone is allowed.
    std::fs::remove_file(s.0.join(".git/info/attributes")).unwrap();
    s.git(&["checkout", "--", "app.py"]);
    let plain = std::fs::read_to_string(s.0.join("app.py")).unwrap();
    s.write("app.py", &plain.replace("return 1", "return 2"));
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn a_clean_filter_driver_makes_its_files_changed_whatever_their_bytes() {
    // The agent configures a clean filter (driver in .git/config, attribute in
    // .git/info/attributes) and leaves HEAD's bytes on disk: `git commit -a` of the touched
    // file stores the filter's output, `return "lax"`.
    let s = Scratch::new("edges", "clean-driver");
    s.git(&["init", "-q", "-b", "main"]);
    s.write(
        "app.py",
        "def f():\n    return 1\n\n\ndef g():\n    return \"strict\"\n",
    );
    s.write(".editscope.toml", TOP_F);
    s.git(&["add", "."]);
    s.git(&["commit", "-q", "-m", "base"]);
    s.write(".git/info/attributes", "app.py filter=evil\n");
    s.git(&["config", "filter.evil.clean", "sed s/strict/lax/"]);
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("binary_changed"), "{out}");
    assert!(out.contains("filter driver `evil`"), "{out}");
    // Granted whole, it is allowed; with no command for the driver, nothing changed.
    let (code, out) = run_json(&s.0, &["--worktree", "--allow-files", "app.py"], None);
    assert_eq!(code, Some(0), "{out}");
    s.git(&["config", "--unset", "filter.evil.clean"]);
    s.git(&["config", "filter.evil.smudge", "cat"]);
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(0), "{out}");
}

#[test]
fn a_force_added_ignored_file_is_a_created_file() {
    let s = two_apps("forceadd");
    s.write(".gitignore", "build/\n");
    s.git(&["add", ".gitignore"]);
    s.git(&["commit", "-q", "-m", "ignore"]);
    s.write("build/evil.py", "import os\n");
    s.git(&["add", "-f", "build/evil.py"]);
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("build/evil.py"), "{out}");
}

#[test]
fn untracked_names_like_pathspec_magic_are_paths() {
    let s = two_apps("magicnames");
    s.write("t/.gitignore", "*\n");
    for name in [
        "t/:!evil.py",
        "t/:(glob)*.py",
        "t/-x.py",
        ":(exclude)top.py",
    ] {
        s.write(name, "import os\n");
    }
    let (code, out) = run_json(&s.0, &["--worktree"], None);
    assert_eq!(code, Some(1), "{out}");
    for name in [
        "t/:!evil.py",
        "t/:(glob)*.py",
        "t/-x.py",
        ":(exclude)top.py",
    ] {
        assert!(out.contains(&format!("\"{name}\"")), "{name}: {out}");
    }
}

#[test]
fn hook_settings_are_never_granted_by_a_glob_in_check() {
    let s = repo(
        "settings",
        Some("files = [\"**\"]\ncreate = [\"**\"]\ndelete = [\"**\"]\n"),
    );
    s.write("src/app.py", APP_FG);
    let (code, out) = check_from(&s.0, &None, &["--worktree"]);
    assert_eq!(code, Some(0), "{out}");
    for p in [
        ".claude/settings.json",
        ".gemini/settings.json",
        ".github/hooks/editscope.json",
        ".cursor/hooks.json",
        ".mcp.json",
    ] {
        s.write(p, "{\"hooks\": {}}\n");
        for extra in [&["--worktree"][..], &["--staged"]] {
            s.git(&["add", "."]);
            let (code, out) = check_from(&s.0, &None, extra);
            assert_eq!(code, Some(1), "{p} {extra:?}: {out}");
            let report: Value = serde_json::from_str(&out).unwrap();
            assert!(
                kinds(&report).contains(&(p.to_string(), "contract_changed".to_string())),
                "{p}: {out}"
            );
        }
        s.git(&["rm", "-q", "--cached", p]);
        std::fs::remove_file(s.0.join(p)).unwrap();
    }
    // A patch that writes one, too.
    let patch = "--- /dev/null\n+++ b/.claude/settings.json\n@@ -0,0 +1 @@\n+{}\n";
    let o = editscope_in(&s.0, &["check", "--json", "-"], Some(patch.as_bytes()));
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        text(&o.stdout) + &text(&o.stderr)
    );
    // A symlink to one is never granted either.
    #[cfg(unix)]
    {
        s.write(".claude/settings.json", "{}\n");
        s.git(&["add", "."]);
        s.git(&["commit", "-qm", "settings"]);
        std::os::unix::fs::symlink(".claude/settings.json", s.0.join("link.json")).unwrap();
        let (code, out) = check_from(&s.0, &None, &["--worktree"]);
        assert_eq!(code, Some(1), "{out}");
        assert!(out.contains("symlink_outside"), "{out}");
    }
}

#[test]
fn a_hook_denies_writing_hook_settings_whatever_files_grants() {
    let s = repo(
        "settings-hook",
        Some("files = [\"**\"]\ncreate = [\"**\"]\n"),
    );
    let event = serde_json::json!({
        "session_id": "s1", "transcript_path": "/tmp/t.jsonl", "cwd": s.path(),
        "permission_mode": "default", "hook_event_name": "PreToolUse", "tool_name": "Write",
        "tool_input": {"file_path": format!("{}/.claude/settings.json", s.path()), "content": "{}\n"},
        "tool_use_id": "t1"
    });
    let o = editscope_in(
        &s.0,
        &["hook", "claude-code"],
        Some(event.to_string().as_bytes()),
    );
    let out = text(&o.stdout) + &text(&o.stderr);
    assert!(
        out.contains("\"deny\"") || o.status.code() == Some(2),
        "{out}"
    );
}

/// Runs git in `dir` (not a scratch's top) with a fixed identity.
fn git_in(dir: &Path, args: &[&str]) -> String {
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
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", text(&o.stderr));
    text(&o.stdout).trim().to_string()
}

/// A repository whose `vendor/sub` is a gitlink (an embedded repository with two commits,
/// checked out at the second), contract granting `src/app.py::f`.
fn repo_with_gitlink(name: &str) -> (Scratch, String, String) {
    let s = repo(name, Some("body = [\"src/app.py::f\"]\n"));
    let sub = s.0.join("vendor/sub");
    std::fs::create_dir_all(&sub).unwrap();
    git_in(&sub, &["init", "-q"]);
    std::fs::write(sub.join("lib.py"), "x = 1\n").unwrap();
    git_in(&sub, &["add", "."]);
    git_in(&sub, &["commit", "-qm", "one"]);
    let first = git_in(&sub, &["rev-parse", "HEAD"]);
    std::fs::write(sub.join("lib.py"), "x = 2\n").unwrap();
    git_in(&sub, &["commit", "-qam", "two"]);
    let second = git_in(&sub, &["rev-parse", "HEAD"]);
    s.git(&["add", "vendor/sub"]);
    s.git(&["commit", "-qm", "gitlink"]);
    (s, first, second)
}

fn verdict(s: &Scratch, source: &str) -> (Option<i32>, Vec<(String, String)>, String) {
    let (code, out) = check_from(&s.0, &None, &[source]);
    let report: Value = serde_json::from_str(&out).unwrap_or(Value::Null);
    let k = if report.is_null() {
        vec![]
    } else {
        kinds(&report)
    };
    (code, k, out)
}

#[test]
fn gitlink_changes_are_judged_as_changes_of_their_path() {
    let (s, first, _) = repo_with_gitlink("gitlinks");
    let sub = s.0.join("vendor/sub");
    let changed = pairs(&[("vendor/sub", "binary_changed")]);
    assert_eq!(verdict(&s, "--worktree").0, Some(0));
    // The submodule checked out at another commit, in the work tree and staged.
    git_in(&sub, &["checkout", "-q", &first]);
    let (code, k, out) = verdict(&s, "--worktree");
    assert_eq!((code, &k), (Some(1), &changed), "{out}");
    s.git(&["add", "vendor/sub"]);
    let (code, k, out) = verdict(&s, "--staged");
    assert_eq!((code, &k), (Some(1), &changed), "{out}");
    // Staged, then the work tree put back: a plain `git commit` still lands it.
    git_in(&sub, &["checkout", "-q", "-"]);
    let (code, k, out) = verdict(&s, "--worktree");
    assert_eq!((code, &k), (Some(1), &changed), "{out}");
    s.git(&["reset", "-q"]);
    assert_eq!(verdict(&s, "--worktree").0, Some(0));
    // A new gitlink only in the index (nothing on disk).
    s.git(&[
        "update-index",
        "--add",
        "--cacheinfo",
        &format!("160000,{first},ghost"),
    ]);
    let (code, k, out) = verdict(&s, "--worktree");
    assert_eq!(
        (code, &k),
        (Some(1), &pairs(&[("ghost", "file_created")])),
        "{out}"
    );
    s.git(&["rm", "-q", "--cached", "ghost"]);
    // A nested repository the agent created: a new gitlink, judged, not an error.
    let nested = s.0.join("tools");
    std::fs::create_dir_all(&nested).unwrap();
    git_in(&nested, &["init", "-q"]);
    std::fs::write(nested.join("run.py"), "print(1)\n").unwrap();
    let (code, k, out) = verdict(&s, "--worktree");
    assert_eq!(
        (code, &k),
        (Some(1), &pairs(&[("tools", "file_created")])),
        "{out}"
    );
    std::fs::remove_dir_all(&nested).unwrap();
    // The gitlink's folder replaced by a plain folder of files (git sees a submodule that is
    // not checked out, and compares nothing).
    let aside = Scratch::new("edges", "gitlinks-aside");
    let keep = aside.0.join("sub");
    std::fs::rename(&sub, &keep).unwrap();
    std::fs::create_dir_all(&sub).unwrap();
    std::fs::write(sub.join("lib.py"), "import os\nos.system('x')\n").unwrap();
    let (code, k, out) = verdict(&s, "--worktree");
    assert_eq!((code, &k), (Some(1), &changed), "{out}");
    // ...by a file.
    std::fs::remove_dir_all(&sub).unwrap();
    std::fs::write(&sub, "x\n").unwrap();
    assert_eq!(verdict(&s, "--worktree").0, Some(1));
    // An empty folder is a submodule not checked out: no change.
    std::fs::remove_file(&sub).unwrap();
    std::fs::create_dir_all(&sub).unwrap();
    let (code, _, out) = verdict(&s, "--worktree");
    assert_eq!(code, Some(0), "{out}");
    std::fs::remove_dir_all(&sub).unwrap();
    std::fs::rename(&keep, &sub).unwrap();
    // Granted by `files`: allowed.
    s.write(
        ".editscope.toml",
        "body = [\"src/app.py::f\"]\nfiles = [\"vendor/sub\"]\n",
    );
    s.git(&["commit", "-qam", "grant"]);
    git_in(&sub, &["checkout", "-q", &first]);
    let (code, _, out) = verdict(&s, "--worktree");
    assert_eq!(code, Some(0), "{out}");
}

#[cfg(unix)]
#[test]
fn mode_and_symlink_target_changes_are_changes() {
    use std::os::unix::fs::PermissionsExt as _;
    let s = repo("modes", Some("body = [\"src/app.py::f\"]\n"));
    std::os::unix::fs::symlink("guide.md", s.0.join("docs/link.md")).unwrap();
    s.git(&["add", "."]);
    s.git(&["commit", "-qm", "link"]);
    let guide = s.0.join("docs/guide.md");
    std::fs::set_permissions(&guide, std::fs::Permissions::from_mode(0o755)).unwrap();
    for source in ["--worktree", "--staged"] {
        s.git(&["add", "docs/guide.md"]);
        let (code, k, out) = verdict(&s, source);
        assert_eq!(
            (code, &k),
            (Some(1), &pairs(&[("docs/guide.md", "mode_changed")])),
            "{source}: {out}"
        );
    }
    s.git(&["reset", "-q"]);
    std::fs::set_permissions(&guide, std::fs::Permissions::from_mode(0o644)).unwrap();
    std::fs::remove_file(s.0.join("docs/link.md")).unwrap();
    std::os::unix::fs::symlink("../src/app.py", s.0.join("docs/link.md")).unwrap();
    let (code, k, out) = verdict(&s, "--worktree");
    assert_eq!(
        (code, &k),
        (Some(1), &pairs(&[("docs/link.md", "symlink_changed")])),
        "{out}"
    );
}
