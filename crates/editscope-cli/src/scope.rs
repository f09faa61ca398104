//! `editscope scope`: the smallest contract that allows a change.

use std::collections::BTreeSet;

use editscope::{
    check_changes, ChangeKind, ChangeSet, Contract, ContractSpec, FileChange, Language, SourceFile,
};

use crate::check::{changes, SourceArgs};
use crate::Failure;

/// The grants one file needs.
fn file_grants(f: &FileChange, spec: &mut ContractSpec) {
    let path = &f.path;
    // A symlink is allowed only by a `files` grant naming it.
    if f.is_link_after() || (f.is_link_before() && f.after.is_some()) {
        return spec.files.push(path.clone());
    }
    match (&f.before, &f.after) {
        (None, Some(_)) => return spec.create.push(path.clone()),
        (Some(_), None) => return spec.delete.push(path.clone()),
        _ => {}
    }
    if let Some(old) = &f.old_path {
        spec.create.push(path.clone());
        let _ = old;
        return;
    }
    let (Some(before), Some(after)) = (&f.before, &f.after) else {
        return;
    };
    let Some(language) = Language::from_path(path) else {
        return spec.files.push(path.clone());
    };
    if f.binary || f.mode_change.is_some() {
        return spec.files.push(path.clone());
    }
    let (Ok(b), Ok(a)) = (
        SourceFile::parse(language, before.as_str()),
        SourceFile::parse(language, after.as_str()),
    ) else {
        return spec.files.push(path.clone());
    };
    let diff = editscope::diff(&b, &a);
    let mut local = ContractSpec::default();
    for c in &diff.changes {
        let sel = format!("{path}::{}", c.symbol);
        match c.change {
            ChangeKind::Body
                if c.before_index
                    .is_some_and(|i| b.symbols()[i].body.is_some()) =>
            {
                local.body.push(sel)
            }
            ChangeKind::Body | ChangeKind::Signature | ChangeKind::Formatting => {
                local.edit.push(sel)
            }
            ChangeKind::Removed => local.delete.push(sel),
            ChangeKind::Added => {
                let parent = c.after_index.and_then(|i| a.symbols()[i].parent);
                match parent {
                    None => local.add.push(path.clone()),
                    Some(p) => {
                        let s = &a.symbols()[p];
                        let target = s.path.clone();
                        if s.is_container() {
                            local.add.push(format!("{path}::{target}"));
                        } else {
                            local.edit.push(format!("{path}::{}", s.path));
                        }
                    }
                }
            }
            ChangeKind::Moved => {
                let parent = c.before_index.and_then(|i| b.symbols()[i].parent);
                match parent {
                    Some(p) => local.edit.push(format!("{path}::{}", b.symbols()[p].path)),
                    None => local.files.push(path.clone()),
                }
            }
        }
    }
    if !diff.outside.is_empty() {
        local.imports.push(path.clone());
    }
    // Keep the symbol-level grants only if they really allow the change; otherwise the whole
    // file.
    let dedup = |v: &mut Vec<String>| {
        let set: BTreeSet<String> = v.drain(..).collect();
        v.extend(set);
    };
    for list in [
        &mut local.edit,
        &mut local.body,
        &mut local.delete,
        &mut local.add,
        &mut local.files,
        &mut local.imports,
    ] {
        dedup(list);
    }
    let allows = |spec: &ContractSpec| {
        Contract::from_spec(spec.clone())
            .ok()
            .and_then(|c| {
                ChangeSet::from_memory([(path.as_str(), Some(before.clone()), Some(after.clone()))])
                    .ok()
                    .and_then(|cs| check_changes(&c, &cs).ok())
            })
            .is_some_and(|r| r.is_allowed())
    };
    // Without the grants an enclosing grant already covers (a field deleted from a struct
    // whose body is granted), so that dropping any grant left rejects the change.
    let reduced = without_covered(&local, path, &b);
    let works = if reduced != local && allows(&reduced) {
        local = reduced;
        true
    } else {
        allows(&local)
    };
    if works {
        spec.edit.extend(local.edit);
        spec.body.extend(local.body);
        spec.delete.extend(local.delete);
        spec.add.extend(local.add);
        spec.files.extend(local.files);
        spec.imports.extend(local.imports);
    } else {
        spec.files.push(path.clone());
    }
}

/// `spec` (one file's grants) without the symbol grants that an `edit` of an enclosing
/// symbol, or a `body` of one whose body holds it, already covers.
fn without_covered(spec: &ContractSpec, path: &str, before: &SourceFile) -> ContractSpec {
    let prefix = format!("{path}::");
    let local = |list: &[String]| -> Vec<String> {
        list.iter()
            .filter_map(|s| s.strip_prefix(&prefix).map(str::to_string))
            .collect()
    };
    let (edit, body) = (local(&spec.edit), local(&spec.body));
    let symbols = before.symbols();
    // Whether symbol `i` (or, for `add`, what is added inside it: `itself`) lies in a region
    // another grant frees.
    let freed = |i: usize, itself: bool| {
        let s = &symbols[i];
        let mut at = if itself { Some(i) } else { s.parent };
        while let Some(a) = at {
            let anc = &symbols[a];
            let named = |list: &[String]| list.iter().any(|p| anc.matches(p));
            if named(&edit)
                || (named(&body) && anc.body.is_some_and(|b| a == i || b.contains(&s.extent)))
            {
                return true;
            }
            at = anc.parent;
        }
        false
    };
    let covered = |sel: &String, add: bool| {
        let Some(p) = sel.strip_prefix(&prefix) else {
            return false;
        };
        let mut found = before.find(p).peekable();
        found.peek().is_some() && found.all(|(i, _)| freed(i, add))
    };
    let keep = |list: &[String], add: bool| -> Vec<String> {
        list.iter().filter(|s| !covered(s, add)).cloned().collect()
    };
    let mut out = spec.clone();
    out.edit = keep(&spec.edit, false);
    out.body = keep(&spec.body, false);
    out.delete = keep(&spec.delete, false);
    out.add = keep(&spec.add, true);
    out
}

/// `editscope scope`.
pub fn run(args: SourceArgs, out: &mut Vec<u8>) -> Result<u8, Failure> {
    let mut changes = changes(&args)?;
    // A patch's paths, placed under the project root as `check` places them.
    let patch = !(args.staged || args.worktree || args.range.is_some() || args.before.is_some());
    if patch {
        let project = crate::check::flag_project(&args)?;
        crate::check::place_patch(&args, &mut changes, &project)?;
    }
    // Each file's grants on its own thread, merged in the change set's order (the output is
    // the same for any `--jobs`).
    let jobs = editscope::par::jobs(args.jobs);
    let each = editscope::par::map(&changes.files, jobs, |f| {
        let mut one = ContractSpec::default();
        file_grants(f, &mut one);
        one
    });
    let mut spec = ContractSpec::default();
    for one in each {
        spec.edit.extend(one.edit);
        spec.body.extend(one.body);
        spec.delete.extend(one.delete);
        spec.add.extend(one.add);
        spec.files.extend(one.files);
        spec.imports.extend(one.imports);
        spec.create.extend(one.create);
    }
    let contract = Contract::from_spec(spec).map_err(|e| Failure(e.to_string()))?;
    out.extend_from_slice(b"# The smallest contract that allows this change (editscope scope).\n");
    out.extend_from_slice(contract.canonical_toml().as_bytes());
    Ok(0)
}
