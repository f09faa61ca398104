//! Change sets from git: the index, the working tree or a commit range, read so that no git
//! state an agent can write (replace refs, the stat cache, filters, ignore rules) hides a change.

use super::*;
use std::collections::BTreeSet;

impl ChangeSet {
    /// The changes git sees in the repository that contains `repo`: the index against `HEAD`
    /// (`Git::Staged`), the working tree against `HEAD` (`Git::WorkingTree`), or a commit
    /// range (`Git::Range`).
    ///
    /// `repo` may be any directory of the working tree (its top level, a subdirectory, a
    /// path through `..` or a symlink): the change is always the whole repository's, with
    /// paths relative to its top level ([`git_toplevel`]), so the verdict does not depend on
    /// where it is asked from. Nothing is set aside: a new contract file is part of the change
    /// (a caller that uses an uncommitted contract as the task's setup sets that one file
    /// aside itself, [`ChangeSet::set_aside_new_contract`]).
    pub fn from_git(repo: &Path, what: &GitSource) -> Result<ChangeSet, Error> {
        Self::from_git_inner(repo, what).map_err(|message| Error::Git { message })
    }

    fn from_git_inner(repo: &Path, what: &GitSource) -> Result<ChangeSet, String> {
        let top = toplevel(repo)?;
        let overrides = filter_overrides(&top);
        let mut args: Vec<String> = overrides.clone();
        args.extend::<Vec<String>>(vec![
            "-c".into(),
            "core.quotepath=off".into(),
            "-c".into(),
            "core.trustctime=true".into(),
            "-c".into(),
            "core.checkStat=default".into(),
            "diff".into(),
            "--no-ext-diff".into(),
            "--raw".into(),
            "-z".into(),
            "--no-renames".into(),
            "--no-abbrev".into(),
            "--no-relative".into(),
            "--ignore-submodules=none".into(),
        ]);
        let (_before_rev, after_rev): (String, Option<String>) = match what {
            GitSource::Staged => {
                args.push("--cached".into());
                ("HEAD".into(), Some(String::new()))
            }
            GitSource::WorkingTree => {
                args.push("HEAD".into());
                ("HEAD".into(), None)
            }
            GitSource::Range(_) => {
                let (a, b) = what.range_revs()?;
                verify_revision(&top, &a)?;
                verify_revision(&top, &b)?;
                args.push(a.clone());
                args.push(b.clone());
                (a, Some(b))
            }
        };
        args.push("--".into());
        // The working tree is compared against a fresh index read from HEAD, never the
        // repository's: its stat cache, skip-worktree and assume-unchanged bits are the
        // agent's to write (a refreshed stat entry under a clean filter hides an edit), so
        // every file's content is compared.
        let fresh = match what {
            GitSource::WorkingTree => Some(FreshIndex::from_head(&top)?),
            _ => None,
        };
        let index = fresh.as_ref().map(|f| f.0.as_path());
        let out = git_idx(&top, &args, index)?;
        let mut files: BTreeMap<String, FileChange> = BTreeMap::new();
        let mut fields = out.split(|b| *b == 0).filter(|f| !f.is_empty());
        let mut records: Vec<(String, String)> = Vec::new();
        while let Some(meta) = fields.next() {
            let meta = String::from_utf8_lossy(meta).into_owned();
            let path = fields
                .next()
                .ok_or("unexpected end of `git diff --raw` output")?;
            let path = String::from_utf8(path.to_vec())
                .map_err(|_| "a changed path is not UTF-8".to_string())?;
            records.push((meta, path));
            if records.len() > MAX_FILES {
                return Err(too_many_files(records.len()));
            }
        }
        // Each file's two sides read on several threads (one `git cat-file` each), inserted
        // in git's order: the first error in that order is the answer, as in a loop.
        let read = |(meta, path): &(String, String)| -> Result<(FileChange, Option<Head>), String> {
            let meta = meta.as_str();
            let mut head = None;
            // :old_mode new_mode old_sha new_sha status
            let parts: Vec<&str> = meta.trim_start_matches(':').split(' ').collect();
            if parts.len() < 5 {
                return Err(format!("cannot read `git diff --raw` line `{meta}`"));
            }
            let (old_mode, new_mode) = (parts[0], parts[1]);
            let rel = normalize(path)?;
            let mut binary = [old_mode, new_mode].iter().any(|m| m.starts_with("160"));
            let before_link = old_mode.starts_with("120");
            // A submodule (gitlink) is a commit id, not a blob: binary, compared by id.
            let gitlink = |sha: &str| Some(format!("gitlink {sha}").into_bytes());
            let before = if old_mode == "000000" {
                None
            } else if old_mode.starts_with("160") {
                gitlink(parts[2])
            } else {
                // By the object id git reported, never by a revision:path name (which a
                // file called `0:app.py` would turn into another file).
                let sha = object_id(parts[2])?;
                let raw = git_blob(&top, &sha)?;
                if after_rev.is_none() && !before_link {
                    let converted = checked_out_form(&top, &overrides, &sha, &rel, raw.clone())?;
                    head = raw.map(|raw| Head {
                        converted: converted.as_deref() != Some(raw.as_slice()),
                        sha,
                        raw,
                    });
                    converted
                } else {
                    raw
                }
            };
            let (after, after_link) = if new_mode == "000000" {
                (None, false)
            } else if new_mode.starts_with("160") {
                (gitlink(parts[3]), false)
            } else {
                match &after_rev {
                    Some(_) => (
                        git_blob(&top, &object_id(parts[3])?)?,
                        new_mode.starts_with("120"),
                    ),
                    None => match read_entry(&top, &rel)? {
                        Entry::Missing => (None, false),
                        Entry::File(b) => (Some(b), false),
                        Entry::Link(t) => (Some(t.into_bytes()), true),
                    },
                }
            };
            let before = if before_link {
                link_text(before, &rel)?
            } else {
                text_or_binary(before, &mut binary)
            };
            let after = if after_link {
                link_text(after, &rel)?
            } else {
                text_or_binary(after, &mut binary)
            };
            let mode_change =
                (old_mode != "000000" && new_mode != "000000" && old_mode != new_mode)
                    .then(|| (old_mode.to_string(), new_mode.to_string()));
            let head = head.filter(|_| !binary && !after_link);
            Ok((
                FileChange {
                    path: rel,
                    old_path: None,
                    before,
                    after,
                    mode_change,
                    binary,
                    symlink: (before_link || after_link).then_some(Symlink {
                        before: before_link,
                        after: after_link,
                        escapes: false,
                    }),
                },
                head,
            ))
        };
        let mut heads: BTreeMap<String, Head> = BTreeMap::new();
        for fc in crate::par::map(&records, crate::par::jobs(None), read) {
            let (fc, head) = fc?;
            if let Some(head) = head {
                heads.insert(fc.path.clone(), head);
            }
            files.insert(fc.path.clone(), fc);
        }
        if *what == GitSource::WorkingTree {
            // Files git does not track yet (and does not ignore) are created files too.
            let out = git_idx(
                &top,
                &[
                    "-c".into(),
                    "core.quotepath=off".into(),
                    "ls-files".into(),
                    "--others".into(),
                    "--exclude-standard".into(),
                    "-z".into(),
                    "--".into(),
                ],
                index,
            )?;
            for path in out.split(|b| *b == 0).filter(|p| !p.is_empty()) {
                let path = String::from_utf8(path.to_vec())
                    .map_err(|_| "an untracked path is not UTF-8".to_string())?;
                let rel = normalize(&path)?;
                let mut binary = false;
                let (after, link) = if path.ends_with('/') || is_real_dir(&top, &rel) {
                    // A nested repository git lists as one entry (`dir/`): a new gitlink,
                    // whose files are not this repository's to compare.
                    binary = true;
                    (Some(gitlink_text(&top, &rel)), false)
                } else {
                    entry_text(read_entry(&top, &rel)?, &mut binary)
                };
                // Taken out of the index but still on disk: the diff has it as deleted.
                let entry = files.entry(rel.clone()).or_insert_with(|| FileChange {
                    path: rel.clone(),
                    old_path: None,
                    before: None,
                    after: None,
                    mode_change: None,
                    binary: false,
                    symlink: None,
                });
                let before_link = entry.is_link_before();
                entry.after = after;
                entry.binary |= binary;
                entry.mode_change = None;
                entry.symlink = (before_link || link).then_some(Symlink {
                    before: before_link,
                    after: link,
                    escapes: false,
                });
                if files.len() > MAX_FILES {
                    return Err(too_many_files(files.len()));
                }
            }
        }
        let (mut notes, mut index_versions, mut staged_in_place) =
            (Vec::new(), Vec::new(), BTreeSet::new());
        let mut committed_versions = Vec::new();
        if *what == GitSource::WorkingTree {
            // Before `unpopulated_gitlinks` and `hidden_worktree_changes`, which add files
            // read otherwise (their `HEAD` sides are raw blobs, `heads` has none of them).
            let filtered = driver_filtered(&top, index, &mut files)?;
            let committed;
            (committed, committed_versions) = committed_forms(&top, &overrides, &files, &heads)?;
            unpopulated_gitlinks(&top, &mut files, index)?;
            hidden_worktree_changes(&top, &mut files, fresh.as_ref().map(|f| f.0.as_path()))?;
            (notes, index_versions, staged_in_place) =
                staged_versions(&top, &overrides, &mut files)?;
            notes.extend(filtered);
            notes.extend(committed);
        }
        let mut set = ChangeSet {
            files: files.into_values().filter(FileChange::is_change).collect(),
            notes,
            index_versions,
            staged_in_place,
            committed_versions,
            ..ChangeSet::default()
        };
        // Links resolve in the tree the change is written into: the working tree on disk,
        // the index for --staged, the range's end for a range (never the working tree).
        match &after_rev {
            None => set.mark_link_escapes(Some(&top)),
            Some(rev) => {
                let base = if set.files.iter().any(FileChange::is_link_after) {
                    git_links(&top, rev)?
                } else {
                    BTreeMap::new()
                };
                set.mark_links(&|p: &str| base.get(p).cloned());
            }
        }
        Ok(set)
    }
}

/// The filter drivers the configuration defines a command for that `git add` runs
/// (`filter.<name>.clean` or `.process`, not empty).
fn clean_drivers(top: &Path) -> BTreeSet<String> {
    let listing = git(
        top,
        &[
            "config".into(),
            "--get-regexp".into(),
            r"^filter\..*\.(clean|process)$".into(),
        ],
    )
    .unwrap_or_default();
    String::from_utf8_lossy(&listing)
        .lines()
        .filter_map(|line| {
            let (key, value) = line.split_once(' ').unwrap_or((line, ""));
            let name = key.strip_prefix("filter.")?.rsplit_once('.')?.0;
            (!value.trim().is_empty()).then(|| name.to_string())
        })
        .collect()
}

/// Marks as changed, whatever their bytes, the tracked files of a working tree to which a
/// filter driver with a `clean` or `process` command applies (`filter=<name>` in
/// `.gitattributes`, `.git/info/attributes` or `core.attributesFile`): what `git commit -a`
/// stores of them is that command's output, and the command is the configuration's (which an
/// agent can write: `filter.x.clean = sed s/strict/lax/` turns a working tree that holds
/// `HEAD`'s bytes into a commit of other bytes). editscope runs no such command, so it cannot
/// know those bytes: each such file is a change of the whole file (`binary`, cleared only by
/// a `files` grant), as a file git stores through git-lfs or git-crypt already was (its bytes
/// on disk are not its blob's). Returns the notes naming them.
fn driver_filtered(
    top: &Path,
    index: Option<&Path>,
    files: &mut BTreeMap<String, FileChange>,
) -> Result<Vec<String>, String> {
    let drivers = clean_drivers(top);
    if drivers.is_empty() {
        return Ok(Vec::new());
    }
    // `HEAD`'s files (the fresh index): path -> (mode, object id).
    let listing = git_idx(top, &["ls-files".into(), "-s".into(), "-z".into()], index)?;
    let mut tracked: BTreeMap<String, (String, String)> = BTreeMap::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8(entry.to_vec())
            .map_err(|_| "a tracked path is not UTF-8".to_string())?;
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        if let [mode, sha, ..] = meta.split(' ').collect::<Vec<_>>().as_slice() {
            tracked.insert(path.to_string(), (mode.to_string(), sha.to_string()));
        }
    }
    let mut input = Vec::new();
    for path in tracked.keys() {
        input.extend_from_slice(path.as_bytes());
        input.push(0);
    }
    let out = git_with_input(
        top,
        &[
            "check-attr".into(),
            "-z".into(),
            "--stdin".into(),
            "filter".into(),
        ],
        &input,
        index,
    )?;
    let fields: Vec<&[u8]> = out.split(|b| *b == 0).collect();
    let mut notes = Vec::new();
    for triple in fields.chunks(3) {
        let [path, _attr, value] = triple else {
            continue;
        };
        let value = String::from_utf8_lossy(value);
        if !drivers.contains(value.as_ref()) {
            continue;
        }
        let path = String::from_utf8_lossy(path).into_owned();
        let Some((mode, sha)) = tracked.get(&path) else {
            continue;
        };
        if mode.starts_with("120") || mode.starts_with("160") {
            continue;
        }
        let rel = normalize(&path)?;
        notes.push(format!(
            "`{rel}`: the filter driver `{value}` applies to it (`filter.{value}.clean` or `.process`), a command editscope does not run: what `git commit -a` stores of it is that command's output, so the file counts as changed whatever its bytes (grant it in `files`, or `git add` it and check the staged version with `--staged`)"
        ));
        if let Some(fc) = files.get_mut(&rel) {
            fc.binary = true;
            continue;
        }
        let mut binary = true;
        let before = text_or_binary(git_blob(top, &object_id(sha)?)?, &mut binary);
        let (after, link) = entry_text(read_entry(top, &rel)?, &mut binary);
        files.insert(
            rel.clone(),
            FileChange {
                path: rel,
                old_path: None,
                before,
                after,
                mode_change: None,
                binary: true,
                symlink: link.then_some(Symlink {
                    before: false,
                    after: true,
                    escapes: false,
                }),
            },
        );
    }
    Ok(notes)
}

/// A working-tree file's `HEAD` side as git stores it, read for [`committed_forms`].
struct Head {
    /// Its object id.
    sha: String,
    /// Its raw bytes.
    raw: Vec<u8>,
    /// Whether its checked-out form ([`checked_out_form`]) differs from them.
    converted: bool,
}

/// What `git add` / `git commit -a` would store of each modified text file of a working tree
/// where git's built-in conversions (end of line, `ident`, `working-tree-encoding`, set by
/// `.gitattributes`, `.git/info/attributes` or `core.autocrlf`, all of which an agent can
/// write) apply: the working tree is judged against `HEAD`'s checked-out form, which is what
/// runs, but what lands is the file *cleaned* (`$Id: anything $` collapsed to `$Id$`, CRLF
/// to LF, ...), and the two comparisons need not agree: a `HEAD` blob holding `$Id: x $` is
/// checked out as `$Id: <sha> $`, and a working tree holding exactly that lands `$Id$`, a
/// change the checked-out comparison does not show. Each such file whose committed form is
/// not `HEAD`'s blob is judged `HEAD` → committed form too ([`ChangeSet::committed_versions`]),
/// unless no conversion applies to either side (the two comparisons are then one). Filter
/// drivers are off (`overrides`). Returns the notes naming those files, and the versions.
fn committed_forms(
    top: &Path,
    overrides: &[String],
    files: &BTreeMap<String, FileChange>,
    heads: &BTreeMap<String, Head>,
) -> Result<(Vec<String>, Vec<FileChange>), String> {
    let candidates: Vec<(&FileChange, &Head)> = files
        .values()
        .filter(|fc| !fc.binary && fc.symlink.is_none() && fc.after.is_some())
        .filter_map(|fc| heads.get(&fc.path).map(|h| (fc, h)))
        .collect();
    if candidates.is_empty() {
        return Ok((Vec::new(), Vec::new()));
    }
    let hash = |bytes: &[u8], rel: &str, filters: bool| -> Result<String, String> {
        let mut args = overrides.to_vec();
        args.extend(["hash-object".into(), "--stdin".into()]);
        if filters {
            args.push(format!("--path={rel}"));
        } else {
            args.push("--no-filters".into());
        }
        let out = git_with_input(top, &args, bytes, None)?;
        // `git_with_input` takes exit code 1 as success (check-ignore's "nothing ignored"):
        // an object id is the only answer here, or the file cannot be judged (fail closed).
        let id = String::from_utf8_lossy(&out).trim().to_string();
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("git hash-object gave no object id for `{rel}`"));
        }
        Ok(id)
    };
    let judge = |(fc, head): &(&FileChange, &Head)| -> Result<Option<FileChange>, String> {
        let disk = fc.after.as_deref().unwrap_or_default().as_bytes();
        let landed = hash(disk, &fc.path, true)?;
        if landed == head.sha {
            // The commit lands `HEAD`'s blob: nothing beyond what the working tree shows.
            return Ok(None);
        }
        if !head.converted && hash(disk, &fc.path, false)? == landed {
            // No conversion on either side: the committed change is the one judged.
            return Ok(None);
        }
        let bytes = cleaned(top, overrides, disk, &fc.path, &landed)?;
        let mut binary = fc.binary;
        let after = text_or_binary(Some(bytes), &mut binary);
        let before = text_or_binary(Some(head.raw.clone()), &mut binary);
        Ok(Some(FileChange {
            path: fc.path.clone(),
            old_path: None,
            before,
            after,
            mode_change: None,
            binary,
            symlink: None,
        }))
    };
    let mut notes = Vec::new();
    let mut versions = Vec::new();
    for v in crate::par::map(&candidates, crate::par::jobs(None), judge) {
        if let Some(v) = v? {
            notes.push(format!(
                "`{}`: git converts this file when it is committed (`.gitattributes`, `.git/info/attributes` or `core.autocrlf`: end of line, `ident`, encoding), so what `git commit -a` lands is not the working tree's bytes: both are judged, HEAD -> committed form as the committed version",
                v.path
            ));
            versions.push(v);
        }
    }
    Ok((notes, versions))
}

/// The bytes `git add` would store for `disk` at `rel` (its committed form, object id
/// `sha`), read back from a temporary object directory, so that nothing is written into the
/// repository.
fn cleaned(
    top: &Path,
    overrides: &[String],
    disk: &[u8],
    rel: &str,
    sha: &str,
) -> Result<Vec<u8>, String> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    struct TempDir(PathBuf);
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
    let objects = git(
        top,
        &[
            "rev-parse".into(),
            "--path-format=absolute".into(),
            "--git-path".into(),
            "objects".into(),
        ],
    )?;
    let objects = PathBuf::from(String::from_utf8_lossy(&objects).trim());
    let dir = TempDir(std::env::temp_dir().join(format!(
        "editscope-objects-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    )));
    std::fs::create_dir_all(&dir.0).map_err(|e| format!("{}: {e}", dir.0.display()))?;
    let command = || {
        let mut cmd = git_command(top);
        cmd.env("GIT_OBJECT_DIRECTORY", &dir.0);
        cmd.env("GIT_ALTERNATE_OBJECT_DIRECTORIES", &objects);
        cmd
    };
    let mut args = overrides.to_vec();
    args.extend([
        "hash-object".into(),
        "-w".into(),
        "--stdin".into(),
        format!("--path={rel}"),
    ]);
    let written = run_with_input(command(), &args, disk)?;
    let written = String::from_utf8_lossy(&written).trim().to_string();
    if written != sha {
        return Err(format!(
            "`{rel}`: git hashed its committed form as {sha}, then as {written}"
        ));
    }
    let out = command()
        .args(["cat-file", "blob", sha])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git cat-file blob {sha} failed: {}",
            git_error(&out.stderr)
        ));
    }
    Ok(out.stdout)
}

/// Runs `cmd` (a [`git_command`]) with `args`, `input` on its standard input (written on a
/// thread of its own, so a large input and a large output cannot block each other).
fn spawn_with_input(
    mut cmd: Command,
    args: &[String],
    input: &[u8],
) -> Result<std::process::Output, String> {
    use std::io::Write as _;
    let mut child = cmd
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut stdin = child.stdin.take().ok_or("no input to git")?;
    let data = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child
        .wait_with_output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let _ = writer.join();
    Ok(out)
}

/// [`spawn_with_input`], an error unless git succeeds.
fn run_with_input(cmd: Command, args: &[String], input: &[u8]) -> Result<Vec<u8>, String> {
    let out = spawn_with_input(cmd, args, input)?;
    if !out.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            git_error(&out.stderr)
        ));
    }
    Ok(out.stdout)
}

/// What a plain `git commit` would land that the working tree does not show: the index's
/// version of every file staged (index against `HEAD`) whose staged version is not the one
/// on disk. A file the working tree leaves as `HEAD` has it (`git add` of an edit, then the
/// file restored on disk) is judged `HEAD` → index in its place; a file whose three versions
/// all differ (part of an edit staged, or staged and edited again) is judged both ways, its
/// index version returned apart ([`ChangeSet::index_versions`]). While the index has
/// unmerged entries no commit can be made, and nothing is added. Returns the notes that say
/// which files were judged from the index, and the index versions.
type Staged = (Vec<String>, Vec<FileChange>, BTreeSet<String>);

fn staged_versions(
    top: &Path,
    overrides: &[String],
    files: &mut BTreeMap<String, FileChange>,
) -> Result<Staged, String> {
    let unmerged = git(top, &["ls-files".into(), "-u".into(), "-z".into()])?;
    if !unmerged.is_empty() {
        return Ok((vec![
            "the index has unmerged entries (a merge in progress): no commit can be made until they are resolved, so only the working tree is judged".into(),
        ], Vec::new(), BTreeSet::new()));
    }
    let staged = ChangeSet::from_git_inner(top, &GitSource::Staged)?;
    if staged.files.is_empty() {
        return Ok((Vec::new(), Vec::new(), BTreeSet::new()));
    }
    // The index's entries: path -> (mode, object id).
    let listing = git(top, &["ls-files".into(), "-s".into(), "-z".into()])?;
    let mut index: BTreeMap<String, (String, String)> = BTreeMap::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8(entry.to_vec())
            .map_err(|_| "a tracked path is not UTF-8".to_string())?;
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split(' ').collect();
        if let [mode, sha, ..] = fields.as_slice() {
            index.insert(path.to_string(), (mode.to_string(), sha.to_string()));
        }
    }
    let (mut notes, mut apart, mut in_place) = (Vec::new(), Vec::new(), BTreeSet::new());
    for fc in staged.files {
        let rel = fc.path.clone();
        if index_matches_disk(top, overrides, &rel, index.get(&rel))? {
            continue;
        }
        match files.entry(rel) {
            std::collections::btree_map::Entry::Occupied(e) => {
                notes.push(format!(
                    "`{}`: the index holds a version that is neither HEAD's nor the working tree's (a plain `git commit` lands it, `git commit -a` the working tree's): both are judged, HEAD -> index as the staged version",
                    e.key()
                ));
                apart.push(fc);
            }
            std::collections::btree_map::Entry::Vacant(e) => {
                notes.push(format!(
                    "`{}`: the index holds a staged version that the working tree does not (a plain `git commit` lands it), judged HEAD -> index",
                    e.key()
                ));
                in_place.insert(e.key().clone());
                e.insert(fc);
            }
        }
        if files.len() + apart.len() > MAX_FILES {
            return Err(too_many_files(files.len() + apart.len()));
        }
    }
    Ok((notes, apart, in_place))
}

/// Whether the index entry `entry` (mode, object id; `None`: not in the index) is what the
/// working tree holds at `rel`: the same kind and mode, and the same bytes, raw or in
/// their checked-out form (git's end-of-line and `ident` conversions; filter drivers off).
fn index_matches_disk(
    top: &Path,
    overrides: &[String],
    rel: &str,
    entry: Option<&(String, String)>,
) -> Result<bool, String> {
    let Some((mode, sha)) = entry else {
        return Ok(!is_real_dir(top, rel) && matches!(read_entry(top, rel)?, Entry::Missing));
    };
    if mode.starts_with("160") {
        // A submodule's commit: what the working tree holds there is a repository checked
        // out at that commit (the working tree's diff compares its state), else the index's
        // gitlink is a change a plain `git commit` lands that the working tree does not show.
        return Ok(is_real_dir(top, rel) && repo_head(top, rel).as_deref() == Some(sha.as_str()));
    }
    if is_real_dir(top, rel) {
        return Ok(false);
    }
    let on_disk = read_entry(top, rel)?;
    let blob = git_blob(top, &object_id(sha)?)?;
    Ok(match on_disk {
        Entry::Missing => false,
        Entry::Link(target) => mode == "120000" && blob.as_deref() == Some(target.as_bytes()),
        Entry::File(bytes) => {
            if mode == "120000" || executable(top, rel).is_some_and(|x| x != (mode == "100755")) {
                return Ok(false);
            }
            blob.as_deref() == Some(bytes.as_slice())
                || checked_out_form(top, overrides, sha, rel, blob)?.as_deref()
                    == Some(bytes.as_slice())
        }
    })
}

/// Whether `rel` is a folder on disk (not a symlink to one), every folder on the way
/// resolved without leaving the tree.
fn is_real_dir(top: &Path, rel: &str) -> bool {
    let full = match rel.rsplit_once('/') {
        Some((dir, name)) => match resolve(top, dir) {
            Ok(d) => d.join(name),
            Err(_) => return false,
        },
        None => top.join(rel),
    };
    std::fs::symlink_metadata(full).is_ok_and(|m| m.is_dir())
}

/// The commit checked out in the repository at the folder `rel` (a submodule or a nested
/// repository), asked of git there with none of this repository's location variables;
/// `None` when it is not a repository or has no commit.
fn repo_head(top: &Path, rel: &str) -> Option<String> {
    let dir = top.join(rel);
    if std::fs::symlink_metadata(dir.join(".git")).is_err() {
        return None;
    }
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(&dir);
    for var in GIT_LOCATION_VARS {
        cmd.env_remove(var);
    }
    cmd.env("GIT_NO_REPLACE_OBJECTS", "1");
    cmd.env("GIT_CEILING_DIRECTORIES", top);
    let out = cmd
        .args(["rev-parse", "--verify", "--quiet", "HEAD"])
        .output()
        .ok()?;
    let head = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && object_id(&head).is_ok()).then_some(head)
}

/// The text a gitlink is compared by: its commit id, or what the folder is when it holds no
/// repository with a commit (its files are judged by no rule: the change is the gitlink's).
fn gitlink_text(top: &Path, rel: &str) -> String {
    match repo_head(top, rel) {
        Some(head) => format!("gitlink {head}"),
        None => "gitlink: a folder that is not a repository with a commit".into(),
    }
}

/// The gitlinks (submodules) of `HEAD` (the fresh index `index`) whose folder on disk holds
/// no repository but does hold something: git's diff takes such a folder for a submodule
/// that is not checked out, and compares nothing, though files were written there. Each is a
/// change of the gitlink. An empty or missing folder (a submodule not checked out) is none.
fn unpopulated_gitlinks(
    top: &Path,
    files: &mut BTreeMap<String, FileChange>,
    index: Option<&Path>,
) -> Result<(), String> {
    let listing = git_idx(top, &["ls-files".into(), "-s".into(), "-z".into()], index)?;
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8(entry.to_vec())
            .map_err(|_| "a tracked path is not UTF-8".to_string())?;
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split(' ').collect();
        let (Some(&"160000"), Some(sha)) = (fields.first(), fields.get(1)) else {
            continue;
        };
        let rel = normalize(path)?;
        if files.contains_key(&rel) || !is_real_dir(top, &rel) {
            continue;
        }
        let dir = top.join(&rel);
        let holds_something = std::fs::read_dir(&dir)
            .map_err(|e| format!("`{rel}`: {e}"))?
            .next()
            .is_some();
        if !holds_something || repo_head(top, &rel).is_some() {
            continue;
        }
        files.insert(
            rel.clone(),
            FileChange {
                path: rel.clone(),
                old_path: None,
                before: Some(format!("gitlink {sha}")),
                after: Some(gitlink_text(top, &rel)),
                mode_change: None,
                binary: true,
                symlink: None,
            },
        );
    }
    Ok(())
}

/// Whether the regular file at `rel` has an executable bit (git's `100755`); `None` where
/// the file system has no such bit.
fn executable(top: &Path, rel: &str) -> Option<bool> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let full = match rel.rsplit_once('/') {
            Some((dir, name)) => resolve(top, dir).ok()?.join(name),
            None => top.join(rel),
        };
        Some(std::fs::symlink_metadata(full).is_ok_and(|m| m.permissions().mode() & 0o111 != 0))
    }
    #[cfg(not(unix))]
    {
        let _ = (top, rel);
        None
    }
}

impl ChangeSet {
    /// Adds to a working-tree change ([`GitSource::WorkingTree`]) of the repository that
    /// contains `repo` every untracked file git ignores that `wanted` names (the CLI and the
    /// Python bindings pass the files a contract's `protect` names). Ignored files are
    /// otherwise outside a working-tree change (build output, caches, `.env`); one the
    /// contract protects must not be invisible. `HEAD` does not hold it (a file `HEAD` holds
    /// is tracked, and compared whatever the ignore rules say), so what it held before is
    /// unknowable to a check against `HEAD`: it is added as a file the change creates, and a
    /// note says so. Returns how many files were added.
    pub fn include_ignored(
        &mut self,
        repo: &Path,
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<usize, Error> {
        self.include_ignored_inner(repo, wanted)
            .map_err(|message| Error::Git { message })
    }

    fn include_ignored_inner(
        &mut self,
        repo: &Path,
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<usize, String> {
        let top = toplevel(repo)?;
        let out = git(
            &top,
            &[
                "-c".into(),
                "core.quotepath=off".into(),
                "ls-files".into(),
                "--others".into(),
                "--ignored".into(),
                "--exclude-standard".into(),
                "-z".into(),
                "--".into(),
            ],
        )?;
        let mut added = 0;
        for path in out.split(|b| *b == 0).filter(|p| !p.is_empty()) {
            let path = String::from_utf8(path.to_vec())
                .map_err(|_| "an ignored path is not UTF-8".to_string())?;
            let rel = normalize(&path)?;
            if !wanted(&rel) || self.files.iter().any(|f| f.path == rel) {
                continue;
            }
            let mut binary = false;
            let (after, link) = match read_entry(&top, &rel)? {
                Entry::Missing => continue,
                Entry::Link(target) => (Some(target), true),
                // Not UTF-8 is compared as bytes (binary), never skipped.
                Entry::File(bytes) => (
                    Some(text_or_binary(Some(bytes), &mut binary).unwrap_or_else(|| {
                        binary = true;
                        String::new()
                    })),
                    false,
                ),
            };
            self.notes.push(format!(
                "`{rel}` is ignored by git and not in HEAD, and the contract protects it: what it held before is unknowable to --worktree, so it is judged as a file the change created (commit it to have it compared with HEAD)"
            ));
            self.files.push(FileChange {
                path: rel,
                old_path: None,
                before: None,
                after,
                mode_change: None,
                binary,
                symlink: link.then_some(Symlink {
                    before: false,
                    after: true,
                    escapes: false,
                }),
            });
            added += 1;
            if self.files.len() > MAX_FILES {
                return Err(too_many_files(self.files.len()));
            }
        }
        if added > 0 {
            self.files.sort_by(|a, b| a.path.cmp(&b.path));
            self.mark_link_escapes(Some(&top));
        }
        Ok(added)
    }
}

pub(crate) fn hidden_worktree_changes(
    top: &Path,
    files: &mut BTreeMap<String, FileChange>,
    index: Option<&Path>,
) -> Result<(), String> {
    let overrides = filter_overrides(top);
    let add = |rel: String,
               files: &mut BTreeMap<String, FileChange>,
               tracked: bool|
     -> Result<(), String> {
        if files.contains_key(&rel) {
            return Ok(());
        }
        let mut binary = false;
        let entry = read_entry(top, &rel)?;
        if tracked && matches!(entry, Entry::Missing) {
            return Ok(());
        }
        let (after, after_link) = entry_text(entry, &mut binary);
        let (before, before_link) = if tracked {
            match tree_entry(top, "HEAD", &rel)? {
                None => (None, false),
                Some((mode, bytes)) if mode == "120000" => (link_text(Some(bytes), &rel)?, true),
                Some((mode, _)) if mode.starts_with("160") => return Ok(()),
                Some((_, bytes)) if is_binary(&bytes) => {
                    (text_or_binary(Some(bytes), &mut binary), false)
                }
                Some(_) => {
                    // In its checked-out form, as the other working-tree files.
                    let mut args = overrides.clone();
                    args.extend(["cat-file".into(), "--filters".into()]);
                    let bytes = git_cat(top, &args, &format!("HEAD:./{rel}"))?;
                    (text_or_binary(bytes, &mut binary), false)
                }
            }
        } else {
            (None, false)
        };
        files.insert(
            rel.clone(),
            FileChange {
                path: rel,
                old_path: None,
                before,
                after,
                mode_change: None,
                binary,
                symlink: (before_link || after_link).then_some(Symlink {
                    before: before_link,
                    after: after_link,
                    escapes: false,
                }),
            },
        );
        if files.len() > MAX_FILES {
            return Err(too_many_files(files.len()));
        }
        Ok(())
    };
    // Every tracked regular file whose bytes on disk are not HEAD's, hashed without any
    // conversion: git's diff applies the attributes' conversions (`ident`, end of line,
    // encodings), and attributes can come from `.git/info/attributes`, which the agent can
    // write. Such a file is compared in its checked-out form; one equal to it is no change.
    let tracked = git_idx(top, &["ls-files".into(), "-s".into(), "-z".into()], index)?;
    let mut regular: Vec<(String, String)> = Vec::new();
    for entry in tracked.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8(entry.to_vec())
            .map_err(|_| "a tracked path is not UTF-8".to_string())?;
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split(' ').collect();
        if !matches!(fields.first(), Some(&"100644") | Some(&"100755")) || files.contains_key(path)
        {
            continue;
        }
        let rel = normalize(path)?;
        let on_disk = match rel.rsplit_once('/') {
            Some((dir, name)) => resolve(top, dir).ok().map(|d| d.join(name)),
            None => Some(top.join(&rel)),
        };
        if on_disk
            .and_then(|p| std::fs::symlink_metadata(p).ok())
            .is_some_and(|m| m.is_file())
        {
            if rel.contains('\n') {
                return Err(format!(
                    "`{rel}`: a tracked path with a newline cannot be compared"
                ));
            }
            regular.push((rel, fields.get(1).copied().unwrap_or_default().to_string()));
        }
    }
    // Files in the repository's index but not in HEAD (`git add -f` of an ignored file): the
    // fresh index does not track them and an ignore rule would hide them.
    if index.is_some() {
        let in_head: std::collections::BTreeSet<String> = tracked
            .split(|b| *b == 0)
            .filter_map(|e| {
                let e = String::from_utf8_lossy(e);
                e.split_once('\t').map(|(_, p)| p.to_string())
            })
            .collect();
        let staged = git(top, &["ls-files".into(), "-z".into()])?;
        for path in staged.split(|b| *b == 0).filter(|p| !p.is_empty()) {
            let path = String::from_utf8(path.to_vec())
                .map_err(|_| "a tracked path is not UTF-8".to_string())?;
            if !in_head.contains(&path) {
                add(normalize(&path)?, files, false)?;
            }
        }
    }
    if !regular.is_empty() {
        let input: Vec<u8> = regular
            .iter()
            .flat_map(|(p, _)| format!("{p}\n").into_bytes())
            .collect();
        let hashes = git_with_input(
            top,
            &[
                "hash-object".into(),
                "--no-filters".into(),
                "--stdin-paths".into(),
            ],
            &input,
            index,
        )?;
        let hashes: Vec<&str> = std::str::from_utf8(&hashes)
            .map_err(|_| "git hash-object gave no object ids".to_string())?
            .lines()
            .collect();
        if hashes.len() != regular.len() {
            return Err("git hash-object did not hash every tracked file".into());
        }
        for ((rel, sha), got) in regular.into_iter().zip(hashes) {
            if got != sha {
                add(rel, files, true)?;
            }
        }
    }
    // `ls-files -v`: a lowercase tag is assume-unchanged, `S` skip-worktree.
    let listing = git(top, &["ls-files".into(), "-v".into(), "-z".into()])?;
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8(entry.to_vec())
            .map_err(|_| "a tracked path is not UTF-8".to_string())?;
        let Some((tag, path)) = entry.split_once(' ') else {
            continue;
        };
        if tag == "S" || tag.chars().all(|c| c.is_ascii_lowercase()) {
            let rel = normalize(path)?;
            // A sparse checkout's file, not on disk: not a deletion.
            let absent = matches!(read_entry(top, &rel)?, Entry::Missing);
            if tag == "S" && absent {
                if files
                    .get(&rel)
                    .is_some_and(|f| f.after.is_none() && f.old_path.is_none())
                {
                    files.remove(&rel);
                }
                continue;
            }
            add(rel, files, true)?;
        }
    }
    // Files the Python interpreter runs beside the project's sources (bytecode, `.pth`,
    // `sitecustomize.py`): never hidden by an ignore rule, however trusted
    // (`super::runs_beside_sources`).
    {
        let tracked_dirs = super::dirs_of(
            tracked
                .split(|b| *b == 0)
                .filter_map(|e| std::str::from_utf8(e).ok())
                .filter_map(|e| e.split_once('\t').map(|(_, p)| p)),
        );
        let ignored = git_idx(
            top,
            &[
                "-c".into(),
                "core.quotepath=off".into(),
                "ls-files".into(),
                "--others".into(),
                "--ignored".into(),
                "--exclude-standard".into(),
                "-z".into(),
                "--".into(),
            ],
            index,
        )?;
        for path in ignored.split(|b| *b == 0).filter(|p| !p.is_empty()) {
            let Ok(path) = std::str::from_utf8(path) else {
                continue;
            };
            if super::runs_beside_sources(path, &tracked_dirs) && !files.contains_key(path) {
                add(normalize(path)?, files, false)?;
            }
        }
    }
    // Ignored untracked entries (a directory ignored whole is one entry, `dir/`), and the
    // rule that ignores each.
    let ignored = git_idx(
        top,
        &[
            "-c".into(),
            "core.quotepath=off".into(),
            "ls-files".into(),
            "--others".into(),
            "--ignored".into(),
            "--exclude-standard".into(),
            "--directory".into(),
            "-z".into(),
            "--".into(),
        ],
        index,
    )?;
    if ignored.is_empty() {
        return Ok(());
    }
    let out = git_with_input(
        top,
        &[
            "check-ignore".into(),
            "-v".into(),
            "-z".into(),
            "--stdin".into(),
            "--no-index".into(),
        ],
        &ignored
            .split(|b| *b == 0)
            .filter(|p| !p.is_empty())
            .flat_map(|p| [b"./".as_slice(), p, b"\0"].concat())
            .collect::<Vec<u8>>(),
        index,
    )?;
    // An excludes file set in the repository's own configuration is the agent's to set.
    let local_excludes = ["--local", "--worktree"].iter().any(|scope| {
        git(
            top,
            &[
                "config".into(),
                scope.to_string(),
                "--get".into(),
                "core.excludesFile".into(),
            ],
        )
        .is_ok_and(|v| !v.is_empty())
    });
    let fields: Vec<&[u8]> = out.split(|b| *b == 0).collect();
    for rec in fields.chunks(4) {
        let [source, _line, _pattern, path] = rec else {
            continue;
        };
        let source = String::from_utf8_lossy(source).to_string();
        let path = String::from_utf8(path.to_vec())
            .map_err(|_| "an ignored path is not UTF-8".to_string())?;
        let path = path.strip_prefix("./").unwrap_or(&path).to_string();
        if source.is_empty() || path.is_empty() {
            continue;
        }
        // The rule's file: a `.gitignore` of the working tree (relative), else git's own
        // (`.git/info/exclude`) or the user's (`core.excludesFile`), kept as they are.
        let trusted = match normalize(&source) {
            Ok(rel) if rel.rsplit('/').next() == Some(".gitignore") => {
                !files.contains_key(&rel) && tree_entry(top, "HEAD", &rel)?.is_some()
            }
            // `.git/info/exclude` is the repository's, as writable to the agent as its
            // files; only the user's global excludes file stays trusted.
            _ if source.replace('\\', "/").ends_with("info/exclude") => false,
            _ => !local_excludes,
        };
        if trusted {
            continue;
        }
        let rel = normalize(path.trim_end_matches('/'))?;
        if path.ends_with('/') {
            let mut found = std::collections::BTreeSet::new();
            let dir = resolve(top, &rel).map_err(|e| e.to_string())?;
            walk(&dir, &dir, 0, &mut found)?;
            for f in found {
                add(format!("{rel}/{f}"), files, false)?;
            }
        } else {
            add(rel, files, false)?;
        }
    }
    Ok(())
}

/// A temporary index file read from `HEAD` (no stat data, no flags), removed on drop.
pub(crate) struct FreshIndex(PathBuf);

impl FreshIndex {
    fn from_head(top: &Path) -> Result<FreshIndex, String> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let path = std::env::temp_dir().join(format!(
            "editscope-index-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_file(&path);
        let index = FreshIndex(path);
        git_idx(top, &["read-tree".into(), "HEAD".into()], Some(&index.0))?;
        Ok(index)
    }
}

impl Drop for FreshIndex {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
        let _ = std::fs::remove_file(self.0.with_extension("lock"));
    }
}

/// [`git`] with `input` on its standard input.
pub(crate) fn git_with_input(
    repo: &Path,
    args: &[String],
    input: &[u8],
    index: Option<&Path>,
) -> Result<Vec<u8>, String> {
    let mut cmd = git_command(repo);
    if let Some(i) = index {
        cmd.env("GIT_INDEX_FILE", i);
    }
    // check-ignore refuses `literal` magic; its paths are given as `./path` (never magic).
    cmd.env_remove("GIT_LITERAL_PATHSPECS");
    let out = spawn_with_input(cmd, args, input)?;
    // check-ignore exits 1 when no path is ignored.
    if !out.status.success() && out.status.code() != Some(1) {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(out.stdout)
}

/// The `-c` options that switch off every filter driver the configuration defines
/// (`filter.<name>.clean`, `.smudge`, `.process`): a driver is a command the repository's
/// own configuration (which an agent can write) names, and a clean filter could make any
/// change look like none. Only git's built-in conversions (end of line, `ident`) remain.
pub(crate) fn filter_overrides(top: &Path) -> Vec<String> {
    let names = git(
        top,
        &[
            "config".into(),
            "--name-only".into(),
            "--get-regexp".into(),
            r"^filter\..*\.(clean|smudge|process|required)$".into(),
        ],
    )
    .unwrap_or_default();
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for key in String::from_utf8_lossy(&names).lines() {
        let Some(name) = key
            .strip_prefix("filter.")
            .and_then(|k| k.rsplit_once('.'))
            .map(|(n, _)| n.to_string())
        else {
            continue;
        };
        if seen.insert(name.clone()) {
            for part in ["clean", "smudge", "process"] {
                out.push("-c".into());
                out.push(format!("filter.{name}.{part}="));
            }
            out.push("-c".into());
            out.push(format!("filter.{name}.required=false"));
        }
    }
    out
}

/// The `HEAD` side of a working-tree comparison in the form git checks it out (its
/// built-in end-of-line and `ident` conversions applied), so that it is compared like with
/// like against the file on disk: with `core.autocrlf` a CRLF file is not a change of every
/// line. Filter drivers are off (`overrides`).
pub(crate) fn checked_out_form(
    top: &Path,
    overrides: &[String],
    sha: &str,
    rel: &str,
    raw: Option<Vec<u8>>,
) -> Result<Option<Vec<u8>>, String> {
    let Some(raw) = raw else { return Ok(None) };
    if is_binary(&raw) {
        return Ok(Some(raw));
    }
    let mut args = overrides.to_vec();
    args.extend([
        "cat-file".into(),
        "--filters".into(),
        format!("--path={rel}"),
    ]);
    git_cat(top, &args, sha)
}

/// Every symlink of the tree `rev` (empty: the index) with its target.
pub(crate) fn git_links(top: &Path, rev: &str) -> Result<BTreeMap<String, String>, String> {
    let listing = if rev.is_empty() {
        git(top, &["ls-files".into(), "-s".into(), "-z".into()])?
    } else {
        git(
            top,
            &[
                "ls-tree".into(),
                "-r".into(),
                "-z".into(),
                rev.to_string(),
                "--".into(),
            ],
        )?
    };
    let mut out = BTreeMap::new();
    for entry in listing.split(|b| *b == 0).filter(|e| !e.is_empty()) {
        let entry = String::from_utf8_lossy(entry);
        let Some((meta, path)) = entry.split_once('\t') else {
            continue;
        };
        let fields: Vec<&str> = meta.split(' ').collect();
        if fields.first() != Some(&"120000") {
            continue;
        }
        // ls-files: mode sha stage; ls-tree: mode type sha.
        let sha = if rev.is_empty() {
            fields.get(1)
        } else {
            fields.get(2)
        };
        let Some(sha) = sha else { continue };
        let target = link_text(git_blob(top, &object_id(sha)?)?, path)?;
        if let Some(t) = target {
            out.insert(path.to_string(), t);
        }
        if out.len() > MAX_FILES {
            return Err(too_many_files(out.len()));
        }
    }
    Ok(out)
}

/// An object id from `git diff --raw`, checked to be one (hex, not all zeros).
pub(crate) fn object_id(sha: &str) -> Result<String, String> {
    if sha.len() < 40
        || !sha.bytes().all(|b| b.is_ascii_hexdigit())
        || sha.bytes().all(|b| b == b'0')
    {
        return Err(format!("`git diff --raw` gave no object id (`{sha}`)"));
    }
    Ok(sha.to_string())
}

/// Where git changes come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitSource {
    /// The index against `HEAD` (a pre-commit hook).
    Staged,
    /// The working tree against `HEAD`.
    WorkingTree,
    /// A commit range `A..B` (CI on a branch).
    Range(String),
}

impl GitSource {
    /// The revision the change starts from: `HEAD` for the index and the working tree, `A`
    /// for a range `A..B`. The contract of a git check is read from it.
    pub fn baseline(&self) -> Result<String, Error> {
        match self {
            GitSource::Staged | GitSource::WorkingTree => Ok("HEAD".into()),
            GitSource::Range(_) => Ok(self
                .range_revs()
                .map_err(|message| Error::Git { message })?
                .0),
        }
    }

    fn range_revs(&self) -> Result<(String, String), String> {
        let GitSource::Range(range) = self else {
            return Err("not a range".into());
        };
        let (a, b) = range
            .split_once("..")
            .ok_or_else(|| format!("`{range}` is not a range `A..B`"))?;
        let b = b.trim_start_matches('.');
        for rev in [a, b] {
            if rev.is_empty() || rev.starts_with('-') || rev.contains(char::is_whitespace) {
                return Err(format!("`{rev}` is not a usable revision"));
            }
        }
        Ok((a.to_string(), b.to_string()))
    }
}

/// The variables by which git is told where the repository is. git hooks set some of them,
/// relative to the directory the hook runs in (`GIT_INDEX_FILE=.git/index` in `pre-commit`;
/// `GIT_DIR` in a linked worktree).
pub(crate) const GIT_LOCATION_VARS: [&str; 5] = [
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_INDEX_FILE",
    "GIT_OBJECT_DIRECTORY",
    "GIT_COMMON_DIR",
];

/// `git -C dir`, with the location variables made absolute against the working directory
/// (where they were meant), so that running git elsewhere does not change what they name.
///
/// What the repository's own state could change about the answer is pinned, since an agent
/// can write it: replacement refs are not followed (`GIT_NO_REPLACE_OBJECTS`, so `git replace`
/// cannot swap an object for another), file modes are always compared (`core.fileMode`) and
/// no file system monitor is asked which files changed (`core.fsmonitor`).
pub(crate) fn git_command(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.arg("-C").arg(dir);
    cmd.env("GIT_NO_REPLACE_OBJECTS", "1");
    // Every path handed to git is a path, never pathspec magic (`:(exclude)x`, `:/`, globs).
    cmd.env("GIT_LITERAL_PATHSPECS", "1");
    cmd.env_remove("GIT_GLOB_PATHSPECS");
    cmd.env_remove("GIT_ICASE_PATHSPECS");
    cmd.env_remove("GIT_NOGLOB_PATHSPECS");
    cmd.env_remove("GIT_REPLACE_REF_BASE");
    cmd.args([
        "-c",
        "core.fileMode=true",
        "-c",
        "core.fsmonitor=false",
        "-c",
        "core.untrackedCache=false",
    ]);
    if let Ok(cwd) = std::env::current_dir() {
        for var in GIT_LOCATION_VARS {
            if let Some(value) = std::env::var_os(var).filter(|v| !v.is_empty()) {
                let path = Path::new(&value);
                if path.is_relative() {
                    cmd.env(var, cwd.join(path));
                }
            }
        }
    }
    cmd
}

/// The top level of the git working tree that contains `dir` (git's own answer, with
/// symlinks resolved), or an error naming `dir` when it is not in one.
///
/// With `GIT_DIR` set and `GIT_WORK_TREE` not (a hook in a linked worktree), git takes the
/// directory it runs in as the top level; the working directory's answer is then kept when
/// `dir` lies inside it, so that a subdirectory does not become the top.
pub fn git_toplevel(dir: &Path) -> Result<PathBuf, Error> {
    toplevel(dir).map_err(|message| Error::Git { message })
}

/// [`git_toplevel`], with the message as a string.
pub(crate) fn toplevel(dir: &Path) -> Result<PathBuf, String> {
    if std::env::var_os("GIT_DIR").is_some_and(|v| !v.is_empty())
        && std::env::var_os("GIT_WORK_TREE").is_none_or(|v| v.is_empty())
    {
        if let (Ok(cwd), Ok(real)) = (std::env::current_dir(), dir.canonicalize()) {
            if let Ok(top) = git(&cwd, &["rev-parse".into(), "--show-toplevel".into()]) {
                let top =
                    PathBuf::from(String::from_utf8_lossy(&top).trim_end_matches(['\n', '\r']));
                if real.starts_with(&top) {
                    return Ok(top);
                }
            }
        }
    }
    let out = git(dir, &["rev-parse".into(), "--show-toplevel".into()])
        .map_err(|e| format!("{} is not in a git working tree: {e}", dir.display()))?;
    let top =
        String::from_utf8(out).map_err(|_| "the repository's path is not UTF-8".to_string())?;
    let top = top.trim_end_matches(['\n', '\r']);
    if top.is_empty() {
        return Err(format!("{} is not in a git working tree", dir.display()));
    }
    // The working tree git names must be the one asked about: `core.worktree` (which the
    // agent can set in `.git/config`) could point git at another tree, a pristine copy.
    let real_top = Path::new(top).canonicalize().map_err(|e| {
        format!(
            "git gives {top} as the working tree of {}: {e}",
            dir.display()
        )
    })?;
    if let Ok(real) = dir.canonicalize() {
        if !real.starts_with(&real_top) {
            return Err(format!(
                "git gives {} as the working tree of {}, which is not inside it (core.worktree or GIT_WORK_TREE names another tree); refusing to check a tree other than the one asked about",
                real_top.display(),
                dir.display()
            ));
        }
    }
    Ok(PathBuf::from(top))
}

/// The content of `path` (relative to the top level) at revision `rev` of the repository
/// whose top level is `top` (`rev` empty: the index), or `None` when it is not there;
/// refused past [`MAX_FILE_BYTES`](crate::limits::MAX_FILE_BYTES). Blobs are read raw (no textconv, no filters).
///
/// The path is named `rev:./path` (relative to the top level, where git runs), so that no
/// file name is read as revision syntax: `0:app.py` is a file, not stage 0 of `app.py`.
pub fn git_file(top: &Path, rev: &str, path: &str) -> Result<Option<Vec<u8>>, Error> {
    Ok(git_entry(top, rev, path)?.map(|(_, bytes)| bytes))
}

/// The paths of every file at revision `rev` of the repository whose top level is `top`
/// (`rev` empty: the index, that is the tracked files), relative to the top level.
pub fn git_paths(top: &Path, rev: &str) -> Result<Vec<String>, Error> {
    let args: Vec<String> = if rev.is_empty() {
        vec!["ls-files".into(), "-z".into()]
    } else {
        [
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            "--full-tree",
            rev,
            "--",
        ]
        .map(String::from)
        .to_vec()
    };
    let out = git(top, &args).map_err(|message| Error::Git { message })?;
    Ok(out
        .split(|&b| b == 0)
        .filter(|p| !p.is_empty())
        .filter_map(|p| std::str::from_utf8(p).ok())
        .map(str::to_string)
        .collect())
}

/// [`git_file`] with the entry's mode (`100644`, `100755`, `120000` for a symlink, whose
/// content is then its target).
pub fn git_entry(top: &Path, rev: &str, path: &str) -> Result<Option<(String, Vec<u8>)>, Error> {
    let path = normalize_path(path)?;
    tree_entry(top, rev, &path).map_err(|message| Error::Git { message })
}

/// `Ok` when `rev` names a commit of the repository at `top`; else a message that names the
/// revision and the usual cause in CI (a shallow clone, a branch not fetched).
pub(crate) fn verify_revision(top: &Path, rev: &str) -> Result<(), String> {
    let commit = format!("{rev}^{{commit}}");
    let out = git_command(top)
        .args([
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &commit,
        ])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if out.status.success() {
        return Ok(());
    }
    Err(format!(
        "the revision `{rev}` is not a commit of this repository: a shallow clone (`actions/checkout` needs `fetch-depth: 0`, or run `git fetch --unshallow`), a branch that is not fetched (`git fetch origin main`), or a typo"
    ))
}

/// [`git_entry`] for a normalised path, with the message as a string.
pub(crate) fn tree_entry(
    top: &Path,
    rev: &str,
    path: &str,
) -> Result<Option<(String, Vec<u8>)>, String> {
    let path = normalize(path)?;
    let object = format!("{rev}:./{path}");
    let exists = git_command(top)
        .args(["cat-file", "-e", &object])
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !exists.status.success() {
        // A revision that is not there is not "no such file": say which one is missing.
        if !rev.is_empty() {
            verify_revision(top, rev)?;
        }
        return Ok(None);
    }
    // The mode, from the tree (or the index) that holds the path.
    let listing = if rev.is_empty() {
        git(
            top,
            &[
                "ls-files".into(),
                "-s".into(),
                "-z".into(),
                "--".into(),
                path.clone(),
            ],
        )?
    } else {
        git(
            top,
            &[
                "ls-tree".into(),
                "-z".into(),
                rev.to_string(),
                "--".into(),
                path.clone(),
            ],
        )?
    };
    let mode = String::from_utf8_lossy(&listing)
        .split(' ')
        .next()
        .unwrap_or_default()
        .to_string();
    Ok(git_blob(top, &object)?.map(|b| (mode, b)))
}

pub(crate) fn git(repo: &Path, args: &[String]) -> Result<Vec<u8>, String> {
    git_idx(repo, args, None)
}

/// [`git`] with the index file `index` instead of the repository's.
pub(crate) fn git_idx(
    repo: &Path,
    args: &[String],
    index: Option<&Path>,
) -> Result<Vec<u8>, String> {
    let mut cmd = git_command(repo);
    if let Some(i) = index {
        cmd.env("GIT_INDEX_FILE", i);
    }
    let out = cmd
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {} failed: {}",
            args.join(" "),
            git_error(&out.stderr)
        ));
    }
    Ok(out.stdout)
}

/// git's error output, cut to its first lines (a usage text is not an error message).
pub(crate) fn git_error(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim_end)
        .filter(|l| !l.is_empty())
        .take_while(|l| !l.starts_with("usage:"))
        .take(3)
        .collect();
    if lines.is_empty() {
        text.lines()
            .next()
            .unwrap_or("no message")
            .trim()
            .to_string()
    } else {
        lines.join("; ")
    }
}

/// The raw blob at `rev:path`, read bounded: over [`MAX_FILE_BYTES`] is an error.
pub(crate) fn git_blob(top: &Path, object: &str) -> Result<Option<Vec<u8>>, String> {
    git_cat(top, &["cat-file".into(), "blob".into()], object)
}

/// `git <args> <object>` (a `cat-file`), its output read bounded.
pub(crate) fn git_cat(
    top: &Path,
    args: &[String],
    object: &str,
) -> Result<Option<Vec<u8>>, String> {
    use std::io::Read as _;
    let mut child = git_command(top)
        .args(args)
        .arg(object)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    let mut bytes = Vec::new();
    let read = child
        .stdout
        .take()
        .ok_or("no output from git")?
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes);
    if bytes.len() as u64 > MAX_FILE_BYTES {
        let _ = child.kill();
        let _ = child.wait();
        return Err(format!(
            "`{object}` is over the size limit of {MAX_FILE_BYTES} bytes"
        ));
    }
    let out = child
        .wait_with_output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    read.map_err(|e| format!("git cat-file {object}: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git cat-file blob {object} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(Some(bytes))
}
