//! Files checked on several threads (`--jobs`, `EDITSCOPE_JOBS`): the output is the same,
//! byte for byte, for any number of threads.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@t")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@t")
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

struct Repo(PathBuf);

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn run(dir: &Path, args: &[&str], jobs: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_editscope"))
        .args(args)
        .current_dir(dir)
        .env_remove("EDITSCOPE_CONTRACT")
        .env("EDITSCOPE_JOBS", jobs)
        .output()
        .unwrap()
}

/// Many files of uneven size, changed in every way a check tells apart: bodies, signatures,
/// new, deleted and renamed files, a file that does not parse, text files.
fn repo() -> Repo {
    let d = std::env::temp_dir().join(format!("es-jobs-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(d.join("pkg")).unwrap();
    let d = std::fs::canonicalize(&d).unwrap();
    git(&d, &["init", "-q"]);
    let file = |i: usize, v: usize| {
        let mut s = String::new();
        for f in 0..(i % 9 + 1) * 5 {
            s.push_str(&format!("def f{f}(x):\n    return x + {}\n\n\n", f * v));
        }
        s
    };
    for i in 0..40 {
        std::fs::write(d.join(format!("pkg/m{i:02}.py")), file(i, 1)).unwrap();
    }
    std::fs::write(d.join("notes.txt"), "a\n").unwrap();
    std::fs::write(d.join(".editscope.toml"), "body = [\"pkg/m0*.py::f1\"]\n").unwrap();
    git(&d, &["add", "."]);
    git(&d, &["commit", "-qm", "base"]);
    for i in 0..40 {
        let p = d.join(format!("pkg/m{i:02}.py"));
        match i % 5 {
            0 => std::fs::write(&p, file(i, 1).replace("return x + 1\n", "return x + 100\n")),
            1 => std::fs::write(&p, file(i, 2)),
            2 => std::fs::write(&p, file(i, 1).replace("def f0(x)", "def f0(x, y)")),
            3 if i < 20 => std::fs::remove_file(&p),
            3 => std::fs::write(&p, "def broken(:\n"),
            _ => Ok(()),
        }
        .unwrap();
    }
    std::fs::write(d.join("pkg/new.py"), "def n():\n    pass\n").unwrap();
    std::fs::write(d.join("notes.txt"), "b\n").unwrap();
    git(&d, &["add", "-A"]);
    git(&d, &["commit", "-qm", "agent"]);
    Repo(d)
}

#[test]
fn check_and_scope_answer_the_same_on_one_thread_and_on_many() {
    let r = repo();
    let cases: [&[&str]; 4] = [
        &["scope", "--range", "HEAD~1..HEAD"],
        &["check", "--range", "HEAD~1..HEAD", "--json"],
        &["check", "--range", "HEAD~1..HEAD"],
        &[
            "check",
            "--range",
            "HEAD~1..HEAD",
            "--allow-body",
            "pkg/*.py::f0",
        ],
    ];
    for args in cases {
        let one = run(&r.0, args, "1");
        assert!(!one.stdout.is_empty(), "{args:?}");
        for jobs in ["2", "7"] {
            let many = run(&r.0, args, jobs);
            assert_eq!(one.status.code(), many.status.code(), "{args:?}");
            assert_eq!(one.stdout, many.stdout, "{args:?} with {jobs} jobs");
        }
        let mut flag = args.to_vec();
        flag.extend(["--jobs", "3"]);
        assert_eq!(
            run(&r.0, &flag, "1").stdout,
            one.stdout,
            "{args:?} --jobs 3"
        );
    }
    // The change touched every kind of file: the report is not trivially the same.
    let report = run(&r.0, cases[1], "4");
    let v: serde_json::Value = serde_json::from_slice(&report.stdout).unwrap();
    assert!(v["files"].as_array().unwrap().len() >= 30);
    // Staged and working-tree changes too.
    std::fs::write(r.0.join("pkg/m05.py"), "x = 1\n").unwrap();
    std::fs::write(r.0.join("pkg/m06.py"), "y = 2\n").unwrap();
    git(&r.0, &["add", "pkg/m05.py"]);
    for source in ["--staged", "--worktree"] {
        let one = run(&r.0, &["check", source, "--json"], "1");
        let many = run(&r.0, &["check", source, "--json"], "5");
        assert_eq!(one.stdout, many.stdout, "{source}");
        assert_eq!(
            run(&r.0, &["scope", source], "1").stdout,
            run(&r.0, &["scope", source], "5").stdout,
            "{source}"
        );
    }
}
