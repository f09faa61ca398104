//! The one-file helpers: `symbols`, `diff`, `language_for`.

use std::path::PathBuf;

use editscope::{Language, SourceFile};
use pyo3::prelude::*;

use crate::convert::{CodePoints, Text};
use crate::errors::library_error;
use crate::guard;
use crate::types::{Symbol, SymbolChange};

fn language(name: &str) -> PyResult<Language> {
    name.parse::<Language>().map_err(|e| library_error(&e))
}

/// Lists the symbols (named definitions) of a source text, in document order, a parent
/// before its children.
///
/// language: 'python' (default), 'rust', 'typescript', 'tsx', 'javascript', 'go', 'java' or
/// 'csharp' (aliases 'py', 'rs', 'ts', 'js', 'jsx', 'cs').
/// Positions: start_line/end_line are 1-based; start, end and body are Python string indices
/// into source (code points, not bytes). Raises ParseError for an unknown language or a
/// source over 8 MiB. A source with syntax errors still gives the symbols editscope finds.
#[pyfunction]
#[pyo3(signature = (source, language="python"))]
pub(crate) fn symbols(py: Python<'_>, source: Text, language: &str) -> PyResult<Vec<Symbol>> {
    guard(|| {
        let lang = self::language(language)?;
        py.detach(move || {
            let file = SourceFile::parse(lang, source.0)?;
            let syms = file.symbols();
            let mut offsets = Vec::with_capacity(syms.len() * 4);
            for s in syms {
                offsets.extend([s.extent.start_byte, s.extent.end_byte]);
                if let Some(b) = s.body {
                    offsets.extend([b.start_byte, b.end_byte]);
                }
            }
            let cp = CodePoints::new(file.text(), offsets);
            Ok(syms
                .iter()
                .map(|s| Symbol {
                    path: s.path.clone(),
                    name: s.name.clone(),
                    kind: s.kind.name().to_string(),
                    start_line: s.extent.start_line,
                    end_line: s.extent.end_line,
                    start: cp.get(s.extent.start_byte),
                    end: cp.get(s.extent.end_byte),
                    body: s.body.map(|b| (cp.get(b.start_byte), cp.get(b.end_byte))),
                    parent: s.parent.and_then(|i| syms.get(i)).map(|p| p.path.clone()),
                })
                .collect())
        })
        .map_err(|e: editscope::Error| library_error(&e))
    })
}

/// Lists every symbol that differs between two versions of a source text, at the innermost
/// symbol containing each change (SymbolChange objects, with path '').
///
/// Lines are 1-based. Raises ParseError for an unknown language or a source over 8 MiB.
#[pyfunction]
#[pyo3(signature = (before, after, language="python"))]
pub(crate) fn diff(
    py: Python<'_>,
    before: Text,
    after: Text,
    language: &str,
) -> PyResult<Vec<SymbolChange>> {
    guard(|| {
        let lang = self::language(language)?;
        py.detach(move || {
            let before = SourceFile::parse(lang, before.0)?;
            let after = SourceFile::parse(lang, after.0)?;
            let d = editscope::diff(&before, &after);
            Ok(d.changes
                .iter()
                .map(|c| SymbolChange::from_lib("", c))
                .collect())
        })
        .map_err(|e: editscope::Error| library_error(&e))
    })
}

/// The language editscope detects from a file name's extension ('python' for .py and .pyi,
/// 'rust' for .rs, 'typescript' for .ts/.mts/.cts, 'tsx' for .tsx, 'javascript' for
/// .js/.mjs/.cjs/.jsx, 'go' for .go, 'java' for .java, 'csharp' for .cs), or None.
#[pyfunction]
pub(crate) fn language_for(path: PathBuf) -> PyResult<Option<&'static str>> {
    guard(|| Ok(Language::from_path(&path).map(Language::name)))
}

/// Where a file-editing tool writes `path` (relative paths taken from cwd, default root):
/// its path relative to root, with `/`, resolved as the OS opens it. The same rule as
/// Contract.check_tool_call and `editscope hook`. Raises PatchError(kind='bad_path') for a
/// path outside root, `..` after a symlink (the kernel and a normalising tool would write
/// different files), a symlink inside root on the way, or a symlink out of it.
#[pyfunction]
#[pyo3(signature = (root, path, cwd=None))]
pub(crate) fn locate_path(
    py: Python<'_>,
    root: PathBuf,
    path: Text,
    cwd: Option<PathBuf>,
) -> PyResult<String> {
    guard(|| {
        let base = cwd.unwrap_or_else(|| root.clone());
        let e = match editscope::paths::locate(&root, &base, &path.0) {
            Ok(editscope::paths::Located::Inside(rel)) => return Ok(rel),
            Ok(editscope::paths::Located::Outside(_)) => editscope::paths::PathError::Outside {
                path: path.0.clone(),
                root: root.clone(),
            },
            Err(e) => e,
        };
        Err(crate::errors::patch_error_parts(
            py,
            e.to_string(),
            None,
            Some(e.path().to_string()),
            "bad_path".into(),
        ))
    })
}

/// The tool names Contract.check_tool_call reads as file edits (Claude Code, the text
/// editor tool, Codex `apply_patch`), in one tuple.
pub(crate) fn edit_tools() -> Vec<&'static str> {
    use editscope::tool_call::{CLAUDE_CODE_EDIT_TOOLS, PATCH_TOOLS, TEXT_EDITOR_TOOLS};
    CLAUDE_CODE_EDIT_TOOLS
        .iter()
        .chain(TEXT_EDITOR_TOOLS.iter())
        .chain(PATCH_TOOLS.iter())
        .copied()
        .collect()
}

/// The `editscope` command with `argv` (the program name first): the CLI itself
/// ([`editscope_cli::run_args`]), run with the GIL released; it prints to the process's
/// stdout and stderr and returns the exit code. The console script `editscope._cli:main`
/// calls it, so `pip install editscope` brings the same `editscope` command as the binary.
#[pyfunction]
#[pyo3(name = "_cli_main")]
pub fn cli_main(py: Python<'_>, argv: Vec<std::ffi::OsString>) -> u8 {
    py.detach(move || editscope_cli::run_args(argv))
}
