//! `editscope check`, `scope` and `verify-receipt`, run as a user would, and the JSON report
//! validated against `schema/report.schema.json`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use serde_json::Value;

mod support;
use support::{text, Scratch};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn editscope(args: &[&str], stdin: Option<&str>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_editscope"))
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    if let Some(input) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(input.as_bytes())
            .unwrap();
    }
    drop(child.stdin.take());
    child.wait_with_output().unwrap()
}

// ---- a small JSON Schema validator (the keywords the schema uses) ----

fn resolve<'a>(schema: &'a Value, root: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.trim_start_matches("#/$defs/");
            resolve(&root["$defs"][name], root)
        }
        None => schema,
    }
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "integer" => v.is_u64() || v.is_i64(),
        "boolean" => v.is_boolean(),
        "null" => v.is_null(),
        _ => false,
    }
}

fn validate(value: &Value, schema: &Value, root: &Value, at: &str, errors: &mut Vec<String>) {
    let schema = resolve(schema, root);
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let ok = options
            .iter()
            .filter(|o| {
                let mut e = Vec::new();
                validate(value, o, root, at, &mut e);
                e.is_empty()
            })
            .count();
        if ok != 1 {
            errors.push(format!("{at}: matches {ok} of the oneOf options"));
        }
        return;
    }
    match schema.get("type") {
        Some(Value::String(t)) if !type_ok(t, value) => {
            errors.push(format!("{at}: expected {t}, got {value}"))
        }
        Some(Value::Array(ts)) if !ts.iter().any(|t| type_ok(t.as_str().unwrap_or(""), value)) => {
            errors.push(format!("{at}: expected one of {ts:?}, got {value}"))
        }
        _ => {}
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array) {
        if !options.contains(value) {
            errors.push(format!("{at}: {value} is not one of {options:?}"));
        }
    }
    if let (Some(min), Some(n)) = (
        schema.get("minimum").and_then(Value::as_u64),
        value.as_u64(),
    ) {
        if n < min {
            errors.push(format!("{at}: {n} < {min}"));
        }
    }
    if let Some(obj) = value.as_object() {
        let props = schema.get("properties").and_then(Value::as_object);
        for req in schema
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if !obj.contains_key(req.as_str().unwrap_or("")) {
                errors.push(format!("{at}: missing required `{req}`"));
            }
        }
        for (k, v) in obj {
            match props.and_then(|p| p.get(k)) {
                Some(s) => validate(v, s, root, &format!("{at}.{k}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{at}: unexpected key `{k}`"))
                }
                None => {}
            }
        }
    }
    if let (Some(items), Some(arr)) = (schema.get("items"), value.as_array()) {
        for (i, v) in arr.iter().enumerate() {
            validate(v, items, root, &format!("{at}[{i}]"), errors);
        }
    }
}

fn assert_schema(report: &Value) {
    assert_fits(report, "schema/report.schema.json");
}

fn assert_fits(report: &Value, schema: &str) {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(root().join(schema)).unwrap()).unwrap();
    let mut errors = Vec::new();
    validate(report, &schema, &schema, "$", &mut errors);
    assert!(
        errors.is_empty(),
        "report does not fit the schema:\n{}\n{report:#}",
        errors.join("\n")
    );
}

fn after_tree(name: &str) -> Scratch {
    // The bundled example repository with the agent's change applied.
    let s = Scratch::new("check", name);
    let app = std::fs::read_to_string(root().join("examples/check/repo/src/app.py")).unwrap();
    let app = app.replace("user = {\"name\": name}", "user = {\"name\": self._clean(name)}").replace(
        "    def delete(self, user_id):\n        # PROTECTED: audit trail required by compliance. DO NOT MODIFY.\n        self.db.audit(\"delete\", user_id)\n",
        "    def _clean(self, name):\n        return name.strip()\n\n    def delete(self, user_id):\n",
    );
    s.write("src/app.py", &app);
    s.write("tests/test_app.py", "def test():\n    pass\n");
    s
}

#[test]
fn the_bundled_example_is_rejected_with_the_protected_method_named() {
    let after = after_tree("example");
    let o = editscope(
        &[
            "check",
            "--contract",
            "examples/check/scope.toml",
            "--before",
            "examples/check/repo",
            "--after",
            after.path(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(
        out.contains("method `UserService.delete` changed (body), but it is not granted"),
        "{out}"
    );
    assert!(
        out.contains("PROTECTED"),
        "the before lines are shown: {out}"
    );
    assert!(
        out.contains("rejected: 1 violation(s) in 1 file(s)"),
        "{out}"
    );

    let o = editscope(
        &[
            "check",
            "--contract",
            "examples/check/scope.toml",
            "--before",
            "examples/check/repo",
            "--after",
            after.path(),
            "--json",
        ],
        None,
    );
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_schema(&report);
    assert_eq!(report["status"], "rejected");
    assert_eq!(report["violations"][0]["symbol"], "UserService.delete");
    assert_eq!(report["violations"][0]["path"], "src/app.py");

    let o = editscope(
        &[
            "check",
            "--contract",
            "examples/check/scope.toml",
            "--before",
            "examples/check/repo",
            "--after",
            after.path(),
            "--feedback",
        ],
        None,
    );
    let feedback = text(&o.stdout);
    assert!(
        feedback.contains("You may change only:") && feedback.contains("Retry"),
        "{feedback}"
    );
}

#[test]
fn grants_on_the_command_line_and_exit_codes() {
    let after = after_tree("flags");
    let args = |extra: &[&str]| {
        let mut v = vec![
            "check",
            "--before",
            "examples/check/repo",
            "--after",
            after.path(),
            "--allow-create",
            "tests/**",
        ];
        v.extend_from_slice(extra);
        v.iter().map(|s| s.to_string()).collect::<Vec<_>>()
    };
    let run = |extra: &[&str]| {
        let a = args(extra);
        editscope(&a.iter().map(String::as_str).collect::<Vec<_>>(), None)
    };
    assert_eq!(
        run(&["--allow", "src/app.py::UserService"]).status.code(),
        Some(0)
    );
    assert_eq!(
        run(&["--allow-body", "src/app.py::UserService.create"])
            .status
            .code(),
        Some(1)
    );
    let o = run(&["--allow", "src/app.py::NoSuchThing"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("matches no symbol"),
        "{}",
        text(&o.stderr)
    );
    let o = editscope(
        &[
            "check",
            "--before",
            "examples/check/repo",
            "--after",
            after.path(),
        ],
        None,
    );
    assert_eq!(
        o.status.code(),
        Some(2),
        "no contract anywhere: a check must not pass without its policy"
    );
    assert!(text(&o.stderr).contains("no contract"));
}

#[test]
fn contract_errors_name_the_line() {
    let s = Scratch::new("check", "contract");
    s.write("bad.toml", "edit = [\"a.py::f\"]\nbodyy = [\"x\"]\n");
    let contract = format!("{}/bad.toml", s.path());
    let o = editscope(
        &[
            "check",
            "--contract",
            &contract,
            "--before",
            "examples/check/repo",
            "--after",
            "examples/check/repo",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(err.contains("line 2") && err.contains("bodyy"), "{err}");
}

#[test]
fn unverifiable_exits_2_and_fits_the_schema() {
    let s = Scratch::new("check", "unverifiable");
    s.write("before/a.py", "def f(:\n    pass\n");
    s.write("after/a.py", "def f(:\n    return\n");
    let (b, a) = (
        format!("{}/before", s.path()),
        format!("{}/after", s.path()),
    );
    let o = editscope(
        &[
            "check", "--allow", "a.py::f", "--before", &b, "--after", &a, "--json",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_schema(&report);
    assert_eq!(report["status"], "unverifiable");
    assert_eq!(
        report["files"][0]["unverifiable"]["reason"],
        "before_has_syntax_errors"
    );
}

#[test]
fn file_level_violations_fit_the_schema() {
    let s = Scratch::new("check", "files");
    s.write("before/a.py", "x = 1\n");
    s.write("before/gone.md", "bye\n");
    s.write("before/img.bin", "a\0b");
    s.write("after/a.py", "x = 1\n");
    s.write("after/new.py", "y = 2\n");
    s.write("after/img.bin", "a\0c");
    let (b, a) = (
        format!("{}/before", s.path()),
        format!("{}/after", s.path()),
    );
    let o = editscope(
        &[
            "check",
            "--allow-files",
            "docs/**",
            "--before",
            &b,
            "--after",
            &a,
            "--json",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_schema(&report);
    let kinds: Vec<&str> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"file_created")
            && kinds.contains(&"file_deleted")
            && kinds.contains(&"binary_changed"),
        "{kinds:?}"
    );
}

#[test]
fn receipts_verify_and_detect_a_change_on_disk() {
    let after = after_tree("receipt");
    let s = Scratch::new("check", "receipt-out");
    let receipt = format!("{}/receipt.json", s.path());
    let o = editscope(
        &[
            "check",
            "--allow",
            "src/app.py::UserService",
            "--allow-create",
            "tests/**",
            "--before",
            "examples/check/repo",
            "--after",
            after.path(),
            "--receipt",
            &receipt,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    let o = editscope(&["verify-receipt", &receipt, "--root", after.path()], None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    assert!(text(&o.stdout).contains("receipt holds"));
    // The repository moves on: the receipt no longer describes it.
    after.write("src/app.py", "changed later\n");
    let o = editscope(&["verify-receipt", &receipt, "--root", after.path()], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        text(&o.stdout).contains("differs from the recorded after state"),
        "{}",
        text(&o.stdout)
    );
    // A receipt edited by hand does not hold.
    let forged = std::fs::read_to_string(&receipt)
        .unwrap()
        .replace("\"status\": \"allowed\"", "\"status\": \"rejected\"");
    std::fs::write(&receipt, forged).unwrap();
    let o = editscope(&["verify-receipt", &receipt], None);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn scope_prints_a_contract_that_allows_the_change() {
    let after = after_tree("scope");
    let o = editscope(
        &[
            "scope",
            "--before",
            "examples/check/repo",
            "--after",
            after.path(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let contract = text(&o.stdout);
    assert!(
        contract.contains("src/app.py::UserService.delete")
            && contract.contains("tests/test_app.py"),
        "{contract}"
    );
    let s = Scratch::new("check", "scope-contract");
    s.write("scope.toml", &contract);
    let path = format!("{}/scope.toml", s.path());
    let o = editscope(
        &[
            "check",
            "--contract",
            &path,
            "--before",
            "examples/check/repo",
            "--after",
            after.path(),
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
}

#[test]
fn scope_leaves_out_grants_an_enclosing_grant_covers() {
    // A plain comment in the struct changed (its body needs a grant) and a field went: the
    // body grant covers the deletion, so `scope` does not name the field, and dropping the
    // body grant it does name rejects the change.
    let s = Scratch::new("check", "scope-covered");
    let before = "pub struct Table {\n    // the preamble\n    preamble: String,\n    items: Vec<u8>,\n}\n\npub struct Other {\n    a: u8,\n    b: u8,\n}\n";
    let after = "pub struct Table {\n    // the items\n    items: Vec<u8>,\n}\n\npub struct Other {\n    a: u8,\n}\n";
    s.write("a/src/lib.rs", before);
    s.write("b/src/lib.rs", after);
    let (a, b) = (format!("{}/a", s.path()), format!("{}/b", s.path()));
    let o = editscope(&["scope", "--before", &a, "--after", &b], None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let contract = text(&o.stdout);
    assert!(
        contract.contains("body = [\n    \"src/lib.rs::Table\",\n]")
            && contract.contains("delete = [\n    \"src/lib.rs::Other.b\",\n]")
            && !contract.contains("Table.preamble"),
        "{contract}"
    );
    s.write("scope.toml", &contract);
    let path = format!("{}/scope.toml", s.path());
    let o = editscope(
        &["check", "--contract", &path, "--before", &a, "--after", &b],
        None,
    );
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
}

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
    assert!(o.status.success(), "git {args:?}: {}", text(&o.stderr));
}

#[test]
fn git_staged_worktree_and_range() {
    let s = Scratch::new("check", "git");
    let dir = s.0.clone();
    git(&dir, &["init", "-q", "-b", "main"]);
    s.write(
        "app.py",
        "def f():\n    return 1\n\n\ndef g():\n    return 2\n",
    );
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "base"]);
    s.write(
        "app.py",
        "def f():\n    return 10\n\n\ndef g():\n    return 2\n",
    );
    git(&dir, &["add", "."]);
    let root = s.path().to_string();
    let check = |extra: &[&str]| {
        let mut args = vec!["check", "--root", &root, "--allow-body", "app.py::f"];
        args.extend_from_slice(extra);
        editscope(&args, None)
    };
    assert_eq!(check(&["--staged"]).status.code(), Some(0));
    s.write(
        "app.py",
        "def f():\n    return 10\n\n\ndef g():\n    return 20\n",
    );
    assert_eq!(
        check(&["--staged"]).status.code(),
        Some(0),
        "the index still holds the allowed change"
    );
    let o = check(&["--worktree"]);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    git(&dir, &["commit", "-qam", "agent"]);
    let o = check(&["--range", "HEAD~1..HEAD", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_schema(&report);
    assert_eq!(report["violations"][0]["symbol"], "g");
    let o = check(&["--range", "--upload-pack=x..HEAD"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn patches_in_every_format_and_from_stdin() {
    for patch in [
        "examples/check/agent.diff",
        "examples/check/agent.codex.patch",
        "examples/check/agent.aider.txt",
    ] {
        let o = editscope(
            &[
                "check",
                "--contract",
                "examples/check/scope.toml",
                "--root",
                "examples/check/repo",
                patch,
                "--json",
            ],
            None,
        );
        assert_eq!(o.status.code(), Some(1), "{patch}: {}", text(&o.stderr));
        let report: Value = serde_json::from_slice(&o.stdout).unwrap();
        assert_schema(&report);
        assert_eq!(
            report["violations"][0]["symbol"], "UserService.delete",
            "{patch}"
        );
        let created = report["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["path"] == "tests/test_app.py" && f["change"] == "created");
        assert_eq!(
            created,
            !patch.ends_with(".txt"),
            "{patch}: the new test file"
        );
    }
    let diff = std::fs::read_to_string(root().join("examples/check/agent.diff")).unwrap();
    let o = editscope(
        &[
            "check",
            "--contract",
            "examples/check/scope.toml",
            "--root",
            "examples/check/repo",
            "-",
        ],
        Some(&diff),
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    // A patch that does not apply names its line.
    let broken = diff.replace(
        "         self.db.insert(user)",
        "         self.db.upsert(user)",
    );
    let o = editscope(
        &[
            "check",
            "--contract",
            "examples/check/scope.toml",
            "--root",
            "examples/check/repo",
            "-",
        ],
        Some(&broken),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("line"), "{}", text(&o.stderr));
    let o = editscope(
        &[
            "check",
            "--contract",
            "examples/check/scope.toml",
            "--root",
            "examples/check/repo",
            "-",
        ],
        Some("no patch here"),
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("cannot tell the patch format"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn exactly_one_change_source() {
    let o = editscope(&["check", "--allow", "a.py::f"], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("exactly one change"));
    let o = editscope(
        &["check", "--allow", "a.py::f", "--staged", "--worktree"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn worktree_includes_untracked_files_and_dirs_keep_nested_git() {
    let s = Scratch::new("check", "untracked");
    let dir = s.0.clone();
    git(&dir, &["init", "-q", "-b", "main"]);
    s.write("app.py", "def f():\n    return 1\n");
    git(&dir, &["add", "."]);
    git(&dir, &["commit", "-q", "-m", "base"]);
    s.write("evil.py", "x = 1\n");
    let root = s.path().to_string();
    let o = editscope(
        &[
            "check",
            "--root",
            &root,
            "--allow-body",
            "app.py::f",
            "--worktree",
            "--json",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
    let report: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["violations"][0]["kind"], "file_created");
    assert_eq!(report["violations"][0]["path"], "evil.py");

    // A `.git` below the top of an after tree is content, and frozen.
    let t = Scratch::new("check", "nested-git");
    t.write("before/a.py", "x = 1\n");
    t.write("after/a.py", "x = 1\n");
    t.write("after/src/.git", "gitdir: /nowhere\n");
    let (b, a) = (
        format!("{}/before", t.path()),
        format!("{}/after", t.path()),
    );
    let o = editscope(
        &[
            "check",
            "--allow-files",
            "src/**",
            "--before",
            &b,
            "--after",
            &a,
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stdout));
}

/// A body edit far down a long method: before and after, with `x20` (file line 24) changed.
fn long_method(name: &str) -> (Scratch, String, String) {
    let s = Scratch::new("check", name);
    let body = |changed: &str| {
        let mut t = String::from("class S:\n    def long(self):\n        \"\"\"Doc.\"\"\"\n");
        for i in 0..30 {
            if i == 20 {
                t.push_str(changed);
            } else {
                t.push_str(&format!("        x{i} = {i}\n"));
            }
        }
        t.push_str("        return x0\n\n    def other(self):\n        return 1\n");
        t
    };
    s.write("before/a.py", &body("        x20 = 20\n"));
    s.write("after/a.py", &body("        x20 = 2000\n"));
    let (b, a) = (
        format!("{}/before", s.path()),
        format!("{}/after", s.path()),
    );
    (s, b, a)
}

#[test]
fn violations_point_at_the_changed_lines() {
    let (_s, b, a) = long_method("changed-lines");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "--allow-body",
            "a.py::S.other",
            "--before",
            &b,
            "--after",
            &a,
        ];
        args.extend_from_slice(extra);
        let o = editscope(&args, None);
        assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
        text(&o.stdout)
    };
    // JSON: the whole method is lines 2-34, the change is line 24 alone.
    let report: Value = serde_json::from_str(&run(&["--json"])).unwrap();
    assert_schema(&report);
    let v = &report["violations"][0];
    assert_eq!(v["symbol"], "S.long");
    assert_eq!(v["after"]["start_line"], 2);
    assert_eq!(
        v["changed_lines"],
        serde_json::json!({"before": [[24, 24]], "after": [[24, 24]]})
    );
    // SARIF and GitHub annotations point there, not at the method's first line.
    let sarif: Value = serde_json::from_str(&run(&["--format", "sarif"])).unwrap();
    assert_eq!(
        sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"],
        serde_json::json!({"startLine": 24, "endLine": 24})
    );
    let gh = run(&["--format", "github"]);
    assert!(
        gh.contains("::error file=a.py,line=24,endLine=24,title=editscope::"),
        "{gh}"
    );
    // The human output shows the edited line with its number and two lines around it, not
    // the method's opening.
    let human = run(&[]);
    assert!(human.contains("24 |         x20 = 2000"), "{human}");
    assert!(human.contains("24 |         x20 = 20\n"), "{human}");
    assert!(human.contains("22 |         x18 = 18"), "{human}");
    assert!(human.contains("26 |         x22 = 22"), "{human}");
    assert!(
        !human.contains("x17 = 17") && !human.contains("x23 = 23\n        x24"),
        "{human}"
    );
    assert!(!human.contains("Doc."), "{human}");
}

/// `symbols --json` lists the in-source markers and fits `schema/symbols.schema.json`; the
/// text outline names them too (a marker in a string is not one).
#[test]
fn symbols_lists_markers_and_fits_its_schema() {
    let s = Scratch::new("check", "symbols-markers");
    s.write(
        "app.py",
        "class A:\n    # editscope: protect\n    def f(self):\n        return '# editscope: protect'\n\n    # editscope: protect\n\n    def g(self):\n        pass\n\ndef broken(:\n    pass\n",
    );
    let file = format!("{}/app.py", s.path());
    let o = editscope(&["symbols", &file, "--json"], None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schema/symbols.schema.json")).unwrap(),
    )
    .unwrap();
    let mut errors = Vec::new();
    validate(&v, &schema, &schema, "$", &mut errors);
    assert!(errors.is_empty(), "{}\n{v:#}", errors.join("\n"));
    let markers = v["markers"].as_array().unwrap();
    assert_eq!(markers.len(), 2, "{v:#}");
    assert_eq!(markers[0]["line"], 2);
    assert_eq!(markers[0]["symbols"], serde_json::json!(["A.f"]));
    assert_eq!(markers[1]["line"], 6);
    assert_eq!(markers[1]["symbols"], serde_json::json!([]));
    let o = editscope(&["symbols", &file], None);
    let out = text(&o.stdout);
    assert!(
        out.contains("  marker: line 2: `editscope: protect` protects A.f"),
        "{out}"
    );
    assert!(
        out.contains("  marker: line 6: `editscope: protect` attaches to no definition"),
        "{out}"
    );
}

#[test]
fn scope_on_a_range_round_trips_through_check() {
    let s = Scratch::new("check", "scope-range");
    let repo = s.0.join("repo");
    std::fs::create_dir_all(&repo).unwrap();
    let w = |rel: &str, content: &str| {
        let p = repo.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    };
    git(&repo, &["init", "-q", "-b", "main"]);
    let app = "import os\n\n\nclass Service:\n    def create(self, name):\n        return name\n\n    def delete(self, i):\n        pass\n\n\ndef helper():\n    \"\"\"Help.\"\"\"\n    return 1\n";
    w("src/app.py", app);
    w("src/old.py", "X = 1\n");
    w("docs/notes.txt", "notes\n");
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    let after = app
        .replace("return name\n", "return name.strip()\n")
        .replace("\"\"\"Help.\"\"\"", "\"\"\"Helps.\"\"\"")
        .replace(
            "        pass\n\n\ndef",
            "        pass\n\n    def purge(self):\n        pass\n\n\ndef",
        );
    w("src/app.py", &after);
    std::fs::remove_file(repo.join("src/old.py")).unwrap();
    w("docs/notes.txt", "more notes\n");
    w("tests/test_app.py", "def test_a():\n    pass\n");
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "agent"]);
    let r = repo.to_str().unwrap();
    let o = editscope(&["scope", "--root", r, "--range", "HEAD~1..HEAD"], None);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stderr));
    let toml = text(&o.stdout);
    assert_eq!(
        toml,
        "# The smallest contract that allows the commits HEAD~1..HEAD (editscope scope).\n\
         # Each entry is needed: without any one of them `editscope check` rejects the change.\n\
         body = [\n    \"src/app.py::Service.create\",\n]\n\
         edit = [\n    \"src/app.py::helper\",\n]\n\
         add = [\n    \"src/app.py::Service\",\n]\n\
         delete = [\n    \"src/old.py\",\n]\n\
         create = [\n    \"tests/test_app.py\",\n]\n\
         files = [\n    # docs/notes.txt: not source editscope parses: only a whole-file grant allows changing it\n    \"docs/notes.txt\",\n]\n"
    );
    let check = |contract: &str| {
        let path = s.0.join("scope.toml");
        std::fs::write(&path, contract).unwrap();
        editscope(
            &[
                "check",
                "--root",
                r,
                "--range",
                "HEAD~1..HEAD",
                "--contract",
                path.to_str().unwrap(),
            ],
            None,
        )
    };
    let o = check(&toml);
    assert_eq!(o.status.code(), Some(0), "{}", text(&o.stdout));
    // Without any one entry, rejected.
    let lines: Vec<&str> = toml.lines().collect();
    let entries: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].starts_with("    \""))
        .collect();
    assert_eq!(entries.len(), 6);
    for i in entries {
        let without: String = lines
            .iter()
            .enumerate()
            .filter(|(j, _)| *j != i)
            .map(|(_, l)| format!("{l}\n"))
            .collect();
        let o = check(&without);
        assert_eq!(
            o.status.code(),
            Some(1),
            "without {}: {}",
            lines[i],
            text(&o.stdout)
        );
    }
    // The same as JSON.
    let o = editscope(
        &["scope", "--root", r, "--range", "HEAD~1..HEAD", "--json"],
        None,
    );
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_fits(&v, "schema/scope.schema.json");
    assert_eq!(v["allowed"], true);
    assert_eq!(v["source"], "the commits HEAD~1..HEAD");
    assert_eq!(v["toml"].as_str(), Some(toml.as_str()));
    assert_eq!(v["entries"][0]["key"], "body");
    assert_eq!(v["entries"][0]["symbol"], "Service.create");
    assert_eq!(
        v["entries"][5]["reason"]
            .as_str()
            .map(|r| r.contains("whole-file")),
        Some(true)
    );
}

#[test]
fn scope_refuses_what_no_contract_allows_and_exits_1() {
    let s = Scratch::new("check", "scope-refuse");
    s.write("b/.editscope.toml", "edit = []\n");
    s.write("a/.editscope.toml", "files = [\"**\"]\n");
    let b = format!("{}/b", s.path());
    let a = format!("{}/a", s.path());
    let o = editscope(&["scope", "--before", &b, "--after", &a], None);
    assert_eq!(o.status.code(), Some(1), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    assert!(out.contains("# Not allowed by any grant"), "{out}");
    assert!(out.contains("#   .editscope.toml: "), "{out}");
}

#[test]
fn protect_flags_add_protect_entries_to_the_contract() {
    let after = after_tree("protect-flag");
    let run = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "--before",
            "examples/check/repo",
            "--after",
            after.path(),
            "--json",
        ];
        args.extend_from_slice(extra);
        let o = editscope(&args, None);
        let report: Value = serde_json::from_slice(&o.stdout)
            .unwrap_or_else(|_| panic!("{extra:?}: {}", text(&o.stderr)));
        assert_schema(&report);
        (o.status.code(), report)
    };
    // Alone, a protect flag is a contract: everything else may change.
    let (code, report) = run(&["--protect", "src/app.py::UserService.delete"]);
    assert_eq!(code, Some(1));
    let kinds: Vec<&str> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["protected"], "{report}");
    assert_eq!(report["violations"][0]["symbol"], "UserService.delete");
    let (code, _) = run(&["--protect", "docs/**"]);
    assert_eq!(code, Some(0));
    // Repeatable, and a file glob protects the whole file.
    let (code, report) = run(&["--protect", "docs/**", "--protect", "tests/**"]);
    assert_eq!(code, Some(1), "{report}");
    // On top of a named contract, protect wins over its grants.
    let (code, report) = run(&[
        "--contract",
        "examples/check/scope.toml",
        "--protect",
        "src/app.py::UserService.create",
    ]);
    assert_eq!(code, Some(1));
    let symbols: Vec<&str> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["symbol"].as_str().unwrap_or(""))
        .collect();
    assert!(symbols.contains(&"UserService.create"), "{report}");
    // A bad selector is an error, as in a contract file.
    let o = editscope(
        &[
            "check",
            "--before",
            "examples/check/repo",
            "--after",
            after.path(),
            "--protect",
            "::x",
        ],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("protect"), "{}", text(&o.stderr));
}

fn editscope_env(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_editscope"));
    cmd.args(args).current_dir(root());
    for k in ["GITHUB_SERVER_URL", "GITHUB_REPOSITORY", "GITHUB_SHA"] {
        cmd.env_remove(k);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

#[test]
fn markdown_links_each_violation_to_its_changed_lines() {
    let after = after_tree("markdown");
    let base = [
        "check",
        "--contract",
        "examples/check/scope.toml",
        "--before",
        "examples/check/repo",
        "--after",
        after.path(),
        "--format",
        "markdown",
    ];
    let o = editscope_env(&base, &[]);
    assert_eq!(o.status.code(), Some(1));
    let md = text(&o.stdout);
    let mut lines = md.lines();
    assert_eq!(
        lines.next(),
        Some("**editscope: rejected**: 1 violation(s) in 1 file(s).")
    );
    assert!(md.contains("| file | lines | symbol | violation |\n| --- | --- | --- | --- |\n"));
    // Outside GitHub Actions and without --link-base, the lines are named, not linked (a
    // relative link resolves against the comment's page), with a note on how to link them.
    assert!(
        md.contains("| src/app.py | L22 | <code>UserService.delete</code> | method &#96;UserService.delete&#96; changed (body), but it is not granted (<code>changed</code>) |"),
        "{md}"
    );
    assert!(!md.contains("](src/app.py"), "{md}");
    assert!(
        md.contains("\nLine numbers are not links: pass <code>--link-base https://github.com/OWNER/REPO/blob/SHA</code>"),
        "{md}"
    );
    // In GitHub Actions, the blob of GITHUB_SHA.
    let env = [
        ("GITHUB_SERVER_URL", "https://github.com"),
        ("GITHUB_REPOSITORY", "o/r"),
        ("GITHUB_SHA", "abc123"),
    ];
    let md = text(&editscope_env(&base, &env).stdout);
    assert!(
        md.contains("[L22](https://github.com/o/r/blob/abc123/src/app.py#L22)"),
        "{md}"
    );
    assert!(!md.contains("Line numbers are not links"), "{md}");
    // --link-base wins.
    let mut args = base.to_vec();
    args.extend(["--link-base", "https://example.com/tree/x/"]);
    let md = text(&editscope_env(&args, &env).stdout);
    assert!(
        md.contains("[L22](https://example.com/tree/x/src/app.py#L22)"),
        "{md}"
    );
    // A selector warning is listed under the table.
    let mut args = base.to_vec();
    args.extend(["--allow-body", "src/*.py::UserService.creat"]);
    let md = text(&editscope_env(&args, &[]).stdout);
    assert!(md.contains("**Warnings:**\n\n- "), "{md}");
    assert!(md.contains("&quot;UserService.create&quot;"), "{md}");
}

#[test]
fn markdown_escapes_hostile_paths_symbols_and_messages() {
    let s = Scratch::new("check", "markdown-hostile");
    let name = "a|b<script>x]()\u{202E}`y.js";
    let class = "class A {\n  \"p|q<script>alert(1)</script>]()\u{202E}`r\"() { return 1; }\n}\n";
    s.write(&format!("b/{name}"), class);
    s.write(&format!("a/{name}"), &class.replace("return 1", "return 2"));
    // A removed function: its lines are named from the file before, not linked.
    s.write(
        "b/gone.py",
        "def f():\n    return 1\n\n\ndef g():\n    return 2\n",
    );
    s.write("a/gone.py", "def f():\n    return 1\n");
    // A file that cannot be verified.
    s.write("b/broken.py", "def f(:\n    return 1\n");
    s.write("a/broken.py", "def f(:\n    return 2\n");
    let b = format!("{}/b", s.path());
    let a = format!("{}/a", s.path());
    let o = editscope_env(
        &[
            "check",
            "--before",
            &b,
            "--after",
            &a,
            "--allow-files",
            "none/**",
            "--format",
            "markdown",
            "--link-base",
            "https://h/o/r/blob/head",
        ],
        &[],
    );
    let md = text(&o.stdout);
    assert!(!md.contains("<script>"), "{md}");
    assert!(!md.contains('\u{202E}'), "{md}");
    assert!(!md.contains("]()"), "{md}");
    assert!(!md.contains('`'), "{md}");
    for row in md.lines().filter(|l| l.starts_with("| ")) {
        let cells = row.matches('|').count();
        assert!(cells == 5 || cells == 3, "{cells} cell bars in {row:?}");
    }
    assert!(
        md.contains("\\u{202E}") || md.contains("&#92;u{202E}"),
        "{md}"
    );
    // The link target is percent-encoded.
    assert!(
        md.contains("(https://h/o/r/blob/head/a%7Cb%3Cscript%3Ex%5D%28%29%E2%80%AE%60y.js#L2)"),
        "{md}"
    );
    assert!(
        md.contains("| gone.py | L5-L6 (before) | <code>g</code> |"),
        "{md}"
    );
    assert!(
        md.contains(
            "\nLines marked (before) are not links: pass <code>--link-base-before URL</code>"
        ),
        "{md}"
    );
    assert!(
        md.contains("**Cannot be verified:**\n\n| file | why |\n| --- | --- |\n| broken.py | "),
        "{md}"
    );
    // With a base for the before side, removed lines link there.
    let o = editscope_env(
        &[
            "check",
            "--before",
            &b,
            "--after",
            &a,
            "--allow-files",
            "none/**",
            "--format",
            "markdown",
            "--link-base-before",
            "https://h/o/r/blob/base",
        ],
        &[],
    );
    let md = text(&o.stdout);
    assert!(
        md.contains("[L5-L6](https://h/o/r/blob/base/gone.py#L5-L6) (before)"),
        "{md}"
    );
}

#[test]
fn selector_warnings_in_sarif_and_github_annotations_and_changed_lines_in_feedback() {
    let after = after_tree("sarif-warnings");
    let args = |format: &str| {
        vec![
            "check".to_string(),
            "--contract".into(),
            "examples/check/scope.toml".into(),
            "--before".into(),
            "examples/check/repo".into(),
            "--after".into(),
            after.path().into(),
            "--allow-body".into(),
            "src/*.py::UserService.creat".into(),
            "--format".into(),
            format.into(),
        ]
    };
    let run = |format: &str| {
        let a = args(format);
        text(&editscope(&a.iter().map(String::as_str).collect::<Vec<_>>(), None).stdout)
    };
    let sarif: Value = serde_json::from_str(&run("sarif")).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let warning = results
        .iter()
        .find(|r| r["level"] == "warning")
        .expect("a warning result");
    assert_eq!(warning["ruleId"], "selector_no_symbol");
    assert_eq!(
        warning["properties"]["selector"],
        "src/*.py::UserService.creat"
    );
    assert_eq!(
        warning["properties"]["suggestions"][0],
        "UserService.create"
    );
    assert_eq!(
        warning["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "src/app.py"
    );
    let rules: Vec<&str> = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(rules.contains(&"selector_no_symbol"), "{rules:?}");
    let gh = run("github");
    assert!(
        gh.lines().any(|l| l.starts_with("::warning file=src/app.py,title=editscope::selector \"src/*.py::UserService.creat\" matches no symbol")),
        "{gh}"
    );
    let feedback = run("feedback");
    assert!(
        feedback.contains("  - src/app.py (line 22): method `UserService.delete` changed (body), but it is not granted\n      removed (numbered as in the file before the change):\n      - 19 |         # PROTECTED"),
        "{feedback}"
    );
}
