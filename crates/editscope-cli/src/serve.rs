//! `editscope serve`: a per-user, per-project server that keeps parsed files in memory, so
//! that a hook call in a started session parses only what changed.
//!
//! The hook ([`crate::hook`]) is its client. A server answers exactly what the hook would
//! answer in its own process: it runs the same code ([`crate::hook::answer`]) on the same
//! event, arguments, working directory and environment. What it keeps between calls is
//! the library's memo of parsed files ([`editscope::memo`]), keyed by the SHA-256 of each
//! text, so nothing it keeps can stand for bytes that changed.
//!
//! # Which server
//!
//! A server is found by a key: SHA-256 of the binary (path, version, size, modification
//! time), the user id, the working directory (physical) and the environment variables that
//! can change an answer (`GIT_*`, `EDITSCOPE_*` but `EDITSCOPE_SERVE*`, `XDG_*`, `HOME`,
//! `PATH`, `CDPATH`, `TMPDIR`, `CLAUDE_PROJECT_DIR`, `LANG`, `LC_*`). A hook with any of them
//! different talks to another server. The server is started by the hook that finds none
//! (detached, with the hook's working directory and environment); that call is judged in
//! the hook's own process.
//!
//! # Trust
//!
//! The socket lives in a folder only the user can open: `$XDG_RUNTIME_DIR/editscope`, else
//! `<cache>/serve` (`$EDITSCOPE_CACHE_DIR`, `$XDG_CACHE_HOME/editscope`, `~/.cache/editscope`),
//! mode 0700. Before it connects, the client checks that the folder is a folder (not a
//! link), owned by the user, closed to group and others, and that the socket is a socket
//! (not a link) owned by the user; after it connects, that the peer process runs as the
//! user (`SO_PEERCRED`). The server checks the peer of every connection the same way, and
//! answers only requests carrying its own key. Anything else (no server, a refused or
//! broken connection, a timeout, an answer that does not parse as one) makes the hook judge
//! the call itself: never "allow" for it.
//!
//! # Lifetime
//!
//! One server per key holds `<key>.lock`; it exits after `EDITSCOPE_SERVE_IDLE_SECS` (600)
//! without a call, when its working directory is gone or replaced, or when its socket is
//! removed. `EDITSCOPE_SERVE=0` (or `--no-serve`) keeps every hook in its own process.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use clap::Args;
use serde::{Deserialize, Serialize};

use crate::hook::{Agent, HookArgs};
use crate::Failure;

/// The variable that turns the server off (`0`, `off`, `false`, `no`).
pub const SERVE_ENV: &str = "EDITSCOPE_SERVE";
/// Seconds without a call after which a server exits.
const IDLE_ENV: &str = "EDITSCOPE_SERVE_IDLE_SECS";
/// How long a hook waits for the server's answer, in milliseconds.
const TIMEOUT_ENV: &str = "EDITSCOPE_SERVE_TIMEOUT_MS";
/// Most bytes of text the server's memo holds, in MiB.
const MEMO_ENV: &str = "EDITSCOPE_SERVE_MEMO_MB";
/// The protocol's version.
const VERSION: u64 = 1;
/// Largest request: the event plus the arguments.
const MAX_REQUEST: usize = editscope::limits::MAX_EVENT_BYTES + 64 * 1024;
/// Largest answer read.
const MAX_ANSWER: usize = 16 * 1024 * 1024;
/// Most servers one folder holds before hooks stop starting more.
const MAX_SERVERS: usize = 32;

/// `editscope serve` options.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// Stop the server of this directory and environment, if one runs.
    #[arg(long)]
    pub stop: bool,
    /// Print where the socket of this directory and environment is, and whether a server
    /// answers on it.
    #[arg(long)]
    pub status: bool,
}

/// One hook call sent to the server.
#[derive(Serialize, Deserialize)]
struct Request {
    v: u64,
    key: String,
    #[serde(default)]
    stop: bool,
    #[serde(default)]
    ping: bool,
    #[serde(default)]
    agent: String,
    #[serde(default)]
    contract: Option<String>,
    #[serde(default)]
    root: Option<String>,
    #[serde(default)]
    budget_ms: Option<u64>,
    #[serde(default)]
    receipt: Option<String>,
    #[serde(default)]
    event: String,
}

/// The server's answer to a hook call.
#[derive(Serialize, Deserialize)]
struct Response {
    v: u64,
    key: String,
    code: u8,
    stdout: String,
    stderr: String,
}

/// What the server answered, checked.
pub(crate) struct Answer {
    pub code: u8,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
}

/// Whether the environment turns the server off.
fn disabled_by_env() -> bool {
    std::env::var(SERVE_ENV).is_ok_and(|v| {
        matches!(
            v.trim().to_ascii_lowercase().as_str(),
            "0" | "off" | "false" | "no"
        )
    })
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name).ok()?.trim().parse().ok()
}

/// Whether an environment variable can change a hook's answer (part of the key).
fn keyed(name: &str) -> bool {
    if name.starts_with("EDITSCOPE_SERVE") {
        return false;
    }
    ["GIT_", "EDITSCOPE_", "XDG_", "LC_"]
        .iter()
        .any(|p| name.starts_with(p))
        || matches!(
            name,
            "HOME" | "PATH" | "CDPATH" | "TMPDIR" | "CLAUDE_PROJECT_DIR" | "LANG"
        )
}

/// This user's id.
fn uid() -> u32 {
    // SAFETY: getuid has no preconditions and cannot fail.
    unsafe { libc::getuid() }
}

/// The user id of the process at the other end of `s`.
fn peer_uid(s: &std::os::unix::net::UnixStream) -> Option<u32> {
    use std::os::fd::AsRawFd;
    let fd = s.as_raw_fd();
    #[cfg(any(target_os = "linux", target_os = "android"))]
    {
        let mut cred = libc::ucred {
            pid: 0,
            uid: u32::MAX,
            gid: u32::MAX,
        };
        let mut len = std::mem::size_of::<libc::ucred>() as libc::socklen_t;
        // SAFETY: `cred` and `len` are valid for writes of the sizes given.
        let r = unsafe {
            libc::getsockopt(
                fd,
                libc::SOL_SOCKET,
                libc::SO_PEERCRED,
                (&mut cred as *mut libc::ucred).cast(),
                &mut len,
            )
        };
        (r == 0 && len as usize == std::mem::size_of::<libc::ucred>()).then_some(cred.uid)
    }
    #[cfg(not(any(target_os = "linux", target_os = "android")))]
    {
        let (mut u, mut g) = (u32::MAX, u32::MAX);
        // SAFETY: `u` and `g` are valid for writes.
        let r = unsafe { libc::getpeereid(fd, &mut u, &mut g) };
        (r == 0).then_some(u)
    }
}

/// Where this user's servers live, and the socket, lock and key of this one.
struct Place {
    dir: PathBuf,
    socket: PathBuf,
    lock: PathBuf,
    key: String,
    /// The working directory the key was made from (physical).
    cwd: PathBuf,
}

/// The folder of the sockets (not created).
fn folder() -> Option<PathBuf> {
    let var = |n: &str| {
        std::env::var_os(n)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(run) = var("XDG_RUNTIME_DIR").filter(|p| p.is_absolute()) {
        return Some(run.join("editscope"));
    }
    let cache = var("EDITSCOPE_CACHE_DIR")
        .or_else(|| var("XDG_CACHE_HOME").map(|x| x.join("editscope")))
        .or_else(|| var("HOME").map(|h| h.join(".cache").join("editscope")))?;
    Some(cache.join("serve"))
}

impl Place {
    /// The place of the server for this process's binary, user, directory and environment.
    fn here() -> Option<Place> {
        use sha2::{Digest, Sha256};
        use std::os::unix::ffi::OsStrExt;
        use std::os::unix::fs::MetadataExt;
        let exe = std::env::current_exe().ok()?;
        let meta = std::fs::metadata(&exe).ok()?;
        let cwd = std::fs::canonicalize(std::env::current_dir().ok()?).ok()?;
        let mut h = Sha256::new();
        let mut part = |b: &[u8]| {
            h.update((b.len() as u64).to_le_bytes());
            h.update(b);
        };
        part(b"editscope serve 1");
        part(env!("CARGO_PKG_VERSION").as_bytes());
        part(exe.as_os_str().as_bytes());
        part(&meta.size().to_le_bytes());
        part(&meta.mtime().to_le_bytes());
        part(&meta.mtime_nsec().to_le_bytes());
        part(&meta.ino().to_le_bytes());
        part(&uid().to_le_bytes());
        part(cwd.as_os_str().as_bytes());
        let mut vars: Vec<(OsString, OsString)> = std::env::vars_os()
            .filter(|(k, _)| k.to_str().is_some_and(keyed))
            .collect();
        vars.sort();
        for (k, v) in vars {
            part(k.as_bytes());
            part(v.as_bytes());
        }
        let key: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        let dir = folder()?;
        let socket = dir.join(format!("{}.sock", &key[..32]));
        // A socket's path must fit `sun_path` (108 bytes on Linux, 104 elsewhere).
        if socket.as_os_str().len() >= 100 {
            return None;
        }
        Some(Place {
            lock: dir.join(format!("{}.lock", &key[..32])),
            socket,
            dir,
            key,
            cwd,
        })
    }
}

/// Whether `dir` is a folder (not a link) of this user that no one else can open.
fn private_dir(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    std::fs::symlink_metadata(dir)
        .is_ok_and(|m| m.file_type().is_dir() && m.uid() == uid() && m.mode() & 0o077 == 0)
}

/// Whether `p` is a socket (not a link) of this user.
fn own_socket(p: &Path) -> bool {
    use std::os::unix::fs::{FileTypeExt, MetadataExt};
    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_socket() && m.uid() == uid())
}

fn write_frame(w: &mut impl Write, body: &[u8]) -> std::io::Result<()> {
    let len = u32::try_from(body.len()).map_err(|_| std::io::ErrorKind::InvalidInput)?;
    w.write_all(&len.to_be_bytes())?;
    w.write_all(body)?;
    w.flush()
}

fn read_frame(r: &mut impl Read, max: usize) -> std::io::Result<Vec<u8>> {
    let mut len = [0u8; 4];
    r.read_exact(&mut len)?;
    let len = u32::from_be_bytes(len) as usize;
    if len > max {
        return Err(std::io::ErrorKind::InvalidData.into());
    }
    let mut body = vec![0u8; len];
    r.read_exact(&mut body)?;
    Ok(body)
}

/// A path argument as the request carries it (`None` inside: not sendable).
fn path_arg(p: &Option<PathBuf>) -> Option<Option<String>> {
    match p {
        None => Some(None),
        Some(p) => p.to_str().map(|s| Some(s.to_string())),
    }
}

/// Connects to the server of `place`, checking who listens. `Err(true)`: no server (start
/// one); `Err(false)`: one that cannot be trusted or reached (do not start one).
fn connect(place: &Place) -> Result<std::os::unix::net::UnixStream, bool> {
    if !private_dir(&place.dir) {
        // Missing: the server makes it. Anything else is not ours to use.
        return Err(std::fs::symlink_metadata(&place.dir).is_err());
    }
    if std::fs::symlink_metadata(&place.socket).is_err() {
        return Err(true);
    }
    if !own_socket(&place.socket) {
        return Err(false);
    }
    match std::os::unix::net::UnixStream::connect(&place.socket) {
        Ok(s) if peer_uid(&s) == Some(uid()) => Ok(s),
        Ok(_) => Err(false),
        // A socket file with no server behind it (a server killed): start one.
        Err(e) => Err(matches!(
            e.kind(),
            std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::NotFound
        )),
    }
}

/// Starts a server for this process's directory and environment, detached; errors are
/// ignored (the call is judged here anyway).
fn start(place: &Place) {
    use std::os::unix::process::CommandExt;
    let servers = std::fs::read_dir(&place.dir).map_or(0, |d| {
        d.filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "sock"))
            .count()
    });
    if servers >= MAX_SERVERS {
        return;
    }
    let Ok(exe) = std::env::current_exe() else {
        return;
    };
    // Only the `editscope` binary serves: run as the Python console script, the process is
    // the interpreter, which has no `serve` (the hook then stays on the cold path).
    if !exe
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.starts_with("editscope"))
    {
        return;
    }
    let _ = std::process::Command::new(exe)
        .arg("serve")
        .current_dir(&place.cwd)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .process_group(0)
        .spawn();
}

/// Sends `req` to the server of `place` and reads its answer, within `timeout`.
fn exchange(place: &Place, req: &Request, timeout: Duration) -> Result<Response, bool> {
    let mut s = connect(place)?;
    let body = serde_json::to_vec(req).map_err(|_| false)?;
    s.set_write_timeout(Some(timeout)).map_err(|_| false)?;
    s.set_read_timeout(Some(timeout)).map_err(|_| false)?;
    write_frame(&mut s, &body).map_err(|_| false)?;
    let body = read_frame(&mut s, MAX_ANSWER).map_err(|_| false)?;
    let r: Response = serde_json::from_slice(&body).map_err(|_| false)?;
    if r.v != VERSION || r.key != place.key {
        return Err(false);
    }
    Ok(r)
}

/// The server's answer to this hook call, or `None` to judge it here: the server is off,
/// absent (then one is started), untrusted, slow, or its answer does not read as one.
pub(crate) fn ask(args: &HookArgs, event: &str) -> Option<Answer> {
    if args.no_serve || disabled_by_env() {
        return None;
    }
    let place = Place::here()?;
    let req = Request {
        v: VERSION,
        key: place.key.clone(),
        stop: false,
        ping: false,
        agent: match args.agent {
            Agent::ClaudeCode => "claude-code",
            Agent::Codex => "codex",
            _ => return None,
        }
        .into(),
        contract: path_arg(&args.contract)?,
        root: path_arg(&args.root)?,
        budget_ms: args.budget_ms,
        receipt: path_arg(&args.receipt)?,
        event: event.to_string(),
    };
    let timeout = Duration::from_millis(
        env_u64(TIMEOUT_ENV).unwrap_or_else(|| args.budget_ms.unwrap_or(5000) + 1000),
    );
    let r = match exchange(&place, &req, timeout) {
        Ok(r) => r,
        Err(absent) => {
            if absent {
                start(&place);
            }
            return None;
        }
    };
    // Only what this hook itself could answer: exit 0 with nothing or one JSON object
    // line on stdout, or exit 2 with nothing on stdout.
    let stdout_ok = match r.code {
        0 => {
            r.stdout.is_empty()
                || (r.stdout.ends_with('\n')
                    && r.stdout.matches('\n').count() == 1
                    && serde_json::from_str::<serde_json::Value>(&r.stdout)
                        .is_ok_and(|v| v.is_object()))
        }
        2 => r.stdout.is_empty(),
        _ => false,
    };
    stdout_ok.then(|| Answer {
        code: r.code,
        stdout: r.stdout.into_bytes(),
        stderr: r.stderr.into_bytes(),
    })
}

/// The server's state shared by its threads.
struct Shared {
    key: String,
    cwd: PathBuf,
    /// The identity of the working directory at the start (device, inode).
    cwd_id: (u64, u64),
    /// When the last call ended.
    last: std::sync::Mutex<std::time::Instant>,
    /// Held while a call is judged: one at a time.
    busy: std::sync::Mutex<()>,
    socket: PathBuf,
    /// The identity of the socket file bound (device, inode).
    socket_id: (u64, u64),
    /// Hook calls answered.
    calls: std::sync::atomic::AtomicU64,
}

fn file_id(p: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).ok().map(|m| (m.dev(), m.ino()))
}

impl Shared {
    /// Whether the process still runs where its key says: the working directory's path
    /// still names the directory the process is in.
    fn in_place(&self) -> bool {
        let here = file_id(Path::new("."));
        here.is_some() && here == file_id(&self.cwd) && here == Some(self.cwd_id)
    }

    /// Whether the socket file is still the one this server bound.
    fn plugged(&self) -> bool {
        use std::os::unix::fs::MetadataExt;
        std::fs::symlink_metadata(&self.socket).is_ok_and(|m| (m.dev(), m.ino()) == self.socket_id)
    }

    /// Removes the socket file if it is still this server's, and the lock file (a server
    /// that opened the old lock file just before finds its socket taken, and leaves).
    fn unplug(&self) {
        if self.plugged() {
            let _ = std::fs::remove_file(&self.socket);
            let _ = std::fs::remove_file(self.socket.with_extension("lock"));
        }
    }
}

/// `editscope serve`: run the server of this directory and environment until it is idle
/// (the hook starts it; running it by hand is for `--stop` and `--status`).
pub fn run(args: ServeArgs, out: &mut Vec<u8>) -> Result<u8, Failure> {
    let place = Place::here().ok_or_else(|| {
        Failure("no place for the server's socket: set XDG_RUNTIME_DIR or HOME (and keep the path under 100 bytes)".into())
    })?;
    if args.stop || args.status {
        let req = Request {
            v: VERSION,
            key: place.key.clone(),
            stop: args.stop,
            ping: !args.stop,
            agent: String::new(),
            contract: None,
            root: None,
            budget_ms: None,
            receipt: None,
            event: String::new(),
        };
        let answer = exchange(&place, &req, Duration::from_secs(5)).ok();
        let answered = answer.is_some();
        out.extend_from_slice(
            match answer {
                Some(r) if !args.stop => {
                    format!("{} running ({})\n", place.socket.display(), r.stderr)
                }
                Some(_) => format!("{} stopped\n", place.socket.display()),
                None => format!("{} not running\n", place.socket.display()),
            }
            .as_bytes(),
        );
        return Ok(if answered || args.stop { 0 } else { 1 });
    }
    serve(place)
}

fn serve(place: Place) -> Result<u8, Failure> {
    use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
    let fail = |what: &str, e: &dyn std::fmt::Display| Failure(format!("{what}: {e}"));
    if std::fs::symlink_metadata(&place.dir).is_err() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(&place.dir)
            .map_err(|e| fail(&place.dir.display().to_string(), &e))?;
    }
    if !private_dir(&place.dir) {
        return Err(Failure(format!(
            "{} is not a folder of this user closed to everyone else (mode 0700); not serving",
            place.dir.display()
        )));
    }
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&place.lock)
        .map_err(|e| fail(&place.lock.display().to_string(), &e))?;
    let mut lock = fd_lock::RwLock::new(lock);
    let _held = match lock.try_write() {
        Ok(g) => g,
        // Another server of this key runs (or is starting).
        Err(e) if e.kind() == std::io::ErrorKind::WouldBlock => return Ok(0),
        Err(e) => return Err(fail(&place.lock.display().to_string(), &e)),
    };
    // Holding the lock, any socket file left is a dead server's.
    let _ = std::fs::remove_file(&place.socket);
    let listener = std::os::unix::net::UnixListener::bind(&place.socket)
        .map_err(|e| fail(&place.socket.display().to_string(), &e))?;
    let _ = std::fs::set_permissions(&place.socket, std::fs::Permissions::from_mode(0o600));
    let socket_id = std::fs::symlink_metadata(&place.socket)
        .map(|m| (m.dev(), m.ino()))
        .map_err(|e| fail(&place.socket.display().to_string(), &e))?;
    let cwd_id = file_id(&place.cwd).ok_or_else(|| Failure("no working directory".into()))?;
    let memo_mb = env_u64(MEMO_ENV).unwrap_or(64) as usize;
    editscope::memo::enable(memo_mb.saturating_mul(1024 * 1024));
    let idle = Duration::from_secs(env_u64(IDLE_ENV).unwrap_or(600).max(1));
    let shared = std::sync::Arc::new(Shared {
        key: place.key.clone(),
        cwd: place.cwd.clone(),
        cwd_id,
        last: std::sync::Mutex::new(std::time::Instant::now()),
        busy: std::sync::Mutex::new(()),
        socket: place.socket.clone(),
        socket_id,
        calls: std::sync::atomic::AtomicU64::new(0),
    });
    {
        // The watchdog: exits when idle, moved or unplugged (its socket removed or replaced).
        let shared = shared.clone();
        std::thread::spawn(move || loop {
            std::thread::sleep(idle.min(Duration::from_millis(500)));
            let last = *shared.last.lock().unwrap_or_else(|p| p.into_inner());
            let idle_now = last.elapsed() >= idle && shared.busy.try_lock().is_ok();
            if idle_now || !shared.plugged() || !shared.in_place() {
                shared.unplug();
                std::process::exit(0);
            }
        });
    }
    for conn in listener.incoming() {
        let Ok(conn) = conn else {
            // Out of descriptors, say: do not spin.
            std::thread::sleep(Duration::from_millis(50));
            continue;
        };
        let shared = shared.clone();
        let _ = std::thread::Builder::new()
            .name("editscope-serve".into())
            .spawn(move || handle(conn, &shared));
    }
    Ok(0)
}

/// Answers one connection: one request, one answer; anything unexpected closes it unanswered.
fn handle(mut conn: std::os::unix::net::UnixStream, shared: &Shared) {
    if peer_uid(&conn) != Some(uid()) {
        return;
    }
    let _ = conn.set_read_timeout(Some(Duration::from_secs(2)));
    let _ = conn.set_write_timeout(Some(Duration::from_secs(10)));
    let Ok(body) = read_frame(&mut conn, MAX_REQUEST) else {
        return;
    };
    let Ok(req) = serde_json::from_slice::<Request>(&body) else {
        return;
    };
    if req.v != VERSION || req.key != shared.key {
        return;
    }
    let respond =
        |conn: &mut std::os::unix::net::UnixStream, code: u8, out: Vec<u8>, err: Vec<u8>| {
            let (Ok(stdout), Ok(stderr)) = (String::from_utf8(out), String::from_utf8(err)) else {
                return;
            };
            let r = Response {
                v: VERSION,
                key: shared.key.clone(),
                code,
                stdout,
                stderr,
            };
            if let Ok(body) = serde_json::to_vec(&r) {
                let _ = write_frame(conn, &body);
            }
        };
    if req.ping || req.stop {
        let m = editscope::memo::stats();
        let state = format!(
            "pid {}, {} calls, memo: {} files, {} hits, {} misses",
            std::process::id(),
            shared.calls.load(std::sync::atomic::Ordering::Relaxed),
            m.entries,
            m.hits,
            m.misses
        );
        respond(&mut conn, 0, Vec::new(), state.into_bytes());
        if req.stop {
            shared.unplug();
            std::process::exit(0);
        }
        return;
    }
    let agent = match req.agent.as_str() {
        "claude-code" => Agent::ClaudeCode,
        "codex" => Agent::Codex,
        _ => return,
    };
    let args = HookArgs {
        agent,
        contract: req.contract.map(PathBuf::from),
        root: req.root.map(PathBuf::from),
        budget_ms: req.budget_ms,
        receipt: req.receipt.map(PathBuf::from),
        event: None,
        no_serve: true,
    };
    let _busy = shared.busy.lock().unwrap_or_else(|p| p.into_inner());
    // A server whose directory moved would judge from the wrong place: it leaves.
    if !shared.in_place() {
        std::process::exit(0);
    }
    let (mut out, mut err) = (Vec::new(), Vec::new());
    let code = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        crate::hook::answer(&args, Ok(req.event), &mut out, &mut err)
    }));
    *shared.last.lock().unwrap_or_else(|p| p.into_inner()) = std::time::Instant::now();
    if let Ok(code) = code {
        shared
            .calls
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        respond(&mut conn, code, out, err);
    }
}
