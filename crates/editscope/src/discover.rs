//! Which contract governs an edit, and which tree it governs.
//!
//! The contract is named (`--contract`, `$EDITSCOPE_CONTRACT`) or found: [`find_contract`]
//! takes the outermost `.editscope.toml` at or above a start directory (`editscope check`);
//! the hooks collect every one with [`contracts_above`] for every file a call writes and
//! deny a call that falls under more than one. The root its paths are relative to is the
//! project: the root given, else a work tree read from the file system ([`work_tree_top`],
//! [`outermost_work_tree_top`]; no `git` process, so no configuration or `PATH` the agent
//! may have written changes it). [`git_toplevel`] and [`project_root`] ask git instead. So a
//! contract kept outside the repository, or in a folder above it, governs the repository.

use std::path::{Path, PathBuf};

/// The name of a contract found by walking up from the edited file.
pub const CONTRACT_FILE_NAME: &str = ".editscope.toml";

/// The environment variable that names the contract.
pub const CONTRACT_ENV: &str = "EDITSCOPE_CONTRACT";

/// How the contract was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContractOrigin {
    /// Given explicitly (`--contract`).
    Explicit,
    /// `$EDITSCOPE_CONTRACT`.
    Environment,
    /// The outermost `.editscope.toml` at or above the start directory.
    Discovered,
}

/// A contract file and how it was named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContractSource {
    /// The contract file (absolute when `start` or the working directory made it so).
    pub path: PathBuf,
    /// How it was named.
    pub origin: ContractOrigin,
}

/// Finds the contract: `explicit`, then `$EDITSCOPE_CONTRACT`, then the outermost
/// `.editscope.toml` in a start directory or a directory above it (the first of `starts`
/// that has one: a hook passes where the write lands physically, where it lands as
/// written, and the agent's working directory). A contract further down (which an
/// agent allowed to create files could write) never overrides one further up. A relative
/// named path is taken from the process's working directory.
pub fn find_contract(explicit: Option<&Path>, starts: &[&Path]) -> Option<ContractSource> {
    let absolute = |p: &Path| {
        if p.is_absolute() {
            p.to_path_buf()
        } else {
            std::env::current_dir()
                .map(|d| d.join(p))
                .unwrap_or_else(|_| p.to_path_buf())
        }
    };
    if let Some(p) = explicit {
        return Some(ContractSource {
            path: absolute(p),
            origin: ContractOrigin::Explicit,
        });
    }
    if let Some(p) = std::env::var_os(CONTRACT_ENV).filter(|v| !v.is_empty()) {
        return Some(ContractSource {
            path: absolute(Path::new(&p)),
            origin: ContractOrigin::Environment,
        });
    }
    starts.iter().find_map(|start| {
        let mut outermost = None;
        let mut dir = Some(*start);
        while let Some(d) = dir {
            let candidate = d.join(CONTRACT_FILE_NAME);
            if candidate.is_file() {
                outermost = Some(candidate);
            }
            dir = d.parent();
        }
        outermost.map(|path| ContractSource {
            path: absolute(&path),
            origin: ContractOrigin::Discovered,
        })
    })
}

/// Every `.editscope.toml` at or above `start`, innermost first. A hook that finds more
/// than one for a call denies it: which one governs would be a guess, and a contract the
/// agent managed to place above or below the real one must never win.
pub fn contracts_above(start: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut dir = Some(start);
    while let Some(d) = dir {
        let candidate = d.join(CONTRACT_FILE_NAME);
        if candidate.is_file() {
            out.push(candidate);
        }
        dir = d.parent();
    }
    out
}

/// The top of the git work tree at or above `dir` (or its nearest existing ancestor), read
/// from the file system: the nearest directory holding a `.git` entry (a directory, or the
/// file of a linked worktree or submodule). No git process runs, so neither the
/// environment, git's configuration (which the agent might have written) nor a `git` on the
/// `PATH` changes the answer. `Err` when the file system cannot be read on the way.
pub fn work_tree_top(dir: &Path) -> Result<Option<PathBuf>, String> {
    let Some(dir) = existing_dir(dir) else {
        return Ok(None);
    };
    let mut at = Some(dir.as_path());
    while let Some(d) = at {
        match std::fs::symlink_metadata(d.join(".git")) {
            Ok(_) => return Ok(Some(d.to_path_buf())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(format!("cannot read `{}`: {e}", d.join(".git").display())),
        }
        at = d.parent();
    }
    Ok(None)
}

/// The outermost work tree top ([`work_tree_top`]) at or above `dir` and at or below
/// `bound`: a repository nested in the project (a submodule, a `git init` in a subfolder)
/// does not become the root.
pub fn outermost_work_tree_top(dir: &Path, bound: &Path) -> Result<Option<PathBuf>, String> {
    let mut found = None;
    let mut at = work_tree_top(dir)?;
    while let Some(top) = at {
        if !top.starts_with(bound) {
            break;
        }
        at = match top.parent() {
            Some(up) => work_tree_top(up)?,
            None => None,
        };
        found = Some(top);
    }
    Ok(found)
}

/// The nearest existing directory at or above `path` (a file's directory may not exist yet).
pub fn existing_dir(path: &Path) -> Option<PathBuf> {
    let mut at = Some(path);
    while let Some(p) = at {
        if p.is_dir() {
            return Some(p.to_path_buf());
        }
        at = p.parent();
    }
    None
}

/// The git top level of `dir` (or of its nearest existing ancestor), if it is in a
/// repository. The environment's `GIT_DIR` and `GIT_WORK_TREE` are ignored: the answer
/// depends on the directory only.
pub fn git_toplevel(dir: &Path) -> Option<PathBuf> {
    let dir = existing_dir(dir)?;
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(&dir)
        .args(["rev-parse", "--show-toplevel"])
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .output()
        .ok()?;
    let top = String::from_utf8(out.stdout).ok()?;
    let top = top.trim_end_matches(['\n', '\r']);
    (out.status.success() && !top.is_empty()).then(|| PathBuf::from(top))
}

/// The project root an agent's edits are judged in: `explicit` if given (relative to the
/// process's working directory), else the git top level of the first of `dirs` that is in
/// a repository (the agent's working directory first, then the edited file's directory),
/// else the first of `dirs`, else the process's working directory.
pub fn project_root(explicit: Option<&Path>, dirs: &[&Path]) -> PathBuf {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    if let Some(r) = explicit {
        return cwd.join(r);
    }
    dirs.iter()
        .find_map(|d| git_toplevel(&cwd.join(d)))
        .or_else(|| dirs.first().map(|d| cwd.join(d)))
        .unwrap_or(cwd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outermost_contract_wins_and_root_is_the_project() {
        let d = std::env::temp_dir().join(format!("editscope-discover-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("proj/src/sub")).unwrap();
        std::fs::write(d.join(CONTRACT_FILE_NAME), "").unwrap();
        std::fs::write(d.join("proj/src").join(CONTRACT_FILE_NAME), "").unwrap();
        let found = find_contract(None, &[&d.join("proj/src/sub")]);
        if std::env::var_os(CONTRACT_ENV).is_none() {
            let found = found.unwrap();
            assert_eq!(found.path, d.join(CONTRACT_FILE_NAME));
            assert_eq!(found.origin, ContractOrigin::Discovered);
        }
        let named = find_contract(Some(Path::new("x.toml")), &[&d]).unwrap();
        assert!(named.path.is_absolute());
        assert_eq!(named.origin, ContractOrigin::Explicit);
        let ok = std::process::Command::new("git")
            .args(["init", "-q"])
            .current_dir(d.join("proj"))
            .status()
            .is_ok_and(|s| s.success());
        if ok {
            let root = project_root(None, &[&d.join("proj/src/sub/new")]);
            assert_eq!(
                root.canonicalize().unwrap(),
                d.join("proj").canonicalize().unwrap()
            );
        }
        assert_eq!(project_root(Some(&d), &[Path::new("/")]), d);
        std::fs::remove_dir_all(&d).ok();
    }

    #[test]
    fn work_trees_are_read_from_the_file_system() {
        let d = std::env::temp_dir().join(format!("editscope-worktree-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("proj/.git")).unwrap();
        std::fs::create_dir_all(d.join("proj/sub/inner")).unwrap();
        std::fs::write(d.join("proj/sub/.git"), "gitdir: ../.git/modules/sub\n").unwrap();
        std::fs::write(d.join(CONTRACT_FILE_NAME), "").unwrap();
        std::fs::write(d.join("proj").join(CONTRACT_FILE_NAME), "").unwrap();
        assert_eq!(
            work_tree_top(&d.join("proj/sub/inner/new")).unwrap(),
            Some(d.join("proj/sub"))
        );
        assert_eq!(
            outermost_work_tree_top(&d.join("proj/sub/inner"), &d).unwrap(),
            Some(d.join("proj"))
        );
        assert_eq!(
            outermost_work_tree_top(&d.join("proj/sub/inner"), &d.join("proj/sub")).unwrap(),
            Some(d.join("proj/sub"))
        );
        assert_eq!(
            contracts_above(&d.join("proj/sub")),
            vec![
                d.join("proj").join(CONTRACT_FILE_NAME),
                d.join(CONTRACT_FILE_NAME)
            ]
        );
        std::fs::remove_dir_all(&d).ok();
    }
}
