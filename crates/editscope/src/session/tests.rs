use super::*;
use serde_json::json;

struct Dir(PathBuf);

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tmp(name: &str) -> Dir {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let d = std::env::temp_dir().join(format!(
        "editscope-session-{name}-{}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    Dir(std::fs::canonicalize(&d).unwrap())
}

fn git(dir: &Path, args: &[&str]) {
    let ok = std::process::Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@t")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@t")
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

const APP: &str = "class Service:\n    def create(self, name):\n        return name\n\n    def delete(self, id):\n        return id\n";
const CONTRACT: &str =
    "body = [\"app.py::Service.create\"]\ncreate = [\"tests/**\"]\nadd = [\"app.py::Service\"]\n";

/// A git repository with `app.py` and `.editscope.toml` committed.
fn repo(name: &str) -> Dir {
    let d = tmp(name);
    git(&d.0, &["init", "-q"]);
    std::fs::write(d.0.join("app.py"), APP).unwrap();
    std::fs::write(d.0.join(".editscope.toml"), CONTRACT).unwrap();
    std::fs::write(d.0.join(".gitignore"), "*.log\n").unwrap();
    git(&d.0, &["add", "."]);
    git(&d.0, &["commit", "-qm", "init"]);
    d
}

fn contract(d: &Dir) -> SessionContract {
    SessionContract::from_file(&d.0.join(".editscope.toml")).unwrap()
}

fn write_call(path: &str, content: &str) -> (String, serde_json::Value) {
    (
        "Write".into(),
        json!({"file_path": path, "content": content}),
    )
}

#[test]
fn the_users_uncommitted_work_is_the_baseline() {
    let d = repo("user-work");
    // The user's own work before the session: a changed method, an untracked file.
    std::fs::write(d.0.join("app.py"), APP.replace("return id", "return -id")).unwrap();
    std::fs::write(d.0.join("notes.txt"), "mine\n").unwrap();
    std::fs::write(d.0.join("debug.log"), "ignored\n").unwrap();
    let s = Session::start(&d.0, "s1", contract(&d)).unwrap();
    let st = s.status().unwrap();
    assert!(st.is_allowed(), "{:?}", st.report.violations);
    assert!(st.changes.files.is_empty());
    // Changing the user's untracked file is out of scope.
    std::fs::write(d.0.join("notes.txt"), "changed\n").unwrap();
    let st = s.status().unwrap();
    assert!(!st.is_allowed());
    assert_eq!(st.report.violations[0].path, "notes.txt");
    s.end().unwrap();
}

#[test]
fn created_then_edited_and_added_then_edited_are_allowed() {
    let d = repo("create-edit");
    let s = Session::start(&d.0, "s", contract(&d)).unwrap();
    let (tool, input) = write_call("tests/test_a.py", "def test_a():\n    assert True\n");
    let c = s.check_tool_call(&tool, &input, &d.0).unwrap();
    assert!(c.allowed, "{:?}", c.report.violations);
    std::fs::create_dir_all(d.0.join("tests")).unwrap();
    std::fs::write(
        d.0.join("tests/test_a.py"),
        "def test_a():\n    assert True\n",
    )
    .unwrap();
    // Edit the file created in the session: judged against the baseline (no file), allowed.
    let edit = json!({"file_path": "tests/test_a.py", "old_string": "assert True", "new_string": "assert 1 == 1"});
    let c = s.check_tool_call("Edit", &edit, &d.0).unwrap();
    assert!(c.allowed, "{:?}", c.report.violations);
    // A method added under `add`, then edited again.
    let added = APP.to_string() + "\n    def extra(self):\n        return 1\n";
    std::fs::write(d.0.join("app.py"), &added).unwrap();
    assert!(s.status().unwrap().is_allowed());
    let edit =
        json!({"file_path": "app.py", "old_string": "return 1\n", "new_string": "return 2\n"});
    let c = s.check_tool_call("Edit", &edit, &d.0).unwrap();
    assert!(c.allowed, "{:?}", c.report.violations);
    // An edit of a protected method is not.
    let edit = json!({"file_path": "app.py", "old_string": "return id", "new_string": "return 0"});
    let c = s.check_tool_call("Edit", &edit, &d.0).unwrap();
    assert!(!c.allowed);
    assert_eq!(
        c.report.violations[0].violation.symbol.as_deref(),
        Some("Service.delete")
    ); // The hook's reason quotes the line the denied edit changes.
    let fb = c.report.feedback_with(s.contract(), Some(&c.changes));
    assert!(fb.contains("|         return 0"), "{fb}");
}

#[test]
fn a_shell_write_is_caught_and_restore_keeps_the_granted_change() {
    let d = repo("shell");
    let s = Session::start(&d.0, "s", contract(&d)).unwrap();
    // Granted: create's body. Not granted: delete's body (written by "the shell").
    let now = APP
        .replace("return name", "return name.strip()")
        .replace("return id", "return None");
    std::fs::write(d.0.join("app.py"), &now).unwrap();
    std::fs::write(d.0.join("stray.txt"), "x\n").unwrap();
    let st = s.status().unwrap();
    assert_eq!(st.report.status, Status::Rejected);
    let names: Vec<_> = st
        .report
        .violations
        .iter()
        .map(|v| (v.path.clone(), v.violation.symbol.clone()))
        .collect();
    assert!(names.contains(&("app.py".into(), Some("Service.delete".into()))));
    assert!(names.iter().any(|(p, _)| p == "stray.txt"));
    let fb = s.feedback(&st.report);
    assert!(
        fb.contains("Service.delete") && fb.contains("session restore"),
        "{fb}"
    );
    // With the change, each violation quotes its changed lines, as `check --feedback` does.
    let fb = s.feedback_with(&st.report, Some(&st.changes));
    assert!(fb.contains("|         return None"), "{fb}");
    // An edit elsewhere in scope is not blocked by the shell's violation (it adds none).
    let edit = json!({"file_path": "app.py", "old_string": "name.strip()", "new_string": "name.strip().lower()"});
    let c = s.check_tool_call("Edit", &edit, &d.0).unwrap();
    assert!(c.allowed && !c.preexisting.is_empty());
    // Dry run writes nothing.
    let plan = s.restore(true).unwrap();
    assert!(!plan.applied);
    assert_eq!(std::fs::read_to_string(d.0.join("app.py")).unwrap(), now);
    let narrowed = plan.files.iter().find(|f| f.path == "app.py").unwrap();
    assert_eq!(narrowed.action, RestoreAction::Narrow);
    assert_eq!(narrowed.kept, ["Service.create"]);
    let plan = s.restore(false).unwrap();
    assert!(plan.applied);
    assert_eq!(
        std::fs::read_to_string(d.0.join("app.py")).unwrap(),
        APP.replace("return name", "return name.strip()")
    );
    assert!(!d.0.join("stray.txt").exists());
    assert!(s.status().unwrap().is_allowed());
}

#[test]
fn restore_puts_back_deleted_files_modes_and_an_added_method_out_of_scope() {
    let d = repo("restore-more");
    std::fs::write(d.0.join("data.bin"), [0u8, 1, 2, 3]).unwrap();
    let s = Session::start(
        &d.0,
        "s",
        SessionContract::from_contract(
            &Contract::from_toml("body = [\"app.py::Service.create\"]\n").unwrap(),
        ),
    )
    .unwrap();
    std::fs::remove_file(d.0.join("data.bin")).unwrap();
    // An added method without an `add` grant, and a granted body change.
    let now = APP.replace("return name", "return name * 2")
        + "\n    def extra(self):\n        return 1\n";
    std::fs::write(d.0.join("app.py"), &now).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(d.0.join("app.py"), std::fs::Permissions::from_mode(0o755))
            .unwrap();
    }
    assert!(!s.status().unwrap().is_allowed());
    s.restore(false).unwrap();
    assert_eq!(std::fs::read(d.0.join("data.bin")).unwrap(), [0u8, 1, 2, 3]);
    assert_eq!(
        std::fs::read_to_string(d.0.join("app.py")).unwrap(),
        APP.replace("return name", "return name * 2")
    );
    let st = s.status().unwrap();
    assert!(st.is_allowed(), "{:?}", st.report.violations);
}

#[test]
fn restore_refuses_what_it_cannot_make_exact() {
    let d = repo("refuse");
    let s = Session::start(&d.0, "s", contract(&d)).unwrap();
    // A syntax error across a granted and an ungranted method: no exact narrowing.
    std::fs::write(
        d.0.join("app.py"),
        APP.replace("return name", "return (name")
            .replace("return id", "return id)"),
    )
    .unwrap();
    let before = std::fs::read_to_string(d.0.join("app.py")).unwrap();
    match s.restore(false) {
        Err(SessionError::RestoreRefused { reasons }) => {
            assert!(reasons.iter().any(|r| r.contains("app.py")), "{reasons:?}")
        }
        Ok(plan) => {
            // Reverted whole (nothing granted could be kept): then it must pass.
            assert!(plan.files.iter().all(|f| f.kept.is_empty()));
            assert!(s.status().unwrap().is_allowed());
            return;
        }
        Err(e) => panic!("{e}"),
    }
    assert_eq!(std::fs::read_to_string(d.0.join("app.py")).unwrap(), before);
}

#[test]
fn a_changed_contract_is_a_violation_not_a_new_policy() {
    let d = repo("contract");
    let s = Session::start(&d.0, "s", contract(&d)).unwrap();
    // Loosen the contract through "the shell" and change what it would now grant.
    std::fs::write(d.0.join(".editscope.toml"), "edit = [\"app.py::*\"]\n").unwrap();
    std::fs::write(d.0.join("app.py"), APP.replace("return id", "return 0")).unwrap();
    let s2 = Session::open(&d.0, "s").unwrap();
    let st = s2.status().unwrap();
    let kinds: Vec<_> = st
        .report
        .violations
        .iter()
        .map(|v| v.violation.kind)
        .collect();
    assert!(kinds.contains(&ViolationKind::ContractChanged), "{kinds:?}");
    assert!(kinds.contains(&ViolationKind::Changed), "{kinds:?}");
    s.restore(false).unwrap();
    assert_eq!(
        std::fs::read_to_string(d.0.join(".editscope.toml")).unwrap(),
        CONTRACT
    );
    // A named contract kept outside the root is watched too.
    let outside = tmp("outside-contract");
    let file = outside.0.join("c.toml");
    std::fs::write(&file, CONTRACT).unwrap();
    let s3 = Session::start(&d.0, "s3", SessionContract::from_file(&file).unwrap()).unwrap();
    assert!(s3.status().unwrap().is_allowed());
    std::fs::write(&file, "files = [\"**\"]\n").unwrap();
    let st = s3.status().unwrap();
    assert!(st
        .report
        .violations
        .iter()
        .any(|v| v.violation.kind == ViolationKind::ContractChanged));
}

#[test]
fn an_ignore_rule_the_agent_writes_hides_nothing() {
    let d = repo("ignore");
    let s = Session::start(&d.0, "s", contract(&d)).unwrap();
    // A pre-existing rule (`*.log`) is trusted: build output there is not the agent's.
    std::fs::write(d.0.join("run.log"), "x\n").unwrap();
    assert!(s.status().unwrap().is_allowed());
    // A rule written in `.git/info/exclude` does not hide a new file.
    std::fs::create_dir_all(d.0.join(".git/info")).unwrap();
    std::fs::write(d.0.join(".git/info/exclude"), "hidden.py\n").unwrap();
    std::fs::write(d.0.join("hidden.py"), "x = 1\n").unwrap();
    let st = s.status().unwrap();
    assert!(
        st.report.violations.iter().any(|v| v.path == "hidden.py"),
        "{:?}",
        st.report.violations
    );
}

#[test]
fn roots_that_are_not_git_repositories_work() {
    let d = tmp("plain");
    std::fs::write(d.0.join("app.py"), APP).unwrap();
    let s = Session::start(
        &d.0,
        "plain",
        SessionContract::from_contract(
            &Contract::from_toml("body = [\"app.py::Service.create\"]\n").unwrap(),
        ),
    )
    .unwrap();
    assert!(!s.dir().starts_with(&d.0));
    std::fs::write(d.0.join("app.py"), APP.replace("return id", "return 1")).unwrap();
    let st = s.status().unwrap();
    assert!(!st.is_allowed());
    s.restore(false).unwrap();
    assert_eq!(std::fs::read_to_string(d.0.join("app.py")).unwrap(), APP);
    s.end().unwrap();
    assert!(matches!(
        Session::open(&d.0, "plain"),
        Err(SessionError::Ended { .. })
    ));
}

#[test]
fn missing_and_corrupt_baselines_fail_closed() {
    let d = repo("corrupt");
    // Looking a session up creates nothing.
    assert!(!Session::exists(&d.0, "nope").unwrap());
    assert!(!d.0.join(".git/editscope").exists());
    assert!(matches!(
        Session::open(&d.0, "nope"),
        Err(SessionError::NotFound { .. })
    ));
    assert!(matches!(
        Session::open(&d.0, "../x"),
        Err(SessionError::InvalidId { .. })
    ));
    let s = Session::start(&d.0, "s", contract(&d)).unwrap();
    assert!(matches!(
        Session::start(&d.0, "s", contract(&d)),
        Err(SessionError::AlreadyExists { .. })
    ));
    let dir = s.dir().to_path_buf();
    // A truncated manifest.
    let manifest = std::fs::read(dir.join("manifest.json")).unwrap();
    std::fs::write(dir.join("manifest.json"), &manifest[..manifest.len() / 2]).unwrap();
    assert!(matches!(
        Session::open(&d.0, "s"),
        Err(SessionError::Corrupt { .. })
    ));
    std::fs::write(dir.join("manifest.json"), &manifest).unwrap();
    // A truncated blob: found when it is needed (the file changed), never "allowed".
    let opened = Session::open(&d.0, "s").unwrap();
    for e in std::fs::read_dir(dir.join("blobs")).unwrap().flatten() {
        std::fs::write(e.path(), b"").unwrap();
    }
    std::fs::write(d.0.join("app.py"), "x = 1\n").unwrap();
    assert!(matches!(opened.status(), Err(SessionError::Corrupt { .. })));
    // A missing blob is found on open.
    for e in std::fs::read_dir(dir.join("blobs")).unwrap().flatten() {
        std::fs::remove_file(e.path()).unwrap();
    }
    assert!(matches!(
        Session::open(&d.0, "s"),
        Err(SessionError::Corrupt { .. })
    ));
}

#[test]
fn a_killed_writer_leaves_nothing_that_reads_as_a_baseline() {
    let d = repo("killed");
    let store = Session::store_for(&d.0).unwrap().0;
    // What a writer killed half-way leaves: a temporary folder with a partial manifest.
    let tmp = store.temp_dir("s").unwrap();
    std::fs::write(tmp.join("manifest.json"), "{\"format\": 1, \"id\"").unwrap();
    std::fs::write(store.dir.join(".manifest.json.tmp-1-2-3"), "x").unwrap();
    assert!(matches!(
        Session::open(&d.0, "s"),
        Err(SessionError::NotFound { .. })
    ));
    let s = Session::start(&d.0, "s", contract(&d)).unwrap();
    assert!(!tmp.exists());
    assert!(s.status().unwrap().is_allowed());
}

#[test]
fn two_sessions_and_two_processes_at_once_do_not_mix() {
    let d = repo("two");
    let a = Session::start(&d.0, "a", contract(&d)).unwrap();
    std::fs::write(d.0.join("notes.txt"), "after a started\n").unwrap();
    let b = Session::start(&d.0, "b", contract(&d)).unwrap();
    // `notes.txt` is in b's baseline, not in a's.
    assert!(!a.status().unwrap().is_allowed());
    assert!(b.status().unwrap().is_allowed());
    // Eight threads racing to record one session: one baseline, the same for all.
    let root = d.0.clone();
    let handles: Vec<_> = (0..8)
        .map(|_| {
            let root = root.clone();
            let c = contract(&d);
            std::thread::spawn(move || {
                Session::open_or_start(&root, "race", || Ok(c)).map(|s| s.manifest.created)
            })
        })
        .collect();
    let created: Vec<u64> = handles
        .into_iter()
        .map(|h| h.join().unwrap().unwrap())
        .collect();
    assert!(created.windows(2).all(|w| w[0] == w[1]));
    b.end().unwrap();
    assert!(Session::open(&d.0, "a").is_ok());
}

#[test]
fn linked_worktrees_keep_their_own_baselines() {
    let d = repo("worktree");
    let wt =
        d.0.join("..")
            .join(format!("{}-wt", d.0.file_name().unwrap().to_string_lossy()));
    let _cleanup = Dir(wt.clone());
    git(&d.0, &["worktree", "add", "-q", wt.to_str().unwrap()]);
    let wt = std::fs::canonicalize(&wt).unwrap();
    let main = Session::start(&d.0, "same", contract(&d)).unwrap();
    let linked = Session::start(
        &wt,
        "same",
        SessionContract::from_file(&wt.join(".editscope.toml")).unwrap(),
    )
    .unwrap();
    assert_ne!(main.dir(), linked.dir());
    assert!(linked.dir().to_string_lossy().contains("worktrees"));
    std::fs::write(wt.join("app.py"), "x = 1\n").unwrap();
    assert!(main.status().unwrap().is_allowed());
    assert!(!linked.status().unwrap().is_allowed());
}

#[test]
fn session_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Session>();
}

#[test]
fn restore_narrows_inside_a_class_and_at_the_top_level() {
    let d = repo("nested");
    let app = "import os\n\nclass Service:\n    limit = 1\n\n    def create(self, name):\n        return name\n\n    def delete(self, id):\n        return id\n";
    std::fs::write(d.0.join("app.py"), app).unwrap();
    let s = Session::start(&d.0, "s", contract(&d)).unwrap();
    // Granted: create's body. Not: the class attribute, a new top-level statement.
    let granted = app.replace("return name", "return name.upper()");
    let now = granted
        .replace("limit = 1", "limit = 99")
        .replace("import os\n", "import os\nimport sys\n");
    std::fs::write(d.0.join("app.py"), &now).unwrap();
    let st = s.status().unwrap();
    assert_eq!(st.report.status, Status::Rejected);
    let plan = s.restore(false).unwrap();
    assert_eq!(plan.files[0].kept, ["Service.create"]);
    assert_eq!(
        std::fs::read_to_string(d.0.join("app.py")).unwrap(),
        granted
    );
    assert!(s.status().unwrap().is_allowed());
}

#[test]
fn old_baselines_are_cleaned_up_unless_in_use() {
    let d = repo("age");
    let old = Session::start(&d.0, "old", contract(&d)).unwrap();
    let used = Session::start(&d.0, "used", contract(&d)).unwrap();
    let long_ago =
        std::time::SystemTime::now() - store::MAX_AGE - std::time::Duration::from_secs(60);
    for s in [&old, &used] {
        std::fs::File::options()
            .write(true)
            .open(s.dir().join("manifest.json"))
            .unwrap()
            .set_modified(long_ago)
            .unwrap();
    }
    // `used` is locked by another holder (a hook process half-way through a restore).
    let (tx, rx) = std::sync::mpsc::channel();
    let (done_tx, done_rx) = std::sync::mpsc::channel::<()>();
    let store = old.store.clone();
    let holder = std::thread::spawn(move || {
        store
            .with_lock("used", || {
                tx.send(()).unwrap();
                done_rx.recv().unwrap();
                Ok(())
            })
            .unwrap()
    });
    rx.recv().unwrap();
    let removed = old.store.cleanup(store::MAX_AGE);
    done_tx.send(()).unwrap();
    holder.join().unwrap();
    assert_eq!(removed, ["old"]);
    assert!(!old.dir().exists());
    assert!(used.dir().exists());
    // Cleaned up by age is ended: a later event of it fails closed, it is not started over.
    assert!(matches!(
        Session::open(&d.0, "old"),
        Err(SessionError::Ended { .. })
    ));
    assert!(matches!(
        Session::open_or_start(&d.0, "old", || Ok(contract(&d))),
        Err(SessionError::Ended { .. })
    ));
}

/// An id of this test run's own: markers and tombstones are found by id across roots (as
/// hosts give every session a unique id), so tests never share one.
fn uid(name: &str) -> String {
    format!("{name}-{}", std::process::id())
}

#[test]
fn an_ended_session_stays_ended_wherever_its_events_come_from() {
    let d = repo("ended");
    let other = repo("ended-other");
    let id = uid("ended");
    let s = Session::start(&d.0, &id, contract(&d)).unwrap();
    std::fs::write(d.0.join("app.py"), APP.replace("return id", "return 2")).unwrap();
    s.end().unwrap();
    // Not started over by the library, the CLI (`session start`) or a first event.
    assert!(matches!(
        Session::start(&d.0, &id, contract(&d)),
        Err(SessionError::Ended { .. })
    ));
    assert!(matches!(
        Session::open_or_start(&d.0, &id, || Ok(contract(&d))),
        Err(SessionError::Ended { .. })
    ));
    assert!(matches!(
        Session::exists(&d.0, &id),
        Err(SessionError::Ended { .. })
    ));
    // Nor by an event whose cwd moved to another repository, pinned or not.
    for pinned in [None, Some(d.0.as_path())] {
        assert!(matches!(
            Session::locate(pinned, &other.0, &id),
            Err(SessionError::Ended { .. })
        ));
    }
    // A pinned root elsewhere is another session's business.
    assert_eq!(
        Session::locate(Some(&other.0), &other.0, &id).unwrap(),
        other.0
    );
}

#[test]
fn an_event_is_judged_at_the_root_its_session_lives_at() {
    let d = repo("locate");
    let moved = tmp("locate-moved");
    let nested = d.0.join("sub");
    std::fs::create_dir_all(&nested).unwrap();
    git(&nested, &["init", "-q"]);
    let id = uid("locate");
    // No session yet: the guess.
    assert_eq!(Session::locate(None, &moved.0, &id).unwrap(), moved.0);
    Session::start(&d.0, &id, contract(&d)).unwrap();
    // The cwd moved out of the tree, or into a repository made inside it: still the root.
    for guess in [&moved.0, &nested] {
        assert_eq!(Session::locate(None, guess, &id).unwrap(), d.0);
    }
    // Two sessions with their own ids do not mix.
    let e = repo("locate-two");
    let id2 = uid("locate-two");
    Session::start(&e.0, &id2, contract(&e)).unwrap();
    assert_eq!(Session::locate(None, &d.0, &id2).unwrap(), e.0);
    assert_eq!(Session::locate(None, &e.0, &id).unwrap(), d.0);
    // One id live at two roots: ambiguous, unless the root is pinned.
    Session::start(&e.0, &id, contract(&e)).unwrap();
    assert!(matches!(
        Session::locate(None, &d.0, &id),
        Err(SessionError::Ambiguous { .. })
    ));
    assert_eq!(Session::locate(Some(&e.0), &d.0, &id).unwrap(), e.0);
    for s in [(&d, &id), (&e, &id), (&e, &id2)] {
        Session::open(&s.0 .0, s.1).unwrap().end().unwrap();
    }
}

#[test]
fn gits_own_files_are_checked_and_restored() {
    let d = repo("git-files");
    let s = Session::start(&d.0, "g", contract(&d)).unwrap();
    assert!(s.status().unwrap().is_allowed());
    let hook = d.0.join(".git/hooks/pre-commit");
    std::fs::write(&hook, "#!/bin/sh\nid\n").unwrap();
    std::fs::write(d.0.join(".git/info/exclude"), "*.py\n").unwrap();
    let config = std::fs::read(d.0.join(".git/config")).unwrap();
    let hooks = tmp("git-files-hooks");
    git(
        &d.0,
        &["config", "core.hooksPath", hooks.0.to_str().unwrap()],
    );
    std::fs::write(hooks.0.join("pre-push"), "#!/bin/sh\nid\n").unwrap();
    let st = s.status().unwrap();
    assert_eq!(st.report.status, Status::Rejected);
    let paths: Vec<&str> = st
        .report
        .violations
        .iter()
        .map(|v| v.path.as_str())
        .collect();
    let pre_push = hooks.0.join("pre-push").display().to_string();
    for p in [
        ".git/hooks/pre-commit",
        ".git/info/exclude",
        ".git/config",
        &pre_push,
    ] {
        assert!(paths.contains(&p), "{p}: {paths:?}");
    }
    // A new file that the changed `info/exclude` ignores is still found.
    std::fs::write(d.0.join("evil.py"), "import os\n").unwrap();
    let st = s.status().unwrap();
    assert!(st.report.violations.iter().any(|v| v.path == "evil.py"));
    std::fs::remove_file(d.0.join("evil.py")).unwrap();
    let plan = s.restore(false).unwrap();
    assert!(plan.files.iter().any(|f| f.path == ".git/hooks/pre-commit"));
    assert!(!hook.exists());
    assert_eq!(std::fs::read(d.0.join(".git/config")).unwrap(), config);
    assert!(s.status().unwrap().is_allowed());
    // `.git/hooks` replaced by a symlink to a folder of the agent's.
    let evil = tmp("git-files-evil");
    std::fs::write(evil.0.join("pre-commit"), "#!/bin/sh\nid\n").unwrap();
    std::fs::rename(d.0.join(".git/hooks"), evil.0.join("old")).unwrap();
    std::os::unix::fs::symlink(&evil.0, d.0.join(".git/hooks")).unwrap();
    assert!(!s.status().unwrap().is_allowed());
    s.restore(false).unwrap();
    assert!(std::fs::symlink_metadata(d.0.join(".git/hooks"))
        .unwrap()
        .is_dir());
    assert!(s.status().unwrap().is_allowed());
}

/// `core.worktree` pointed elsewhere during the session: git would list that folder's
/// untracked files; the session lists the root's (`GIT_WORK_TREE`), so a new file is found.
#[test]
fn a_core_worktree_set_during_the_session_hides_no_file() {
    let d = repo("core-worktree");
    let s = Session::start(&d.0, "w", contract(&d)).unwrap();
    let elsewhere = tmp("core-worktree-elsewhere");
    git(
        &d.0,
        &["config", "core.worktree", elsewhere.0.to_str().unwrap()],
    );
    std::fs::write(d.0.join("sitecustomize.py"), "import os\n").unwrap();
    let st = s.status().unwrap();
    assert!(
        st.report
            .violations
            .iter()
            .any(|v| v.path == "sitecustomize.py"),
        "{:?}",
        st.report.violations
    );
}

#[test]
fn ignored_bytecode_beside_the_sources_is_listed() {
    let d = repo("bytecode");
    std::fs::write(
        d.0.join(".gitignore"),
        "*.log\n__pycache__/\n*.pyc\n.venv/\n",
    )
    .unwrap();
    git(&d.0, &["add", "."]);
    git(&d.0, &["commit", "-qm", "ignore bytecode"]);
    let s = Session::start(&d.0, "s", contract(&d)).unwrap();
    // A virtual environment's bytecode is not the project's code.
    std::fs::create_dir_all(d.0.join(".venv/lib/site-packages")).unwrap();
    std::fs::write(d.0.join(".venv/lib/site-packages/x.pyc"), "x").unwrap();
    std::fs::write(d.0.join(".venv/lib/site-packages/x.pth"), "import x").unwrap();
    assert!(s.status().unwrap().is_allowed());
    // Bytecode for `app.py` (what `import app` may run instead of it), ignored or not.
    std::fs::create_dir_all(d.0.join("__pycache__")).unwrap();
    std::fs::write(d.0.join("__pycache__/app.cpython-312.pyc"), "forged").unwrap();
    std::fs::write(d.0.join("sitecustomize.py"), "import os\n").unwrap();
    let st = s.status().unwrap();
    let paths: Vec<&str> = st
        .report
        .violations
        .iter()
        .map(|v| v.path.as_str())
        .collect();
    assert!(
        paths.contains(&"__pycache__/app.cpython-312.pyc"),
        "{paths:?}"
    );
    assert!(paths.contains(&"sitecustomize.py"), "{paths:?}");
    assert!(!paths.iter().any(|p| p.starts_with(".venv")), "{paths:?}");
}

#[test]
fn a_change_set_judged_again_gets_the_report_of_its_own_bytes() {
    // The judged change sets are kept with their reports: a tree back to a state checked
    // before gets that state's report, and any byte of difference is checked afresh.
    let d = repo("judged");
    let s = Session::start(&d.0, "s", contract(&d)).unwrap();
    let inside = APP.replace("return name", "return name.strip()");
    let outside = APP.replace("return id", "return -id");
    // Same size as `outside`, one byte apart: no size or prefix can stand for the bytes.
    let outside2 = APP.replace("return id", "return +id");
    assert_eq!(outside.len(), outside2.len());
    for _ in 0..2 {
        for (text, allowed) in [
            (&inside, true),
            (&outside, false),
            (&outside2, false),
            (&inside, true),
            (&APP.to_string(), true),
        ] {
            std::fs::write(d.0.join("app.py"), text).unwrap();
            let st = s.status().unwrap();
            assert_eq!(st.is_allowed(), allowed, "{text}");
            // The same verdict as a session that never judged anything.
            let fresh = Session::open(&d.0, "s").unwrap().status().unwrap();
            assert_eq!(format!("{:?}", st.report), format!("{:?}", fresh.report));
            // A granted edit on top of the tree now: allowed where the tree is (its
            // violations are the tree's), checked as its own change set.
            let edit = json!({"file_path": "app.py", "old_string": "return name", "new_string": "return name  # n"});
            let c = s.check_tool_call("Edit", &edit, &d.0).unwrap();
            assert!(c.allowed, "{:?}", c.report.violations);
            assert_eq!(c.report.is_allowed(), allowed);
        }
    }
    assert!(s.judged.lock().unwrap().len() <= JUDGED);
}
