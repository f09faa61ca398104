//! `editscope.Session`: an agent session judged against its starting state.

use std::path::PathBuf;
use std::sync::Arc;

use editscope::session::{Session as LibSession, SessionContract, SessionError};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyMapping, PyString};

use crate::contract::Contract;
use crate::convert::{py_to_json, text_of, Text};
use crate::errors::{Error, Failure};
use crate::guard;
use crate::types::Verdict;

/// An agent session: the project's state when it started (the baseline: the work tree,
/// untracked files git does not ignore included, and the contract), against which every
/// later check is made.
///
///     session = editscope.Session(".", editscope.Contract.from_file(".editscope.toml"))
///     session.check_edit("app.py", "return name", "return name.strip()")
///     session.check_worktree()      # whatever wrote the files: the shell, an MCP tool
///     session.restore(apply=True)   # ungranted symbols and files back, granted changes kept
///
/// A file created in the session under `create` may be edited again, and so may a method
/// added under `add`. The contract in force is the baseline's: a contract file changed
/// during the session is a 'contract_changed' violation, never a new policy.
///
/// Session(root, contract) records a new baseline (with a fresh id, or session_id); with
/// resume=True it opens the baseline already recorded for session_id (raising
/// editscope.Error when there is none, or when it is corrupt: never "allow"). The baseline
/// is kept in the repository's git folder (`.git/editscope/sessions/<id>/`) or, for a root
/// that is not a git work tree, in the cache folder; its blobs stay in memory once read. A
/// Session is warm: each baseline file is parsed once, on its first check, and kept parsed
/// in memory with the versions checked last, so a later check_edit costs an incremental
/// reparse of the edited file plus the comparison (the verdicts are those of a cold check).
/// A Session is immutable and thread-safe; checks release the GIL.
#[pyclass(frozen, module = "editscope")]
pub struct Session {
    inner: Arc<LibSession>,
}

fn session_error(e: SessionError) -> Failure {
    match e {
        SessionError::ToolCall(e) => Failure::ToolCall(e),
        SessionError::Check(e) => Failure::from_lib(e),
        e => Failure::Other(e.to_string()),
    }
}

fn new_id() -> String {
    use std::sync::atomic::{AtomicU64, Ordering};
    static N: AtomicU64 = AtomicU64::new(0);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!(
        "py-{nanos:x}-{:x}-{}",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    )
}

fn json_input(py: Python<'_>, tool_input: &Bound<'_, PyAny>) -> PyResult<serde_json::Value> {
    if tool_input.is_instance_of::<PyString>() {
        let text = text_of(tool_input)?;
        serde_json::from_str(&text).map_err(|e| {
            crate::errors::patch_error(
                py,
                &editscope::patch::PatchError::new(
                    editscope::patch::PatchErrorKind::Malformed,
                    0,
                    format!("the tool input is not JSON: {e}"),
                ),
            )
        })
    } else if tool_input.is_instance_of::<PyDict>() {
        py_to_json(tool_input, 0)
    } else if tool_input.cast::<PyMapping>().is_ok() {
        let dict = py.get_type::<PyDict>().call1((tool_input,))?;
        py_to_json(&dict, 0)
    } else {
        Err(PyTypeError::new_err(
            "check_tool_call: tool_input must be a dict (or its JSON text)",
        ))
    }
}

/// `strict=True`: the report's selector warnings are a `GrantError`.
fn strict_check(strict: bool, report: &editscope::Report) -> Result<(), Failure> {
    match editscope::SelectorWarning::strict_error(&report.selector_warnings) {
        Some(e) if strict => Err(Failure::Library(e)),
        _ => Ok(()),
    }
}

impl Session {
    fn call(
        &self,
        py: Python<'_>,
        tool: String,
        input: serde_json::Value,
        cwd: Option<PathBuf>,
        strict: bool,
    ) -> PyResult<Option<Verdict>> {
        let inner = Arc::clone(&self.inner);
        py.detach(move || {
            let cwd = cwd.unwrap_or_else(|| inner.root().to_path_buf());
            let c = inner
                .check_tool_call(&tool, &input, &cwd)
                .map_err(session_error)?;
            if c.not_an_edit {
                return Ok(None);
            }
            if let Some(p) = c.outside.first() {
                if c.report.is_allowed() {
                    return Err(Failure::BadPath {
                        path: p.display().to_string(),
                        message: format!(
                            "the tool call writes outside the session root `{}`",
                            inner.root().display()
                        ),
                    });
                }
            }
            strict_check(strict, &c.report)?;
            let contract = Arc::new(inner.contract().clone());
            Ok(Some(Verdict::new(c.report, contract, &c.changes)))
        })
        .map_err(|f: Failure| f.into_pyerr(py))
    }
}

#[pymethods]
impl Session {
    #[new]
    #[pyo3(signature = (root, contract, session_id=None, resume=false), text_signature = "(root, contract, session_id=None, resume=False)")]
    fn new(
        py: Python<'_>,
        root: PathBuf,
        contract: &Bound<'_, Contract>,
        session_id: Option<Text>,
        resume: bool,
    ) -> PyResult<Session> {
        guard(|| {
            let c = contract.get();
            let sc = match c.path() {
                Some(p) => SessionContract::from_file(p),
                None => Ok(SessionContract::from_contract(c.inner())),
            };
            let id = session_id.map(|t| t.0);
            py.detach(move || {
                let sc = sc.map_err(session_error)?;
                let s = match (resume, id) {
                    (true, Some(id)) => LibSession::open(&root, &id),
                    (true, None) => {
                        return Err(Failure::Other(
                            "Session(resume=True) needs the session_id to resume".into(),
                        ))
                    }
                    (false, id) => LibSession::start(&root, &id.unwrap_or_else(new_id), sc),
                }
                .map_err(session_error)?;
                Ok(Session { inner: Arc::new(s) })
            })
            .map_err(|f: Failure| f.into_pyerr(py))
        })
    }

    /// The session id.
    #[getter]
    fn id(&self) -> String {
        self.inner.id().to_string()
    }

    /// The project root (physical path).
    #[getter]
    fn root(&self) -> String {
        self.inner.root().display().to_string()
    }

    /// Judges replacing old_string by new_string in path (Claude Code's Edit): baseline ->
    /// (current state + this edit), for the whole work tree. The Verdict lists every
    /// violation of the work tree after the edit, those made earlier by other tools too.
    /// strict=True: a selector that matches no file of the project or no symbol of the files
    /// it names is a GrantError instead of a selector warning.
    #[pyo3(signature = (path, old_string, new_string, replace_all=false, strict=false))]
    fn check_edit(
        &self,
        py: Python<'_>,
        path: Text,
        old_string: Text,
        new_string: Text,
        replace_all: bool,
        strict: bool,
    ) -> PyResult<Verdict> {
        guard(|| {
            let input = serde_json::json!({
                "file_path": path.0, "old_string": old_string.0,
                "new_string": new_string.0, "replace_all": replace_all,
            });
            self.call(py, "Edit".into(), input, None, strict)?
                .ok_or_else(|| Error::new_err("check_edit: the edit changes nothing"))
        })
    }

    /// Judges an agent tool call (tool_name and its tool_input, a dict or its JSON text, made
    /// in cwd, default the root) against the baseline: None when it edits no file. strict as
    /// for check_edit.
    #[pyo3(signature = (tool_name, tool_input, cwd=None, strict=false))]
    fn check_tool_call(
        &self,
        py: Python<'_>,
        tool_name: Text,
        tool_input: &Bound<'_, PyAny>,
        cwd: Option<PathBuf>,
        strict: bool,
    ) -> PyResult<Option<Verdict>> {
        guard(|| {
            let input = json_input(py, tool_input)?;
            self.call(py, tool_name.0, input, cwd, strict)
        })
    }

    /// The whole work tree checked against the baseline, under the baseline's contract.
    /// strict as for check_edit.
    #[pyo3(signature = (strict=false))]
    fn check_worktree(&self, py: Python<'_>, strict: bool) -> PyResult<Verdict> {
        guard(|| {
            let inner = Arc::clone(&self.inner);
            py.detach(move || {
                let st = inner.status().map_err(session_error)?;
                strict_check(strict, &st.report)?;
                let contract = Arc::new(inner.contract().clone());
                Ok(Verdict::new(st.report, contract, &st.changes))
            })
            .map_err(|f: Failure| f.into_pyerr(py))
        })
    }

    /// Puts every ungranted symbol and file back to its baseline text, keeping the granted
    /// changes; a dry run unless apply=True. Returns the plan as a dict ('files': each with
    /// 'path', 'action' ('revert' or 'narrow'), 'reverted', 'kept'; 'applied'). Raises
    /// editscope.Error (nothing written) when the result cannot be made exact.
    #[pyo3(signature = (apply=false))]
    fn restore<'py>(&self, py: Python<'py>, apply: bool) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let inner = Arc::clone(&self.inner);
            let plan = py
                .detach(move || {
                    let plan = inner.restore(!apply).map_err(session_error)?;
                    serde_json::to_string(&plan).map_err(|e| Failure::Other(e.to_string()))
                })
                .map_err(|f: Failure| f.into_pyerr(py))?;
            py.import("json")?.call_method1("loads", (plan,))
        })
    }

    /// A receipt of the whole session (baseline, state now, contract, verdict) as JSON text,
    /// for `editscope verify-receipt`.
    fn receipt(&self, py: Python<'_>) -> PyResult<String> {
        guard(|| {
            let inner = Arc::clone(&self.inner);
            py.detach(move || inner.receipt().map(|r| r.to_json()).map_err(session_error))
                .map_err(|f: Failure| f.into_pyerr(py))
        })
    }

    /// Ends the session: removes its baseline and leaves a tombstone (the id cannot be
    /// started or resumed again; a new session takes a new id). Later checks on this object still use the
    /// baseline's blobs already read, and fail (editscope.Error) on any other.
    fn end(&self, py: Python<'_>) -> PyResult<()> {
        guard(|| {
            let inner = Arc::clone(&self.inner);
            py.detach(move || match LibSession::open(inner.root(), inner.id()) {
                Ok(s) => s.end().map_err(session_error),
                Err(SessionError::NotFound { .. } | SessionError::Ended { .. }) => Ok(()),
                Err(e) => Err(session_error(e)),
            })
            .map_err(|f: Failure| f.into_pyerr(py))
        })
    }

    fn __repr__(&self) -> String {
        format!(
            "Session(root={:?}, session_id={:?})",
            self.inner.root().display().to_string(),
            self.inner.id()
        )
    }
}
