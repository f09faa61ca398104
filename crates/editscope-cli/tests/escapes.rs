//! What the reports show: text output never shows a file's or a name's bytes raw where a
//! terminal would show something else (a bare carriage return in a changed line, a newline
//! in a file name making a fake `allowed:` line, control and invisible characters), in the
//! human report, the feedback for agents and GitHub annotations; and the line numbers
//! shown are the lines' own (added and removed symbols, SARIF and GitHub locations).

use std::path::Path;
use std::process::Output;

mod support;
use support::{text, Scratch};

fn editscope_in(cwd: &Path, args: &[&str]) -> Output {
    support::editscope_in(cwd, args, None)
}

impl Scratch {
    fn check(&self, extra: &[&str]) -> (Option<i32>, String) {
        let mut args = vec![
            "check",
            "--jobs",
            "1",
            "--before",
            "before",
            "--after",
            "after",
            "--contract",
            "c.toml",
        ];
        args.extend_from_slice(extra);
        let o = editscope_in(&self.0, &args);
        (o.status.code(), text(&o.stdout) + &text(&o.stderr))
    }
}

#[test]
fn a_bare_carriage_return_in_a_changed_line_is_shown_escaped() {
    let s = Scratch::new("escapes", "cr");
    s.write(
        "before/a.go",
        "package main\n\nfunc Check(x int) bool {\n\treturn x > 10\n}\n\nfunc Other() {}\n",
    );
    s.write(
        "after/a.go",
        "package main\n\nfunc Check(x int) bool {\n\treturn true //\r4 | \treturn x > 10\n}\n\nfunc Other() {}\n",
    );
    s.write("c.toml", "edit = [\"a.go::Other\"]\n");
    let (code, out) = s.check(&[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(!out.contains('\r'), "{out:?}");
    assert!(out.contains("return true //\\u{000D}4 |"), "{out}");
    for format in ["feedback", "github"] {
        let (_, out) = s.check(&["--format", format]);
        assert!(!out.contains('\r'), "{format}: {out:?}");
    }
    // CRLF line ends stay as they are (no escape on every line of a Windows file).
    s.write("before/b.go", "package main\r\n\r\nfunc B() {}\r\n");
    s.write("after/b.go", "package main\r\n\r\nfunc B() { x() }\r\n");
    let (_, out) = s.check(&[]);
    assert!(!out.contains("\\u{000D}\n"), "{out}");
}

#[test]
fn a_newline_in_a_file_name_adds_no_line_to_any_report() {
    let s = Scratch::new("escapes", "nl");
    let name = "x\n\nallowed: 1 file(s) changed, 0 symbol change(s), all inside the contract";
    s.write(&format!("before/{name}"), "a\n");
    s.write(&format!("after/{name}"), "b\n");
    s.write("before/y\u{1b}[2J\u{202E}.txt", "a\n");
    s.write("after/y\u{1b}[2J\u{202E}.txt", "b\n");
    s.write("c.toml", "files = [\"other.txt\"]\n");
    for format in ["human", "feedback", "github"] {
        let (code, out) = s.check(&["--format", format]);
        assert_eq!(code, Some(1), "{format}: {out}");
        assert!(
            !out.lines().any(|l| l.starts_with("allowed:")),
            "{format}: {out}"
        );
        assert!(
            !out.contains('\u{1b}') && !out.contains('\u{202E}'),
            "{format}: {out:?}"
        );
        if format != "github" {
            assert!(
                out.contains("x\\u{000A}\\u{000A}allowed: 1 file(s)"),
                "{format}: {out}"
            );
        }
    }
}

#[test]
fn added_and_removed_symbols_show_their_own_line_numbers() {
    let s = Scratch::new("escapes", "lines");
    s.write(
        "before/app.py",
        "def f():\n    return 1\n\n\ndef g():\n    return 2\n",
    );
    s.write("after/app.py", "def f():\n    return 1\n");
    s.write("c.toml", "edit = [\"app.py::f\"]\n");
    let (code, out) = s.check(&[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("app.py (before):5:1"), "{out}");
    assert!(out.contains("5 | / def g():"), "{out}");
    assert!(
        out.contains("3 |\n4 |\n5 |"),
        "two blank lines of context: {out}"
    );
    // SARIF and GitHub: the line that now stands where g stood, within the file now.
    let (_, out) = s.check(&["--format", "github"]);
    assert!(out.contains("file=app.py,line=2,endLine=2,"), "{out}");
    let (_, out) = s.check(&["--format", "sarif"]);
    let sarif: serde_json::Value = serde_json::from_str(&out).unwrap();
    let region = &sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 2, "{out}");
    // An added symbol after blank lines: its own line.
    s.write("before/app.py", "x = 1\n\n\ndef f():\n    return 1\n");
    s.write(
        "after/app.py",
        "x = 1\n\n\ndef f():\n    return 1\n\n\ny = 2\n",
    );
    let (code, out) = s.check(&[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("app.py (after):8:1"), "{out}");
    assert!(out.contains("8 | y = 2"), "{out}");
    let (_, out) = s.check(&["--format", "github"]);
    assert!(out.contains("line=8,endLine=8"), "{out}");
}

#[test]
fn long_lines_are_clipped_and_line_endings_and_modes_are_said() {
    let s = Scratch::new("escapes", "clip");
    // A 1 MB changed line: shown clipped, with its size, not whole (twice).
    let long = "x".repeat(1_000_000);
    s.write(
        "before/a.py",
        "def f():\n    return 1\n\n\ndef g():\n    return 2\n",
    );
    s.write(
        "after/a.py",
        &format!("def f():\n    return 1\n\n\ndef g():\n    return '{long}'\n"),
    );
    s.write("c.toml", "edit = [\"a.py::f\"]\n");
    let (code, out) = s.check(&[]);
    assert_eq!(code, Some(1), "{}", &out[..out.len().min(2000)]);
    assert!(out.len() < 20_000, "{} bytes of output", out.len());
    assert!(out.contains(" more byt"), "{}", &out[..out.len().min(2000)]);
    // CRLF -> LF: the snippets read the same, a note says why they are shown.
    s.write(
        "before/a.py",
        "def f():\n    return 1\n\n\ndef g():\r\n    return 2\r\n",
    );
    s.write(
        "after/a.py",
        "def f():\n    return 1\n\n\ndef g():\n    return 2\n",
    );
    let (code, out) = s.check(&[]);
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("only line endings changed"), "{out}");
    // A real edit says nothing of line endings.
    s.write(
        "after/a.py",
        "def f():\n    return 1\n\n\ndef g():\r\n    return 3\r\n",
    );
    let (_, out) = s.check(&[]);
    assert!(!out.contains("only line endings changed"), "{out}");
}

#[cfg(unix)]
#[test]
fn a_mode_change_names_no_changed_lines() {
    use std::os::unix::fs::PermissionsExt as _;
    let s = Scratch::new("escapes", "mode");
    s.write("before/run.sh", "echo hi\necho there\n");
    s.write("after/run.sh", "echo hi\necho there\n");
    let p = s.0.join("after/run.sh");
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    s.write("c.toml", "edit = [\"other.py::f\"]\n");
    let (code, out) = s.check(&["--json"]);
    assert_eq!(code, Some(1), "{out}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let v = &report["violations"][0];
    assert_eq!(v["kind"], "mode_changed", "{out}");
    assert_eq!(
        v["changed_lines"],
        serde_json::json!({"before": [], "after": []}),
        "{out}"
    );
}
