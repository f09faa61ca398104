//! What the CLI's integration tests share: running the real binary and scratch directories.
//! Each test file is its own crate, and uses only part of this, hence `dead_code`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Runs the `editscope` binary in `cwd` with `args`, feeding it `stdin` (or nothing) from
/// a thread, so that a large input cannot block on a full pipe. `EDITSCOPE_CONTRACT` is
/// removed and `NO_COLOR` set, so the environment of the test run cannot change a result.
pub fn editscope_in(cwd: &Path, args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_editscope"))
        .args(args)
        .current_dir(cwd)
        .env_remove("EDITSCOPE_CONTRACT")
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the editscope binary runs");
    let input = stdin.map(<[u8]>::to_vec);
    let mut pipe = child.stdin.take().expect("stdin is piped");
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        if let Some(input) = input {
            // The binary may exit before reading all of it (an error up front): not a failure.
            let _ = pipe.write_all(&input);
        }
    });
    let out = child
        .wait_with_output()
        .expect("the editscope binary exits");
    writer.join().expect("the stdin writer does not panic");
    out
}

/// Output bytes as text (lossy: a test shows whatever came out).
pub fn text(o: &[u8]) -> String {
    String::from_utf8_lossy(o).into_owned()
}

/// A scratch directory under the system's temporary directory, removed on drop. Its path is
/// canonical (no symlink in it), so paths the binary prints can be compared with it.
pub struct Scratch(pub PathBuf);

impl Scratch {
    /// A new, empty directory named after the test file (`suite`), the test (`name`) and
    /// this process.
    pub fn new(suite: &str, name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("editscope-{suite}-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir.canonicalize().unwrap())
    }

    /// Writes `content` to `rel`, creating its directories.
    pub fn write(&self, rel: &str, content: &str) {
        let p = self.0.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
    }

    /// Runs git here with a fixed identity and no signing; panics when git fails.
    pub fn git(&self, args: &[&str]) {
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
            .current_dir(&self.0)
            .output()
            .expect("git is installed");
        assert!(o.status.success(), "git {args:?}: {}", text(&o.stderr));
    }

    /// The directory as a `&str`.
    pub fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
