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
        "markers": file.markers().iter().map(|m| json!({
            "line": m.comment.start_line,
            "end_line": m.comment.end_line,
            "comment": m.comment,
            "symbols": m.symbols,
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
        "{} ({}, {} symbols)",
        editscope::escape_line(path),
        file.language(),
        file.symbols().len()
    )?;
    for s in file.symbols() {
        let depth = std::iter::successors(s.parent, |p| file.symbols()[*p].parent).count() + 1;
        writeln!(
            out,
            "{:indent$}{}  ({}, {})",
            "",
            editscope::escape_line(&s.path),
            s.kind,
            lines(s.extent.start_line, s.extent.end_line),
            indent = depth * 2
        )?;
    }
    for m in file.markers() {
        if m.symbols.is_empty() {
            writeln!(
                out,
                "  marker: line {}: `editscope: protect` attaches to no definition",
                m.comment.start_line
            )?;
        } else {
            writeln!(
                out,
                "  marker: line {}: `editscope: protect` protects {}",
                m.comment.start_line,
                m.symbols.join(", ")
            )?;
        }
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
        writeln!(out, "{}: no changes", editscope::escape_line(path))?;
    } else {
        let n = diff.changes.len();
        writeln!(
            out,
            "{} ({}): {n} symbol{} changed, {} change(s) outside any symbol",
            editscope::escape_line(path),
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
            editscope::escape_line(&c.symbol),
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

/// Line starts of the texts shown, computed once per text: many violations in one file
/// would otherwise rescan it from the top each time.
#[derive(Default)]
struct LineCache(std::collections::HashMap<(usize, usize), Vec<usize>>);

impl LineCache {
    /// The number of lines of `text` (a final line break ends the last line, it does not
    /// start one).
    fn count(&mut self, text: &str) -> usize {
        let starts = self.starts(text).len();
        if text.is_empty() || text.ends_with('\n') {
            starts - 1
        } else {
            starts
        }
    }

    fn starts(&mut self, text: &str) -> &Vec<usize> {
        self.0
            .entry((text.as_ptr() as usize, text.len()))
            .or_insert_with(|| {
                std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect()
            })
    }

    /// The lines `start..=end` (1-based) of `text` with their line breaks, as they are.
    fn raw<'t>(&mut self, text: &'t str, start: usize, end: usize) -> &'t str {
        let starts = self.starts(text);
        let Some(&begin) = start.checked_sub(1).and_then(|i| starts.get(i)) else {
            return "";
        };
        let end = starts.get(end).copied().unwrap_or(text.len()).max(begin);
        &text[begin..end]
    }

    /// The lines `start..=end` (1-based) of `text`, as a slice without the final line break.
    fn slice<'t>(&mut self, text: &'t str, start: usize, end: usize) -> &'t str {
        let starts = self
            .0
            .entry((text.as_ptr() as usize, text.len()))
            .or_insert_with(|| {
                std::iter::once(0)
                    .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                    .collect()
            });
        let Some(&begin) = start.checked_sub(1).and_then(|i| starts.get(i)) else {
            return "";
        };
        let end = starts.get(end).copied().unwrap_or(text.len()).max(begin);
        // One line break off the last line, never more: blank lines at the end of the
        // slice are lines (trimming them all shifted every line number below).
        let s = &text[begin..end];
        let s = s.strip_suffix('\n').unwrap_or(s);
        s.strip_suffix('\r').unwrap_or(s)
    }
}

/// At most this many lines of a violation are shown.
const MAX_SNIPPET_LINES: usize = 12;

/// At most twice this many changed ranges of a violation are shown (both sides).
const MAX_HUNKS: usize = 5;

/// Lines of context shown around changed lines.
const CONTEXT_LINES: usize = 2;

/// At most this many bytes of one line are shown (a 1 MB minified line would otherwise be
/// printed whole, several times); the rest is replaced by a marker with its size.
const MAX_LINE_BYTES: usize = 200;

/// `text` (lines joined by `\n`) with every line longer than [`MAX_LINE_BYTES`] cut at a
/// character boundary and marked `… [N more bytes]`.
fn clip(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.split('\n').any(|l| l.len() > MAX_LINE_BYTES) {
        return std::borrow::Cow::Borrowed(text);
    }
    let lines: Vec<String> = text
        .split('\n')
        .map(|l| {
            if l.len() <= MAX_LINE_BYTES {
                return l.to_string();
            }
            let mut cut = MAX_LINE_BYTES;
            while !l.is_char_boundary(cut) {
                cut -= 1;
            }
            format!("{}… [{} more bytes]", &l[..cut], l.len() - cut)
        })
        .collect();
    std::borrow::Cow::Owned(lines.join("\n"))
}

/// The lines `start..=end` of `text` as shown: escaped, long lines clipped.
fn shown(lines: &mut LineCache, text: &str, start: usize, end: usize) -> String {
    clip(&editscope::escape_invisible(lines.slice(text, start, end))).into_owned()
}

/// The changed ranges of both sides in the order of the diff: a `before` range at line `l`
/// sits at `l` plus the lines inserted minus the lines removed above it, in `after`
/// (`true` marks an `after` range).
fn diff_order(before: &[(usize, usize)], after: &[(usize, usize)]) -> Vec<((usize, usize), bool)> {
    let (mut i, mut j, mut offset) = (0, 0, 0isize);
    let mut out = Vec::with_capacity(before.len() + after.len());
    while i < before.len() || j < after.len() {
        let take_before = match (before.get(i), after.get(j)) {
            (Some(b), Some(a)) => b.0 as isize + offset <= a.0 as isize,
            (Some(_), None) => true,
            _ => false,
        };
        if take_before {
            let b = before[i];
            offset -= (b.1 + 1 - b.0) as isize;
            out.push((b, false));
            i += 1;
        } else {
            let a = after[j];
            offset += (a.1 + 1 - a.0) as isize;
            out.push((a, true));
            j += 1;
        }
    }
    out
}

/// Whether the changed lines of both sides differ only in their line breaks (`\r\n` against
/// `\n`, a final line break added or removed), which a snippet does not show.
fn line_endings_only(
    lines: &mut LineCache,
    before: Option<&str>,
    after: Option<&str>,
    changed: &editscope::ChangedLines,
) -> bool {
    let (Some(before), Some(after)) = (before, after) else {
        return false;
    };
    if changed.before.is_empty() || changed.after.is_empty() {
        return false;
    }
    let mut side = |text: &str, ranges: &[(usize, usize)]| -> String {
        ranges
            .iter()
            .map(|&(s, e)| lines.raw(text, s, e))
            .collect::<Vec<_>>()
            .concat()
    };
    let (b, a) = (side(before, &changed.before), side(after, &changed.after));
    let plain = |t: &str| t.replace("\r\n", "\n").trim_end_matches('\n').to_string();
    b != a && plain(&b) == plain(&a)
}

/// One changed range shown: its lines with context, the first line's number, and the
/// bytes of the changed lines within the source.
struct Hunk {
    source: String,
    line_start: usize,
    span: std::ops::Range<usize>,
}

/// The changed lines `start..=end` of `text` (at most [`MAX_SNIPPET_LINES`]) with
/// [`CONTEXT_LINES`] around them, escaped; `None` when the range is not in the text.
fn hunk(lines: &mut LineCache, text: &str, (start, end): (usize, usize)) -> Option<Hunk> {
    let count = lines.count(text);
    if start == 0 || start > count {
        return None;
    }
    let end = end.min(start + MAX_SNIPPET_LINES - 1).min(count).max(start);
    let from = start.saturating_sub(CONTEXT_LINES).max(1);
    let mut source = String::new();
    if from < start {
        source.push_str(&shown(lines, text, from, start - 1));
        source.push('\n');
    }
    let begin = source.len();
    source.push_str(&shown(lines, text, start, end));
    let mut span = begin..source.len();
    if end < count {
        let to = (end + CONTEXT_LINES).min(count);
        source.push('\n');
        source.push_str(&shown(lines, text, end + 1, to));
    }
    // Blank changed lines: mark the line break, so that the mark stands on that line (an
    // empty span is drawn at the end of the line above).
    if span.is_empty() && source[begin..].starts_with('\n') {
        span = begin..begin + 1;
    }
    Some(Hunk {
        source,
        line_start: from,
        span,
    })
}

/// A report as compiler-style diagnostics with the offending lines.
pub fn report_text(
    out: &mut Vec<u8>,
    report: &editscope::Report,
    changes: &editscope::ChangeSet,
    color: bool,
) -> std::io::Result<()> {
    use annotate_snippets::{Level, Renderer, Snippet};
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut lines = LineCache::default();
    // The first file of each path, as a search from the start would find.
    let mut by_path: std::collections::HashMap<&str, &editscope::FileChange> =
        std::collections::HashMap::new();
    for f in &changes.files {
        by_path.entry(f.path.as_str()).or_insert(f);
    }
    for v in &report.violations {
        let file = by_path.get(v.path.as_str()).copied();
        let kind = v.violation.kind.as_str();
        let (text, range, side) = match (v.violation.after, v.violation.before) {
            (Some(r), _) => (file.and_then(|f| f.after.as_deref()), Some(r), "after"),
            (None, Some(r)) => (file.and_then(|f| f.before.as_deref()), Some(r), "before"),
            _ => (None, None, ""),
        };
        // Source, names and paths are shown with bidi controls and other invisible
        // characters escaped (`\u{202E}`), never raw: a diagnostic must not be a Trojan Source.
        let title =
            editscope::escape_line(&format!("{} [{kind}]", v.violation.message)).into_owned();
        let shown_path = editscope::escape_line(&v.path);
        let origin = format!("{shown_path} ({side})");
        let before_origin = format!("{shown_path} (before)");
        let origin_after = format!("{shown_path} (after)");
        let label = match &v.violation.symbol {
            Some(s) => format!("in `{}`", editscope::escape_line(s)),
            None => "outside any symbol".to_string(),
        };
        // A file-level violation has no lines to show: the path and the sentence, never an
        // empty snippet.
        let bare = format!("{shown_path}: {title}");
        let changed = &v.violation.changed_lines;
        if !changed.is_empty() {
            // The changed lines, each range with a little context, before and after in turn.
            let before_text = file.and_then(|f| f.before.as_deref());
            let after_text = file.and_then(|f| f.after.as_deref());
            let removal = changed.after.is_empty();
            let mut hunks: Vec<(Hunk, bool)> = Vec::new();
            let order = diff_order(&changed.before, &changed.after);
            for &(r, is_after) in order.iter().take(2 * MAX_HUNKS) {
                let t = if is_after { after_text } else { before_text };
                if let Some(t) = t {
                    hunks.extend(hunk(&mut lines, t, r).map(|h| (h, is_after)));
                }
            }
            let more = order.len().saturating_sub(2 * MAX_HUNKS);
            let more_note = format!("{more} more changed range(s) not shown");
            let mut message = Level::Error.title(if hunks.is_empty() { &bare } else { &title });
            for (h, is_after) in &hunks {
                let (origin, annotation) = if *is_after {
                    (
                        &origin_after,
                        Level::Error.span(h.span.clone()).label(&label),
                    )
                } else if removal {
                    (
                        &before_origin,
                        Level::Error.span(h.span.clone()).label(&label),
                    )
                } else {
                    (
                        &before_origin,
                        Level::Info.span(h.span.clone()).label("before"),
                    )
                };
                message = message.snippet(
                    Snippet::source(&h.source)
                        .line_start(h.line_start)
                        .origin(origin)
                        .annotation(annotation),
                );
            }
            if more > 0 && !hunks.is_empty() {
                message = message.footer(Level::Note.title(&more_note));
            }
            // Lines that differ only in their line breaks show the same: say so.
            let eol_note = "only line endings changed (`\\r\\n` and `\\n`, or the final line break): the lines read the same";
            if line_endings_only(&mut lines, before_text, after_text, changed) {
                message = message.footer(Level::Note.title(eol_note));
            }
            let rendered = renderer.render(message).to_string();
            writeln!(out, "{rendered}\n")?;
            continue;
        }
        let (old_owned, slice_owned): (String, String);
        let mut message = Level::Error.title(if text.is_some() && range.is_some() {
            &title
        } else {
            &bare
        });
        if let (Some(text), Some(r)) = (text, range) {
            // For a change (not an addition or removal), the lines before it too.
            if let (true, Some(b), Some(old_text)) = (
                side == "after",
                v.violation.before,
                file.and_then(|f| f.before.as_deref()),
            ) {
                old_owned = shown(
                    &mut lines,
                    old_text,
                    b.start_line,
                    b.end_line.min(b.start_line + MAX_SNIPPET_LINES - 1),
                );
                let old = old_owned.as_str();
                if !old.is_empty() {
                    message = message.snippet(
                        Snippet::source(old)
                            .line_start(b.start_line)
                            .origin(&before_origin)
                            .fold(true)
                            .annotation(Level::Info.span(0..old.len()).label("before")),
                    );
                }
            }
            let end = r.end_line.min(r.start_line + MAX_SNIPPET_LINES - 1);
            slice_owned = shown(&mut lines, text, r.start_line, end);
            let slice = slice_owned.as_str();
            if !slice.is_empty() {
                message = message.snippet(
                    Snippet::source(slice)
                        .line_start(r.start_line)
                        .origin(&origin)
                        .fold(true)
                        .annotation(Level::Error.span(0..slice.len()).label(&label)),
                );
            }
        }
        let rendered = renderer.render(message).to_string();
        writeln!(out, "{rendered}\n")?;
    }
    for f in report.files.iter().filter(|f| f.unverifiable.is_some()) {
        if let Some(reason) = &f.unverifiable {
            let title = format!(
                "{}: cannot be verified: {}",
                editscope::escape_line(&f.path),
                editscope::escape_line(&reason.to_string())
            );
            writeln!(out, "{}\n", renderer.render(Level::Warning.title(&title)))?;
        }
    }
    for w in &report.warnings {
        let title = editscope::escape_line(w);
        writeln!(out, "{}\n", renderer.render(Level::Warning.title(&title)))?;
    }
    // `no_symbol` messages are among `warnings` already.
    for w in &report.selector_warnings {
        if w.kind == editscope::SelectorWarningKind::NoFile {
            let title = editscope::escape_line(&w.message);
            writeln!(out, "{}\n", renderer.render(Level::Warning.title(&title)))?;
        }
    }
    let symbols: usize = report.files.iter().map(|f| f.changes.len()).sum();
    match report.status {
        editscope::Status::Allowed => writeln!(
            out,
            "allowed: {} file(s) changed, {symbols} symbol change(s), all inside the contract",
            report.files.len()
        ),
        editscope::Status::Rejected => {
            let files: std::collections::BTreeSet<&str> =
                report.violations.iter().map(|v| v.path.as_str()).collect();
            writeln!(
                out,
                "rejected: {} violation(s) in {} file(s)",
                report.violations.len(),
                files.len()
            )
        }
        editscope::Status::Unverifiable => writeln!(
            out,
            "unverifiable: editscope cannot vouch for this change; do not apply it unchecked"
        ),
    }
}

fn kind_name(kind: editscope::ViolationKind) -> String {
    kind.as_str().to_string()
}

/// The SARIF rule of a selector warning.
fn selector_rule(kind: editscope::SelectorWarningKind) -> &'static str {
    match kind {
        editscope::SelectorWarningKind::NoFile => "selector_no_file",
        editscope::SelectorWarningKind::NoSymbol => "selector_no_symbol",
    }
}

/// Each changed file's change by path (the first of a path, as the text report finds it),
/// for the texts a location is computed in.
fn texts(
    changes: &editscope::ChangeSet,
) -> std::collections::HashMap<&str, &editscope::FileChange> {
    let mut by_path = std::collections::HashMap::new();
    for f in &changes.files {
        by_path.entry(f.path.as_str()).or_insert(f);
    }
    by_path
}

/// Where a violation points in the file as it is after the change (a removed symbol: the
/// line that now stands where it stood).
fn location(
    v: &editscope::FileViolation,
    by_path: &std::collections::HashMap<&str, &editscope::FileChange>,
) -> Option<editscope::LineRange> {
    let f = by_path.get(v.path.as_str());
    v.violation.location_in(
        f.and_then(|f| f.before.as_deref()),
        f.and_then(|f| f.after.as_deref()),
    )
}

/// The report as SARIF 2.1.0: one result per violation (level `error`), with file, region
/// and message (regions in the file as it is after the change), and one per selector warning
/// (level `warning`, rules `selector_no_file` and `selector_no_symbol`).
pub fn sarif(report: &editscope::Report, changes: &editscope::ChangeSet) -> Value {
    let by_path = texts(changes);
    let mut rules: Vec<String> = report
        .violations
        .iter()
        .map(|v| kind_name(v.violation.kind))
        .collect();
    rules.extend(
        report
            .selector_warnings
            .iter()
            .map(|w| selector_rule(w.kind).to_string()),
    );
    rules.sort();
    rules.dedup();
    let mut results: Vec<Value> = report
        .violations
        .iter()
        .map(|v| {
            let lines = location(v, &by_path);
            let mut location = json!({"physicalLocation": {"artifactLocation": {"uri": v.path}}});
            if let Some(r) = lines {
                location["physicalLocation"]["region"] =
                    json!({"startLine": r.start_line, "endLine": r.end_line});
            }
            let mut result = json!({
                "ruleId": kind_name(v.violation.kind),
                "level": "error",
                "message": {"text": v.violation.message},
                "locations": [location],
            });
            if let Some(symbol) = &v.violation.symbol {
                result["properties"] = json!({"symbol": symbol});
            }
            result
        })
        .collect();
    // Selectors that match nothing: warnings, at the files a `no_symbol` selector searched.
    results.extend(report.selector_warnings.iter().map(|w| {
        let locations: Vec<Value> = w
            .files
            .iter()
            .map(|f| json!({"physicalLocation": {"artifactLocation": {"uri": f}}}))
            .collect();
        json!({
            "ruleId": selector_rule(w.kind),
            "level": "warning",
            "message": {"text": w.message},
            "locations": locations,
            "properties": {"key": w.key, "selector": w.selector, "suggestions": w.suggestions},
        })
    }));
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "editscope",
                "version": env!("CARGO_PKG_VERSION"),
                "informationUri": "https://crates.io/crates/editscope",
                "rules": rules.iter().map(|r| json!({"id": r, "shortDescription": {"text": format!("editscope: {}", r.replace('_', " "))}})).collect::<Vec<_>>(),
            }},
            "results": results,
        }],
    })
}

/// Escapes a GitHub workflow command property or message (invisible and control
/// characters first, as in the text report).
fn gh_escape(s: &str, property: bool) -> String {
    let mut out = editscope::escape_line(s)
        .replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A");
    if property {
        out = out.replace(':', "%3A").replace(',', "%2C");
    }
    out
}

/// The report as GitHub Actions workflow annotations: `::error` for violations and
/// unverifiable files, `::warning` for selector warnings.
pub fn github(
    out: &mut Vec<u8>,
    report: &editscope::Report,
    changes: &editscope::ChangeSet,
) -> std::io::Result<()> {
    let by_path = texts(changes);
    for v in &report.violations {
        let mut props = format!("file={}", gh_escape(&v.path, true));
        if let Some(r) = location(v, &by_path) {
            props.push_str(&format!(",line={},endLine={}", r.start_line, r.end_line));
        }
        props.push_str(",title=editscope");
        writeln!(
            out,
            "::error {props}::{}",
            gh_escape(&v.violation.message, false)
        )?;
    }
    for f in report.files.iter().filter(|f| f.unverifiable.is_some()) {
        if let Some(reason) = &f.unverifiable {
            writeln!(
                out,
                "::error file={},title=editscope::{}",
                gh_escape(&f.path, true),
                gh_escape(&format!("cannot be verified: {reason}"), false)
            )?;
        }
    }
    for w in &report.selector_warnings {
        let mut props = String::new();
        if let Some(f) = w.files.first() {
            props.push_str(&format!("file={},", gh_escape(f, true)));
        }
        props.push_str("title=editscope");
        writeln!(out, "::warning {props}::{}", gh_escape(&w.message, false))?;
    }
    writeln!(out, "editscope: {}", report.status_name())
}

/// Where `--format markdown` links point: blob URLs for the two sides of the change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkBase {
    /// Prefix of links to lines of the file after the change (`None`: such lines are named,
    /// not linked, with a note saying how to link them: a relative link resolves against
    /// the page the comment is shown on, not the repository).
    pub after: Option<String>,
    /// Prefix of links to lines of the file before the change (`None`: such lines are
    /// named, not linked: a relative link would point at the new version).
    pub before: Option<String>,
}

impl LinkBase {
    /// `--link-base` and `--link-base-before` when given; otherwise, in GitHub Actions
    /// (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY` and `GITHUB_SHA` all set), the blob URL of
    /// `GITHUB_SHA` for the after side; otherwise no base (lines are named, not linked).
    pub fn choose(
        after: Option<&str>,
        before: Option<&str>,
        env: impl Fn(&str) -> Option<String>,
    ) -> LinkBase {
        let trim = |s: &str| s.trim_end_matches('/').to_string();
        let actions = || {
            let server = env("GITHUB_SERVER_URL").filter(|v| !v.is_empty())?;
            let repo = env("GITHUB_REPOSITORY").filter(|v| !v.is_empty())?;
            let sha = env("GITHUB_SHA").filter(|v| !v.is_empty())?;
            Some(format!("{}/{repo}/blob/{sha}", trim(&server)))
        };
        LinkBase {
            after: after.map(trim).or_else(actions),
            before: before.map(trim),
        }
    }
}

/// `text` for a markdown table cell or list item, shown as it is and never read as markup:
/// invisible and bidi characters written as `\u{XXXX}`, line breaks and tabs as spaces, and
/// every character markdown or HTML could read there (`|`, `` ` ``, `<`, `>`, `&`, `[`, `]`,
/// `*`, `_`, `~`, `\`, the `:` and `@` of autolinks, `$` of math) as an HTML character
/// reference. Without `[` no link or image can start, so `(` and `)` stay.
pub fn md_escape(text: &str) -> String {
    let shown = editscope::escape_invisible(text);
    let mut out = String::with_capacity(shown.len());
    for c in shown.chars() {
        match c {
            '\n' | '\r' | '\t' => out.push(' '),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '|' | '`' | '[' | ']' | '*' | '_' | '\\' | '~' | ':' | '@' | '$' => {
                out.push_str(&format!("&#{};", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` percent-encoded for a URL: only unreserved characters and `/` (and, for a base,
/// the URL's own `:`, `?`, `=`, `&`, `%`) stay as they are.
fn url_encode(text: &str, keep: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        let c = b as char;
        if c.is_ascii_alphanumeric() || "-._~/".contains(c) || keep.contains(c) {
            out.push(c);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// At most this many violations are listed (a PR comment holds at most 65,536 characters).
const MAX_MARKDOWN_ROWS: usize = 200;

/// The report as markdown for a pull-request comment: a summary line, then a table of the
/// violations by file, each linking to its changed lines (`path#Lstart-Lend`: the first
/// changed range of the after side, of the before side for a removed region), then the
/// files that cannot be verified and the warnings. Every name and message is escaped
/// ([`md_escape`]); link targets are percent-encoded.
pub fn markdown(
    out: &mut Vec<u8>,
    report: &editscope::Report,
    links: &LinkBase,
) -> std::io::Result<()> {
    let files: std::collections::BTreeSet<&str> =
        report.violations.iter().map(|v| v.path.as_str()).collect();
    let unverifiable: Vec<_> = report
        .files
        .iter()
        .filter_map(|f| f.unverifiable.as_ref().map(|r| (f, r)))
        .collect();
    match report.status {
        editscope::Status::Allowed => writeln!(
            out,
            "**editscope: allowed**: {} file(s) changed, all inside the contract.",
            report.files.len()
        )?,
        editscope::Status::Rejected => writeln!(
            out,
            "**editscope: rejected**: {} violation(s) in {} file(s).",
            report.violations.len(),
            files.len()
        )?,
        editscope::Status::Unverifiable => writeln!(
            out,
            "**editscope: unverifiable**: {} file(s) cannot be verified; do not merge this change unchecked.",
            unverifiable.len()
        )?,
    }
    if !report.violations.is_empty() {
        writeln!(out)?;
        writeln!(out, "| file | lines | symbol | violation |")?;
        writeln!(out, "| --- | --- | --- | --- |")?;
        for v in report.violations.iter().take(MAX_MARKDOWN_ROWS) {
            let path = md_escape(&v.path);
            let lines = md_lines(v, links);
            let symbol = v
                .violation
                .symbol
                .as_deref()
                .map(|s| format!("<code>{}</code>", md_escape(s)))
                .unwrap_or_else(|| "(outside any symbol)".into());
            writeln!(
                out,
                "| {path} | {lines} | {symbol} | {} (<code>{}</code>) |",
                md_escape(&v.violation.message),
                v.violation.kind.as_str()
            )?;
        }
        let more = report.violations.len().saturating_sub(MAX_MARKDOWN_ROWS);
        if more > 0 {
            writeln!(
                out,
                "\n{more} more violation(s) not shown (see `editscope check`)."
            )?;
        }
        if let Some(note) = md_links_note(report, links) {
            writeln!(out, "\n{note}")?;
        }
    }
    if !unverifiable.is_empty() {
        writeln!(out, "\n**Cannot be verified:**\n")?;
        writeln!(out, "| file | why |")?;
        writeln!(out, "| --- | --- |")?;
        for (f, reason) in unverifiable {
            writeln!(
                out,
                "| {} | {} |",
                md_escape(&f.path),
                md_escape(&reason.to_string())
            )?;
        }
    }
    // `no_symbol` selector warnings are among `warnings` already.
    let warnings: Vec<&str> = report
        .warnings
        .iter()
        .map(String::as_str)
        .chain(
            report
                .selector_warnings
                .iter()
                .filter(|w| w.kind == editscope::SelectorWarningKind::NoFile)
                .map(|w| w.message.as_str()),
        )
        .collect();
    if !warnings.is_empty() {
        writeln!(out, "\n**Warnings:**\n")?;
        for w in warnings {
            writeln!(out, "- {}", md_escape(w))?;
        }
    }
    Ok(())
}

/// The lines cell of a violation: a link to its changed lines where a base for that side is
/// known, else the lines named (`L22`, `L5-L6 (before)`).
fn md_lines(v: &editscope::FileViolation, links: &LinkBase) -> String {
    let c = &v.violation.changed_lines;
    // The first changed range of the after side; for lines only removed from a region that
    // is still there, the line that now stands where they stood (`Violation::location`);
    // for a removed region, its first changed range before the change.
    let (range, after) = match (c.after.first(), c.before.first(), v.violation.after) {
        (Some(&(s, e)), _, _) => ((s, e), true),
        (None, Some(_), Some(_)) => match v.violation.location() {
            Some(r) => ((r.start_line, r.end_line), true),
            None => return "(whole file)".into(),
        },
        (None, Some(&(s, e)), None) => ((s, e), false),
        (None, None, _) => match (v.violation.after, v.violation.before) {
            (Some(r), _) => ((r.start_line, r.end_line), true),
            (None, Some(r)) => ((r.start_line, r.end_line), false),
            (None, None) => return "(whole file)".into(),
        },
    };
    let anchor = if range.0 == range.1 {
        format!("L{}", range.0)
    } else {
        format!("L{}-L{}", range.0, range.1)
    };
    let base = if after {
        links.after.as_deref()
    } else {
        links.before.as_deref()
    };
    let side = if after { "" } else { " (before)" };
    match base {
        Some(base) => {
            let path = url_encode(&v.path, "");
            let url = format!("{}/{path}#{anchor}", url_encode(base, ":?=&%"));
            format!("[{anchor}]({url}){side}")
        }
        None => format!("{anchor}{side}"),
    }
}

/// The note under the table when line numbers are named, not linked (no base for the side
/// they are on), saying how to get links; `None` when every line cell is a link.
fn md_links_note(report: &editscope::Report, links: &LinkBase) -> Option<&'static str> {
    let rows = report.violations.iter().take(MAX_MARKDOWN_ROWS);
    let named: Vec<String> = rows
        .map(|v| md_lines(v, links))
        .filter(|cell| cell.starts_with('L'))
        .collect();
    if named.is_empty() {
        return None;
    }
    Some(if links.after.is_none() {
        "Line numbers are not links: pass <code>--link-base https://github.com/OWNER/REPO/blob/SHA</code> (set from <code>GITHUB_SERVER_URL</code>, <code>GITHUB_REPOSITORY</code> and <code>GITHUB_SHA</code> in GitHub Actions) to link them, and <code>--link-base-before URL</code> (the base revision's blob) for lines removed by the change."
    } else {
        "Lines marked (before) are not links: pass <code>--link-base-before URL</code> (the base revision's blob) to link them."
    })
}
