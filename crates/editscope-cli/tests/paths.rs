//! Which files a contract's paths name and which files a check sees: glob characters in
//! file names, the index under `--worktree`, files git ignores, the root a named contract's
//! paths are relative to. Run through the real binary.

use serde_json::Value;

mod support;
use support::{editscope_in, text, Scratch};

impl Scratch {
    /// A git repository with `files` committed.
    fn repo(name: &str, files: &[(&str, &str)]) -> Scratch {
        let s = Scratch::new("paths", name);
        s.git(&["init", "-q", "-b", "main"]);
        for (path, content) in files {
            s.write(path, content);
        }
        s.git(&["add", "-A"]);
        s.git(&["commit", "-q", "-m", "base"]);
        s
    }
    /// `check --json` with `args`, in this directory: exit code, report (or stderr).
    fn check(&self, args: &[&str]) -> (Option<i32>, String) {
        let mut all = vec!["check", "--jobs", "1", "--json"];
        all.extend_from_slice(args);
        let o = editscope_in(&self.0, &all, None);
        (o.status.code(), text(&o.stdout) + &text(&o.stderr))
    }
}

/// The `(path, kind)` of every violation of a JSON report.
fn kinds(out: &str) -> Vec<(String, String)> {
    let report: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"));
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

fn pair(path: &str, kind: &str) -> (String, String) {
    (path.to_string(), kind.to_string())
}

const PAGE: &str = "export default function Page() {\n  return checkAuth();\n}\n";
const PAGE_EDIT: &str = "export default function Page() {\n  return null;\n}\n";

/// Route files named with `[`, `]`, `{`, `}`: a contract names exactly those files, in
/// every key and every mode.
#[test]
fn brackets_and_braces_in_contract_paths_are_literal() {
    let s = Scratch::repo(
        "brackets",
        &[
            ("pages/[id].tsx", PAGE),
            ("pages/i.tsx", PAGE),
            ("pages/{a,b}.tsx", PAGE),
            ("pages/a.tsx", PAGE),
        ],
    );
    // protect = the route file: its edit is rejected; i.tsx (which `[id]` as a class would
    // name) is free.
    s.write(
        "c.toml",
        "protect = [\"pages/[id].tsx\", \"pages/{a,b}.tsx\"]\n",
    );
    s.write("pages/[id].tsx", PAGE_EDIT);
    s.write("pages/{a,b}.tsx", PAGE_EDIT);
    let (code, out) = s.check(&["--worktree", "--contract", "c.toml"]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(
        kinds(&out),
        [
            pair("pages/[id].tsx", "protected"),
            pair("pages/{a,b}.tsx", "protected")
        ]
    );
    s.git(&["checkout", "-q", "--", "pages"]);
    s.write("pages/i.tsx", PAGE_EDIT);
    s.write("pages/a.tsx", PAGE_EDIT);
    let (code, out) = s.check(&["--worktree", "--contract", "c.toml"]);
    assert_eq!(code, Some(0), "{out}");
    // files = the route file grants it, and nothing else.
    s.write(
        "c.toml",
        "files = [\"pages/[id].tsx\", \"pages/{a,b}.tsx\"]\n",
    );
    let (code, out) = s.check(&["--worktree", "--contract", "c.toml"]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(
        kinds(&out),
        [
            pair("pages/a.tsx", "changed"),
            pair("pages/i.tsx", "changed")
        ]
    );
    s.git(&["checkout", "-q", "--", "pages"]);
    s.write("pages/[id].tsx", PAGE_EDIT);
    let (code, out) = s.check(&["--worktree", "--contract", "c.toml"]);
    assert_eq!(code, Some(0), "{out}");
    // A symbol selector's file part, and a symbol grant on the route file.
    s.write("c.toml", "protect = [\"pages/[id].tsx::Page\"]\n");
    let (code, out) = s.check(&["--worktree", "--contract", "c.toml", "--strict"]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(kinds(&out), [pair("pages/[id].tsx", "protected")]);
    s.write("c.toml", "body = [\"pages/[id].tsx::Page\"]\n");
    let (code, out) = s.check(&["--worktree", "--contract", "c.toml", "--strict"]);
    assert_eq!(code, Some(0), "{out}");
    // create: a new route file under a literal bracket directory.
    s.git(&["checkout", "-q", "--", "pages"]);
    s.write("c.toml", "create = [\"routes/[slug]/*.tsx\"]\n");
    s.write("routes/[slug]/page.tsx", PAGE);
    let (code, out) = s.check(&["--worktree", "--contract", "c.toml"]);
    assert_eq!(code, Some(0), "{out}");
    std::fs::remove_dir_all(s.0.join("routes/[slug]")).unwrap();
    s.write("routes/s/page.tsx", PAGE);
    let (code, out) = s.check(&["--worktree", "--contract", "c.toml"]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(kinds(&out), [pair("routes/s/page.tsx", "file_created")]);
}

const KEY: &str = "K = 1\n";
const KEY_EVIL: &str = "K = 2\n";

/// The `version` of every violation of a JSON report (`-` when absent), and whether its
/// message says "staged version (in the index): ", sorted.
fn versions(out: &str) -> Vec<(String, bool)> {
    let report: Value = serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"));
    let mut v: Vec<(String, bool)> = report["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            (
                v["version"].as_str().unwrap_or("-").to_string(),
                v["message"]
                    .as_str()
                    .unwrap()
                    .starts_with("staged version (in the index): "),
            )
        })
        .collect();
    v.sort();
    v
}

/// `--worktree` judges what a plain `git commit` lands too: a staged version the working
/// tree does not hold.
#[test]
fn worktree_sees_what_the_index_would_commit() {
    let s = Scratch::repo(
        "index",
        &[
            ("src/auth/keys.py", KEY),
            ("src/app.py", "x = 1\n"),
            (".editscope.toml", "protect = [\"src/auth/**\"]\n"),
        ],
    );
    // Staged, then restored on disk: judged HEAD -> index, with a note.
    s.write("src/auth/keys.py", KEY_EVIL);
    s.git(&["add", "src/auth/keys.py"]);
    s.write("src/auth/keys.py", KEY);
    let (code, out) = s.check(&["--worktree"]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(kinds(&out), [pair("src/auth/keys.py", "protected")]);
    assert!(out.contains("judged HEAD -> index"), "{out}");
    // The violation says it is about the staged version, in JSON and in its message.
    assert_eq!(versions(&out), [("staged".to_string(), true)], "{out}");
    // Staged and edited again on disk: three versions, both changes judged.
    s.write("src/auth/keys.py", "K = 3\n");
    let (code, out) = s.check(&["--worktree"]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(
        kinds(&out),
        [
            pair("src/auth/keys.py", "protected"),
            pair("src/auth/keys.py", "protected")
        ]
    );
    assert!(
        out.contains("neither HEAD's nor the working tree's"),
        "{out}"
    );
    assert!(out.contains("staged version (in the index): "), "{out}");
    // One violation per version, each saying which (only the staged one's message does).
    assert_eq!(
        versions(&out),
        [
            ("staged".to_string(), true),
            ("worktree".to_string(), false)
        ],
        "{out}"
    );
    // The human output too.
    let o = editscope_in(&s.0, &["check", "--worktree"], None);
    let human = text(&o.stdout);
    assert_eq!(
        human.matches("staged version (in the index): ").count(),
        1,
        "{human}"
    );
    // An allowed file staged and edited again: each version judged on its own.
    s.git(&["reset", "-q"]);
    s.write("src/auth/keys.py", KEY);
    s.write(
        ".editscope.toml",
        "protect = [\"src/auth/**\"]\nfiles = [\"src/app.py\"]\n",
    );
    s.git(&["add", ".editscope.toml"]);
    s.git(&["commit", "-q", "-m", "files"]);
    s.write("src/app.py", "x = 5\n");
    s.git(&["add", "src/app.py"]);
    s.write("src/app.py", "x = 6\n");
    let (code, out) = s.check(&["--worktree"]);
    assert_eq!(code, Some(0), "{out}");
    s.git(&["reset", "-q"]);
    s.write("src/app.py", "x = 1\n");
    // Staged as it is on disk: one change, the working tree's.
    s.write("src/auth/keys.py", KEY_EVIL);
    s.git(&["add", "src/auth/keys.py"]);
    let (code, out) = s.check(&["--worktree"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(!out.contains("judged HEAD -> index"), "{out}");
    // The index holds the working tree's version: nothing to tell apart.
    assert_eq!(versions(&out), [("-".to_string(), false)], "{out}");
    s.git(&["reset", "-q"]);
    s.write("src/auth/keys.py", KEY);
    // Removed from the index, kept on disk: a commit deletes it.
    s.git(&["rm", "-q", "--cached", "src/auth/keys.py"]);
    let (code, out) = s.check(&["--worktree"]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(kinds(&out), [pair("src/auth/keys.py", "protected")]);
    s.git(&["reset", "-q"]);
    // A mode staged that the disk does not have.
    s.git(&["update-index", "--chmod=+x", "src/auth/keys.py"]);
    let (code, out) = s.check(&["--worktree"]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(kinds(&out), [pair("src/auth/keys.py", "protected")]);
    s.git(&["reset", "-q"]);
    // An allowed change staged (and not) stays allowed; a clean index adds nothing.
    s.write("src/app.py", "x = 2\n");
    let (code, out) = s.check(&["--worktree"]);
    assert_eq!(code, Some(0), "{out}");
    s.git(&["add", "src/app.py"]);
    let (code, out) = s.check(&["--worktree"]);
    assert_eq!(code, Some(0), "{out}");
    s.write("src/app.py", "x = 1\n");
    let (code, out) = s.check(&["--worktree"]);
    assert_eq!(
        code,
        Some(0),
        "staged allowed change, restored on disk: {out}"
    );
    assert!(out.contains("judged HEAD -> index"), "{out}");
}

/// A file git ignores is outside a working-tree change unless `protect` names it; then it
/// is seen, judged as created (HEAD does not hold it).
#[test]
fn ignored_files_protect_names_are_seen() {
    let s = Scratch::repo(
        "ignored",
        &[
            (".gitignore", ".env\nsecrets/\nbuild/\ncfg/\n"),
            ("app.py", "x = 1\n"),
            (
                ".editscope.toml",
                "protect = [\".env\", \"secrets/**\", \"cfg/*.py::SECRET\"]\n",
            ),
        ],
    );
    s.write("build/out.js", "x\n");
    // Untouched protected files absent: allowed, the ignored build output unseen.
    s.write("app.py", "x = 2\n");
    let (code, out) = s.check(&["--worktree"]);
    assert_eq!(code, Some(0), "{out}");
    s.write(".env", "KEY=attacker\n");
    s.write("secrets/k", "b\n");
    let (code, out) = s.check(&["--worktree"]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(
        kinds(&out),
        [pair(".env", "protected"), pair("secrets/k", "protected")]
    );
    assert!(out.contains("is ignored by git and not in HEAD"), "{out}");
    // An ignored file holding a protected symbol: seen too, never allowed unseen.
    s.write("cfg/local.py", "SECRET = 2\n");
    let (code, out) = s.check(&["--worktree"]);
    assert_eq!(code, Some(1), "{out}");
    assert!(
        kinds(&out).contains(&pair("cfg/local.py", "protected")),
        "{out}"
    );
    assert!(
        out.contains("defines `SECRET`, which the contract protects"),
        "{out}"
    );
    std::fs::remove_dir_all(s.0.join("cfg")).unwrap();
    // Committed (force-added), an ignored protected file is compared with HEAD.
    s.git(&["add", "-f", ".env", "secrets/k"]);
    s.git(&["commit", "-q", "-m", "secrets"]);
    let (code, out) = s.check(&["--worktree"]);
    assert_eq!(code, Some(0), "{out}");
    s.write("secrets/k", "c\n");
    let (code, out) = s.check(&["--worktree"]);
    assert_eq!(code, Some(1), "{out}");
    assert_eq!(kinds(&out), [pair("secrets/k", "protected")]);
}

/// A named contract's paths are relative to the repository, whatever `--root` says.
#[test]
fn a_named_contract_means_the_same_files_under_any_root() {
    let s = Scratch::repo(
        "namedroot",
        &[
            ("src/auth/keys.py", "SECRET = 1\n"),
            (".editscope.toml", "protect = [\"src/auth/**\"]\n"),
        ],
    );
    let diff = b"--- a/auth/keys.py\n+++ b/auth/keys.py\n@@ -1 +1 @@\n-SECRET = 1\n+SECRET = 2\n";
    for extra in [
        vec![],
        vec!["--contract", ".editscope.toml"],
        vec!["--contract", "src/../.editscope.toml"],
    ] {
        let mut args = vec!["check", "--json", "--root", "src"];
        args.extend(extra.iter().copied());
        args.push("-");
        let o = editscope_in(&s.0, &args, Some(diff));
        let out = text(&o.stdout) + &text(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{extra:?}: {out}");
        assert_eq!(kinds(&out), [pair("src/auth/keys.py", "protected")]);
    }
    // Any contract at the top level, named however.
    s.write("policy.toml", "protect = [\"src/auth/**\"]\n");
    let o = editscope_in(
        &s.0,
        &[
            "check",
            "--json",
            "--root",
            "src",
            "--contract",
            "policy.toml",
            "-",
        ],
        Some(diff),
    );
    let out = text(&o.stdout) + &text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert_eq!(kinds(&out), [pair("src/auth/keys.py", "protected")]);
    // A task's contract elsewhere (the bundled example's `scope.toml`) is relative to --root.
    s.write("tasks/t.toml", "protect = [\"auth/**\"]\n");
    let o = editscope_in(
        &s.0,
        &[
            "check",
            "--json",
            "--root",
            "src",
            "--contract",
            "tasks/t.toml",
            "-",
        ],
        Some(diff),
    );
    let out = text(&o.stdout) + &text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert_eq!(kinds(&out), [pair("auth/keys.py", "protected")]);
    // Outside git: a named `.editscope.toml`'s directory is the project when the root is in it.
    let p = Scratch::new("paths", "namedroot-nogit");
    p.write("src/auth/keys.py", "SECRET = 1\n");
    p.write(".editscope.toml", "protect = [\"src/auth/**\"]\n");
    let o = editscope_in(
        &p.0,
        &[
            "check",
            "--json",
            "--root",
            "src",
            "--contract",
            ".editscope.toml",
            "-",
        ],
        Some(diff),
    );
    let out = text(&o.stdout) + &text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert_eq!(kinds(&out), [pair("src/auth/keys.py", "protected")]);
}

const S_DELETE: &str = "class S:\n    def delete(self):\n        return \"audited\"\n";
const S_DELETE_EVIL: &str = "class S:\n    def delete(self):\n        return None\n";

/// A protect entry that names nothing protects nothing (and a protect-only contract then
/// allows everything): warned in every mode, an error under `--strict`; a directory named
/// without `/**` protects what is in it.
#[test]
fn protect_typos_are_warned_and_strict_refuses_them() {
    let s = Scratch::repo(
        "protecttypos",
        &[("src/auth/keys.py", KEY), ("src/app.py", S_DELETE)],
    );
    s.write("src/auth/keys.py", KEY_EVIL);
    for (protect, hint) in [
        ("src/Auth/**", "did you mean \"src/auth/keys.py\""),
        ("src/auth/*.PY", "did you mean \"src/auth/keys.py\""),
        ("src/auth/key.py", "did you mean \"src/auth/keys.py\""),
    ] {
        s.write("c.toml", &format!("protect = [\"{protect}\"]\n"));
        let (code, out) = s.check(&["--worktree", "--contract", "c.toml"]);
        assert_eq!(code, Some(0), "{protect}: {out}");
        let report: Value = serde_json::from_str(&out).unwrap();
        let w = &report["selector_warnings"][0];
        assert_eq!(w["key"], "protect", "{out}");
        assert_eq!(w["kind"], "no_file", "{out}");
        assert!(w["message"].as_str().unwrap().contains(hint), "{out}");
        let (code, out) = s.check(&["--worktree", "--contract", "c.toml", "--strict"]);
        assert_eq!(code, Some(2), "{protect}: {out}");
        assert!(out.contains(hint), "{out}");
    }
    // A directory named without `/**` (or with a trailing `/`) protects its files.
    for protect in ["src/auth", "src/auth/"] {
        s.write("c.toml", &format!("protect = [\"{protect}\"]\n"));
        let (code, out) = s.check(&["--worktree", "--contract", "c.toml", "--strict"]);
        assert_eq!(code, Some(1), "{protect}: {out}");
        assert_eq!(kinds(&out), [pair("src/auth/keys.py", "protected")]);
    }
    // One `:` for `::` is a contract error that says so.
    s.write("c.toml", "protect = [\"src/app.py:S.delete\"]\n");
    let (code, out) = s.check(&["--worktree", "--contract", "c.toml"]);
    assert_eq!(code, Some(2), "{out}");
    assert!(
        out.contains("did you mean `src/app.py::S.delete`?"),
        "{out}"
    );
    // Two directories: the before tree lists every file, so a typo in the file part of a
    // protect symbol selector is seen there too.
    let d = Scratch::new("paths", "protecttypos-dirs");
    d.write("before/src/app.py", S_DELETE);
    d.write("after/src/app.py", S_DELETE_EVIL);
    d.write("before/src/other.py", "x = 1\n");
    d.write("after/src/other.py", "x = 1\n");
    for protect in ["src/ap.py::S.delete", "src/App.py::S.delete", "src/Auth/**"] {
        d.write("c.toml", &format!("protect = [\"{protect}\"]\n"));
        let args = [
            "--before",
            "before",
            "--after",
            "after",
            "--contract",
            "c.toml",
        ];
        let (code, out) = d.check(&args);
        assert_eq!(code, Some(0), "{protect}: {out}");
        assert!(out.contains("matches no file"), "{protect}: {out}");
        let mut strict = args.to_vec();
        strict.push("--strict");
        let (code, out) = d.check(&strict);
        assert_eq!(code, Some(2), "{protect}: {out}");
    }
    // A file the before tree has but the change leaves alone is no typo.
    d.write("c.toml", "protect = [\"src/other.py\"]\n");
    let (code, out) = d.check(&[
        "--before",
        "before",
        "--after",
        "after",
        "--contract",
        "c.toml",
        "--strict",
    ]);
    assert_eq!(code, Some(0), "{out}");
    // A patch outside git: the tree it applies to lists the files.
    let p = Scratch::new("paths", "protecttypos-patch");
    p.write("src/app.py", S_DELETE);
    p.write("c.toml", "protect = [\"src/ap.py::S.delete\"]\n");
    let diff = b"--- a/src/app.py\n+++ b/src/app.py\n@@ -1,3 +1,3 @@\n class S:\n     def delete(self):\n-        return \"audited\"\n+        return None\n";
    let o = editscope_in(
        &p.0,
        &["check", "--json", "--strict", "--contract", "c.toml", "-"],
        Some(diff),
    );
    assert_eq!(o.status.code(), Some(2), "{}", text(&o.stderr));
    assert!(
        text(&o.stderr).contains("did you mean \"src/app.py::S.delete\""),
        "{}",
        text(&o.stderr)
    );
}

/// Selectors holding invisible characters can never match what they seem to name: a
/// contract error, the selector shown escaped.
#[test]
fn invisible_characters_in_selectors_are_contract_errors_shown_escaped() {
    let d = Scratch::new("paths", "invisible");
    d.write("before/app.py", S_DELETE);
    d.write("after/app.py", S_DELETE_EVIL);
    for (raw, shown) in [
        ("app.py::S.\\u200bdelete", "app.py::S.\\u{200B}delete"),
        ("app.py::S.del\\u202eete", "app.py::S.del\\u{202E}ete"),
        ("ap\\u2066p.py", "ap\\u{2066}p.py"),
    ] {
        d.write("c.toml", &format!("protect = [\"{raw}\"]\n"));
        let (code, out) = d.check(&[
            "--before",
            "before",
            "--after",
            "after",
            "--contract",
            "c.toml",
        ]);
        assert_eq!(code, Some(2), "{out}");
        assert!(out.contains(&format!("`{shown}`")), "{out}");
        assert!(out.contains("invisible or bidirectional"), "{out}");
    }
}
