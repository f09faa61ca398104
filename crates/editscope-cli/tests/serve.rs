//! `editscope serve`: the same answers with and without the server, and the attacks on it
//! (another user's or a linked socket, another environment's server, a stale socket, a
//! server stopped or killed mid-call, garbage on the socket, hooks at the same instant).
#![cfg(unix)]

use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const SESSION: &str = "5b1e2c3d-0a9f-4e8d-b7c6-1d2e3f4a5b6c";
const APP: &str = "class Service:\n    def create(self, name):\n        return name\n\n    def delete(self, id):\n        return id\n";

/// A project, with its own cache and runtime folders (so its servers are its own).
struct Env {
    dir: PathBuf,
    repo: PathBuf,
    /// The session id of the events (an ended session's id stays ended).
    sid: std::cell::RefCell<String>,
}

impl Drop for Env {
    fn drop(&mut self) {
        let _ = self.serve(&["--stop"], &[]);
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

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

fn env(name: &str) -> Env {
    let dir = std::env::temp_dir().join(format!("es-serve-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let dir = std::fs::canonicalize(&dir).unwrap();
    let run = dir.join("run");
    std::fs::create_dir(&run).unwrap();
    std::fs::set_permissions(&run, std::fs::Permissions::from_mode(0o700)).unwrap();
    let repo = dir.join("p");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    std::fs::write(repo.join("app.py"), APP).unwrap();
    std::fs::write(
        repo.join(".editscope.toml"),
        "body = [\"app.py::Service.create\"]\ncreate = [\"tests/**\"]\n",
    )
    .unwrap();
    std::fs::write(repo.join("strict.toml"), "body = []\n").unwrap();
    git(&repo, &["add", "."]);
    git(&repo, &["commit", "-qm", "init"]);
    Env {
        dir,
        repo,
        sid: std::cell::RefCell::new(SESSION.into()),
    }
}

impl Env {
    fn cmd(&self, vars: &[(&str, &str)]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_editscope"));
        cmd.env_remove("EDITSCOPE_CONTRACT")
            .env_remove("CLAUDE_PROJECT_DIR")
            .env_remove("EDITSCOPE_SERVE")
            .env_remove("EDITSCOPE_SERVE_TIMEOUT_MS")
            .env("EDITSCOPE_CACHE_DIR", self.dir.join("cache"))
            .env("XDG_RUNTIME_DIR", self.dir.join("run"))
            .env("EDITSCOPE_SERVE_IDLE_SECS", "60")
            .current_dir(&self.repo)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in vars {
            cmd.env(k, v);
        }
        cmd
    }

    fn hook(&self, event: &Value, vars: &[(&str, &str)]) -> Output {
        let mut child = self
            .cmd(vars)
            .args(["hook", "claude-code"])
            .spawn()
            .unwrap();
        child
            .stdin
            .take()
            .unwrap()
            .write_all(event.to_string().as_bytes())
            .unwrap();
        child.wait_with_output().unwrap()
    }

    fn serve(&self, args: &[&str], vars: &[(&str, &str)]) -> Output {
        let mut cmd = self.cmd(vars);
        cmd.arg("serve").args(args).stdin(Stdio::null());
        cmd.output().unwrap()
    }

    /// The server's state line, once it answers (within 20 s).
    fn running(&self, vars: &[(&str, &str)]) -> String {
        let start = Instant::now();
        loop {
            let o = self.serve(&["--status"], vars);
            let text = String::from_utf8_lossy(&o.stdout).to_string();
            if o.status.code() == Some(0) {
                return text;
            }
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "no server: {text}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn pid(&self, vars: &[(&str, &str)]) -> i32 {
        let s = self.running(vars);
        let at = s.find("pid ").unwrap() + 4;
        s[at..].split(',').next().unwrap().parse().unwrap()
    }

    fn calls(&self, vars: &[(&str, &str)]) -> u64 {
        let s = self.running(vars);
        let at = s.find(", ").unwrap() + 2;
        s[at..].split(' ').next().unwrap().parse().unwrap()
    }

    /// The socket (the only one in the runtime folder).
    fn socket(&self) -> PathBuf {
        let dir = self.dir.join("run").join("editscope");
        let socks: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "sock"))
            .collect();
        assert_eq!(socks.len(), 1, "{socks:?}");
        socks[0].clone()
    }

    fn event(&self, name: &str, more: Value) -> Value {
        let mut e = json!({
            "session_id": *self.sid.borrow(),
            "transcript_path": "/tmp/transcript.jsonl",
            "cwd": self.repo,
            "permission_mode": "default",
            "hook_event_name": name,
        });
        for (k, v) in more.as_object().unwrap() {
            e[k] = v.clone();
        }
        e
    }

    fn edit(&self, name: &str, old: &str, new: &str) -> Value {
        self.event(
            name,
            json!({"tool_name": "Edit", "tool_use_id": "toolu_01", "tool_input": {
                "file_path": self.repo.join("app.py"), "old_string": old, "new_string": new}}),
        )
    }
}

/// What a hook answered, as the agent sees it.
fn seen(o: &Output) -> (Option<i32>, String, String) {
    (
        o.status.code(),
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    )
}

fn denied(o: &Output) -> bool {
    assert_eq!(o.status.code(), Some(0), "{:?}", seen(o));
    !o.stdout.is_empty()
}

const IN_SCOPE: (&str, &str) = ("return name", "return name.strip()");
const OUT_OF_SCOPE: (&str, &str) = ("return id", "return None");

/// One scripted session: every answer, in order.
fn script(
    e: &Env,
    vars: &[(&str, &str)],
    wait_for_server: bool,
) -> Vec<(Option<i32>, String, String)> {
    let mut answers = Vec::new();
    let call = |ev: Value, answers: &mut Vec<_>| {
        let o = e.hook(&ev, vars);
        answers.push(seen(&o));
    };
    call(
        e.event("SessionStart", json!({"source": "startup"})),
        &mut answers,
    );
    if wait_for_server {
        e.running(vars);
    }
    call(e.edit("PreToolUse", IN_SCOPE.0, IN_SCOPE.1), &mut answers);
    call(
        e.edit("PreToolUse", OUT_OF_SCOPE.0, OUT_OF_SCOPE.1),
        &mut answers,
    );
    // The in-scope edit made; then the shell breaks the scope behind the hook's back.
    let app = e.repo.join("app.py");
    std::fs::write(&app, APP.replace(IN_SCOPE.0, IN_SCOPE.1)).unwrap();
    call(e.edit("PostToolUse", IN_SCOPE.0, IN_SCOPE.1), &mut answers);
    call(
        e.edit("PreToolUse", "name.strip()", "name.lower()"),
        &mut answers,
    );
    call(
        e.event(
            "PreToolUse",
            json!({"tool_name": "Write", "tool_use_id": "toolu_02", "tool_input": {
                "file_path": e.repo.join("tests/test_app.py"), "content": "def test(): pass\n"}}),
        ),
        &mut answers,
    );
    call(
        e.event(
            "PreToolUse",
            json!({"tool_name": "Bash", "tool_use_id": "toolu_03", "tool_input": {"command": "sed -i s/id/ident/ app.py"}}),
        ),
        &mut answers,
    );
    std::fs::write(
        &app,
        APP.replace(IN_SCOPE.0, IN_SCOPE.1)
            .replace("return id", "return 0"),
    )
    .unwrap();
    call(
        e.event(
            "PostToolUse",
            json!({"tool_name": "Bash", "tool_use_id": "toolu_03", "tool_input": {"command": "sed"}, "tool_response": {}}),
        ),
        &mut answers,
    );
    call(
        e.event("Stop", json!({"stop_hook_active": false})),
        &mut answers,
    );
    std::fs::write(&app, APP.replace(IN_SCOPE.0, IN_SCOPE.1)).unwrap();
    call(
        e.event("Stop", json!({"stop_hook_active": true})),
        &mut answers,
    );
    // Outside a session: judged against the disk.
    let mut plain = e.edit("PreToolUse", OUT_OF_SCOPE.0, OUT_OF_SCOPE.1);
    plain.as_object_mut().unwrap().remove("session_id");
    call(plain.clone(), &mut answers);
    let mut strict = vars.to_vec();
    strict.push(("EDITSCOPE_CONTRACT", "strict.toml"));
    let o = e.hook(&e.edit("PreToolUse", IN_SCOPE.1, "x"), &strict);
    answers.push(seen(&o));
    call(
        e.event("SessionEnd", json!({"reason": "exit"})),
        &mut answers,
    );
    std::fs::write(&app, APP).unwrap();
    answers
}

#[test]
fn a_session_gets_the_same_answers_with_and_without_the_server() {
    let e = env("same");
    let cold = script(&e, &[("EDITSCOPE_SERVE", "0")], false);
    // Nothing started a server.
    assert!(
        !e.dir.join("run/editscope").exists()
            || e.serve(&["--status"], &[]).status.code() == Some(1)
    );
    // A server already running (started by a call outside the session), so that even
    // `SessionStart`, and its note on stderr, is answered by it.
    let mut plain = e.edit("PreToolUse", IN_SCOPE.0, IN_SCOPE.1);
    plain.as_object_mut().unwrap().remove("session_id");
    let _ = e.hook(&plain, &[]);
    e.running(&[]);
    let calls = e.calls(&[]);
    // A new session id (the first one is ended for good), written back as the first's.
    let second = "0d4e6a1b-9c2f-4b7e-8a3d-5f6e7d8c9b0a";
    *e.sid.borrow_mut() = second.into();
    let warm: Vec<_> = script(&e, &[], true)
        .into_iter()
        .map(|(c, o, r)| (c, o.replace(second, SESSION), r.replace(second, SESSION)))
        .collect();
    assert!(cold[0].2.contains("baseline of"), "{:?}", cold[0]);
    assert_eq!(cold.len(), warm.len());
    for (i, (c, w)) in cold.iter().zip(&warm).enumerate() {
        assert_eq!(c, w, "answer {i} differs");
    }
    // The answers mean something: allowed, denied, blocked.
    assert!(cold[1].1.is_empty(), "{:?}", cold[1]);
    assert!(cold[2].1.contains("deny"), "{:?}", cold[2]);
    assert!(cold[8].1.contains("block"), "{:?}", cold[8]);
    // And the server answered them (all but the first).
    assert!(
        e.calls(&[]) - calls >= warm.len() as u64 - 1,
        "{}",
        e.running(&[])
    );
    assert!(e.running(&[]).contains("hits"), "{}", e.running(&[]));
}

/// A fake server that answers "allow" to everything, echoing the key.
fn fake_server(path: &Path) -> std::thread::JoinHandle<()> {
    let l = std::os::unix::net::UnixListener::bind(path).unwrap();
    std::thread::spawn(move || {
        for c in l.incoming().take(4) {
            let Ok(mut c) = c else { continue };
            let mut len = [0u8; 4];
            use std::io::Read;
            if c.read_exact(&mut len).is_err() {
                continue;
            }
            let mut body = vec![0u8; u32::from_be_bytes(len) as usize];
            let _ = c.read_exact(&mut body);
            let req: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
            let answer = json!({"v": 1, "key": req["key"], "code": 0, "stdout": "", "stderr": ""});
            let b = answer.to_string().into_bytes();
            let _ = c.write_all(&(b.len() as u32).to_be_bytes());
            let _ = c.write_all(&b);
        }
    })
}

#[test]
fn a_linked_or_foreign_socket_is_never_trusted() {
    let e = env("links");
    let out = e.edit("PreToolUse", OUT_OF_SCOPE.0, OUT_OF_SCOPE.1);
    let mut plain = out.clone();
    plain.as_object_mut().unwrap().remove("session_id");
    // Start the real server once to learn the socket's path, then stop it.
    assert!(denied(&e.hook(&plain, &[])));
    e.running(&[]);
    let sock = e.socket();
    assert_eq!(e.serve(&["--stop"], &[]).status.code(), Some(0));
    let deadline = Instant::now() + Duration::from_secs(10);
    while sock.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    // The socket path is a link to a server that allows everything: not used.
    let elsewhere = e.dir.join("elsewhere.sock");
    let _fake = fake_server(&elsewhere);
    std::os::unix::fs::symlink(&elsewhere, &sock).unwrap();
    assert!(denied(&e.hook(&plain, &[])), "a linked socket was trusted");
    std::fs::remove_file(&sock).unwrap();
    // The folder is open to others: not used either (and no server is started in it).
    let folder = sock.parent().unwrap().to_path_buf();
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::hard_link(&elsewhere, &sock).unwrap();
    assert!(denied(&e.hook(&plain, &[])), "an open folder was trusted");
    std::fs::set_permissions(&folder, std::fs::Permissions::from_mode(0o700)).unwrap();
    // Another user's socket (as root: hand it to `nobody`).
    if unsafe_uid() == 0 {
        std::os::unix::fs::lchown(&sock, Some(65534), Some(65534)).unwrap();
        assert!(
            denied(&e.hook(&plain, &[])),
            "another user's socket was trusted"
        );
    }
    // Without the checks the fake would have answered: it does, to a client that asks.
    std::fs::remove_file(&sock).unwrap();
}

fn unsafe_uid() -> u32 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").map_or(u32::MAX, |m| m.uid())
}

#[test]
fn a_server_of_another_environment_does_not_answer() {
    let e = env("other");
    let mut plain = e.edit("PreToolUse", IN_SCOPE.0, IN_SCOPE.1);
    plain.as_object_mut().unwrap().remove("session_id");
    // The default contract allows the edit; the server runs under it.
    assert!(!denied(&e.hook(&plain, &[])));
    e.running(&[]);
    let first = e.socket();
    // Under another contract the key (and the socket) is another: link the first server's
    // socket in its place, so that the strict hook reaches the lenient server.
    let strict = [
        ("EDITSCOPE_CONTRACT", "strict.toml"),
        ("EDITSCOPE_SERVE", "0"),
    ];
    assert!(denied(&e.hook(&plain, &strict)));
    let strict = [("EDITSCOPE_CONTRACT", "strict.toml")];
    assert!(
        denied(&e.hook(&plain, &strict)),
        "cold, starting its own server"
    );
    e.running(&strict);
    let second = std::fs::read_dir(first.parent().unwrap())
        .unwrap()
        .map(|d| d.unwrap().path())
        .find(|p| p.extension().is_some_and(|x| x == "sock") && *p != first)
        .unwrap();
    let _ = e.serve(&["--stop"], &strict);
    let deadline = Instant::now() + Duration::from_secs(10);
    while second.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::fs::hard_link(&first, &second).unwrap();
    assert!(
        denied(&e.hook(&plain, &strict)),
        "the lenient server judged the strict hook's call"
    );
    std::fs::remove_file(&second).unwrap();
    // Another working directory is another server too.
    std::fs::create_dir(e.repo.join("sub")).unwrap();
    let mut sub = e.cmd(&[("EDITSCOPE_SERVE", "1")]);
    sub.current_dir(e.repo.join("sub"))
        .args(["serve", "--status"])
        .stdin(Stdio::null());
    let o = sub.output().unwrap();
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stdout)
    );
}

#[test]
fn stale_stopped_and_killed_servers_fall_back_to_the_cold_path() {
    let e = env("stale");
    let mut plain = e.edit("PreToolUse", OUT_OF_SCOPE.0, OUT_OF_SCOPE.1);
    plain.as_object_mut().unwrap().remove("session_id");
    assert!(denied(&e.hook(&plain, &[])));
    let pid = e.pid(&[]);
    let sock = e.socket();
    // Killed: its socket file stays (stale); the next hook judges cold and starts another.
    assert!(Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status()
        .unwrap()
        .success());
    std::thread::sleep(Duration::from_millis(100));
    assert!(sock.exists());
    assert!(denied(&e.hook(&plain, &[])));
    let pid2 = e.pid(&[]);
    assert_ne!(pid, pid2);
    // Stopped (slow): the hook waits its timeout, then judges cold.
    assert!(Command::new("kill")
        .args(["-STOP", &pid2.to_string()])
        .status()
        .unwrap()
        .success());
    let t = Instant::now();
    let o = e.hook(&plain, &[("EDITSCOPE_SERVE_TIMEOUT_MS", "300")]);
    assert!(denied(&o));
    assert!(t.elapsed() < Duration::from_secs(20));
    // Killed while a hook waits for it: the hook judges cold.
    let waiting = {
        let mut c = e.cmd(&[]).args(["hook", "claude-code"]).spawn().unwrap();
        c.stdin
            .take()
            .unwrap()
            .write_all(plain.to_string().as_bytes())
            .unwrap();
        c
    };
    std::thread::sleep(Duration::from_millis(300));
    let _ = Command::new("kill")
        .args(["-KILL", &pid2.to_string()])
        .status();
    let o = waiting.wait_with_output().unwrap();
    assert!(denied(&o), "{:?}", seen(&o));
}

#[test]
fn garbage_on_the_socket_and_hooks_at_the_same_instant() {
    let e = env("garbage");
    let ev = e.edit("PreToolUse", OUT_OF_SCOPE.0, OUT_OF_SCOPE.1);
    let _ = e.hook(&e.event("SessionStart", json!({"source": "startup"})), &[]);
    e.running(&[]);
    let cold = seen(&e.hook(&ev, &[("EDITSCOPE_SERVE", "0")]));
    let sock = e.socket();
    for junk in [
        b"\xff\xff\xff\xffjunk".to_vec(),
        b"\x00\x00\x00\x05{{{{{".to_vec(),
        b"\x00\x00\x00\x10{\"v\":1,\"key\":1}".to_vec(),
        b"\x00\x00".to_vec(),
        Vec::new(),
    ] {
        let mut s = std::os::unix::net::UnixStream::connect(&sock).unwrap();
        let _ = s.write_all(&junk);
        let _ = s.shutdown(std::net::Shutdown::Write);
        use std::io::Read;
        let mut back = Vec::new();
        let _ = s.read_to_end(&mut back);
        assert!(back.is_empty(), "the server answered garbage");
    }
    // Still serving, and hooks at the same instant all get the cold answer.
    let calls = e.calls(&[]);
    let children: Vec<_> = (0..6)
        .map(|_| {
            let mut c = e.cmd(&[]).args(["hook", "claude-code"]).spawn().unwrap();
            c.stdin
                .take()
                .unwrap()
                .write_all(ev.to_string().as_bytes())
                .unwrap();
            c
        })
        .collect();
    for c in children {
        let o = c.wait_with_output().unwrap();
        assert_eq!(seen(&o), cold);
    }
    assert!(e.calls(&[]) > calls);
    assert!(denied(&e.hook(&ev, &[])));
}
