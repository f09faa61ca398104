//! `patch::parse_unified` against the real git: diffs that `git diff` writes for generated and
//! hand-written before/after trees must parse, and applying them must give byte for byte what
//! `git apply` gives; diffs whose context was tampered with, or applied to a shifted file, must
//! succeed or fail as `git apply` does (and then give the same content).
//!
//! Also runs the data cases under `tests/patches/unified/<case>/` at the repository root (the
//! layout of the other formats' cases): `patch`, `before/` (the tree the patch applies to;
//! absent: empty), and either `after/` (the expected tree; absent: no files left) or `error`
//! (`<kind> <line>`, e.g. `no_match 7`). git must agree with
//! the expectation (same tree, or a failure), unless the case has a `git` file saying what git
//! does instead (`applies` or `fails`, then a reason): a documented, deliberate divergence.
//!
//! git is required: the test fails (it does not skip) when git cannot run.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

use editscope::patch::{self, Action, FilePatch, PatchError, PatchErrorKind};

type Tree = BTreeMap<String, String>;

// ---------------------------------------------------------------------------------------
// Scaffolding: temp dirs, git
// ---------------------------------------------------------------------------------------

struct TempDir(PathBuf);

impl TempDir {
    fn new(tag: &str) -> TempDir {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = std::env::temp_dir().join(format!(
            "editscope-unified-{}-{n}-{nanos}-{tag}",
            std::process::id()
        ));
        std::fs::create_dir_all(&path).expect("create temp dir");
        TempDir(path)
    }

    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn git(dir: &Path, args: &[&str]) -> Output {
    let ceiling = dir.parent().unwrap_or(dir);
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CEILING_DIRECTORIES", ceiling)
        .env("HOME", dir)
        .env("LC_ALL", "C")
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .unwrap_or_else(|e| {
            panic!(
                "this test needs git on PATH (it compares with `git apply`): cannot run git: {e}"
            )
        })
}

fn git_ok(dir: &Path, args: &[&str]) -> String {
    let out = git(dir, args);
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("git output is UTF-8")
}

/// `git apply <patch>` in `dir`: whether it applied.
fn git_apply(dir: &Path, patch: &str, scratch: &Path) -> bool {
    let file = scratch.join("the.patch");
    std::fs::write(&file, patch).expect("write patch");
    let file = file.to_str().expect("UTF-8 temp path");
    git(dir, &["apply", file]).status.success()
}

fn write_tree(dir: &Path, tree: &Tree) {
    for (path, content) in tree {
        let p = dir.join(path);
        if let Some(parent) = p.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&p, content).expect("write file");
    }
}

fn read_tree(dir: &Path) -> Tree {
    fn walk(root: &Path, dir: &Path, out: &mut Tree) {
        let mut entries: Vec<_> = std::fs::read_dir(dir)
            .expect("read dir")
            .flatten()
            .collect();
        entries.sort_by_key(|e| e.file_name());
        for e in entries {
            let p = e.path();
            if e.file_name() == ".git" {
                continue;
            }
            if p.is_dir() {
                walk(root, &p, out);
            } else {
                let rel = p
                    .strip_prefix(root)
                    .expect("under root")
                    .to_str()
                    .expect("UTF-8 path")
                    .to_string();
                let bytes = std::fs::read(&p).expect("read file");
                out.insert(rel, String::from_utf8(bytes).expect("UTF-8 content"));
            }
        }
    }
    let mut out = Tree::new();
    walk(dir, dir, &mut out);
    out
}

/// Applies parsed patches to a tree the way the change set does.
fn apply_ours(tree: &Tree, patches: &[FilePatch]) -> Result<Tree, PatchError> {
    let mut tree = tree.clone();
    for fp in patches {
        let new = fp.apply(tree.get(&fp.path).map(String::as_str))?;
        match (&fp.action, new) {
            (
                Action::Update {
                    move_to: Some(to), ..
                },
                Some(content),
            ) => {
                tree.remove(&fp.path);
                tree.insert(to.clone(), content);
            }
            (_, Some(content)) => {
                tree.insert(fp.path.clone(), content);
            }
            (_, None) => {
                tree.remove(&fp.path);
            }
        }
    }
    Ok(tree)
}

fn parse_and_apply(tree: &Tree, patch: &str) -> Result<Tree, PatchError> {
    apply_ours(tree, &patch::parse_unified(patch)?)
}

/// Splits a `git diff` output into one patch per file.
fn split_parts(patch: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for line in patch.split_inclusive('\n') {
        if line.starts_with("diff --git ") || parts.is_empty() {
            parts.push(String::new());
        }
        if let Some(last) = parts.last_mut() {
            last.push_str(line);
        }
    }
    parts
}

fn show_diff(a: &Tree, b: &Tree) -> String {
    let mut out = String::new();
    for k in a.keys().chain(b.keys()) {
        if a.get(k) != b.get(k) {
            out.push_str(&format!(
                "  {k:?}:\n    ours: {:?}\n    git:  {:?}\n",
                a.get(k),
                b.get(k)
            ));
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// Deterministic generator
// ---------------------------------------------------------------------------------------

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // splitmix64
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next() % n as u64) as usize
        }
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, xs: &[&'a str]) -> &'a str {
        xs[self.below(xs.len())]
    }
}

/// Lines that repeat (so hunks have look-alikes elsewhere) ...
const COMMON: &[&str] = &[
    "",
    "}",
    "{",
    "    return x;",
    "    x += 1;",
    "else",
    "// note",
    "end",
    "fn f() {",
    "pass",
];
/// ... and lines that look like patch syntax once prefixed.
const TRICKY: &[&str] = &[
    "--- a/x",
    "+++ b/x",
    "-- a/y",
    "++ b/y",
    "@@ -1 +1 @@",
    "@ -1,2 +1 @@",
    "diff --git a/a b/a",
    "\\ No newline at end of file",
    "-- ",
    "- ",
    "-",
    "+",
    " lead",
    "\ttab",
    "trailing ",
    "ünïcödé ✓",
];
const WORDS: &[&str] = &[
    "alpha", "beta", "gamma", "delta", "let", "x", "=", "call()", "#",
];

fn gen_line(rng: &mut Rng) -> String {
    match rng.below(10) {
        0..=3 => rng.pick(COMMON).to_string(),
        4 => rng.pick(TRICKY).to_string(),
        _ => {
            let mut s = format!("line {}", rng.below(500));
            for _ in 0..rng.below(4) {
                s.push(' ');
                s.push_str(rng.pick(WORDS));
            }
            s
        }
    }
}

fn gen_lines(rng: &mut Rng, n: usize) -> Vec<String> {
    (0..n).map(|_| gen_line(rng)).collect()
}

fn mutate(rng: &mut Rng, lines: &[String], edits: usize) -> Vec<String> {
    let mut out = lines.to_vec();
    for _ in 0..edits {
        let len = out.len();
        match rng.below(3) {
            0 if len > 0 => {
                let at = rng.below(len);
                let n = 1 + rng.below(4.min(len - at));
                out.drain(at..at + n);
            }
            1 => {
                let at = rng.below(len + 1);
                for k in 0..1 + rng.below(4) {
                    out.insert(at + k, gen_line(rng));
                }
            }
            _ if len > 0 => {
                let at = rng.below(len);
                out[at] = gen_line(rng);
            }
            _ => out.push(gen_line(rng)),
        }
    }
    out
}

fn render(lines: &[String], crlf: bool, final_newline: bool) -> String {
    let eol = if crlf { "\r\n" } else { "\n" };
    let mut s = lines.join(eol);
    if final_newline && !lines.is_empty() {
        s.push_str(eol);
    }
    s
}

fn name(rng: &mut Rng, i: usize) -> String {
    match rng.below(12) {
        0 => format!("sp ace {i}.txt"),
        1 => format!("ünï {i}.txt"),
        2 => format!("quo\"te{i}.txt"),
        3 => format!("tab\t{i}.txt"),
        4 => format!("back\\slash{i}.txt"),
        5 => format!("deep/er/dir {i}/x.py"),
        6 | 7 => format!("dir{}/f{i}.rs", i % 3),
        _ => format!("f{i}.txt"),
    }
}

/// One file's change: `before`/`after` are `None` when the file does not exist on that side.
struct Case {
    before: Option<(String, String)>,
    after: Option<(String, String)>,
    chmod: bool,
}

fn gen_case(rng: &mut Rng, i: usize) -> Case {
    let path = name(rng, i);
    let n = match rng.below(10) {
        0 => 0,
        1..=3 => 1 + rng.below(8),
        _ => 20 + rng.below(280),
    };
    let lines = gen_lines(rng, n);
    let crlf = rng.chance(15);
    let final_nl = !rng.chance(20);
    let before_text = render(&lines, crlf, final_nl);
    let edits = 1 + rng.below(6);
    let kind = rng.below(20);
    let (after_lines, after_crlf, after_nl) = match kind {
        // The final newline appears or goes.
        0 => (mutate(rng, &lines, edits), crlf, !final_nl),
        // Line endings change.
        1 => (lines.clone(), !crlf, final_nl),
        // Emptied but kept.
        2 => (Vec::new(), crlf, final_nl),
        _ => (mutate(rng, &lines, edits), crlf, final_nl),
    };
    let after_text = render(&after_lines, after_crlf, after_nl);
    match kind {
        // Created.
        3 | 4 => Case {
            before: None,
            after: Some((path, before_text)),
            chmod: false,
        },
        // Deleted.
        5 => Case {
            before: Some((path, before_text)),
            after: None,
            chmod: false,
        },
        // Renamed, perhaps with a small edit (git detects it when similar enough).
        6 | 7 => {
            let small = if kind == 6 {
                before_text.clone()
            } else {
                render(&mutate(rng, &lines, 1), crlf, final_nl)
            };
            Case {
                after: Some((format!("renamed/{path}"), small)),
                before: Some((path, before_text)),
                chmod: false,
            }
        }
        // Mode change, with or without an edit.
        8 => Case {
            after: Some((
                path.clone(),
                if rng.chance(50) {
                    before_text.clone()
                } else {
                    after_text
                },
            )),
            before: Some((path, before_text)),
            chmod: true,
        },
        _ => Case {
            after: Some((path.clone(), after_text)),
            before: Some((path, before_text)),
            chmod: false,
        },
    }
}

#[cfg(unix)]
fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    let mut perm = std::fs::metadata(path).expect("stat").permissions();
    perm.set_mode(0o755);
    std::fs::set_permissions(path, perm).expect("chmod");
}

#[cfg(not(unix))]
fn make_executable(_path: &Path) {}

/// The diff git writes for the cases, and the before tree.
fn git_diff_for(cases: &[Case], diff_args: &[&str]) -> (String, Tree) {
    let repo = TempDir::new("repo");
    let dir = repo.path();
    git_ok(dir, &["init", "-q"]);
    let before: Tree = cases.iter().filter_map(|c| c.before.clone()).collect();
    write_tree(dir, &before);
    std::fs::write(dir.join(".keep"), "").expect("write");
    git_ok(dir, &["add", "-A"]);
    git_ok(dir, &["commit", "-q", "-m", "before"]);
    for c in cases {
        if let Some((p, _)) = &c.before {
            if c.after.as_ref().is_none_or(|(q, _)| q != p) {
                std::fs::remove_file(dir.join(p)).expect("remove");
            }
        }
    }
    for c in cases {
        if let Some((p, content)) = &c.after {
            let path = dir.join(p);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("mkdir");
            }
            std::fs::write(&path, content).expect("write");
            if c.chmod {
                make_executable(&path);
            }
        }
    }
    git_ok(dir, &["add", "-A"]);
    // `-c key=value` goes before the subcommand.
    let config = if diff_args.first() == Some(&"-c") {
        2.min(diff_args.len())
    } else {
        0
    };
    let mut args: Vec<&str> = diff_args[..config].to_vec();
    args.extend(["diff", "--cached", "-M"]);
    args.extend_from_slice(&diff_args[config..]);
    (git_ok(dir, &args), before)
}

// ---------------------------------------------------------------------------------------
// The comparisons
// ---------------------------------------------------------------------------------------

struct Stats {
    files: usize,
    parts_applied: usize,
    parts_failed: usize,
    tampered: usize,
    shifted_applied: usize,
    shifted_failed: usize,
}

fn check_batch(seed: u64, count: usize, diff_args: &[&str], stats: &mut Stats) {
    let mut rng = Rng(seed);
    let cases: Vec<Case> = (0..count).map(|i| gen_case(&mut rng, i)).collect();
    let (patch, before) = git_diff_for(&cases, diff_args);
    let ctx = format!("seed {seed}, git diff {diff_args:?}");
    let scratch = TempDir::new("scratch");

    // The whole patch.
    let whole = TempDir::new("whole");
    write_tree(whole.path(), &before);
    let git_whole =
        git_apply(whole.path(), &patch, scratch.path()).then(|| read_tree(whole.path()));
    let ours_whole = parse_and_apply(&before, &patch);
    match (&ours_whole, &git_whole) {
        (Ok(ours), Some(theirs)) => assert!(
            ours == theirs,
            "{ctx}: whole patch: results differ:\n{}\npatch:\n{patch}",
            show_diff(ours, theirs)
        ),
        (Err(_), None) => {}
        (Ok(_), None) => panic!("{ctx}: whole patch applies here but not with git apply:\n{patch}"),
        (Err(e), Some(_)) => panic!("{ctx}: whole patch: git applies it but here: {e}\n{patch}"),
    }

    // Mode changes are read.
    if let Ok(parsed) = patch::parse_unified(&patch) {
        for c in cases.iter().filter(|c| c.chmod) {
            let Some((p, _)) = &c.before else { continue };
            let fp = parsed
                .iter()
                .find(|fp| &fp.path == p)
                .unwrap_or_else(|| panic!("{ctx}: no patch for chmod'ed {p:?}"));
            assert_eq!(fp.modes.old_mode.as_deref(), Some("100644"), "{ctx}: {p:?}");
            assert_eq!(fp.modes.new_mode.as_deref(), Some("100755"), "{ctx}: {p:?}");
        }
    }

    // Each file's part alone: same success, same result.
    let parts_dir = TempDir::new("parts");
    write_tree(parts_dir.path(), &before);
    let mut ours_tree = before.clone();
    for part in split_parts(&patch) {
        stats.files += 1;
        let theirs = git_apply(parts_dir.path(), &part, scratch.path());
        let ours = parse_and_apply(&ours_tree, &part);
        match ours {
            Ok(t) if theirs => {
                ours_tree = t;
                stats.parts_applied += 1;
            }
            Err(_) if !theirs => stats.parts_failed += 1,
            Ok(_) => panic!("{ctx}: applies here but not with git apply:\n{part}"),
            Err(e) => panic!("{ctx}: git applies it but here: {e}\n{part}"),
        }
    }
    let git_tree = read_tree(parts_dir.path());
    let mut git_tree_no_keep = git_tree.clone();
    git_tree_no_keep.remove(".keep");
    assert!(
        ours_tree == git_tree_no_keep,
        "{ctx}: per-file results differ:\n{}",
        show_diff(&ours_tree, &git_tree_no_keep)
    );

    // Tampered context or removed lines: both refuse; shifted files: both agree.
    let tamper_dir = TempDir::new("tamper");
    for part in split_parts(&patch) {
        let Ok(parsed) = patch::parse_unified(&part) else {
            continue;
        };
        let [fp] = parsed.as_slice() else { continue };
        let Action::Update {
            edit: Some(_),
            move_to: None,
        } = &fp.action
        else {
            continue;
        };
        let Some(before_text) = before.get(&fp.path) else {
            continue;
        };
        let lines: Vec<&str> = part.split_inclusive('\n').collect();
        let in_hunk: Vec<usize> = {
            let mut v = Vec::new();
            let mut seen_hunk = false;
            for (k, l) in lines.iter().enumerate() {
                if l.starts_with("@@ -") {
                    seen_hunk = true;
                } else if seen_hunk && (l.starts_with(' ') || l.starts_with('-')) {
                    v.push(k);
                }
            }
            v
        };
        if !in_hunk.is_empty() {
            let k = in_hunk[rng.below(in_hunk.len())];
            let tampered: String = lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    if i == k {
                        format!("{}~{}", &l[..1], &l[1..])
                    } else {
                        (*l).to_string()
                    }
                })
                .collect();
            let single: Tree = [(fp.path.clone(), before_text.clone())].into();
            write_tree(tamper_dir.path(), &single);
            let theirs = git_apply(tamper_dir.path(), &tampered, scratch.path());
            let ours = parse_and_apply(&single, &tampered);
            assert!(!theirs, "{ctx}: git applies a tampered patch:\n{tampered}");
            match ours {
                Err(e) => assert_eq!(e.kind, PatchErrorKind::NoMatch, "{ctx}: {e}\n{tampered}"),
                Ok(_) => panic!("{ctx}: a tampered patch applies:\n{tampered}"),
            }
            stats.tampered += 1;
        }

        // The same patch on a shifted file: lines inserted, removed or duplicated.
        let eol = if before_text.contains("\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let mut file_lines: Vec<String> = before_text
            .split_inclusive('\n')
            .map(String::from)
            .collect();
        match rng.below(4) {
            0 => {
                let k = 1 + rng.below(15);
                for _ in 0..k {
                    file_lines.insert(0, format!("{}{eol}", gen_line(&mut rng)));
                }
            }
            1 => {
                let at = rng.below(file_lines.len() + 1);
                for _ in 0..1 + rng.below(5) {
                    file_lines.insert(at, format!("{}{eol}", gen_line(&mut rng)));
                }
            }
            2 if !file_lines.is_empty() => {
                let at = rng.below(file_lines.len());
                file_lines.remove(at);
            }
            _ => {
                // Duplicate a block, to give hunks a look-alike before or after them.
                if !file_lines.is_empty() {
                    let from = rng.below(file_lines.len());
                    let len = 1 + rng.below(8.min(file_lines.len() - from));
                    let block: Vec<String> = file_lines[from..from + len]
                        .iter()
                        .map(|l| {
                            if l.ends_with('\n') {
                                l.clone()
                            } else {
                                format!("{l}{eol}")
                            }
                        })
                        .collect();
                    let to = rng.below(from + 1);
                    for (n, l) in block.into_iter().enumerate() {
                        file_lines.insert(to + n, l);
                    }
                }
            }
        }
        let shifted: String = file_lines.concat();
        let single: Tree = [(fp.path.clone(), shifted.clone())].into();
        write_tree(tamper_dir.path(), &single);
        let theirs = git_apply(tamper_dir.path(), &part, scratch.path())
            .then(|| std::fs::read_to_string(tamper_dir.path().join(&fp.path)).expect("read"));
        let ours = fp.apply(Some(&shifted));
        match (ours, theirs) {
            (Ok(Some(a)), Some(b)) => {
                assert!(a == b, "{ctx}: on a shifted file, results differ\nfile: {shifted:?}\nours: {a:?}\ngit:  {b:?}\n{part}");
                stats.shifted_applied += 1;
            }
            (Err(_), None) => stats.shifted_failed += 1,
            (Ok(None), Some(_)) => panic!("{ctx}: an update deleted the file"),
            (Ok(_), None) => panic!("{ctx}: applies to a shifted file here but not with git:\nfile: {shifted:?}\n{part}"),
            (Err(e), Some(_)) => panic!("{ctx}: git applies to a shifted file but here: {e}\nfile: {shifted:?}\n{part}"),
        }
    }
}

#[test]
fn unified_generated_diffs_apply_as_git_applies_them() {
    let _ = git_ok(&std::env::temp_dir(), &["--version"]);
    let mut stats = Stats {
        files: 0,
        parts_applied: 0,
        parts_failed: 0,
        tampered: 0,
        shifted_applied: 0,
        shifted_failed: 0,
    };
    let batches: &[(u64, &[&str])] = &[
        (1, &[]),
        (2, &["--diff-algorithm=histogram"]),
        (3, &["-U1", "--diff-algorithm=patience"]),
        (4, &["-U0"]),
        (5, &["-U5", "--diff-algorithm=minimal"]),
        (6, &["-c", "core.quotepath=false"]),
        (7, &["--inter-hunk-context=4"]),
        (8, &["-U2"]),
        (9, &["-B", "--diff-algorithm=histogram"]),
    ];
    for &(seed, args) in batches {
        check_batch(seed, 40, args, &mut stats);
    }
    eprintln!(
        "files: {} (applied {}, refused by both {}), tampered: {}, shifted: {} applied, {} refused by both",
        stats.files,
        stats.parts_applied,
        stats.parts_failed,
        stats.tampered,
        stats.shifted_applied,
        stats.shifted_failed
    );
    assert!(stats.parts_applied > 200, "too few files applied");
    assert!(stats.tampered > 100, "too few tampered patches");
    assert!(
        stats.shifted_applied > 30 && stats.shifted_failed > 10,
        "shifted cases lack variety"
    );
}

// ---------------------------------------------------------------------------------------
// Hand-written pairs
// ---------------------------------------------------------------------------------------

#[test]
fn unified_hand_written_pairs_apply_as_git_applies_them() {
    let s = |x: &str| x.to_string();
    let pairs: Vec<(String, String)> = vec![
        (s(""), s("")),
        (s(""), s("a\n")),
        (s("a\n"), s("")),
        (s("a"), s("a\n")),
        (s("a\n"), s("a")),
        (s("a\r\nb\r\n"), s("a\r\nb")),
        (s("a\r\nb"), s("a\r\nc\r\n")),
        (s("x\n"), s("x \n")),
        (s("\n\n\n"), s("\n\n")),
        (s("a\nb\nc\n"), s("c\nb\na\n")),
        (
            s("--- a/x\n+++ b/x\n@@ -1 +1 @@\n"),
            s("-- a/x\n++ b/x\n@@ -1 +1 @@\n"),
        ),
        (
            s("\\ No newline at end of file\n"),
            s("\\ No newline at end of file"),
        ),
        (
            (0..100).map(|i| format!("{}\n", i % 3)).collect(),
            (0..100)
                .map(|i| {
                    if i == 50 {
                        "X\n".into()
                    } else {
                        format!("{}\n", i % 3)
                    }
                })
                .collect(),
        ),
        (
            (0..30).map(|i| format!("l{i}\n")).collect(),
            (0..30)
                .filter(|i| i % 7 != 0)
                .map(|i| format!("l{i}\n"))
                .collect(),
        ),
    ];
    for args in [&[][..], &["-U0"][..], &["-U1"][..]] {
        let cases: Vec<Case> = pairs
            .iter()
            .enumerate()
            .map(|(i, (b, a))| Case {
                before: Some((format!("p{i}.txt"), b.clone())),
                after: Some((format!("p{i}.txt"), a.clone())),
                chmod: false,
            })
            .chain([
                Case {
                    before: None,
                    after: Some(("created empty".into(), String::new())),
                    chmod: false,
                },
                Case {
                    before: None,
                    after: Some(("created/no newline".into(), "x".into())),
                    chmod: false,
                },
                Case {
                    before: Some(("deleted empty".into(), String::new())),
                    after: None,
                    chmod: false,
                },
                Case {
                    before: Some(("deleted/no newline".into(), "y".into())),
                    after: None,
                    chmod: false,
                },
            ])
            .collect();
        let (patch, before) = git_diff_for(&cases, args);
        let scratch = TempDir::new("scratch");
        let dir = TempDir::new("pairs");
        write_tree(dir.path(), &before);
        let theirs = git_apply(dir.path(), &patch, scratch.path()).then(|| read_tree(dir.path()));
        let ours = parse_and_apply(&before, &patch);
        match (ours, theirs) {
            (Ok(a), Some(b)) => assert!(
                a == b,
                "{args:?}: results differ:\n{}\n{patch}",
                show_diff(&a, &b)
            ),
            (Err(_), None) => {}
            (Ok(_), None) => panic!("{args:?}: applies here, not with git:\n{patch}"),
            (Err(e), Some(_)) => panic!("{args:?}: git applies, here: {e}\n{patch}"),
        }
    }
}

#[test]
fn unified_binary_diffs_are_binary() {
    let cases = vec![Case {
        before: Some(("bin.dat".into(), "a\u{0}b\n".into())),
        after: Some(("bin.dat".into(), "a\u{0}c\n".into())),
        chmod: false,
    }];
    for args in [&[][..], &["--binary"][..]] {
        let (patch, _) = git_diff_for(&cases, args);
        let parsed = patch::parse_unified(&patch).unwrap_or_else(|e| panic!("{e}\n{patch}"));
        assert_eq!(parsed.len(), 1);
        assert_eq!(parsed[0].action, Action::Binary, "{patch}");
        assert_eq!(parsed[0].path, "bin.dat");
    }
}

// ---------------------------------------------------------------------------------------
// Data cases
// ---------------------------------------------------------------------------------------

fn kind_name(kind: &PatchErrorKind) -> &'static str {
    match kind {
        PatchErrorKind::Malformed => "malformed",
        PatchErrorKind::NoMatch => "no_match",
        PatchErrorKind::Ambiguous => "ambiguous",
        PatchErrorKind::MissingFile => "missing_file",
        PatchErrorKind::Binary => "binary",
        PatchErrorKind::BadPath => "bad_path",
        PatchErrorKind::TooLarge => "too_large",
    }
}

fn run_data_case(dir: &Path) -> Result<(), String> {
    let patch = std::fs::read_to_string(dir.join("patch")).map_err(|e| format!("patch: {e}"))?;
    let before = if dir.join("before").is_dir() {
        read_tree(&dir.join("before"))
    } else {
        Tree::new()
    };
    let expected_error = std::fs::read_to_string(dir.join("error"))
        .ok()
        .map(|s| s.trim().to_string());
    // Without `error`, the expected tree is `after/` (absent: no files left).
    let expected_after = expected_error.is_none().then(|| {
        if dir.join("after").is_dir() {
            read_tree(&dir.join("after"))
        } else {
            Tree::new()
        }
    });
    let git_note = std::fs::read_to_string(dir.join("git")).ok();
    if expected_error.is_some() && dir.join("after").exists() {
        return Err("has both `after/` and `error`".into());
    }

    let ours = parse_and_apply(&before, &patch);
    match (&ours, &expected_after, &expected_error) {
        (Ok(tree), Some(after), _) => {
            if tree != after {
                return Err(format!(
                    "result differs from after/:\n{}",
                    show_diff(tree, after)
                ));
            }
        }
        (Err(e), _, Some(expected)) => {
            let got = format!("{} {}", kind_name(&e.kind), e.line);
            if &got != expected {
                return Err(format!("expected error `{expected}`, got `{got}`: {e}"));
            }
        }
        (Ok(_), _, Some(expected)) => {
            return Err(format!("applies, but `{expected}` was expected"))
        }
        (Err(e), Some(_), _) => return Err(format!("fails: {e}")),
        _ => unreachable!(),
    }

    let work = TempDir::new("case");
    let scratch = TempDir::new("scratch");
    write_tree(work.path(), &before);
    let theirs = git_apply(work.path(), &patch, scratch.path()).then(|| read_tree(work.path()));
    match git_note
        .as_deref()
        .map(|n| n.split([':', ' ', '\n']).next().unwrap_or_default())
    {
        None => match (&ours, &theirs) {
            (Ok(a), Some(b)) if a == b => {}
            (Err(_), None) => {}
            (Ok(a), Some(b)) => {
                return Err(format!("git gives another result:\n{}", show_diff(a, b)))
            }
            (Ok(_), None) => return Err("git apply refuses it".into()),
            (Err(_), Some(_)) => return Err("git apply applies it".into()),
        },
        Some("applies") if theirs.is_none() => {
            return Err("the `git` file says git applies it, but it does not".into())
        }
        Some("fails") if theirs.is_some() => {
            return Err("the `git` file says git refuses it, but it applies".into())
        }
        Some("applies" | "fails") => {}
        Some(other) => {
            return Err(format!(
                "`git` file: unknown `{other}` (expected `applies` or `fails`)"
            ))
        }
    }
    Ok(())
}

#[test]
fn unified_data_cases() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/patches/unified");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no cases under {}", root.display());
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|d| {
            run_data_case(d)
                .err()
                .map(|e| format!("{}: {e}", d.display()))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} case(s) failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
