//! Python bindings of editscope: the extension module `editscope._editscope`.
//!
//! Built by maturin with the `python` feature (see `bindings/python/pyproject.toml`). Without
//! that feature the crate is empty, so `cargo test --workspace` and `cargo clippy --workspace`
//! never build PyO3 nor link libpython.
//!
//! Every entry point runs inside [`guard`], which turns a Rust panic into `editscope.Error`
//! ("internal error: ..."), so no `PanicException` reaches Python. Parsing, applying patches and
//! checking run with the GIL released ([`Python::detach`]); every class is `frozen` (immutable,
//! `Sync`), so objects can be shared across threads.
#![cfg(feature = "python")]

mod contract;
mod convert;
mod errors;
mod functions;
mod session;
mod types;

use pyo3::prelude::*;

pub(crate) use errors::guard;

/// Symbol-level edit contracts for AI coding agents (the Rust extension module).
///
/// Import `editscope`, not this module: the package re-exports everything here.
#[pymodule]
#[pyo3(name = "_editscope")]
fn editscope_extension(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    m.add_class::<contract::Contract>()?;
    m.add_class::<session::Session>()?;
    m.add_class::<types::Verdict>()?;
    // `Report` is the whole change's answer; `Verdict`, its former name, stays an alias.
    m.add("Verdict", m.getattr("Report")?)?;
    m.add_class::<types::Violation>()?;
    m.add_class::<types::FileReport>()?;
    m.add_class::<types::SymbolChange>()?;
    m.add_class::<types::LineRange>()?;
    m.add_class::<types::ChangedLines>()?;
    m.add_class::<types::SelectorWarning>()?;
    m.add_class::<types::Symbol>()?;
    m.add_function(wrap_pyfunction!(functions::symbols, m)?)?;
    m.add_function(wrap_pyfunction!(functions::diff, m)?)?;
    m.add_function(wrap_pyfunction!(functions::language_for, m)?)?;
    m.add_function(wrap_pyfunction!(functions::locate_path, m)?)?;
    m.add_function(wrap_pyfunction!(functions::cli_main, m)?)?;
    m.add(
        "EDIT_TOOLS",
        pyo3::types::PyTuple::new(m.py(), functions::edit_tools())?,
    )?;
    m.add(
        "TAB_EXPANDING_TOOLS",
        pyo3::types::PyTuple::new(m.py(), editscope::tool_call::TAB_EXPANDING_TOOLS)?,
    )?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
