//! The immutable result classes: Verdict, Violation, FileReport, SymbolChange, LineRange, Symbol.

use std::sync::Arc;

use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::convert::{json_to_py, repr_opt, repr_str};
use crate::guard;

/// A 1-based, inclusive range of lines.
#[pyclass(frozen, eq, hash, module = "editscope")]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct LineRange {
    /// First line (1-based).
    #[pyo3(get)]
    pub start_line: usize,
    /// Last line (1-based, inclusive).
    #[pyo3(get)]
    pub end_line: usize,
}

impl From<editscope::LineRange> for LineRange {
    fn from(r: editscope::LineRange) -> Self {
        LineRange {
            start_line: r.start_line,
            end_line: r.end_line,
        }
    }
}

fn repr_range(r: Option<LineRange>) -> String {
    r.map_or_else(
        || "None".into(),
        |r| format!("LineRange({}, {})", r.start_line, r.end_line),
    )
}

#[pymethods]
impl LineRange {
    /// A line range from its first and last line (1-based, inclusive).
    #[new]
    fn new(start_line: usize, end_line: usize) -> PyResult<Self> {
        guard(|| {
            Ok(LineRange {
                start_line,
                end_line,
            })
        })
    }

    /// `(start_line, end_line)`.
    #[allow(clippy::wrong_self_convention)]
    fn to_tuple(&self) -> PyResult<(usize, usize)> {
        guard(|| Ok((self.start_line, self.end_line)))
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| Ok(repr_range(Some(*self))))
    }
}

/// One reason a change was rejected: what rule was broken, in which file and symbol, on
/// which lines, with a sentence an agent can act on.
#[pyclass(frozen, eq, module = "editscope")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// Repository-relative path of the file.
    #[pyo3(get)]
    pub path: String,
    /// What rule was broken: 'changed', 'signature_changed', 'removed', 'added',
    /// 'redefined', 'moved', 'outside', 'syntax_error', 'file_changed', 'file_created',
    /// 'file_deleted', 'file_renamed', 'mode_changed', 'binary_changed', 'contract_changed',
    /// 'symlink_changed', 'symlink_outside', 'bidi_control' or 'protected'.
    #[pyo3(get)]
    pub kind: String,
    /// The qualified path of the innermost symbol containing the change (e.g.
    /// 'UserService.delete'), or None for a change outside every symbol or a whole-file rule.
    #[pyo3(get)]
    pub symbol: Option<String>,
    /// That symbol's kind ('function', 'method', 'class', ...), or None.
    #[pyo3(get)]
    pub symbol_kind: Option<String>,
    /// One sentence a person or an agent can act on.
    #[pyo3(get)]
    pub message: String,
    /// The lines in the file before the change, or None.
    #[pyo3(get)]
    pub before: Option<LineRange>,
    /// The lines in the file after the change, or None.
    #[pyo3(get)]
    pub after: Option<LineRange>,
    /// The lines that differ inside this violation's region, not its whole extent.
    #[pyo3(get)]
    pub changed_lines: ChangedLines,
}

/// The lines that differ inside a violation's region (a line diff of its `before` and
/// `after` lines): 1-based inclusive `(start, end)` pairs on each side. An added region has
/// no `before` pairs, a removed one no `after` pairs; a whole-file rule has the changed lines
/// of the file.
#[pyclass(frozen, eq, module = "editscope")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChangedLines {
    /// Ranges of lines in the file before the change that were removed or replaced.
    #[pyo3(get)]
    pub before: Vec<(usize, usize)>,
    /// Ranges of lines in the file after the change that were inserted or replaced.
    #[pyo3(get)]
    pub after: Vec<(usize, usize)>,
}

#[pymethods]
impl ChangedLines {
    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "ChangedLines(before={:?}, after={:?})",
                self.before, self.after
            ))
        })
    }
}

impl Violation {
    fn from_lib(v: &editscope::FileViolation) -> Self {
        Violation {
            path: v.path.clone(),
            kind: v.violation.kind.as_str().to_string(),
            symbol: v.violation.symbol.clone(),
            symbol_kind: v.violation.symbol_kind.map(|k| k.name().to_string()),
            message: v.violation.message.clone(),
            before: v.violation.before.map(Into::into),
            after: v.violation.after.map(Into::into),
            changed_lines: ChangedLines {
                before: v.violation.changed_lines.before.clone(),
                after: v.violation.changed_lines.after.clone(),
            },
        }
    }
}

#[pymethods]
impl Violation {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "Violation(path={}, kind={}, symbol={}, before={}, after={})",
                repr_str(py, &self.path),
                repr_str(py, &self.kind),
                repr_opt(py, self.symbol.as_deref()),
                repr_range(self.before),
                repr_range(self.after),
            ))
        })
    }

    fn __str__(&self) -> PyResult<String> {
        guard(|| Ok(self.message.clone()))
    }
}

/// A contract selector that matches nothing in the change (likely a typo), with the
/// nearest names: the same fields as `selector_warnings` in the JSON report.
#[pyclass(frozen, eq, module = "editscope")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelectorWarning {
    /// The contract key it is listed under: 'edit', 'body', 'delete' or 'add'.
    #[pyo3(get)]
    pub key: String,
    /// The selector as written.
    #[pyo3(get)]
    pub selector: String,
    /// What it failed to match: 'no_file' (no file of the change nor, for git checks, of the
    /// repository) or 'no_symbol' (no symbol of the changed files its file part matches).
    #[pyo3(get)]
    pub kind: String,
    /// For 'no_symbol': the files searched.
    #[pyo3(get)]
    pub files: Vec<String>,
    /// At most three near names, nearest first: whole selectors for 'no_file', symbol paths
    /// for 'no_symbol'.
    #[pyo3(get)]
    pub suggestions: Vec<String>,
    /// The warning as one sentence ('selector "a.py::f" matches no file; did you mean ...?').
    #[pyo3(get)]
    pub message: String,
}

impl SelectorWarning {
    fn from_lib(w: &editscope::SelectorWarning) -> Self {
        SelectorWarning {
            key: w.key.to_string(),
            selector: w.selector.clone(),
            kind: match w.kind {
                editscope::SelectorWarningKind::NoFile => "no_file",
                editscope::SelectorWarningKind::NoSymbol => "no_symbol",
            }
            .to_string(),
            files: w.files.clone(),
            suggestions: w.suggestions.clone(),
            message: w.message.clone(),
        }
    }
}

#[pymethods]
impl SelectorWarning {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "SelectorWarning(key={}, selector={}, kind={}, suggestions={:?})",
                repr_str(py, &self.key),
                repr_str(py, &self.selector),
                repr_str(py, &self.kind),
                self.suggestions,
            ))
        })
    }

    fn __str__(&self) -> PyResult<String> {
        guard(|| Ok(self.message.clone()))
    }
}

/// One symbol that differs between the two versions of a file, reported at the innermost
/// symbol containing the change.
#[pyclass(frozen, eq, module = "editscope")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SymbolChange {
    /// Repository-relative path of the file ('' from editscope.diff).
    #[pyo3(get)]
    pub path: String,
    /// The symbol's qualified path, e.g. 'UserService.create'.
    #[pyo3(get)]
    pub symbol: String,
    /// The symbol's kind: 'function', 'method', 'class', 'constant', ...
    #[pyo3(get)]
    pub kind: String,
    /// How it changed: 'body', 'signature', 'formatting', 'added', 'removed' or 'moved'.
    #[pyo3(get)]
    pub change: String,
    /// Its lines before the change (None when added).
    #[pyo3(get)]
    pub before: Option<LineRange>,
    /// Its lines after the change (None when removed).
    #[pyo3(get)]
    pub after: Option<LineRange>,
}

impl SymbolChange {
    pub(crate) fn from_lib(path: &str, c: &editscope::SymbolChange) -> Self {
        SymbolChange {
            path: path.to_string(),
            symbol: c.symbol.clone(),
            kind: c.kind.name().to_string(),
            change: c.change.name().to_string(),
            before: c.before.map(Into::into),
            after: c.after.map(Into::into),
        }
    }
}

#[pymethods]
impl SymbolChange {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "SymbolChange(path={}, symbol={}, kind={}, change={}, before={}, after={})",
                repr_str(py, &self.path),
                repr_str(py, &self.symbol),
                repr_str(py, &self.kind),
                repr_str(py, &self.change),
                repr_range(self.before),
                repr_range(self.after),
            ))
        })
    }
}

/// The answer for one changed file.
#[pyclass(frozen, module = "editscope")]
#[derive(Debug, Clone)]
pub struct FileReport {
    /// Repository-relative path (the new path for a rename).
    #[pyo3(get)]
    pub path: String,
    /// For a rename: where the file came from; otherwise None.
    #[pyo3(get)]
    pub old_path: Option<String>,
    /// How the file changed: 'modified', 'created', 'deleted' or 'renamed'.
    #[pyo3(get)]
    pub change: String,
    /// 'allowed', 'rejected' or 'unverifiable'.
    #[pyo3(get)]
    pub status: String,
    /// Its language ('python', 'rust', 'typescript', 'tsx', 'javascript', 'go'), or None when
    /// editscope does not know it.
    #[pyo3(get)]
    pub language: Option<String>,
    /// The parsers an allowed answer for this file rests on: ['tree-sitter', 'syn'],
    /// ['tree-sitter', 'ruff_python_parser'], ['tree-sitter', 'oxc_parser']; empty for a
    /// file editscope does not parse.
    #[pyo3(get)]
    pub verified_by: Vec<String>,
    /// Why the file could not be verified (status 'unverifiable'), or None.
    #[pyo3(get)]
    pub unverifiable: Option<String>,
    changes: Vec<SymbolChange>,
}

impl FileReport {
    fn from_lib(f: &editscope::FileReport) -> Self {
        FileReport {
            path: f.path.clone(),
            old_path: f.old_path.clone(),
            change: f.change.as_str().to_string(),
            status: f.status.as_str().to_string(),
            language: f.language.map(|l| l.name().to_string()),
            verified_by: f.verified_by.iter().map(|s| s.to_string()).collect(),
            unverifiable: f.unverifiable.as_ref().map(|u| u.to_string()),
            changes: f
                .changes
                .iter()
                .map(|c| SymbolChange::from_lib(&f.path, c))
                .collect(),
        }
    }
}

#[pymethods]
impl FileReport {
    /// The symbols of this file that changed, and how (list of SymbolChange).
    #[getter]
    fn changes(&self) -> PyResult<Vec<SymbolChange>> {
        guard(|| Ok(self.changes.clone()))
    }

    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "FileReport(path={}, change={}, status={}, changes={})",
                repr_str(py, &self.path),
                repr_str(py, &self.change),
                repr_str(py, &self.status),
                self.changes.len(),
            ))
        })
    }
}

/// The answer of a check: allowed, rejected or unverifiable, with every violation.
///
/// A rejected or unverifiable change is a Report, not an exception. bool(report) is
/// report.allowed; an unverifiable change is never allowed. (Python name `Report`, the
/// whole change's answer as in the Rust API; `editscope.Verdict` is kept as an alias.)
#[pyclass(frozen, module = "editscope", name = "Report")]
pub struct Verdict {
    report: editscope::Report,
    violations: Vec<Violation>,
    files: Vec<FileReport>,
    selector_warnings: Vec<SelectorWarning>,
    new_files: Vec<(String, Option<String>)>,
    /// The agent feedback, made with the change at hand (it quotes the changed lines).
    feedback: String,
}

impl Verdict {
    pub(crate) fn new(
        report: editscope::Report,
        contract: Arc<editscope::Contract>,
        changes: &editscope::ChangeSet,
    ) -> Self {
        let violations = report.violations.iter().map(Violation::from_lib).collect();
        let files = report.files.iter().map(FileReport::from_lib).collect();
        let selector_warnings = report
            .selector_warnings
            .iter()
            .map(SelectorWarning::from_lib)
            .collect();
        let new_files = changes
            .files
            .iter()
            .filter(|f| !f.binary)
            .map(|f| (f.path.clone(), f.after.clone()))
            .collect();
        let feedback = report.feedback_with(&contract, Some(changes));
        Verdict {
            report,
            violations,
            files,
            selector_warnings,
            new_files,
            feedback,
        }
    }
}

#[pymethods]
impl Verdict {
    /// True only when the whole change stays inside the contract.
    #[getter]
    fn allowed(&self) -> PyResult<bool> {
        guard(|| Ok(self.report.is_allowed()))
    }

    /// 'allowed', 'rejected' or 'unverifiable'.
    #[getter]
    fn status(&self) -> PyResult<String> {
        guard(|| Ok(self.report.status.as_str().to_string()))
    }

    /// Every violation, file by file (list of Violation; empty when allowed).
    #[getter]
    fn violations(&self) -> PyResult<Vec<Violation>> {
        guard(|| Ok(self.violations.clone()))
    }

    /// Every changed file (list of FileReport).
    #[getter]
    fn files(&self) -> PyResult<Vec<FileReport>> {
        guard(|| Ok(self.files.clone()))
    }

    /// Every changed symbol of every file (list of SymbolChange, each with its path).
    #[getter]
    fn changes(&self) -> PyResult<Vec<SymbolChange>> {
        guard(|| {
            Ok(self
                .files
                .iter()
                .flat_map(|f| f.changes.iter().cloned())
                .collect())
        })
    }

    /// Notes such as selectors that matched no symbol in the changed files (likely typos).
    #[getter]
    fn warnings(&self) -> PyResult<Vec<String>> {
        guard(|| Ok(self.report.warnings.clone()))
    }

    /// Contract selectors that match no file or no symbol (list of SelectorWarning, typed;
    /// the 'no_symbol' messages are in warnings too). With strict=True on the check
    /// functions these raise GrantError instead.
    #[getter]
    fn selector_warnings(&self) -> PyResult<Vec<SelectorWarning>> {
        guard(|| Ok(self.selector_warnings.clone()))
    }

    /// What would land: {path: content after the change, or None for a deleted file}, for
    /// every changed text file (binary changes, which editscope cannot read, are left out).
    /// An adapter that decided to apply the change writes these.
    #[getter]
    fn new_files<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        guard(|| {
            let dict = PyDict::new(py);
            for (path, content) in &self.new_files {
                dict.set_item(path, content.as_deref())?;
            }
            Ok(dict)
        })
    }

    /// The report as pretty JSON (schema: schema/report.schema.json of the editscope repository).
    fn to_json(&self) -> PyResult<String> {
        guard(|| Ok(self.report.to_json()))
    }

    /// The report as plain Python objects: the same as json.loads(verdict.to_json()).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        guard(|| {
            let value = serde_json::to_value(&self.report)
                .map_err(|e| crate::errors::Error::new_err(e.to_string()))?;
            json_to_py(py, &value)
        })
    }

    /// A short text for an LLM agent: what the task may change, what the change touched that
    /// it may not (quoting the changed lines, as `editscope check --feedback` does), and to
    /// retry touching only the granted symbols.
    fn feedback(&self) -> PyResult<String> {
        guard(|| Ok(self.feedback.clone()))
    }

    fn __bool__(&self) -> PyResult<bool> {
        guard(|| Ok(self.report.is_allowed()))
    }

    fn __repr__(&self) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "Report(status='{}', files={}, violations={})",
                self.report.status.as_str(),
                self.files.len(),
                self.violations.len()
            ))
        })
    }
}

/// One named definition of a source file, with its qualified path and positions.
///
/// start/end and body are Python string indices (code points) into the source passed to
/// editscope.symbols, so source[s.start:s.end] is the symbol's text.
#[pyclass(frozen, eq, module = "editscope")]
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Symbol {
    /// The qualified path, e.g. 'UserService.create' (Rust: 'Parser::parse').
    #[pyo3(get)]
    pub path: String,
    /// The bare name, e.g. 'create'.
    #[pyo3(get)]
    pub name: String,
    /// What kind of definition it is: 'function', 'method', 'class', 'struct', 'enum',
    /// 'union', 'trait', 'impl', 'interface', 'type_alias', 'module', 'constant', 'static',
    /// 'variable', 'field', 'variant', 'macro', 'value' or 'test' (a JavaScript/TypeScript
    /// test block).
    #[pyo3(get)]
    pub kind: String,
    /// First line of the extent (1-based).
    #[pyo3(get)]
    pub start_line: usize,
    /// Last line of the extent (1-based, inclusive).
    #[pyo3(get)]
    pub end_line: usize,
    /// Start of the extent (decorators, attributes and doc comments included), as a Python
    /// string index.
    #[pyo3(get)]
    pub start: usize,
    /// End of the extent (exclusive), as a Python string index.
    #[pyo3(get)]
    pub end: usize,
    /// (start, end) of the body (block or member list) as Python string indices, or None for
    /// kinds without a body.
    #[pyo3(get)]
    pub body: Option<(usize, usize)>,
    /// The qualified path of the enclosing symbol, or None at the top level.
    #[pyo3(get)]
    pub parent: Option<String>,
}

#[pymethods]
impl Symbol {
    fn __repr__(&self, py: Python<'_>) -> PyResult<String> {
        guard(|| {
            Ok(format!(
                "Symbol(path={}, kind={}, start_line={}, end_line={})",
                repr_str(py, &self.path),
                repr_str(py, &self.kind),
                self.start_line,
                self.end_line,
            ))
        })
    }
}
