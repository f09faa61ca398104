//! Turning the symbol-level diff into violations: every change no grant covers.

use super::*;

/// Turns the symbol-level diff into violations: every change no grant covers.
#[allow(clippy::too_many_arguments)]
pub(super) fn explain(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
    options: &CheckOptions,
    file_diff: &FileDiff,
    (paths_b, paths_a): (&HashSet<&str>, &HashSet<&str>),
    same_within: &dyn Fn(usize, usize) -> bool,
    out: &mut Vec<Violation>,
) {
    let tolerant = options.formatting == Formatting::Tolerant;
    let (cov_b, cov_a) = (Coverage::of(before, grants), Coverage::of(after, grants));
    for c in &file_diff.changes {
        let push = |out: &mut Vec<Violation>, kind: ViolationKind, message: String| {
            out.push(Violation {
                changed_lines: Default::default(),
                kind,
                symbol: Some(c.symbol.clone()),
                symbol_kind: Some(c.kind),
                before: c.before,
                after: c.after,
                message,
            });
        };
        let name = &c.symbol;
        match c.change {
            ChangeKind::Added => {
                let a = c.after_index.unwrap_or_default();
                let s = &after.symbols()[a];
                if cov_a.covered(a, false) {
                    continue;
                }
                let into = grants.adds_into(after, s.parent);
                let container = s.parent.map_or_else(
                    || "the file's top level".to_string(),
                    |p| format!("`{}`", after.symbols()[p].path),
                );
                if into && paths_b.contains(s.path.as_str()) {
                    push(out, ViolationKind::Redefined, format!("{} `{name}` is added with the name of an existing symbol, which it would shadow; grant `edit` on `{name}` to change it", s.kind));
                } else if !into {
                    push(
                        out,
                        ViolationKind::Added,
                        format!(
                            "{} `{name}` was added, but adding to {container} is not granted",
                            s.kind
                        ),
                    );
                }
            }
            ChangeKind::Removed => {
                let b = c.before_index.unwrap_or_default();
                let s = &before.symbols()[b];
                if cov_b.covered(b, false) {
                    continue;
                }
                if !grants.deletes(s) {
                    push(
                        out,
                        ViolationKind::Removed,
                        format!(
                            "{} `{name}` was removed, but deleting it is not granted",
                            s.kind
                        ),
                    );
                } else if paths_a.contains(s.path.as_str()) {
                    push(out, ViolationKind::Removed, format!("one definition of `{name}` was removed while others remain; `delete` removes a symbol whole"));
                }
            }
            ChangeKind::Body
            | ChangeKind::Signature
            | ChangeKind::Formatting
            | ChangeKind::Moved => {
                let (b, a) = (
                    c.before_index.unwrap_or_default(),
                    c.after_index.unwrap_or_default(),
                );
                let sb = &before.symbols()[b];
                let edit = cov_b.covered(b, true) && cov_a.covered(a, true);
                let body_granted = grants.bodies(sb);
                // A Rust `mod { }` whose only difference is its freed `use` lines.
                let imports_only = || {
                    grants.imports
                        && without_imports(before, sb.extent.range())
                            == without_imports(after, after.symbols()[a].extent.range())
                };
                if c.change != ChangeKind::Moved && !edit && same_within(b, a) {
                    continue;
                }
                let ok = match c.change {
                    ChangeKind::Body => edit || body_granted || imports_only(),
                    ChangeKind::Formatting => {
                        edit || tolerant || (body_granted && c.signature_same)
                    }
                    ChangeKind::Signature => edit,
                    _ => cov_b.covered(b, false),
                };
                if ok {
                    continue;
                }
                let sa = &after.symbols()[a];
                // A change of the docstring or doc comment alone is named so.
                let doc = (c.change == ChangeKind::Signature)
                    .then(|| doc_only(before, sb, after, sa))
                    .flatten();
                // A container's own text (blank lines, layout, code between its members):
                // the lines that changed there, not the container's first line.
                let own = (c.change != ChangeKind::Moved)
                    .then(|| own_lines(before, b, after, a))
                    .flatten();
                let (kind, message) = match c.change {
                    ChangeKind::Signature if body_granted => match doc {
                        Some(what) => (
                            ViolationKind::SignatureChanged,
                            format!("the {what} of `{name}` changed, but only its body is granted (grant `edit` on `{name}` to change its {what})"),
                        ),
                        None => (
                            ViolationKind::SignatureChanged,
                            format!("the signature of `{name}` changed (name, parameters, return type, decorators, attributes or doc comment), but only its body is granted"),
                        ),
                    },
                    ChangeKind::Moved => (ViolationKind::Moved, format!("{} `{name}` was moved; its position is outside the grants", sb.kind)),
                    change => match (&own, doc) {
                        (Some((lines, what)), _) => (
                            ViolationKind::Changed,
                            format!("{what} inside {} `{name}` ({lines}), outside its members, but that is not granted", sb.kind),
                        ),
                        (None, Some(what)) => (ViolationKind::Changed, format!("{} `{name}` changed ({what}), but it is not granted", sb.kind)),
                        (None, None) => (ViolationKind::Changed, format!("{} `{name}` changed ({}), but it is not granted", sb.kind, change.name())),
                    },
                };
                push(out, kind, message);
                if let (Some(v), Some((_, _))) = (out.last_mut(), &own) {
                    v.changed_lines = own_changed(before, b, after, a);
                }
            }
        }
    }
    for o in &file_diff.outside {
        if tolerant && o.whitespace_only {
            continue;
        }
        if grants.imports
            && only_imports(before, o.before_bytes.clone())
            && only_imports(after, o.after_bytes.clone())
        {
            continue;
        }
        out.push(Violation {
            changed_lines: Default::default(),
            kind: ViolationKind::Outside,
            symbol: None,
            symbol_kind: None,
            before: o.before,
            after: o.after,
            message: match (o.before, o.after) {
                _ if !grants.imports
                    && only_imports(before, o.before_bytes.clone())
                    && only_imports(after, o.after_bytes.clone())
                    && (has_code(before, o.before_bytes.clone()) || has_code(after, o.after_bytes.clone())) =>
                {
                    let (how, at) = match (o.before, o.after) {
                        (Some(b), None) => ("removed", format!("before: {}", lines_name(b))),
                        (None, Some(a)) => ("added", format!("after: {}", lines_name(a))),
                        (_, Some(a)) => ("changed", format!("after: {}", lines_name(a))),
                        (None, None) => ("changed", "the file".into()),
                    };
                    format!("an import was {how} ({at}), but imports are not granted; grant `imports` to allow it")
                }
                (b, a) if o.whitespace_only => {
                    let at = match (b, a) {
                        (_, Some(a)) => format!("after: {}", lines_name(a)),
                        (Some(b), None) => format!("before: {}", lines_name(b)),
                        (None, None) => "the file".into(),
                    };
                    format!("blank lines or whitespace outside any symbol changed ({at}), where no grant allows it")
                }
                (Some(b), None) => format!("code outside any symbol was deleted (before: lines {}-{})", b.start_line, b.end_line),
                (None, Some(a)) => format!("code outside any symbol was added (after: lines {}-{}), where no grant allows it", a.start_line, a.end_line),
                _ => "code outside any symbol changed (imports, module-level code or comments between symbols)".to_string(),
            },
        });
    }
}

/// `line 12` or `lines 12-14`.
fn lines_name(r: LineRange) -> String {
    if r.start_line == r.end_line {
        format!("line {}", r.start_line)
    } else {
        format!("lines {}-{}", r.start_line, r.end_line)
    }
}

/// Whether `range` of `file` holds anything but whitespace.
fn has_code(file: &SourceFile, range: std::ops::Range<usize>) -> bool {
    file.text()
        .get(range)
        .is_some_and(|t| t.bytes().any(|b| !b.is_ascii_whitespace()))
}

/// What changed in the header of `sb` (before) / `sa` (after), when all that changed there
/// is its docstring (Python) or its comments (doc comments): `"docstring"`, `"doc comment"`
/// or `"comment"`; `None` when a token of the signature itself changed.
pub(super) fn doc_only(
    before: &SourceFile,
    sb: &crate::Symbol,
    after: &SourceFile,
    sa: &crate::Symbol,
) -> Option<&'static str> {
    let head =
        |s: &crate::Symbol| s.extent.start_byte..s.body.map_or(s.extent.end_byte, |b| b.start_byte);
    let (tb, db) = header_tokens(before, head(sb))?;
    let (ta, da) = header_tokens(after, head(sa))?;
    if tb != ta {
        return None;
    }
    Some(if db != da {
        "docstring"
    } else if before.language() == Language::Python {
        "comment"
    } else {
        "doc comment"
    })
}

/// The tokens of `range` (leaves of the tree) without comments and without the docstring,
/// and the docstring's text.
fn header_tokens(
    file: &SourceFile,
    range: std::ops::Range<usize>,
) -> Option<(Vec<&str>, Option<&str>)> {
    let profile = file.language().profile().ok()?;
    let text = file.text();
    let mut tokens = Vec::new();
    let mut docstring = None;
    // Depth-first with an explicit stack: no recursion on deep trees.
    let mut stack = vec![file.tree().root_node()];
    let mut visited = 0usize;
    while let Some(node) = stack.pop() {
        visited += 1;
        if visited > crate::limits::MAX_FILE_BYTES {
            return None;
        }
        if node.end_byte() <= range.start || node.start_byte() >= range.end {
            continue;
        }
        if profile.is_comment(node.kind_id()) {
            continue;
        }
        if let Some(d) = &profile.docstring {
            let only = node.named_child_count() == 1
                && node.named_child(0).is_some_and(|c| c.kind() == d.string);
            if node.kind() == d.statement && only && node.start_byte() >= range.start {
                docstring = text.get(node.byte_range());
                continue;
            }
        }
        if node.child_count() == 0 {
            // A token only partly in the range: its part there.
            let start = node.start_byte().max(range.start);
            let end = node.end_byte().min(range.end);
            tokens.push(text.get(start..end)?);
            continue;
        }
        let mut cursor = node.walk();
        let children: Vec<_> = node.children(&mut cursor).collect();
        stack.extend(children.into_iter().rev());
    }
    Some((tokens, docstring))
}

/// The line ranges of the members (direct children) of symbol `i`.
fn member_lines(file: &SourceFile, i: usize) -> Vec<(usize, usize)> {
    file.symbols()
        .iter()
        .filter(|s| s.parent == Some(i))
        .map(|s| (s.extent.start_line, s.extent.end_line))
        .collect()
}

/// `ranges` without the lines of `members`.
fn without_members(ranges: &[(usize, usize)], members: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut out: Vec<(usize, usize)> = Vec::new();
    for &(s, e) in ranges {
        let mut line = s;
        while line <= e {
            let inside = members.iter().find(|(ms, me)| *ms <= line && line <= *me);
            match inside {
                Some(&(_, me)) => line = me + 1,
                None => {
                    match out.last_mut() {
                        Some(last) if last.1 + 1 == line => last.1 = line,
                        _ => out.push((line, line)),
                    }
                    line += 1;
                }
            }
        }
    }
    out
}

/// The changed lines of container `b` (before) / `a` (after) outside its members, when it
/// has members and some changed line lies outside them.
fn own_changed(before: &SourceFile, b: usize, after: &SourceFile, a: usize) -> crate::ChangedLines {
    let (sb, sa) = (&before.symbols()[b], &after.symbols()[a]);
    let all = crate::ChangedLines::compute(
        Some(before.text()),
        Some(after.text()),
        Some(LineRange {
            start_line: sb.extent.start_line,
            end_line: sb.extent.end_line,
        }),
        Some(LineRange {
            start_line: sa.extent.start_line,
            end_line: sa.extent.end_line,
        }),
    );
    crate::ChangedLines {
        before: without_members(&all.before, &member_lines(before, b)),
        after: without_members(&all.after, &member_lines(after, a)),
    }
}

/// For a container with members whose own text changed: where (`after: line 12`) and what
/// (`a blank line was added`, `blank lines changed`, `code changed`).
fn own_lines(
    before: &SourceFile,
    b: usize,
    after: &SourceFile,
    a: usize,
) -> Option<(String, String)> {
    if member_lines(before, b).is_empty() && member_lines(after, a).is_empty() {
        return None;
    }
    let own = own_changed(before, b, after, a);
    if own.is_empty() {
        return None;
    }
    let blank = |file: &SourceFile, ranges: &[(usize, usize)]| {
        let lines: Vec<&str> = file.text().split('\n').collect();
        ranges
            .iter()
            .all(|&(s, e)| (s..=e).all(|l| lines.get(l - 1).is_none_or(|t| t.trim().is_empty())))
    };
    let all_blank = blank(before, &own.before) && blank(after, &own.after);
    let name = |side: &str, r: &[(usize, usize)]| {
        let list: Vec<String> = r
            .iter()
            .map(|&(s, e)| {
                lines_name(LineRange {
                    start_line: s,
                    end_line: e,
                })
            })
            .collect();
        format!("{side}: {}", list.join(", "))
    };
    let at = if own.after.is_empty() {
        name("before", &own.before)
    } else {
        name("after", &own.after)
    };
    let count = |r: &[(usize, usize)]| r.iter().map(|(s, e)| e - s + 1).sum::<usize>();
    let what = if !all_blank {
        "code changed".to_string()
    } else if own.before.is_empty() {
        if count(&own.after) == 1 {
            "a blank line was added".into()
        } else {
            "blank lines were added".into()
        }
    } else if own.after.is_empty() {
        if count(&own.before) == 1 {
            "a blank line was removed".into()
        } else {
            "blank lines were removed".into()
        }
    } else {
        "blank lines changed".into()
    };
    Some((at, what))
}

pub(super) fn bidi_violation(found: crate::bidi::Found) -> Violation {
    Violation {
        changed_lines: Default::default(),
        kind: ViolationKind::BidiControl,
        symbol: None,
        symbol_kind: None,
        before: None,
        after: Some(LineRange {
            start_line: found.line,
            end_line: found.line,
        }),
        message: crate::bidi::message(&found),
    }
}

/// The import statements an `imports` grant frees: those at module level (the file's top
/// level, or directly inside a Rust `mod { }` block). An import inside a function, class or
/// impl is part of that symbol.
pub(super) fn module_level_imports(
    file: &SourceFile,
) -> impl Iterator<Item = &(crate::Span, Option<usize>)> {
    file.imports()
        .iter()
        .filter(|(_, parent)| module_level(file, *parent))
}

/// Whether an import whose innermost enclosing symbol is `parent` is at module level.
pub(super) fn module_level(file: &SourceFile, parent: Option<usize>) -> bool {
    parent.is_none_or(|p| file.symbols()[p].kind == SymbolKind::Module)
}

/// The text of `range` without the module-level import statements in it (and the
/// whitespace after each).
pub(super) fn without_imports(file: &SourceFile, range: std::ops::Range<usize>) -> String {
    let text = file.text();
    let mut out = String::new();
    let mut pos = range.start;
    for (span, _) in module_level_imports(file) {
        if span.start_byte < pos || span.end_byte > range.end {
            continue;
        }
        out.push_str(&text[pos..span.start_byte]);
        pos = span.end_byte;
        let rest = &text[pos..range.end];
        pos += rest.len() - rest.trim_start().len();
    }
    out.push_str(&text[pos..range.end]);
    out
}

/// Whether every non-whitespace byte of `range` lies in a module-level import statement.
pub(super) fn only_imports(file: &SourceFile, range: std::ops::Range<usize>) -> bool {
    let text = file.text().as_bytes();
    let mut pos = range.start;
    while pos < range.end {
        if text[pos].is_ascii_whitespace() {
            pos += 1;
            continue;
        }
        // Imports are in document order and disjoint: the last one starting at or before
        // `pos` is the only candidate.
        let imports = file.imports();
        let at = imports.partition_point(|(s, _)| s.start_byte <= pos);
        match at.checked_sub(1).map(|i| &imports[i]) {
            Some((s, parent)) if pos < s.end_byte && module_level(file, *parent) => {
                pos = s.end_byte
            }
            _ => return false,
        }
    }
    true
}

/// A violation for a skeleton difference the symbol-level explanation did not name.
pub(super) fn fallback(
    before: &SourceFile,
    after: &SourceFile,
    sk_b: &[Piece<'_>],
    sk_a: &[Piece<'_>],
    deadline: &Deadline,
) -> Violation {
    let hunk = skeleton::hunks(sk_b, sk_a, deadline.instant())
        .into_iter()
        .next();
    let (rb, ra) = hunk.map(|h| (h.before, h.after)).unwrap_or((0..0, 0..0));
    let symbol = before
        .innermost(rb.clone())
        .map(|i| &before.symbols()[i])
        .or_else(|| after.innermost(ra.clone()).map(|i| &after.symbols()[i]));
    Violation {
        changed_lines: Default::default(),
        kind: if symbol.is_some() { ViolationKind::Changed } else { ViolationKind::Outside },
        symbol: symbol.map(|s| s.path.clone()),
        symbol_kind: symbol.map(|s| s.kind),
        before: LineRange::of_bytes(before.text(), rb),
        after: LineRange::of_bytes(after.text(), ra),
        message: match symbol {
            Some(s) => format!("text around granted regions of `{}` changed (blank lines, layout or order between granted symbols)", s.path),
            None => "text outside the granted regions changed (blank lines, layout or order between granted symbols)".to_string(),
        },
    }
}

#[cfg(test)]
mod tests;
