//! Human and JSON renderings.

use std::io::Write;

use editscope::{FileDiff, SourceFile, SyntaxError};
use serde_json::{json, Value};

fn lines(start: usize, end: usize) -> String {
    if start == end {
        format!("line {start}")
    } else {
        format!("lines {start}-{end}")
    }
}

pub fn symbols_json(path: &str, file: &SourceFile) -> Value {
    json!({
        "path": path,
        "language": file.language(),
        "symbols": file.symbols().iter().map(|s| json!({
            "path": s.path,
            "name": s.name,
            "kind": s.kind,
            "start_line": s.extent.start_line,
            "end_line": s.extent.end_line,
            "extent": s.extent,
            "body": s.body,
            "parent": s.parent.map(|p| file.symbols()[p].path.clone()),
            "short_path": s.short_path,
        })).collect::<Vec<_>>(),
        "errors": errors_json("file", file.syntax_errors()),
    })
}

fn errors_json(side: &str, errors: &[SyntaxError]) -> Vec<Value> {
    errors
        .iter()
        .map(|e| json!({"side": side, "line": e.line, "column": e.column, "kind": e.kind, "fragment": e.fragment}))
        .collect()
}

pub fn symbols_text(out: &mut Vec<u8>, path: &str, file: &SourceFile) -> std::io::Result<()> {
    writeln!(
        out,
        "{path} ({}, {} symbols)",
        file.language(),
        file.symbols().len()
    )?;
    for s in file.symbols() {
        let depth = std::iter::successors(s.parent, |p| file.symbols()[*p].parent).count() + 1;
        writeln!(
            out,
            "{:indent$}{}  ({}, {})",
            "",
            s.path,
            s.kind,
            lines(s.extent.start_line, s.extent.end_line),
            indent = depth * 2
        )?;
    }
    for e in file.syntax_errors() {
        writeln!(out, "  error: {e}")?;
    }
    Ok(())
}

pub fn diff_json(path: &str, before: &SourceFile, after: &SourceFile, diff: &FileDiff) -> Value {
    let mut errors = errors_json("before", before.syntax_errors());
    errors.extend(errors_json("after", after.syntax_errors()));
    json!({
        "path": path,
        "language": diff.language,
        "changes": diff.changes,
        "outside": diff.outside,
        "errors": errors,
    })
}

pub fn diff_text(
    out: &mut Vec<u8>,
    path: &str,
    before: &SourceFile,
    after: &SourceFile,
    diff: &FileDiff,
) -> std::io::Result<()> {
    if diff.is_empty() {
        writeln!(out, "{path}: no changes")?;
    } else {
        let n = diff.changes.len();
        writeln!(
            out,
            "{path} ({}): {n} symbol{} changed, {} change(s) outside any symbol",
            diff.language,
            if n == 1 { "" } else { "s" },
            diff.outside.len()
        )?;
    }
    let width = diff
        .changes
        .iter()
        .map(|c| c.symbol.chars().count())
        .max()
        .unwrap_or(0);
    for c in &diff.changes {
        let mark = match c.change {
            editscope::ChangeKind::Added => '+',
            editscope::ChangeKind::Removed => '-',
            _ => '~',
        };
        let mut at = Vec::new();
        if let Some(b) = c.before {
            at.push(format!("before {}", lines(b.start_line, b.end_line)));
        }
        if let Some(a) = c.after {
            at.push(format!("after {}", lines(a.start_line, a.end_line)));
        }
        writeln!(
            out,
            "  {mark} {:width$}  {:<8} {:<10} {}",
            c.symbol,
            c.kind.name(),
            c.change.name(),
            at.join(", ")
        )?;
    }
    for o in &diff.outside {
        let mut at = Vec::new();
        if let Some(b) = o.before {
            at.push(format!("before {}", lines(b.start_line, b.end_line)));
        }
        if let Some(a) = o.after {
            at.push(format!("after {}", lines(a.start_line, a.end_line)));
        }
        let what = if o.whitespace_only {
            "whitespace only"
        } else {
            "changed"
        };
        writeln!(out, "  ! outside any symbol: {what}, {}", at.join(", "))?;
    }
    for (side, errors) in [
        ("before", before.syntax_errors()),
        ("after", after.syntax_errors()),
    ] {
        for e in errors {
            writeln!(out, "  error ({side}): {e}")?;
        }
    }
    Ok(())
}
