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
                let (kind, message) = match c.change {
                    ChangeKind::Signature if body_granted => (
                        ViolationKind::SignatureChanged,
                        format!("the signature of `{name}` changed (name, parameters, return type, decorators, attributes or doc comment), but only its body is granted"),
                    ),
                    ChangeKind::Moved => (ViolationKind::Moved, format!("{} `{name}` was moved; its position is outside the grants", sb.kind)),
                    change => (ViolationKind::Changed, format!("{} `{name}` changed ({}), but it is not granted", sb.kind, change.name())),
                };
                push(out, kind, message);
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
                (Some(b), None) => format!("code outside any symbol was deleted (before: lines {}-{})", b.start_line, b.end_line),
                (None, Some(a)) => format!("code outside any symbol was added (after: lines {}-{}), where no grant allows it", a.start_line, a.end_line),
                _ => "code outside any symbol changed (imports, module-level code or comments between symbols)".to_string(),
            },
        });
    }
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
