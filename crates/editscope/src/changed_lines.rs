//! The lines a violation changed: [`ChangedLines`], a line diff of the violation's region
//! (its `before` and `after` line ranges) mapped back to file line numbers.
//!
//! Computed only for violations (on the way to *rejected*), never on the way to *allowed*.

use serde::Serialize;

use crate::diff::LineRange;

/// How long one region's line diff may take before it falls back to a coarser (still
/// covering) answer.
const DIFF_BUDGET: std::time::Duration = std::time::Duration::from_millis(200);

/// The lines that differ inside a violation's region, as 1-based inclusive `[start, end]`
/// line ranges of each version (JSON: `{"before": [[3, 4]], "after": [[3, 5]]}`).
///
/// For a region present in both versions, the lines a line diff of the two regions marks
/// as removed (`before`) or inserted (`after`); when the two regions read the same (a moved
/// symbol), the regions themselves. For an added region `before` is empty, for a removed
/// one `after` is empty. A violation with no region (a file-level one) has the changed
/// lines of the whole file, none when its text did not change (a mode change). Line breaks count: a line whose `\r\n` became `\n`, or that
/// gained a final newline, changed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize)]
pub struct ChangedLines {
    /// Ranges of lines in `before` that were removed or replaced, in order.
    pub before: Vec<(usize, usize)>,
    /// Ranges of lines in `after` that were inserted or replaced, in order.
    pub after: Vec<(usize, usize)>,
}

impl ChangedLines {
    /// Whether no line is named on either side.
    pub fn is_empty(&self) -> bool {
        self.before.is_empty() && self.after.is_empty()
    }

    /// The first changed range of `after`, else of `before` (a removal), as a
    /// [`LineRange`]: where a diagnostic points.
    pub fn first(&self) -> Option<LineRange> {
        self.after
            .first()
            .or(self.before.first())
            .map(|&(start_line, end_line)| LineRange {
                start_line,
                end_line,
            })
    }

    /// The changed lines of the region `before_lines` of `before` against `after_lines` of
    /// `after` (see the type's docs). A side's text is `None` when that version does not
    /// exist (a created or deleted file); ranges past the end of a text are clamped to it.
    pub fn compute(
        before: Option<&str>,
        after: Option<&str>,
        before_lines: Option<LineRange>,
        after_lines: Option<LineRange>,
    ) -> ChangedLines {
        let (b, a) = (before.map(Text::new), after.map(Text::new));
        ChangedLines::of(b.as_ref(), a.as_ref(), before_lines, after_lines)
    }

    /// [`ChangedLines::compute`] for each violation whose changed lines are still empty,
    /// splitting each text into lines once.
    pub(crate) fn fill<'v>(
        violations: impl IntoIterator<Item = &'v mut crate::Violation>,
        before: Option<&str>,
        after: Option<&str>,
    ) {
        let (b, a) = (before.map(Text::new), after.map(Text::new));
        for v in violations {
            if v.changed_lines.is_empty() {
                v.changed_lines = ChangedLines::of(b.as_ref(), a.as_ref(), v.before, v.after);
            }
        }
    }

    fn of(
        before: Option<&Text<'_>>,
        after: Option<&Text<'_>>,
        before_lines: Option<LineRange>,
        after_lines: Option<LineRange>,
    ) -> ChangedLines {
        let whole = |t: Option<&Text<'_>>| {
            let n = t.map_or(0, |t| t.0.len());
            (n > 0).then_some(LineRange {
                start_line: 1,
                end_line: n,
            })
        };
        let (before_lines, after_lines) = match (before_lines, after_lines) {
            // File-level, the same text on both sides (a mode change, a rename): no line
            // changed.
            (None, None) if before.is_some() && before.map(|t| &t.0) == after.map(|t| &t.0) => {
                return ChangedLines::default();
            }
            // File-level: the whole file.
            (None, None) => (whole(before), whole(after)),
            r => r,
        };
        let region_b = before_lines.and_then(|r| region(before?, r));
        let region_a = after_lines.and_then(|r| region(after?, r));
        match (region_b, region_a) {
            (None, None) => ChangedLines::default(),
            (Some((first, lines)), None) => ChangedLines {
                before: vec![(first, first + lines.len() - 1)],
                after: vec![],
            },
            (None, Some((first, lines))) => ChangedLines {
                before: vec![],
                after: vec![(first, first + lines.len() - 1)],
            },
            (Some((fb, old)), Some((fa, new))) => {
                let mut out = ChangedLines::default();
                let deadline = std::time::Instant::now() + DIFF_BUDGET;
                for op in similar::capture_diff_slices_deadline(
                    similar::Algorithm::Myers,
                    old,
                    new,
                    Some(deadline),
                ) {
                    let (tag, o, n) = op.as_tag_tuple();
                    if tag == similar::DiffTag::Equal {
                        continue;
                    }
                    push(&mut out.before, fb, o);
                    push(&mut out.after, fa, n);
                }
                if out.is_empty() {
                    // The same text at another place (a move): the regions themselves.
                    out.before = vec![(fb, fb + old.len() - 1)];
                    out.after = vec![(fa, fa + new.len() - 1)];
                }
                out
            }
        }
    }
}

/// The line of `after` that now stands where line `before_line` (1-based) of `before`
/// stood: for a line kept, its line in `after`; for a line removed or replaced, the first
/// line after the change (or, at the end of the file, its last line). Always a line of
/// `after` (1 for an empty text). A line diff of the two texts, bounded in time: past the
/// budget a coarser diff gives a coarser, still valid, line.
pub fn after_line(before: &str, after: &str, before_line: usize) -> usize {
    let (b, a) = (Text::new(before), Text::new(after));
    let last = a.0.len().max(1);
    let target = before_line.max(1) - 1;
    let deadline = std::time::Instant::now() + DIFF_BUDGET;
    for op in
        similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &b.0, &a.0, Some(deadline))
    {
        let (tag, o, n) = op.as_tag_tuple();
        if o.is_empty() || target >= o.end {
            continue;
        }
        let line = if tag == similar::DiffTag::Equal {
            n.start + (target - o.start) + 1
        } else {
            n.start + 1
        };
        return line.clamp(1, last);
    }
    last
}

/// Adds the 0-based line indices `range` of a region starting at line `first` to `out`,
/// merging with the last range when adjacent.
fn push(out: &mut Vec<(usize, usize)>, first: usize, range: std::ops::Range<usize>) {
    if range.is_empty() {
        return;
    }
    let (s, e) = (first + range.start, first + range.end - 1);
    match out.last_mut() {
        Some(last) if last.1 + 1 >= s => last.1 = last.1.max(e),
        _ => out.push((s, e)),
    }
}

/// A text split into its lines, each with its line break (`\n`, so `\r\n` stays in its line).
struct Text<'t>(Vec<&'t str>);

impl<'t> Text<'t> {
    fn new(text: &'t str) -> Text<'t> {
        Text(text.split_inclusive('\n').collect())
    }
}

/// The lines `r` of `text`, clamped to the text, with the number of the first; `None` when
/// nothing of `r` is in the text.
fn region<'a, 't>(text: &'a Text<'t>, r: LineRange) -> Option<(usize, &'a [&'t str])> {
    let start = r.start_line.max(1);
    let end = r.end_line.max(start).min(text.0.len());
    (start <= end).then(|| (start, &text.0[start - 1..end]))
}

#[cfg(test)]
mod tests;
