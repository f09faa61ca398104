//! Where a tool's `path` lands, and how a file is written: the two edges where the server
//! touches the file system.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use editscope::paths::{self, PathError};

/// The root-relative path (`/` separators) of `path` as a tool names it: relative to the
/// root, or absolute inside it. It is resolved as the OS will open it
/// ([`editscope::paths::locate`]): `..`, a symlink anywhere on the way (inside the root, or
/// leading out of it), a path that resolves differently through symlinks than lexically, and
/// anything outside the root are refused.
pub fn place(root: &Path, path: &str) -> Result<String, PathError> {
    paths::relative_to_root(root, path)
}

/// Reads the file at `rel` under `root` as UTF-8 text, at most `limit` bytes. `Ok(None)`:
/// there is no such file.
pub fn read_text(root: &Path, rel: &str, limit: usize) -> Result<Option<String>, String> {
    let at = root.join(rel);
    match std::fs::symlink_metadata(&at) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{rel}: {e}")),
        Ok(m) if m.file_type().is_symlink() => {
            return Err(format!(
                "`{rel}` is a symlink; editscope does not follow symlinks"
            ))
        }
        Ok(m) if !m.is_file() => return Err(format!("`{rel}` is not a regular file")),
        Ok(_) => {}
    }
    let bytes = editscope::limits::read_file_bounded(&at, limit)?;
    String::from_utf8(bytes).map(Some).map_err(|e| {
        format!(
            "`{rel}` is not UTF-8 text (first bad byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The bytes at `rel` under `root` now, as they lie (`None`: nothing there), to tell
/// whether a file changed between a check and the write.
pub fn snapshot(root: &Path, rel: &str) -> Result<Option<Vec<u8>>, String> {
    let at = root.join(rel);
    match std::fs::symlink_metadata(&at) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("{rel}: {e}")),
        Ok(m) if m.file_type().is_symlink() => std::fs::read_link(&at)
            .map(|t| Some(format!("symlink:{}", t.display()).into_bytes()))
            .map_err(|e| format!("{rel}: {e}")),
        Ok(m) if !m.is_file() => Err(format!("`{rel}` is not a regular file")),
        Ok(_) => {
            editscope::limits::read_file_bounded(&at, editscope::limits::MAX_FILE_BYTES).map(Some)
        }
    }
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

/// A temporary name in the same directory as `target` (so the rename stays on one file
/// system).
fn temp_name(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    target.with_file_name(format!(".{name}.editscope-{}-{n}.tmp", std::process::id()))
}

/// Writes `content` to `target` atomically: a temporary file in the same directory, written
/// and synced, given the permissions of the file it replaces (if any), then renamed over
/// `target`. A reader sees the old content or the new one, never a part. Missing parent
/// directories are created. The rename replaces `target` itself: were it a symlink by now,
/// the link would be replaced, not its target written.
pub fn write_atomic(target: &Path, content: &[u8]) -> Result<(), String> {
    let what = |e: std::io::Error| format!("{}: {e}", target.display());
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent).map_err(what)?;
    }
    let permissions = match std::fs::symlink_metadata(target) {
        Ok(m) if m.is_file() => Some(m.permissions()),
        _ => None,
    };
    let tmp = temp_name(target);
    let result = (|| -> std::io::Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(content)?;
        if let Some(p) = permissions {
            f.set_permissions(p)?;
        }
        f.sync_all()?;
        drop(f);
        std::fs::rename(&tmp, target)
    })();
    if let Err(e) = result {
        let _ = std::fs::remove_file(&tmp);
        return Err(what(e));
    }
    Ok(())
}

/// Removes the file at `target` (a deletion the patch makes).
pub fn remove(target: &Path) -> Result<(), String> {
    std::fs::remove_file(target).map_err(|e| format!("{}: {e}", target.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tmp() -> PathBuf {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let d = std::env::temp_dir().join(format!(
            "editscope-mcp-fsio-{}-{n}-{:?}",
            std::process::id(),
            std::thread::current().id()
        ));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        std::fs::canonicalize(d).unwrap()
    }

    #[test]
    fn relative_and_absolute_paths_inside_the_root_are_placed() {
        let root = tmp();
        std::fs::create_dir_all(root.join("src")).unwrap();
        assert_eq!(place(&root, "src/a.py").unwrap(), "src/a.py");
        assert_eq!(place(&root, "./src//a.py").unwrap(), "src/a.py");
        let abs = root.join("src/a.py");
        assert_eq!(place(&root, abs.to_str().unwrap()).unwrap(), "src/a.py");
        // A file not there yet, in a folder not there yet: where it would be created.
        assert_eq!(place(&root, "new/dir/b.py").unwrap(), "new/dir/b.py");
    }

    #[test]
    fn paths_outside_the_root_are_refused() {
        let root = tmp();
        let outside = tmp();
        for p in [
            "../x.py".to_string(),
            "src/../../x.py".to_string(),
            outside.join("x.py").display().to_string(),
            "/etc/passwd".to_string(),
        ] {
            assert!(place(&root, &p).is_err(), "{p} was placed");
        }
        for p in ["", "a\\b.py", "a\0b"] {
            assert!(place(&root, p).is_err(), "{p:?} was placed");
        }
        // The root itself names no file.
        assert!(place(&root, root.to_str().unwrap()).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_are_resolved_as_the_os_writes() {
        use std::os::unix::fs::symlink;
        let root = tmp();
        let outside = tmp();
        std::fs::create_dir_all(root.join("src")).unwrap();
        std::fs::write(root.join("src/a.py"), "x = 1\n").unwrap();
        // A symlink to a file outside the root.
        symlink(outside.join("t.py"), root.join("out.py")).unwrap();
        assert!(place(&root, "out.py").is_err());
        // A path through a symlinked directory leading out.
        symlink(&outside, root.join("linkdir")).unwrap();
        assert!(place(&root, "linkdir/t.py").is_err());
        // A symlinked directory inside the root: the write would land elsewhere than named.
        symlink(root.join("src"), root.join("alias")).unwrap();
        assert!(place(&root, "alias/a.py").is_err());
        // A symlink to a file inside the root.
        symlink(root.join("src/a.py"), root.join("a-link.py")).unwrap();
        assert!(place(&root, "a-link.py").is_err());
        // `..` after a symlink: the kernel and a normalising tool disagree.
        std::fs::create_dir_all(outside.join("deep")).unwrap();
        symlink(outside.join("deep"), root.join("src/d")).unwrap();
        assert!(place(&root, "src/d/../a.py").is_err());
        // An absolute path outside the root that a symlink leads into it: where it lands.
        let door = tmp();
        symlink(&root, door.join("door")).unwrap();
        let via = door.join("door/src/a.py");
        assert_eq!(place(&root, via.to_str().unwrap()).unwrap(), "src/a.py");
        // Reading refuses a symlink at the last step too.
        assert!(read_text(&root, "a-link.py", 1 << 20).is_err());
    }

    #[test]
    fn read_text_reads_utf8_and_refuses_the_rest() {
        let root = tmp();
        std::fs::write(root.join("a.py"), "x = 1\n").unwrap();
        std::fs::write(root.join("b.bin"), [0xff, 0xfe, 0]).unwrap();
        std::fs::create_dir_all(root.join("d")).unwrap();
        assert_eq!(
            read_text(&root, "a.py", 100).unwrap().as_deref(),
            Some("x = 1\n")
        );
        assert_eq!(read_text(&root, "none.py", 100).unwrap(), None);
        assert!(read_text(&root, "b.bin", 100)
            .unwrap_err()
            .contains("UTF-8"));
        assert!(read_text(&root, "d", 100).is_err());
        assert!(read_text(&root, "a.py", 3).is_err(), "over the limit");
    }

    #[test]
    fn write_atomic_replaces_the_file_whole_and_leaves_no_temporary() {
        let root = tmp();
        let f = root.join("a.py");
        std::fs::write(&f, "old\n").unwrap();
        write_atomic(&f, b"new\n").unwrap();
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "new\n");
        write_atomic(&root.join("x/y/z.py"), b"deep\n").unwrap();
        assert_eq!(
            std::fs::read_to_string(root.join("x/y/z.py")).unwrap(),
            "deep\n"
        );
        let names: Vec<String> = std::fs::read_dir(&root)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(names.iter().all(|n| !n.ends_with(".tmp")), "{names:?}");
    }

    #[cfg(unix)]
    #[test]
    fn write_atomic_keeps_the_permissions_and_replaces_by_rename() {
        use std::os::unix::fs::{MetadataExt as _, PermissionsExt as _};
        let root = tmp();
        let f = root.join("run.sh");
        std::fs::write(&f, "echo old\n").unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o750)).unwrap();
        let inode = std::fs::metadata(&f).unwrap().ino();
        // A reader holding the old file keeps reading the old content: a rename, not an
        // overwrite in place.
        let held = std::fs::File::open(&f).unwrap();
        write_atomic(&f, b"echo new\n").unwrap();
        let meta = std::fs::metadata(&f).unwrap();
        assert_eq!(meta.permissions().mode() & 0o777, 0o750);
        assert_ne!(meta.ino(), inode, "the file was written in place");
        let mut old = String::new();
        std::io::Read::read_to_string(&mut &held, &mut old).unwrap();
        assert_eq!(old, "echo old\n");
        assert_eq!(std::fs::read_to_string(&f).unwrap(), "echo new\n");
    }

    #[cfg(unix)]
    #[test]
    fn write_atomic_fails_cleanly_where_it_cannot_write() {
        let root = tmp();
        // The parent "directory" is a file: nothing can be created under it.
        std::fs::write(root.join("file"), "x").unwrap();
        assert!(write_atomic(&root.join("file/a.py"), b"x").is_err());
        assert_eq!(std::fs::read_to_string(root.join("file")).unwrap(), "x");
    }

    #[test]
    fn snapshot_tells_a_change() {
        let root = tmp();
        assert_eq!(snapshot(&root, "a.py").unwrap(), None);
        std::fs::write(root.join("a.py"), "1").unwrap();
        assert_eq!(snapshot(&root, "a.py").unwrap(), Some(b"1".to_vec()));
    }
}
