//! `editscope.Contract`: what one task may change, and the checks against it.

use std::hash::{Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use editscope::patch::ToolEdit;
use editscope::patch::{Action, Edit, PatchError as LibPatchError, PatchErrorKind, Replacement};
use editscope::{
    check_changes_with, ChangeSet, CheckChangesOptions, ContractSpec, Formatting, GitSource,
    PatchFormat,
};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping, PyString, PyTuple};

use crate::convert::{py_to_json, repr_str, text_of, Text};
use crate::errors::{contract_error, contract_error_at, patch_error, Failure};
use crate::guard;
use crate::types::Verdict;

/// What one task may change in a repository: symbol grants, whole files, new files, imports.
/// Everything a contract does not grant is frozen.
///
/// Make one from keyword arguments, each a list of strings:
///
///     Contract(body=["src/app.py::UserService.create"], add=["src/app.py::UserService"],
///              create=["tests/**"])
///
/// - edit: selectors '<file glob>::<symbol>' whose whole extent may change (a file glob
///   alone frees the whole file);
/// - body: selectors whose body may change (signature, decorators and docstring frozen);
/// - delete: selectors of symbols that may be removed, or file globs that may be deleted;
/// - add: containers ('file::Class') or files ('file', for the top level) that may gain
///   new symbols;
/// - files: file globs free to edit and create;
/// - create: file globs where new files may be created;
/// - imports: file globs whose module-level import statements may change;
/// - formatting: 'exact' (byte for byte outside the grants, the default) or 'tolerant'
///   (whitespace and line breaks outside the grants may change);
/// - allow_syntax_errors: check files whose version before the change has syntax errors
///   instead of calling them unverifiable;
/// - budget_ms: time budget of one check in milliseconds (default 5000); past it the
///   verdict is 'unverifiable' (budget exceeded), never allowed;
/// - allow_bidi: allow the change to add bidirectional control characters (rejected by
///   default, as 'bidi_control' violations).
///
/// Or read one: Contract.from_file(path), Contract.from_toml(text), Contract.from_json(text).
/// A bad contract raises editscope.ContractError (with .line, .column, .key).
///
/// The check methods (check_patch, check_files, check_edit, check_write, check_tool_call,
/// check_git, check_dirs) return a Verdict and never raise for a rejected change. They
/// release the GIL while they parse and check; a Contract is immutable and can be shared
/// across threads.
#[pyclass(frozen, eq, hash, module = "editscope")]
pub struct Contract {
    inner: Arc<editscope::Contract>,
    /// The file it was read from (`from_file`), which `check_tool_call` never grants.
    path: Option<PathBuf>,
}

impl PartialEq for Contract {
    fn eq(&self, other: &Self) -> bool {
        self.inner.canonical_toml() == other.inner.canonical_toml()
    }
}

impl Hash for Contract {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.inner.canonical_toml().hash(state);
    }
}

impl Contract {
    /// The library contract.
    pub(crate) fn inner(&self) -> &editscope::Contract {
        &self.inner
    }

    /// The file it was read from, if any.
    pub(crate) fn path(&self) -> Option<&std::path::Path> {
        self.path.as_deref()
    }
}

fn texts(values: Option<Vec<Text>>) -> Vec<String> {
    values
        .unwrap_or_default()
        .into_iter()
        .map(|t| t.0)
        .collect()
}

fn root_or_cwd(root: Option<PathBuf>) -> PathBuf {
    root.unwrap_or_else(|| PathBuf::from("."))
}

fn patch_format(format: Option<Text>) -> PyResult<Option<PatchFormat>> {
    Ok(match format.as_ref().map(|t| t.0.as_str()) {
        None => None,
        Some("unified") => Some(PatchFormat::Unified),
        Some("codex") => Some(PatchFormat::Codex),
        Some("aider") => Some(PatchFormat::Aider),
        Some(other) => {
            return Err(PyValueError::new_err(format!(
            "unknown patch format {other:?}: expected None (detect), 'unified', 'codex' or 'aider'"
        )))
        }
    })
}

impl Contract {
    /// Builds the change set with the GIL released, checks it, and wraps the report.
    /// Builds the change and checks it; `strict`: a selector warning is a `GrantError`.
    /// `known` gives the files besides the change's that a selector may name (for
    /// `no_file` warnings), as the CLI does for git checks.
    fn run(
        &self,
        py: Python<'_>,
        strict: bool,
        build: impl FnOnce() -> Result<(ChangeSet, Option<Vec<String>>), Failure> + Send,
    ) -> PyResult<Verdict> {
        let contract = Arc::clone(&self.inner);
        py.detach(move || {
            let (changes, known_files) = build()?;
            let options = CheckChangesOptions {
                known_files,
                strict,
                ..CheckChangesOptions::default()
            };
            let report =
                check_changes_with(&contract, &changes, &options).map_err(Failure::Library)?;
            Ok(Verdict::new(report, contract, &changes))
        })
        .map_err(|f: Failure| f.into_pyerr(py))
    }

    fn tool_edits(
        &self,
        py: Python<'_>,
        root: PathBuf,
        edit: ToolEdit,
        strict: bool,
    ) -> PyResult<Verdict> {
        self.run(py, strict, move || {
            ChangeSet::from_tool_edits(&root, vec![edit])
                .map(|c| (c, None))
                .map_err(Failure::Patch)
        })
    }

    fn from_result(
        py: Python<'_>,
        result: Result<editscope::Contract, editscope::ContractError>,
    ) -> PyResult<Contract> {
        result
            .map(|c| Contract {
                inner: Arc::new(c),
                path: None,
            })
            .map_err(|e| contract_error(py, &e))
    }
}

#[pymethods]
impl Contract {
    /// Contract(edit=None, body=None, delete=None, add=None, files=None, create=None,
    /// imports=None, formatting='exact', allow_syntax_errors=False, budget_ms=None,
    /// allow_bidi=False): a contract made in code.
    ///
    /// Each list holds selectors or globs as in a contract file. Raises ContractError (with
    /// .key such as 'edit[1]') for a selector or glob that does not parse.
    #[new]
    #[pyo3(
        signature = (edit=None, body=None, delete=None, add=None, files=None, create=None, imports=None, formatting=None, allow_syntax_errors=false, budget_ms=None, allow_bidi=false, protect=None),
        text_signature = "(edit=None, body=None, delete=None, add=None, files=None, create=None, imports=None, formatting='exact', allow_syntax_errors=False, budget_ms=None, allow_bidi=False, protect=None)"
    )]
    #[allow(clippy::too_many_arguments)]
    fn new(
        py: Python<'_>,
        edit: Option<Vec<Text>>,
        body: Option<Vec<Text>>,
        delete: Option<Vec<Text>>,
        add: Option<Vec<Text>>,
        files: Option<Vec<Text>>,
        create: Option<Vec<Text>>,
        imports: Option<Vec<Text>>,
        formatting: Option<Text>,
        allow_syntax_errors: bool,
        budget_ms: Option<u64>,
        allow_bidi: bool,
        protect: Option<Vec<Text>>,
    ) -> PyResult<Contract> {
        guard(|| {
            let formatting = match formatting.as_ref().map(|t| t.0.as_str()) {
                None | Some("exact") => Formatting::Exact,
                Some("tolerant") => Formatting::Tolerant,
                Some(other) => {
                    return Err(contract_error_at(
                        py,
                        "formatting",
                        format!("unknown formatting {other:?}: expected 'exact' or 'tolerant'"),
                    ))
                }
            };
            let spec = ContractSpec {
                edit: texts(edit),
                body: texts(body),
                delete: texts(delete),
                add: texts(add),
                files: texts(files),
                create: texts(create),
                imports: texts(imports),
                formatting,
                allow_syntax_errors,
                budget_ms,
                allow_bidi,
                protect: texts(protect),
            };
            Self::from_result(py, editscope::Contract::from_spec(spec))
        })
    }

    /// Reads a contract file: JSON for a '.json' name, TOML otherwise. Raises ContractError
    /// for a file that cannot be read or does not parse (with .line and .column).
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Contract> {
        guard(|| {
            let file = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
            let result = py.detach(move || editscope::Contract::from_path(&path));
            Self::from_result(py, result).map(|c| Contract {
                path: Some(file),
                ..c
            })
        })
    }

    /// Parses a contract in TOML. Raises ContractError with .line and .column.
    #[staticmethod]
    fn from_toml(py: Python<'_>, text: Text) -> PyResult<Contract> {
        guard(|| {
            let result = py.detach(move || editscope::Contract::from_toml(&text.0));
            Self::from_result(py, result)
        })
    }

    /// Parses a contract in JSON (the same keys as TOML). Raises ContractError with .line and
    /// .column.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: Text) -> PyResult<Contract> {
        guard(|| {
            let result = py.detach(move || editscope::Contract::from_json(&text.0));
            Self::from_result(py, result)
        })
    }

    /// The contract in canonical TOML: keys in a fixed order, each list sorted and without
    /// duplicates. Two contracts that allow the same thing print the same (and compare equal).
    fn to_toml(&self) -> PyResult<String> {
        guard(|| Ok(self.inner.canonical_toml()))
    }

    /// What the contract allows, one human-readable line per grant.
    fn describe(&self) -> PyResult<Vec<String>> {
        guard(|| Ok(self.inner.describe()))
    }

    /// Whether a new file may be created at path (a repository-relative path; 'create' or
    /// 'files' grants it).
    fn may_create(&self, path: Text) -> PyResult<bool> {
        guard(|| Ok(self.inner.may_create(&path.0)))
    }

    /// The 'edit' selectors as written.
    #[getter]
    fn edit(&self) -> PyResult<Vec<String>> {
        guard(|| Ok(self.inner.spec().edit.clone()))
    }

    /// The 'body' selectors as written.
    #[getter]
    fn body(&self) -> PyResult<Vec<String>> {
        guard(|| Ok(self.inner.spec().body.clone()))
    }

    /// The 'delete' selectors and globs as written.
    #[getter]
    fn delete(&self) -> PyResult<Vec<String>> {
        guard(|| Ok(self.inner.spec().delete.clone()))
    }

    /// The 'add' selectors as written.
    #[getter]
    fn add(&self) -> PyResult<Vec<String>> {
        guard(|| Ok(self.inner.spec().add.clone()))
    }

    /// The 'files' globs as written.
    #[getter]
    fn files(&self) -> PyResult<Vec<String>> {
        guard(|| Ok(self.inner.spec().files.clone()))
    }

    /// The 'create' globs as written.
    #[getter]
    fn create(&self) -> PyResult<Vec<String>> {
        guard(|| Ok(self.inner.spec().create.clone()))
    }

    /// The 'imports' globs as written.
    #[getter]
    fn imports(&self) -> PyResult<Vec<String>> {
        guard(|| Ok(self.inner.spec().imports.clone()))
    }

    /// The 'protect' selectors and globs as written (protect wins over every grant).
    #[getter]
    fn protect(&self) -> PyResult<Vec<String>> {
        guard(|| Ok(self.inner.spec().protect.clone()))
    }

    /// 'exact' or 'tolerant'.
    #[getter]
    fn formatting(&self) -> PyResult<&'static str> {
        guard(|| {
            Ok(match self.inner.formatting() {
                Formatting::Exact => "exact",
                Formatting::Tolerant => "tolerant",
            })
        })
    }

    /// The time budget of one check, in milliseconds.
    #[getter]
    fn budget_ms(&self) -> PyResult<u64> {
        guard(|| Ok(u64::try_from(self.inner.budget().as_millis()).unwrap_or(u64::MAX)))
    }

    /// Whether the change may add bidirectional control characters.
    #[getter]
    fn allow_bidi(&self) -> PyResult<bool> {
        guard(|| Ok(self.inner.spec().allow_bidi))
    }

    /// Whether files with syntax errors before the change are checked anyway.
    #[getter]
    fn allow_syntax_errors(&self) -> PyResult<bool> {
        guard(|| Ok(self.inner.spec().allow_syntax_errors))
    }

    /// Checks a patch applied to the files under root (read, never written).
    ///
    /// format: None to detect it, or 'unified' (git diff), 'codex' (apply_patch, also inside
    /// an apply_patch heredoc) or 'aider' (SEARCH/REPLACE blocks). Raises PatchError (with
    /// .line, .path, .kind) when the patch is malformed, does not apply, or names a path
    /// outside root; ValueError for an unknown format.
    #[pyo3(signature = (patch, root=None, format=None, strict=false), text_signature = "($self, patch, root='.', format=None, strict=False)")]
    fn check_patch(
        &self,
        py: Python<'_>,
        patch: Text,
        root: Option<PathBuf>,
        format: Option<Text>,
        strict: bool,
    ) -> PyResult<Verdict> {
        guard(|| {
            let format = patch_format(format)?;
            let root = root_or_cwd(root);
            self.run(py, strict, move || {
                let changes =
                    ChangeSet::from_patch_text(&root, &patch.0, format).map_err(Failure::Patch)?;
                Ok((changes, None))
            })
        })
    }

    /// Checks files given in memory: {path: (before, after)}, where before is None for a
    /// created file and after None for a deleted one. Paths are repository-relative.
    /// Raises PatchError (kind 'bad_path') for an absolute path or one with '..'.
    #[pyo3(signature = (files, strict=false), text_signature = "($self, files, strict=False)")]
    fn check_files(
        &self,
        py: Python<'_>,
        files: &Bound<'_, PyAny>,
        strict: bool,
    ) -> PyResult<Verdict> {
        guard(|| {
            let mut entries: Vec<(String, Option<String>, Option<String>)> = Vec::new();
            let items = files.call_method0("items").map_err(|_| {
                PyTypeError::new_err("check_files expects a dict {path: (before, after)}")
            })?;
            for item in items.try_iter()? {
                let item = item?;
                let (path, value): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
                let path = text_of(&path)?;
                let pair: Vec<Bound<'_, PyAny>> = if value.is_instance_of::<PyString>() {
                    vec![]
                } else {
                    value.extract().unwrap_or_default()
                };
                let [before, after] = pair.as_slice() else {
                    return Err(PyTypeError::new_err(format!(
                        "check_files: the value for {} must be a pair (before, after) of str or None",
                        repr_str(py, &path)
                    )));
                };
                let side = |v: &Bound<'_, PyAny>| -> PyResult<Option<String>> {
                    if v.is_none() {
                        Ok(None)
                    } else {
                        text_of(v).map(Some)
                    }
                };
                entries.push((path, side(before)?, side(after)?));
            }
            self.run(py, strict, move || {
                ChangeSet::from_memory(entries)
                    .map(|c| (c, None))
                    .map_err(Failure::from_lib)
            })
        })
    }

    /// Checks a Claude Code Edit: replace old_string by new_string in the file at path
    /// (relative to root, or absolute under root). old_string must occur exactly once unless
    /// replace_all. Raises PatchError when it does not occur, occurs more than once, or the
    /// path lies outside root.
    #[pyo3(signature = (path, old_string, new_string, replace_all=false, root=None, strict=false), text_signature = "($self, path, old_string, new_string, replace_all=False, root='.', strict=False)")]
    #[allow(clippy::too_many_arguments)]
    fn check_edit(
        &self,
        py: Python<'_>,
        path: Text,
        old_string: Text,
        new_string: Text,
        replace_all: bool,
        root: Option<PathBuf>,
        strict: bool,
    ) -> PyResult<Verdict> {
        guard(|| {
            let edit = ToolEdit {
                path: path.0,
                action: Action::Update {
                    edit: Some(Edit::Replace(vec![Replacement {
                        old: old_string.0,
                        new: new_string.0,
                        replace_all,
                    }])),
                    move_to: None,
                },
            };
            self.tool_edits(py, root_or_cwd(root), edit, strict)
        })
    }

    /// Checks a whole-file write (Claude Code Write, or creating a file): the file at path
    /// (relative to root, or absolute under root) gets content. Raises PatchError for a path
    /// outside root.
    #[pyo3(signature = (path, content, root=None, strict=false), text_signature = "($self, path, content, root='.', strict=False)")]
    fn check_write(
        &self,
        py: Python<'_>,
        path: Text,
        content: Text,
        root: Option<PathBuf>,
        strict: bool,
    ) -> PyResult<Verdict> {
        guard(|| {
            let edit = ToolEdit {
                path: path.0,
                action: Action::Create { content: content.0 },
            };
            self.tool_edits(py, root_or_cwd(root), edit, strict)
        })
    }

    /// Checks a file-editing tool call as an agent framework reports it, or returns None for
    /// a call that edits no file.
    ///
    /// The reading is the library's, shared with `editscope hook`: Claude Code 'Edit'
    /// {file_path, old_string, new_string, replace_all?}, 'MultiEdit' {file_path, edits},
    /// 'Write' {file_path, content}, 'NotebookEdit' (only where the notebook is granted whole
    /// under `files`); the text editor tool ('str_replace_based_edit_tool',
    /// 'str_replace_editor', 'file_editor', 'edit_file'): {command: 'str_replace' | 'create'
    /// | 'insert', ...}, 'view' gives None, 'undo_edit' only on a file granted whole, other
    /// commands raise; 'str_replace_editor', 'file_editor' and 'edit_file' expand the file's
    /// tabs first, as OpenHands and SWE-agent do; Codex 'apply_patch' {command} (the patch,
    /// or `cd DIR && apply_patch <<'EOF'`), and shell tools whose command runs it. Any other
    /// tool gives None.
    ///
    /// Relative paths are taken from cwd (default: root). Paths are resolved as the OS opens
    /// them: `..` after a symlink, a symlink inside root, or a symlink out of it raises
    /// PatchError(kind='bad_path'), as does a path outside root (unless what the call writes
    /// under root is rejected: then that verdict), a contract file, git configuration, a
    /// hard-linked file, or a path starting with `~` or holding `$`. A contract read with
    /// from_file is never granted. tool_input is a dict (or its JSON text). Raises PatchError
    /// for a missing field, an edit that does not apply, or a call that cannot be verified
    /// (kind='unverifiable').
    #[pyo3(signature = (tool_name, tool_input, root=None, cwd=None, strict=false), text_signature = "($self, tool_name, tool_input, root='.', cwd=None, strict=False)")]
    fn check_tool_call(
        &self,
        py: Python<'_>,
        tool_name: Text,
        tool_input: &Bound<'_, PyAny>,
        root: Option<PathBuf>,
        cwd: Option<PathBuf>,
        strict: bool,
    ) -> PyResult<Option<Verdict>> {
        guard(|| {
            let input = if tool_input.is_instance_of::<PyString>() {
                let text = text_of(tool_input)?;
                serde_json::from_str(&text).map_err(|e| {
                    let e = LibPatchError::new(
                        PatchErrorKind::Malformed,
                        0,
                        format!("the tool input is not JSON: {e}"),
                    );
                    patch_error(py, &e)
                })?
            } else if tool_input.is_instance_of::<PyDict>() {
                py_to_json(tool_input, 0)?
            } else if tool_input.cast::<PyMapping>().is_ok() {
                let dict = py.get_type::<PyDict>().call1((tool_input,))?;
                py_to_json(&dict, 0)?
            } else {
                return Err(PyTypeError::new_err(
                    "check_tool_call: tool_input must be a dict (or its JSON text)",
                ));
            };
            if !input.is_object() {
                let e = LibPatchError::new(
                    PatchErrorKind::Malformed,
                    0,
                    "the tool input is not a JSON object",
                );
                return Err(patch_error(py, &e));
            }
            let root = root_or_cwd(root);
            let cwd = cwd.unwrap_or_else(|| root.clone());
            let contract = Arc::clone(&self.inner);
            let contract_file = self.path.clone();
            let tool = tool_name.0;
            py.detach(move || {
                use editscope::tool_call::{check_tool_call, Outcome};
                match check_tool_call(
                    &contract,
                    contract_file.as_deref(),
                    &tool,
                    &input,
                    &cwd,
                    &root,
                ) {
                    Ok(Outcome::NotAnEdit) => Ok(None),
                    Ok(Outcome::Outside { paths }) => Err(Failure::BadPath {
                        path: paths
                            .first()
                            .map(|p| p.display().to_string())
                            .unwrap_or_default(),
                        message: format!(
                            "the tool call writes outside the root `{}`",
                            root.display()
                        ),
                    }),
                    Ok(Outcome::Checked {
                        changes,
                        report,
                        outside,
                    }) => match outside.first() {
                        // A rejection under the root is the answer, whatever else it writes.
                        Some(p) if report.status == editscope::Status::Allowed => {
                            Err(Failure::BadPath {
                                path: p.display().to_string(),
                                message: format!(
                                    "the tool call also writes outside the root `{}`",
                                    root.display()
                                ),
                            })
                        }
                        _ => match editscope::SelectorWarning::strict_error(
                            &report.selector_warnings,
                        ) {
                            Some(e) if strict => Err(Failure::Library(e)),
                            _ => Ok(Some(Verdict::new(report, contract, &changes))),
                        },
                    },
                    Err(e) => Err(Failure::ToolCall(e)),
                }
            })
            .map_err(|f: Failure| f.into_pyerr(py))
        })
    }

    /// Checks the changes git sees in the repository at root: the working tree against HEAD
    /// (default), the index against HEAD (staged=True), or a commit range 'A..B' (range).
    /// root may be any directory of the repository: the change is always the whole
    /// repository's, with paths relative to its top level. A change to any .editscope.toml is
    /// a 'contract_changed' violation, a new one in the working tree too (this contract is the
    /// one in use, so no file is set aside as the task's setup). Symlinks need a
    /// 'files' grant naming them and never lead outside the root.
    /// Raises editscope.Error when git fails (not a repository, unknown revision) and
    /// ValueError when both staged and range are given.
    #[pyo3(signature = (root=None, staged=false, range=None, strict=false), text_signature = "($self, root='.', staged=False, range=None, strict=False)")]
    fn check_git(
        &self,
        py: Python<'_>,
        root: Option<PathBuf>,
        staged: bool,
        range: Option<Text>,
        strict: bool,
    ) -> PyResult<Verdict> {
        guard(|| {
            let source = match (staged, range) {
                (true, Some(_)) => {
                    return Err(PyValueError::new_err(
                        "check_git: give staged=True or range='A..B', not both",
                    ))
                }
                (true, None) => GitSource::Staged,
                (false, Some(r)) => GitSource::Range(r.0),
                (false, None) => GitSource::WorkingTree,
            };
            let root = root_or_cwd(root);
            let contract = Arc::clone(&self.inner);
            self.run(py, strict, move || {
                let mut changes = ChangeSet::from_git(&root, &source).map_err(Failure::from_lib)?;
                if source == GitSource::WorkingTree {
                    // Ignored files are outside the change, except those `protect` names.
                    changes
                        .include_ignored(&root, &|p| contract.protects_path(p))
                        .map_err(Failure::from_lib)?;
                }
                // The repository's tracked files: the index, or the range's base.
                let rev = match &source {
                    GitSource::Range(_) => source.baseline().map_err(Failure::from_lib)?,
                    _ => String::new(),
                };
                let top = editscope::git_toplevel(&root).map_err(Failure::from_lib)?;
                let known = editscope::git_paths(&top, &rev).map_err(Failure::from_lib)?;
                Ok((changes, Some(known)))
            })
        })
    }

    /// Checks the difference between two directory trees ('.git' skipped): files only in
    /// after_dir are created, only in before_dir deleted. Raises editscope.Error when a
    /// directory cannot be read.
    #[pyo3(signature = (before_dir, after_dir, strict=false), text_signature = "($self, before_dir, after_dir, strict=False)")]
    fn check_dirs(
        &self,
        py: Python<'_>,
        before_dir: PathBuf,
        after_dir: PathBuf,
        strict: bool,
    ) -> PyResult<Verdict> {
        guard(|| {
            self.run(py, strict, move || {
                ChangeSet::from_dirs(&before_dir, &after_dir)
                    .map(|c| (c, None))
                    .map_err(Failure::from_lib)
            })
        })
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard(|| {
            let spec = self.inner.spec();
            let mut parts = Vec::new();
            for (key, list) in [
                ("edit", &spec.edit),
                ("body", &spec.body),
                ("delete", &spec.delete),
                ("add", &spec.add),
                ("files", &spec.files),
                ("create", &spec.create),
                ("imports", &spec.imports),
            ] {
                if !list.is_empty() {
                    let items: Vec<String> = list.iter().map(|s| repr_str(py, s)).collect();
                    parts.push(format!("{key}=[{}]", items.join(", ")));
                }
            }
            if spec.formatting == Formatting::Tolerant {
                parts.push("formatting='tolerant'".into());
            }
            if spec.allow_syntax_errors {
                parts.push("allow_syntax_errors=True".into());
            }
            Ok(format!("Contract({})", parts.join(", ")))
        })
    }

    /// Pickles as its canonical TOML.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyTuple>> {
        guard(|| {
            let from_toml = py.get_type::<Contract>().getattr("from_toml")?;
            let args = PyTuple::new(py, [self.inner.canonical_toml()])?;
            PyTuple::new(py, [from_toml, args.into_any()])
        })
    }
}
