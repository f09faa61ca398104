//! The reading of a new version of a Rust file spliced from the reading of the old one.
//!
//! A check reads both versions of a file with `syn`, and a version's reading costs about as
//! much as tree-sitter's parse of it. An edit usually changes one top-level item, so the new
//! version is read by cutting it where the old reading's items end and begin, reading only
//! the middle again, and taking the rest of the old reading as it is, shifted:
//!
//! - `P`, the *prefix*: the longest run of the old version's top-level items that ends at
//!   or before the first changed byte with a *closed* item (its last token a `;` or the `}`
//!   of a brace group). `P` is the same bytes in both versions.
//! - `S`, the *suffix*: from the first top-level item of the old version that starts at or
//!   after the last changed byte, where that item's first token is not `:` and the item
//!   before it is closed, to the end. `S` is the same bytes in both versions.
//! - `M'`, the new middle: the bytes of the new version between them, read alone as a run of
//!   items ([`Kind::Items`]), or, when `P` is empty, as a file ([`Kind::File`]).
//!
//! The spliced reading is `P`'s part of the old reading, `M'`'s reading, and `S`'s part of
//! the old reading shifted by the change in length. It is used only where it is provably the
//! reading of the whole new version, byte for byte, every definition, import, top-level
//! range, comment and cut; anywhere else the whole version is read (the default: each
//! condition below must hold, and is checked, for the splice to be taken). The conditions:
//!
//! 1. The old version was read without error (a refusal is not spliced).
//! 2. `P` or `S` is not empty (else there is nothing to save). Where `P` is not empty,
//!    the byte order mark and shebang line are the same in both versions (`content_start`,
//!    which looks past `P` on hostile input, is computed for both and compared); where `P`
//!    is empty, they are the same for `M'` alone and for the whole version.
//! 3. `M'` is read without error, within the parsing thread's bounds on nesting
//!    ([`guard`](super::guard)); where `P` is not empty, `M'` does not start with a byte
//!    order mark (the lexer would strip it, the whole file's lexer reads a stray character)
//!    and its first token is not `:`.
//! 4. Where `S` is not empty: `M'` has no tokens, or its last top-level token is the end of
//!    a closed item (not an inner attribute); and `M'` is empty, ends with `\n`, or ends
//!    with that closing token itself.
//! 5. No range of the old reading straddles the cuts (a definition, import, comment or
//!    top-level range is wholly in `P`, wholly in `S`, or wholly in the old middle), and no
//!    top-level range or cut is empty.
//!
//! Why the splice is then the reading of the whole version (for `proc-macro2` 1.0.107 and
//! `syn` 2.0.119, read for this argument; the property tests in
//! `tests/second_splice.rs` hold it to the whole reading on random edits):
//!
//! - *Lexing.* `proc-macro2`'s lexer is a loop that skips whitespace and comments, then
//!   reads one token or delimiter, and never looks back; each step reads forward from where
//!   it stands. Every construct that reads an unbounded distance (block comments, nested
//!   ones included, string, raw string, byte and C string literals, and the line comment
//!   up to `\n`) either ends inside the text it started in or fails there: an unterminated
//!   block comment leaves `/*`, which no token may start with, so the lexer fails, and an
//!   unterminated literal fails too (its prefix, `r"`, `r#"`, `b'`, `br#`, `c"`, ..., is
//!   never read as an identifier). A step tries readings in turn (a literal, a punctuation
//!   mark, an identifier); where an earlier one runs out at `M'`'s end, none of the later
//!   ones accepts what it started with either (`M'`'s last byte, by condition 4, is `\n`,
//!   `;` or `}`, and a quote followed by one of them is no lifetime), so the step fails
//!   alone. So `M'` read alone without error means every step inside it reads only bytes of
//!   `M'` up to its end. `P` ends with `;` or `}`, single-character
//!   tokens that never join the next (only the *spacing* of a `;` looks at the next
//!   character, and no parser of a `;` reads it). At `M'`'s end (condition 4) the lexer stands
//!   between tokens with nothing open: the final `\n` can only be whitespace (a line comment
//!   stops before its `\n`, every other token that holds a `\n` ends with a quote or `*/`),
//!   or the last token is the closing `;` or `}` itself. The lexer then reaches `S`'s first
//!   byte, where the old version's lexer started a token (`S` starts at an item's first
//!   token, a doc comment being one), with no delimiter open, and reads `S` as it read it
//!   in the old version. So the whole version's tokens are `P`'s, `M'`'s and `S`'s, at the
//!   top level, in that order. `\r` needs nothing more: it is whitespace between tokens,
//!   ends no line comment (only `\n` does), and inside a token it is read by the same
//!   lexer steps in `M'` as anywhere (refused in doc comments and string literals unless
//!   before `\n`).
//! - *Parsing.* `syn::File` parses its inner attributes, then items until the input is
//!   empty (the reading does exactly that, and takes each item's first and last token as
//!   its [`Cut`]). An item whose last token is `;` or a brace group consumes it last and
//!   decides nothing after it (every branch of `syn`'s `parse_rest_of_item`), and an item
//!   reads nothing before its first token. So the whole version's items are `P`'s items
//!   (as in the old version), `M'`'s items (as read alone: where `P` is not empty no inner
//!   attribute can follow an item, and `M'` alone has none), and `S`'s items (as in the
//!   old version). An unconsumed token inside an item is an error of that item's own
//!   parse, seen by the old reading (`P`, `S`) or by `M'`'s.
//! - *The nesting bounds* ([`guard`](super::guard)): its counts at the top level restart
//!   after a `;` and after a `}` followed by anything that starts an item but `::`; both
//!   hold at every cut taken (conditions 3 and 4, and the choice of `S`), so the counts in
//!   `P`, `M'` and `S` are those of their own readings, which passed. The scan of the depth
//!   for texts with very many delimiters refuses only what the guard refuses.
//! - *The outline.* Every definition, import and top-level range is drawn from one item's
//!   tokens, and every comment lies between two tokens; so each lies in `P`, `M'` or `S`,
//!   and is the same range there (the parts of the old reading shifted by the change in
//!   length, `M'`'s read at its offset in the file).
//!
//! So the spliced reading has no error that the whole reading would report: an error of the
//! whole version lies in `P` or `S` (which the old reading read without error) or in `M'`
//! (read alone, any error declines the splice), and what ends `M'` cannot open anything
//! that reads on into `S`.

use std::ops::Range;

use super::{content_start, start, start_kind, Kind};
use crate::second::{Cut, Def, Outline};

#[cfg(test)]
mod tests;

/// Whether readings are spliced: always, but where a test turns it off on its thread
/// (`crate::second::probe::__without_splice`) to compare with whole readings.
pub(crate) fn splice_enabled() -> bool {
    #[cfg(any(test, feature = "testing"))]
    if crate::second::NO_SPLICE.with(|off| off.get()) {
        return false;
    }
    true
}

/// Where a new version is cut ([module docs](self)).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Plan {
    /// How many of the old reading's cuts `P` keeps.
    keep: usize,
    /// `P`'s end (in both versions).
    p: usize,
    /// The index of `S`'s first cut in the old reading (its length when `S` is empty).
    j: usize,
    /// `S`'s start in the old version.
    s_old: usize,
    /// `S`'s start in the new version.
    s_new: usize,
}

/// The reading of `after`, a new version of `before`, spliced from `old`, the reading of
/// `before` ([module docs](self)); `None` where the splice is not proved to be the reading
/// of the whole of `after`.
pub(crate) fn splice(before: &str, old: &Outline, after: &str) -> Option<Outline> {
    if !splice_enabled() {
        return None;
    }
    if before == after {
        return Some(old.clone());
    }
    let plan = plan(before, old, after)?;
    let piece = after.get(plan.p..plan.s_new)?;
    let read = if plan.p == 0 {
        start(piece).wait()
    } else {
        start_kind(piece, Kind::Items { offset: plan.p }).wait()
    };
    assemble(before, old, after, &plan, &read.ok()?)
}

/// Where to cut: `None` where nothing can be kept, or the byte order mark and shebang line
/// could read differently (conditions 1, 2 and the choice of `S`).
fn plan(before: &str, old: &Outline, after: &str) -> Option<Plan> {
    let (o, n) = (before.as_bytes(), after.as_bytes());
    let prefix = o.iter().zip(n).take_while(|(a, b)| a == b).count();
    let most = o.len().min(n.len()) - prefix;
    let suffix = o
        .iter()
        .rev()
        .zip(n.iter().rev())
        .take(most)
        .take_while(|(a, b)| a == b)
        .count();
    let cuts = &old.cuts;
    if cuts.iter().any(|c| c.range.is_empty()) || old.top_level.iter().any(|r| r.is_empty()) {
        return None;
    }
    if cuts.windows(2).any(|w| w[0].range.end > w[1].range.start) {
        return None;
    }
    let keep = cuts
        .iter()
        .rposition(|c| c.range.end <= prefix && c.closed)
        .map_or(0, |i| i + 1);
    let p = keep.checked_sub(1).map_or(0, |i| cuts[i].range.end);
    let tail = o.len() - suffix;
    let j = (keep.max(1)..cuts.len())
        .find(|&j| cuts[j].range.start >= tail && !cuts[j].colon && cuts[j - 1].closed);
    let (j, s_old) = match j {
        Some(j) => (j, cuts[j].range.start),
        None => (cuts.len(), o.len()),
    };
    if p == 0 && j == cuts.len() {
        return None;
    }
    let s_new = n.len() - (o.len() - s_old);
    if s_new < p || s_old < p {
        return None;
    }
    let starts_alike = if p > 0 {
        content_start(before) == content_start(after)
    } else {
        content_start(after.get(..s_new)?) == content_start(after)
    };
    if !starts_alike {
        return None;
    }
    Some(Plan {
        keep,
        p,
        j,
        s_old,
        s_new,
    })
}

/// Which part of the old version a range of its reading lies in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Prefix,
    Middle,
    Suffix,
}

fn part(plan: &Plan, r: &Range<usize>) -> Option<Part> {
    if r.end <= plan.p {
        Some(Part::Prefix)
    } else if r.start >= plan.s_old {
        Some(Part::Suffix)
    } else if r.start >= plan.p && r.end <= plan.s_old {
        Some(Part::Middle)
    } else {
        None
    }
}

/// `old`'s items in `P`, then `middle`'s, then `old`'s in `S` shifted; `None` where one of
/// `old` lies across a cut (condition 5).
fn spliced<T: Clone>(
    plan: &Plan,
    old: &[T],
    middle: &[T],
    range: impl Fn(&T) -> &Range<usize>,
    shifted: impl Fn(&T) -> T,
) -> Option<Vec<T>> {
    let mut out = Vec::with_capacity(old.len() + middle.len());
    let mut suffix = Vec::new();
    for x in old {
        match part(plan, range(x))? {
            Part::Prefix => out.push(x.clone()),
            Part::Suffix => suffix.push(shifted(x)),
            Part::Middle => {}
        }
    }
    out.extend(middle.iter().cloned());
    out.extend(suffix);
    Some(out)
}

/// The spliced reading from `middle`, the reading of `M'` (conditions 3 to 5).
fn assemble(
    before: &str,
    old: &Outline,
    after: &str,
    plan: &Plan,
    middle: &Outline,
) -> Option<Outline> {
    let Plan {
        keep,
        p,
        j,
        s_old,
        s_new,
    } = *plan;
    let piece = after.get(p..s_new)?;
    if middle.cuts.iter().any(|c| c.range.is_empty())
        || middle.top_level.iter().any(|r| r.is_empty())
    {
        return None;
    }
    // Condition 3: after a `}` that ends `P`, a `::` would not restart the nesting counts.
    if p > 0 && middle.cuts.first().is_some_and(|c| c.colon) {
        return None;
    }
    // Condition 4.
    if j < old.cuts.len() {
        match middle.cuts.last() {
            Some(last) => {
                let after_last = middle.top_level.iter().any(|r| r.end > last.range.end);
                if !last.closed || after_last {
                    return None;
                }
            }
            None if !middle.top_level.is_empty() => return None,
            None => {}
        }
        let ends_token = middle.cuts.last().is_some_and(|c| c.range.end == s_new);
        if !(piece.is_empty() || piece.ends_with('\n') || ends_token) {
            return None;
        }
    }
    // Condition 5, and the parts of the old reading.
    let shift = |r: &Range<usize>| r.start - s_old + s_new..r.end - s_old + s_new;
    let shift_def = |d: &Def| Def {
        extent: shift(&d.extent),
        body: d.body.as_ref().map(shift),
        name: d.name.clone(),
    };
    // A body lies in its definition's extent; checked, not assumed.
    if old.defs.iter().any(|d| {
        d.body
            .as_ref()
            .is_some_and(|b| part(plan, b) != part(plan, &d.extent))
    }) {
        return None;
    }
    let mut out = Outline {
        defs: spliced(plan, &old.defs, &middle.defs, |d| &d.extent, shift_def)?,
        imports: spliced(plan, &old.imports, &middle.imports, |r| r, shift)?,
        top_level: spliced(plan, &old.top_level, &middle.top_level, |r| r, shift)?,
        comments: spliced(plan, &old.comments, &middle.comments, |r| r, shift)?,
        ..Outline::default()
    };
    if !old.masks.is_empty() || !middle.masks.is_empty() {
        return None;
    }
    let mut cuts: Vec<Cut> = old.cuts[..keep].to_vec();
    cuts.extend(middle.cuts.iter().cloned());
    cuts.extend(old.cuts[j..].iter().map(|c| Cut {
        range: shift(&c.range),
        ..c.clone()
    }));
    out.cuts = cuts;
    debug_assert_eq!(&before[s_old..], &after[s_new..]);
    debug_assert_eq!(&before[..p], &after[..p]);
    Some(out)
}
