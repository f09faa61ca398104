//! Symbol-level diff: which symbols changed and how, and what changed outside any symbol.

use std::collections::HashMap;

use serde::Serialize;

use crate::skeleton::{self, Region};
use crate::symbols::{Span, SymbolKind};
use crate::{Language, SourceFile};

/// How a symbol changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeKind {
    /// Only its body (block or member list) changed.
    Body,
    /// Its signature changed: name, parameters, return type, decorators, attributes, doc
    /// comment or docstring (anything in its extent outside the body).
    Signature,
    /// Only whitespace and line breaks changed.
    Formatting,
    /// It is new.
    Added,
    /// It is gone.
    Removed,
    /// Its text is unchanged but it moved relative to its siblings.
    Moved,
}

impl ChangeKind {
    /// The lowercase name used in JSON and human output: the same as `as_str()`.
    pub fn name(self) -> &'static str {
        self.as_str()
    }
}

/// A 1-based, inclusive line range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct LineRange {
    /// First line.
    pub start_line: usize,
    /// Last line (inclusive).
    pub end_line: usize,
}

impl From<Span> for LineRange {
    fn from(span: Span) -> Self {
        LineRange {
            start_line: span.start_line,
            end_line: span.end_line,
        }
    }
}

impl LineRange {
    /// The lines a byte range of `text` covers; `None` for an empty range (a pure insertion
    /// point on the other side).
    pub(crate) fn of_bytes(text: &str, range: std::ops::Range<usize>) -> Option<LineRange> {
        if range.is_empty() {
            return None;
        }
        let start_line = text.as_bytes()[..range.start]
            .iter()
            .filter(|c| **c == b'\n')
            .count()
            + 1;
        let end_line = start_line
            + text.as_bytes()[range.start..range.end - 1]
                .iter()
                .filter(|c| **c == b'\n')
                .count();
        Some(LineRange {
            start_line,
            end_line,
        })
    }
}

/// Line starts of a text, for many byte-range → line lookups (each a binary search, where
/// [`LineRange::of_bytes`] counts from the start of the file).
pub(crate) struct Lines(Vec<usize>);

impl Lines {
    pub(crate) fn new(text: &str) -> Lines {
        Lines(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        )
    }

    /// The same as [`LineRange::of_bytes`].
    pub(crate) fn of_bytes(&self, range: std::ops::Range<usize>) -> Option<LineRange> {
        if range.is_empty() {
            return None;
        }
        // Newlines before a byte: its 0-based line.
        let line = |at: usize| self.0.partition_point(|&nl| nl < at);
        Some(LineRange {
            start_line: line(range.start) + 1,
            end_line: line(range.end - 1) + 1,
        })
    }
}

/// One symbol that differs between `before` and `after`, reported at the innermost symbol
/// that contains the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SymbolChange {
    /// Qualified path.
    pub symbol: String,
    /// Symbol kind (from `after`, or `before` for a removed symbol).
    pub kind: SymbolKind,
    /// How it changed.
    pub change: ChangeKind,
    /// Its extent's lines in `before` (`None` when added).
    pub before: Option<LineRange>,
    /// Its extent's lines in `after` (`None` when removed).
    pub after: Option<LineRange>,
    /// Index into `before.symbols()`.
    #[serde(skip)]
    pub before_index: Option<usize>,
    /// Index into `after.symbols()`.
    #[serde(skip)]
    pub after_index: Option<usize>,
    /// Whether the signature (extent outside the body) is byte-identical.
    #[serde(skip)]
    pub(crate) signature_same: bool,
}

/// A change outside every symbol (imports, module-level code, comments between symbols).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OutsideChange {
    /// Lines in `before` (`None` for a pure insertion).
    pub before: Option<LineRange>,
    /// Lines in `after` (`None` for a pure deletion).
    pub after: Option<LineRange>,
    /// Whether only whitespace and line breaks differ.
    pub whitespace_only: bool,
    #[serde(skip)]
    pub(crate) before_bytes: std::ops::Range<usize>,
    #[serde(skip)]
    pub(crate) after_bytes: std::ops::Range<usize>,
}

/// Every difference between two versions of a file, by symbol.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileDiff {
    /// The language both were parsed as.
    pub language: Language,
    /// Changed symbols, in order of `before` (removed and changed) then `after` (added).
    pub changes: Vec<SymbolChange>,
    /// Changes outside any symbol.
    pub outside: Vec<OutsideChange>,
}

impl FileDiff {
    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.outside.is_empty()
    }
}

/// The text of a symbol's extent with its direct children replaced by markers, so that a
/// change inside a child is not a change of its parent; children without a counterpart on
/// the other side (added or removed, reported on their own) are left out with their
/// separating blank lines.
fn own_text(
    file: &SourceFile,
    index: usize,
    children: &[usize],
    unpaired: &dyn Fn(usize) -> bool,
) -> String {
    let s = &file.symbols()[index];
    let text = file.text();
    let mut out = String::new();
    let mut pos = s.extent.start_byte;
    for &c in children {
        let cs = &file.symbols()[c];
        let range = if unpaired(c) {
            skeleton::widen_removal(text, cs.extent.range(), s.extent.end_byte)
        } else {
            cs.extent.range()
        };
        if range.start < pos || range.end > s.extent.end_byte {
            continue;
        }
        out.push_str(&text[pos..range.start]);
        if !unpaired(c) {
            out.push('\0');
            out.push_str(&cs.path);
            out.push('\0');
        }
        pos = range.end;
    }
    out.push_str(&text[pos..s.extent.end_byte]);
    out
}

/// The extent outside the body.
fn signature(file: &SourceFile, index: usize) -> (&str, &str) {
    let s = &file.symbols()[index];
    let text = file.text();
    match s.body {
        Some(b) => (
            &text[s.extent.start_byte..b.start_byte],
            &text[b.end_byte..s.extent.end_byte],
        ),
        None => (&text[s.extent.range()], ""),
    }
}

/// Whitespace-insensitive form: whitespace dropped, except one space between word characters.
pub(crate) fn squeeze(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending = false;
    for c in s.chars() {
        if c.is_whitespace() {
            pending = true;
            continue;
        }
        if pending
            && out
                .chars()
                .last()
                .is_some_and(|p| p.is_alphanumeric() || p == '_')
            && (c.is_alphanumeric() || c == '_')
        {
            out.push(' ');
        }
        pending = false;
        out.push(c);
    }
    out
}

pub(crate) fn children_of(file: &SourceFile) -> HashMap<Option<usize>, Vec<usize>> {
    let mut map: HashMap<Option<usize>, Vec<usize>> = HashMap::new();
    for (i, s) in file.symbols().iter().enumerate() {
        map.entry(s.parent).or_default().push(i);
    }
    map
}

/// Pairs symbols of the same path: with one definition each, those two; with several (a
/// getter and setter, overloads, a redefinition), first the definitions whose text is
/// unchanged, then the rest in order. Returns before index → after index.
pub(crate) fn pair(before: &SourceFile, after: &SourceFile) -> Vec<Option<usize>> {
    let mut by_path_a: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, s) in after.symbols().iter().enumerate() {
        by_path_a.entry(s.path.as_str()).or_default().push(i);
    }
    let mut by_path_b: Vec<(&str, Vec<usize>)> = Vec::new();
    let mut index_b: HashMap<&str, usize> = HashMap::new();
    for (i, s) in before.symbols().iter().enumerate() {
        let slot = *index_b.entry(s.path.as_str()).or_insert_with(|| {
            by_path_b.push((s.path.as_str(), Vec::new()));
            by_path_b.len() - 1
        });
        by_path_b[slot].1.push(i);
    }
    let text_b = |i: usize| &before.text()[before.symbols()[i].extent.range()];
    let text_a = |i: usize| &after.text()[after.symbols()[i].extent.range()];
    let mut out = vec![None; before.symbols().len()];
    for (path, bs) in &by_path_b {
        let Some(as_) = by_path_a.get(path) else {
            continue;
        };
        if bs.len() == 1 && as_.len() == 1 {
            out[bs[0]] = Some(as_[0]);
            continue;
        }
        let mut used = vec![false; as_.len()];
        // Unchanged definitions first, by text (a map of queues: linear, however many
        // definitions share the path).
        let mut by_text: HashMap<&str, std::collections::VecDeque<usize>> = HashMap::new();
        for (k, &a) in as_.iter().enumerate() {
            by_text.entry(text_a(a)).or_default().push_back(k);
        }
        for &b in bs {
            if let Some(k) = by_text.get_mut(text_b(b)).and_then(|q| q.pop_front()) {
                used[k] = true;
                out[b] = Some(as_[k]);
            }
        }
        let mut rest = (0..as_.len()).filter(|k| !used[*k]);
        for &b in bs {
            if out[b].is_none() {
                match rest.next() {
                    Some(k) => out[b] = Some(as_[k]),
                    None => break,
                }
            }
        }
    }
    out
}

/// Indices (into `seq`) not on a longest increasing subsequence of `seq`.
fn not_in_lis(seq: &[usize]) -> Vec<usize> {
    // Patience sorting with predecessor links.
    let mut tails: Vec<usize> = Vec::new();
    let mut prev: Vec<Option<usize>> = vec![None; seq.len()];
    for (i, &v) in seq.iter().enumerate() {
        let pos = tails.partition_point(|&t| seq[t] < v);
        if pos > 0 {
            prev[i] = Some(tails[pos - 1]);
        }
        if pos == tails.len() {
            tails.push(i);
        } else {
            tails[pos] = i;
        }
    }
    let mut keep = vec![false; seq.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        keep[i] = true;
        at = prev[i];
    }
    (0..seq.len()).filter(|i| !keep[*i]).collect()
}

/// Computes the symbol-level diff of two parses of one file.
pub fn diff(before: &SourceFile, after: &SourceFile) -> FileDiff {
    let unbounded = crate::budget::Deadline::start(std::time::Duration::MAX);
    diff_paired(before, after, &pair(before, after), &unbounded)
}

/// [`diff`] with the pairing ([`pair`]) already computed.
pub(crate) fn diff_paired(
    before: &SourceFile,
    after: &SourceFile,
    pairs: &[Option<usize>],
    deadline: &crate::budget::Deadline,
) -> FileDiff {
    let mut paired_after = vec![None; after.symbols().len()];
    for (b, a) in pairs.iter().enumerate() {
        if let Some(a) = a {
            paired_after[*a] = Some(b);
        }
    }
    let kids_b = children_of(before);
    let kids_a = children_of(after);
    let empty = Vec::new();
    let mut changes = Vec::new();

    // Moved: paired siblings whose relative order changed.
    let mut moved = vec![false; before.symbols().len()];
    for (parent, kids) in &kids_b {
        let seq: Vec<(usize, usize)> = kids
            .iter()
            .filter_map(|&b| pairs[b].map(|a| (b, a)))
            .collect();
        let same_parent: Vec<(usize, usize)> = seq
            .into_iter()
            .filter(|(_, a)| after.symbols()[*a].parent.and_then(|p| paired_after[p]) == *parent)
            .collect();
        let order: Vec<usize> = same_parent.iter().map(|(_, a)| *a).collect();
        for i in not_in_lis(&order) {
            moved[same_parent[i].0] = true;
        }
    }

    for (b, sb) in before.symbols().iter().enumerate() {
        let parent_paired = sb.parent.is_none_or(|p| pairs[p].is_some());
        match pairs[b] {
            None if parent_paired => changes.push(SymbolChange {
                symbol: sb.path.clone(),
                kind: sb.kind,
                change: ChangeKind::Removed,
                before: Some(sb.extent.into()),
                after: None,
                before_index: Some(b),
                after_index: None,
                signature_same: false,
            }),
            None => {}
            Some(a) => {
                let sa = &after.symbols()[a];
                // Identical text: unchanged, perhaps moved (no allocation on the common path).
                if before.text()[sb.extent.range()] == after.text()[sa.extent.range()] && !moved[b]
                {
                    continue;
                }
                let own_b = own_text(before, b, kids_b.get(&Some(b)).unwrap_or(&empty), &|c| {
                    pairs[c].is_none()
                });
                let own_a = own_text(after, a, kids_a.get(&Some(a)).unwrap_or(&empty), &|c| {
                    paired_after[c].is_none()
                });
                let signature_same = signature(before, b) == signature(after, a);
                let change = if own_b == own_a {
                    if moved[b] {
                        ChangeKind::Moved
                    } else {
                        continue;
                    }
                } else if squeeze(&own_b) == squeeze(&own_a) {
                    ChangeKind::Formatting
                } else if !signature_same {
                    ChangeKind::Signature
                } else {
                    ChangeKind::Body
                };
                changes.push(SymbolChange {
                    symbol: sa.path.clone(),
                    kind: sa.kind,
                    change,
                    before: Some(sb.extent.into()),
                    after: Some(sa.extent.into()),
                    before_index: Some(b),
                    after_index: Some(a),
                    signature_same,
                });
            }
        }
    }
    for (a, sa) in after.symbols().iter().enumerate() {
        let parent_paired = sa.parent.is_none_or(|p| paired_after[p].is_some());
        if paired_after[a].is_none() && parent_paired {
            changes.push(SymbolChange {
                symbol: sa.path.clone(),
                kind: sa.kind,
                change: ChangeKind::Added,
                before: None,
                after: Some(sa.extent.into()),
                before_index: None,
                after_index: Some(a),
                signature_same: false,
            });
        }
    }

    // Outside: every top-level symbol a hole (paired) or removed (unpaired); what differs
    // in the remaining lines is outside any symbol.
    let top = |file: &SourceFile, paired: &dyn Fn(usize) -> bool| -> Vec<Region<'static>> {
        file.symbols()
            .iter()
            .enumerate()
            .filter(|(_, s)| s.parent.is_none())
            .map(|(i, s)| Region {
                range: s.extent.range(),
                limit: file.text().len(),
                hole: if paired(i) { Some("") } else { None },
            })
            .collect()
    };
    let regions_b = skeleton::normalize(before.text(), top(before, &|i| pairs[i].is_some()));
    let regions_a = skeleton::normalize(after.text(), top(after, &|i| paired_after[i].is_some()));
    let lines_b = skeleton::lines(before.text(), &regions_b);
    let lines_a = skeleton::lines(after.text(), &regions_a);
    let outside = if skeleton::equal(&lines_b, &lines_a) {
        Vec::new()
    } else {
        let (lines_of_b, lines_of_a) = (Lines::new(before.text()), Lines::new(after.text()));
        skeleton::hunks(&lines_b, &lines_a, deadline.instant())
            .into_iter()
            .map(|h| {
                let tb = &before.text()[h.before.clone()];
                let ta = &after.text()[h.after.clone()];
                OutsideChange {
                    before: lines_of_b.of_bytes(h.before.clone()),
                    after: lines_of_a.of_bytes(h.after.clone()),
                    whitespace_only: squeeze(tb) == squeeze(ta),
                    before_bytes: h.before,
                    after_bytes: h.after,
                }
            })
            .collect()
    };
    FileDiff {
        language: after.language(),
        changes,
        outside,
    }
}
