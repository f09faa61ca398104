//! The exception hierarchy, the mapping from Rust errors to it, and the panic guard.

use std::any::Any;
use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::exceptions::PyException;
use pyo3::prelude::*;
use pyo3::{create_exception, IntoPyObjectExt};

create_exception!(
    editscope,
    Error,
    PyException,
    "Base class of every editscope error.\n\nA rejected change is not an error: the check functions return a Verdict whose\nstatus is 'rejected' or 'unverifiable'. Errors mean the input could not be used:\na bad contract, a patch that does not apply, a grant naming no symbol, text that\ncannot be parsed. An unexpected internal failure (a bug) is raised as this class\nwith a message starting 'internal error:'."
);
create_exception!(
    editscope,
    ContractError,
    Error,
    "The contract does not parse or does not make sense.\n\nAttributes: line (1-based line in the contract text, or None), column (1-based,\nor None), key (the key at fault, e.g. 'edit[2]', or None)."
);
create_exception!(
    editscope,
    PatchError,
    Error,
    "The change cannot be read or applied: a malformed patch, context that is not in\nthe file, a tool call missing a field, or a path that leaves the root.\n\nAttributes: line (1-based line of the patch text at fault, or None), path (the\nfile concerned, or None), kind (one of 'malformed', 'no_match', 'ambiguous',\n'missing_file', 'binary', 'bad_path', 'too_large')."
);
create_exception!(
    editscope,
    GrantError,
    Error,
    "A grant of the contract does not fit the files: a literal selector names no\nsymbol of the file before the change, a symbol grant names a file whose\nlanguage editscope cannot tell, or (strict=True) a selector matches no file or\nno symbol.\n\nAttributes: selector (for strict=True: the first selector that matches nothing,\nas written; otherwise None)."
);
create_exception!(
    editscope,
    ParseError,
    Error,
    "Source text cannot be parsed: an unknown language name, input over the size\nlimit, text that is not valid UTF-8 (a lone surrogate), or a parser failure."
);

/// Adds the exception classes to the module, with the attributes of `ContractError` and
/// `PatchError` defaulting to `None` on the class (instances raised by editscope set them).
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("Error", py.get_type::<Error>())?;
    m.add("ContractError", py.get_type::<ContractError>())?;
    m.add("PatchError", py.get_type::<PatchError>())?;
    m.add("GrantError", py.get_type::<GrantError>())?;
    m.add("ParseError", py.get_type::<ParseError>())?;
    for name in ["line", "column", "key"] {
        py.get_type::<ContractError>().setattr(name, py.None())?;
    }
    for name in ["line", "path", "kind"] {
        py.get_type::<PatchError>().setattr(name, py.None())?;
    }
    py.get_type::<GrantError>().setattr("selector", py.None())?;
    Ok(())
}

/// Runs an entry point's body, turning a panic into `editscope.Error("internal error: ...")`.
pub(crate) fn guard<T>(body: impl FnOnce() -> PyResult<T>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(result) => result,
        Err(payload) => Err(Error::new_err(format!(
            "internal error: {} (please report this bug)",
            panic_message(payload.as_ref())
        ))),
    }
}

fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "a panic without a message".to_string()
    }
}

fn with_attrs<'py>(
    py: Python<'py>,
    err: PyErr,
    attrs: Vec<(&str, PyResult<Bound<'py, PyAny>>)>,
) -> PyErr {
    let value = err.value(py);
    for (name, v) in attrs {
        match v {
            Ok(v) => {
                if let Err(e) = value.setattr(name, v) {
                    return e;
                }
            }
            Err(e) => return e,
        }
    }
    err
}

/// A `ContractError` with its attributes.
pub(crate) fn contract_error(py: Python<'_>, e: &editscope::ContractError) -> PyErr {
    with_attrs(
        py,
        ContractError::new_err(e.to_string()),
        vec![
            ("line", e.line.into_bound_py_any(py)),
            ("column", e.column.into_bound_py_any(py)),
            ("key", e.key.clone().into_bound_py_any(py)),
        ],
    )
}

/// A `ContractError` made in the bindings (a bad argument of `Contract(...)`).
pub(crate) fn contract_error_at(py: Python<'_>, key: &str, message: String) -> PyErr {
    contract_error(
        py,
        &editscope::ContractError {
            message,
            key: Some(key.to_string()),
            line: None,
            column: None,
        },
    )
}

/// A `PatchError` with its attributes (`line` 0 becomes `None`).
pub(crate) fn patch_error(py: Python<'_>, e: &editscope::patch::PatchError) -> PyErr {
    patch_error_parts(
        py,
        e.to_string(),
        (e.line > 0).then_some(e.line),
        e.path.clone(),
        e.kind.as_str().to_string(),
    )
}

/// A `PatchError` from its parts.
pub(crate) fn patch_error_parts(
    py: Python<'_>,
    message: String,
    line: Option<usize>,
    path: Option<String>,
    kind: String,
) -> PyErr {
    with_attrs(
        py,
        PatchError::new_err(message),
        vec![
            ("line", line.into_bound_py_any(py)),
            ("path", path.into_bound_py_any(py)),
            ("kind", kind.into_bound_py_any(py)),
        ],
    )
}

/// The Python exception for a library error: `GrantError` for grants that do not fit,
/// `ParseError` for everything about parsing.
pub(crate) fn library_error(e: &editscope::Error) -> PyErr {
    use editscope::Error as E;
    // The class is the inner error's (`InFile` only adds the path to the message).
    match e.innermost() {
        E::InvalidGrant { .. } | E::InvalidSelector { .. } | E::UndetectedLanguage { .. } => {
            GrantError::new_err(e.to_string())
        }
        // `strict=True`: a selector that matches nothing is a grant that does not fit.
        E::UnmatchedSelector { selector, .. } => Python::attach(|py| {
            with_attrs(
                py,
                GrantError::new_err(e.to_string()),
                vec![("selector", selector.clone().into_bound_py_any(py))],
            )
        }),
        _ => ParseError::new_err(e.to_string()),
    }
}

/// Why building or checking a change failed, kept free of Python objects so that it can
/// cross [`Python::detach`].
#[derive(Debug)]
pub(crate) enum Failure {
    /// A patch or tool call that could not be read or applied.
    Patch(editscope::patch::PatchError),
    /// A path that cannot be used.
    BadPath { path: String, message: String },
    /// The library refused (grants, parsing).
    Library(editscope::Error),
    /// A tool call that cannot be judged.
    ToolCall(editscope::tool_call::ToolCallError),
    /// Something else: git, a directory that does not exist.
    Other(String),
}

impl Failure {
    /// The failure for a library error, one kind per variant: a path that cannot be used is
    /// a `PatchError` of kind `bad_path` (with the path), git and I/O failures the base
    /// `editscope.Error`, the rest [`library_error`]'s classes.
    pub(crate) fn from_lib(e: editscope::Error) -> Failure {
        use editscope::Error as E;
        match e {
            E::InvalidPath { path, reason } => Failure::BadPath {
                path,
                message: reason,
            },
            E::Git { .. } | E::Io { .. } | E::TooManyFiles { .. } => Failure::Other(e.to_string()),
            e => Failure::Library(e),
        }
    }

    pub(crate) fn into_pyerr(self, py: Python<'_>) -> PyErr {
        match self {
            Failure::Patch(e) => patch_error(py, &e),
            Failure::BadPath { path, message } => {
                patch_error_parts(py, message, None, Some(path), "bad_path".into())
            }
            Failure::Library(e) => library_error(&e),
            Failure::ToolCall(editscope::tool_call::ToolCallError::Patch(e)) => patch_error(py, &e),
            Failure::ToolCall(editscope::tool_call::ToolCallError::Check(e)) => library_error(&e),
            Failure::ToolCall(e) => patch_error_parts(
                py,
                e.to_string(),
                None,
                e.path().map(str::to_string),
                e.kind(),
            ),
            Failure::Other(message) => Error::new_err(message),
        }
    }
}
