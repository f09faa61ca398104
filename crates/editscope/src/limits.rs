//! The limits on every input editscope reads, defined once.
//!
//! A patch, a file, a hook event or a tree of files is refused past the same limit wherever
//! it comes from: a file, standard input, git, two directories, the Python bindings or an
//! agent hook. Every reader uses these constants; none has its own.

/// The largest patch text (any format), in bytes: 64 MiB. Over it, a patch is refused with
/// [`PatchErrorKind::TooLarge`](crate::patch::PatchErrorKind::TooLarge), from a file, from
/// standard input or from Python alike.
pub const MAX_PATCH_BYTES: usize = 64 * 1024 * 1024;

/// The largest file read or parsed, in bytes: 8 MiB (a file in a repository, a git blob, a
/// contract, a source given to `symbols`/`diff`). [`Limits::max_bytes`](crate::Limits)
/// defaults to it.
pub const MAX_FILE_BYTES: usize = 8 * 1024 * 1024;

/// The largest agent hook event (one JSON document on standard input), in bytes: 64 MiB, as
/// a patch (an event carries one).
pub const MAX_EVENT_BYTES: usize = MAX_PATCH_BYTES;

/// The most files one change set may hold (files a patch names, files that differ between
/// two trees or in git): 100,000.
pub const MAX_FILES: usize = 100_000;

/// The deepest nesting read: directories below a tree's top, components of a path, levels of
/// a JSON tool input: 200.
pub const MAX_DEPTH: usize = 200;

/// The most bytes of files one session baseline holds (issue 11): 512 MiB. A work tree
/// over it cannot be recorded, and the session refuses to start (a hook then blocks).
pub const MAX_SESSION_BYTES: usize = 512 * 1024 * 1024;

/// The most symlinks followed when resolving a symlink's target: 40, as Linux.
pub const MAX_LINK_HOPS: usize = 40;

/// Reads at most `limit` bytes from `reader`: more is an error (never an unbounded read, so a
/// device such as `/dev/zero`, a pipe or a file that grows while read cannot exhaust
/// memory). The error names `what` and the limit.
pub fn read_bounded(
    reader: impl std::io::Read,
    limit: usize,
    what: &str,
) -> Result<Vec<u8>, String> {
    use std::io::Read as _;
    let mut bytes = Vec::new();
    reader
        .take(limit as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("{what}: {e}"))?;
    if bytes.len() > limit {
        return Err(format!("{what}: over the limit of {limit} bytes"));
    }
    Ok(bytes)
}

/// Opens and reads the file at `path` with [`read_bounded`] (it may be a pipe or a device:
/// the limit holds whatever its metadata says).
pub fn read_file_bounded(path: &std::path::Path, limit: usize) -> Result<Vec<u8>, String> {
    let what = path.display().to_string();
    let file = std::fs::File::open(path).map_err(|e| format!("{what}: {e}"))?;
    if file.metadata().is_ok_and(|m| m.is_dir()) {
        return Err(format!("{what}: not a regular file (a directory)"));
    }
    read_bounded(file, limit, &what)
}
