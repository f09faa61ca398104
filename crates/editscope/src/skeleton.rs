//! Skeletons: a file with its granted regions replaced by placeholders and its granted
//! additions/deletions removed. Two skeletons that are equal mean the change stayed inside
//! its grants: this module is the definition the check is held to.
//!
//! A skeleton is a sequence of [`Key`]s: source lines (exact mode) or syntax tokens
//! (formatting-tolerant mode), and [`Key::Hole`]s. Holes are a separate variant, so no
//! source text can forge one.

use std::borrow::Cow;
use std::ops::Range;

/// One region of one side of a change, before normalisation.
#[derive(Debug, Clone)]
pub(crate) struct Region<'l> {
    pub range: Range<usize>,
    /// For a removal: the end of its container (see [`widen_removal`]).
    pub limit: usize,
    /// `Some(label)`: replaced by a hole; `None`: removed with its separating blank lines.
    pub hole: Option<&'l str>,
}

/// Normalised regions: sorted, disjoint, removals widened to their blank lines.
pub(crate) fn normalize<'l>(text: &str, regions: Vec<Region<'l>>) -> Vec<Region<'l>> {
    let (mut holes, mut removals): (Vec<_>, Vec<_>) =
        regions.into_iter().partition(|r| r.hole.is_some());
    // Removals separated only by whitespace are removed as one block, so that deleting two
    // neighbours removes the blank lines between them too.
    removals.sort_by_key(|r| (r.range.start, std::cmp::Reverse(r.range.end)));
    let mut groups: Vec<(Range<usize>, usize)> = Vec::new();
    for r in removals {
        match groups.last_mut() {
            Some((g, limit)) if r.range.start <= g.end || is_blank(&text[g.end..r.range.start]) => {
                g.end = g.end.max(r.range.end);
                *limit = (*limit).max(r.limit);
            }
            _ => groups.push((r.range, r.limit)),
        }
    }
    holes.extend(groups.into_iter().map(|(g, limit)| Region {
        range: widen_removal(text, g, limit),
        limit,
        hole: None,
    }));
    holes.sort_by_key(|r| (r.range.start, std::cmp::Reverse(r.range.end)));
    let mut out: Vec<Region<'l>> = Vec::with_capacity(holes.len());
    for r in holes {
        match out.last_mut() {
            Some(last)
                if r.range.start < last.range.end
                    || (r.range.is_empty()
                        && r.range.start == last.range.end
                        && last.hole.is_none()) =>
            {
                // Contained: the outer region wins. Overlapping (a hole and a widened
                // removal): the union, a hole if either is one.
                if r.range.end > last.range.end {
                    last.range.end = r.range.end;
                    if last.hole.is_none() {
                        last.hole = r.hole;
                    }
                }
            }
            _ => out.push(r),
        }
    }
    debug_assert!(out.windows(2).all(|w| w[0].range.end <= w[1].range.start));
    out
}

fn is_blank(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_whitespace())
}

fn is_hspace(b: u8) -> bool {
    b == b' ' || b == b'\t'
}

/// Widens a removed block to what separates it from its neighbours. `limit` is the end of
/// its container (the parent symbol's extent, or the end of the file):
/// - a block on lines of its own, with more of its container after it, loses its lines, and
///   the blank lines after them when blank lines separate it on both sides;
/// - a block on lines of its own that is last in its container loses everything from the end
///   of the code before it (so the container's closing layout stays as it was);
/// - a block sharing a line with other code loses the spaces after it, or, when none follow,
///   the spaces before it.
pub(crate) fn widen_removal(text: &str, range: Range<usize>, limit: usize) -> Range<usize> {
    let b = text.as_bytes();
    let limit = limit.clamp(range.end, b.len());
    let line_start = b[..range.start]
        .iter()
        .rposition(|c| *c == b'\n')
        .map_or(0, |p| p + 1);
    let own_start = b[line_start..range.start].iter().all(|c| is_hspace(*c));
    let rest = &b[range.end..limit];
    let nl = rest.iter().position(|c| *c == b'\n');
    let own_end = rest[..nl.unwrap_or(rest.len())]
        .iter()
        .all(|c| is_hspace(*c) || *c == b'\r');
    if own_start && own_end {
        let end = nl.map_or(limit, |p| range.end + p + 1);
        let after = end + blank_lines_forward(&b[end..limit]);
        // Last in its container: only whitespace and closing punctuation (`}` of an impl or
        // class body) follow.
        let last = b[after..limit]
            .iter()
            .all(|c| c.is_ascii_whitespace() || matches!(c, b'}' | b']' | b')' | b';' | b','));
        if !last {
            // Blank lines on both sides separate it: one side's go with it. On one side only
            // (it was written right under or above its neighbour): they separate the
            // neighbours, and stay.
            let blank_before = blank_lines_backward(&b[..line_start]) > 0;
            // First in its container (at the top of the file, or right under the line that
            // opens a class, impl or block: `class C {`, `class C:`): nothing above it to
            // separate, so the blank lines after it go with it.
            let first = match b[..line_start]
                .iter()
                .rposition(|c| !c.is_ascii_whitespace())
            {
                None => true,
                Some(p) => matches!(b[p], b'{' | b':'),
            };
            if after > end && (blank_before || first) {
                return line_start..after;
            }
            return line_start..end;
        }
        match b[..range.start]
            .iter()
            .rposition(|c| !c.is_ascii_whitespace())
        {
            Some(p) => p + 1..range.end,
            // Nothing before it: the container is only this block and whitespace.
            None => 0..limit,
        }
    } else {
        let after = range.end + rest.iter().take_while(|c| is_hspace(**c)).count();
        if after > range.end {
            return range.start..after;
        }
        let before = b[..range.start]
            .iter()
            .rev()
            .take_while(|c| is_hspace(**c))
            .count();
        range.start - before..range.end
    }
}

/// Bytes of whole blank lines at the start of `b`.
fn blank_lines_forward(b: &[u8]) -> usize {
    let mut n = 0;
    while let Some(p) = b[n..].iter().position(|c| *c == b'\n') {
        if b[n..n + p].iter().all(|c| c.is_ascii_whitespace()) {
            n += p + 1;
        } else {
            break;
        }
    }
    n
}

/// Bytes of whole blank lines at the end of `b` (which ends at a line start).
fn blank_lines_backward(b: &[u8]) -> usize {
    let mut end = b.len();
    while end > 0 {
        let start = b[..end - 1]
            .iter()
            .rposition(|c| *c == b'\n')
            .map_or(0, |p| p + 1);
        if b[start..end].iter().all(|c| c.is_ascii_whitespace()) && start < end {
            end = start;
        } else {
            break;
        }
    }
    b.len() - end
}

/// One element of a skeleton.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Key<'a> {
    /// A line of text outside every region, with its newline (exact mode).
    Line(Cow<'a, str>),
    /// A placeholder for a granted region.
    Hole(&'a str),
    /// A syntax token outside every region (tolerant mode): node kind, text, depth, the
    /// parent's kind, and whether a line break before it is significant and present (see
    /// [`tokens`]).
    Token(u16, &'a str, u32, u16, bool),
    /// An inner syntax node outside every region (tolerant mode): kind, depth and field.
    Node(u16, u32, u16),
}

/// A skeleton element and the source range it came from.
#[derive(Debug, Clone)]
pub(crate) struct Piece<'a> {
    pub key: Key<'a>,
    pub range: Range<usize>,
}

/// The exact-mode skeleton: lines of text outside the regions, and holes.
pub(crate) fn lines<'a>(text: &'a str, regions: &[Region<'a>]) -> Vec<Piece<'a>> {
    let mut out = Vec::new();
    // The current line, possibly joined across a removed region.
    let mut current: Option<(Cow<'a, str>, Range<usize>)> = None;
    let emit_text = |out: &mut Vec<Piece<'a>>,
                     current: &mut Option<(Cow<'a, str>, Range<usize>)>,
                     range: Range<usize>| {
        let mut start = range.start;
        while start < range.end {
            let end = text[start..range.end]
                .find('\n')
                .map_or(range.end, |p| start + p + 1);
            let part = &text[start..end];
            let joined = match current.take() {
                None => (Cow::Borrowed(part), start..end),
                Some((mut line, r)) => {
                    line.to_mut().push_str(part);
                    (line, r.start..end)
                }
            };
            if part.ends_with('\n') {
                out.push(Piece {
                    key: Key::Line(joined.0),
                    range: joined.1,
                });
            } else {
                *current = Some(joined);
            }
            start = end;
        }
    };
    let mut pos = 0;
    for region in regions {
        emit_text(&mut out, &mut current, pos..region.range.start);
        if let Some(label) = region.hole {
            if let Some((line, r)) = current.take() {
                out.push(Piece {
                    key: Key::Line(line),
                    range: r,
                });
            }
            out.push(Piece {
                key: Key::Hole(label),
                range: region.range.clone(),
            });
        }
        pos = region.range.end;
    }
    emit_text(&mut out, &mut current, pos..text.len());
    if let Some((line, r)) = current.take() {
        out.push(Piece {
            key: Key::Line(line),
            range: r,
        });
    }
    out
}

/// The formatting-tolerant skeleton: the syntax tree outside the regions, in preorder.
///
/// Every node not wholly inside a region is one piece: an inner node as
/// [`Key::Node`] (kind, depth, field), a leaf (or an opaque node such as a string literal,
/// compared as one token with its exact text) as [`Key::Token`] (kind, text, depth, parent
/// kind); plus any non-whitespace text the tree does not cover, and the holes. A preorder
/// sequence with depths determines the tree, so two equal skeletons have the same tree
/// outside the grants, node for node and token for token: only the whitespace between
/// tokens may differ. A line break that changes the parse (automatic semicolon insertion
/// after `return`, Python indentation) changes the tree, hence the skeleton.
///
/// With `asi` (TypeScript, JavaScript), a line break is also kept where the language's
/// grammar forbids one ("no LineTerminator here") even when tree-sitter's parse does not
/// tell: after `return`, `throw`, `break`, `continue`, `yield`, `async`, `await`, `using` and the
/// TypeScript contextual keywords (`declare`, `abstract`, `type`, `asserts`, ...), and before postfix
/// `++`/`--`, `=>`, `as` and `satisfies`.
pub(crate) fn tokens<'a>(
    text: &'a str,
    tree: &tree_sitter::Tree,
    is_opaque: impl Fn(u16) -> bool,
    regions: &[Region<'a>],
    asi: bool,
) -> Vec<Piece<'a>> {
    let mut out: Vec<Piece<'a>> = Vec::new();
    // The first region not yet passed; its hole is emitted when a piece starts at or after
    // its end.
    let mut next = 0usize;
    // Emits `piece` unless it starts inside a region (`whole`: unless `whole` lies inside).
    let mut emit = |out: &mut Vec<Piece<'a>>, piece: Piece<'a>, whole: Option<Range<usize>>| {
        while next < regions.len() && regions[next].range.end <= piece.range.start {
            let r = &regions[next];
            if let Some(label) = r.hole {
                out.push(Piece {
                    key: Key::Hole(label),
                    range: r.range.clone(),
                });
            }
            next += 1;
        }
        let inside = regions.get(next).is_some_and(|r| match &whole {
            Some(w) => r.range.start <= w.start && w.end <= r.range.end,
            None => r.range.start <= piece.range.start && piece.range.start < r.range.end,
        });
        if !inside {
            out.push(piece);
        }
    };
    let mut last_end = 0usize;
    let push_gap = |out: &mut Vec<Piece<'a>>, emit: &mut Emit<'_, 'a>, from: usize, to: usize| {
        if to <= from {
            return;
        }
        let gap = &text[from..to];
        let mut offset = from;
        for word in gap.split(|c: char| c.is_whitespace()) {
            if !word.is_empty() {
                emit(
                    out,
                    Piece {
                        key: Key::Token(u16::MAX, word, 0, u16::MAX, false),
                        range: offset..offset + word.len(),
                    },
                    None,
                );
            }
            // The separator: one whitespace character (of any width).
            offset += word.len();
            offset += gap[offset - from..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
        }
    };
    // Kinds of the ancestors: a token's parent kind tells `return\n x` (two statements)
    // from `return x` (one).
    let mut ancestors: Vec<u16> = Vec::new();
    // The last leaf that is code (not a comment), and where it ends: a comment between it
    // and the next token does not hide a line break (a multi-line comment counts as one).
    let mut prev_code: (&str, usize) = ("", 0);
    crate::walk::preorder(tree.root_node(), |cursor, depth| {
        let node = cursor.node();
        ancestors.truncate(depth);
        let leaf = node.child_count() == 0 || is_opaque(node.kind_id());
        let r = node.byte_range();
        if leaf {
            // Text the tree does not cover (between leaves) counts as words.
            if r.start > last_end {
                push_gap(&mut out, &mut emit, last_end, r.start);
            }
            let parent = ancestors.last().copied().unwrap_or(u16::MAX);
            let own = &text[r.clone()];
            let comment = node.is_extra();
            let significant_break = asi
                && !comment
                && (restricted_before(prev_code.0)
                    || matches!(own, "++" | "--" | "=>" | "as" | "satisfies"))
                && text
                    .get(prev_code.1.min(r.start)..r.start)
                    .is_some_and(|gap| gap.contains(['\n', '\r', '\u{2028}', '\u{2029}']));
            emit(
                &mut out,
                Piece {
                    key: Key::Token(node.kind_id(), own, depth as u32, parent, significant_break),
                    range: r.clone(),
                },
                None,
            );
            last_end = last_end.max(r.end);
            if !comment {
                prev_code = (own, r.end);
            }
        } else {
            let field = cursor.field_id().map_or(0, |f| f.get());
            emit(
                &mut out,
                Piece {
                    key: Key::Node(node.kind_id(), depth as u32, field),
                    range: r.start..r.start,
                },
                Some(r.clone()),
            );
        }
        ancestors.push(node.kind_id());
        !leaf
    });
    if text.len() > last_end {
        push_gap(&mut out, &mut emit, last_end, text.len());
    }
    for r in &regions[next.min(regions.len())..] {
        if let Some(label) = r.hole {
            out.push(Piece {
                key: Key::Hole(label),
                range: r.range.clone(),
            });
        }
    }
    // Sorted by start (what [`keys_within`] relies on): a piece kept inside a region (a node
    // reaching past it) would come before that region's hole.
    out.sort_by_key(|p| p.range.start);
    out
}

/// The sink of [`tokens`]: a piece, and for an inner node its whole range.
type Emit<'e, 'a> = dyn FnMut(&mut Vec<Piece<'a>>, Piece<'a>, Option<Range<usize>>) + 'e;

/// Tokens after which ECMAScript or TypeScript forbids a line break, or reads one as the
/// end of the statement.
fn restricted_before(token: &str) -> bool {
    matches!(
        token,
        "return"
            | "throw"
            | "break"
            | "continue"
            | "yield"
            | "async"
            | "await"
            | "get"
            | "set"
            | "static"
            | "accessor"
            | "let"
            | "declare"
            | "abstract"
            | "type"
            | "namespace"
            | "module"
            | "interface"
            | "readonly"
            | "enum"
            | "global"
            | "override"
            | "public"
            | "private"
            | "protected"
            | "using"
            | "asserts"
    )
}

/// The keys of the pieces that lie within `within`, in order. Skeletons are sorted by
/// start ([`lines`] and [`tokens`] build them so), so this is a binary search.
pub(crate) fn keys_within<'p, 'a>(
    pieces: &'p [Piece<'a>],
    within: Range<usize>,
) -> impl Iterator<Item = &'p Key<'a>> + 'p {
    let lo = pieces.partition_point(|p| p.range.start < within.start);
    let hi = pieces.partition_point(|p| p.range.start <= within.end);
    pieces[lo..hi.max(lo)]
        .iter()
        .filter(move |p| within.start <= p.range.start && p.range.end <= within.end)
        .map(|p| &p.key)
}

/// Whether two skeletons are equal.
pub(crate) fn equal(a: &[Piece<'_>], b: &[Piece<'_>]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.key == y.key)
}

/// A differing stretch of two skeletons, as source byte ranges of each side.
#[derive(Debug, Clone)]
pub(crate) struct Hunk {
    pub before: Range<usize>,
    pub after: Range<usize>,
}

/// The stretches where two skeletons differ (Myers diff over their keys). Myers costs
/// (length × differences): the common prefix and suffix are skipped first, and the diff
/// stops refining at `deadline` or after half a second (it is then coarser, never wrong:
/// every differing piece is inside some hunk).
pub(crate) fn hunks(
    a: &[Piece<'_>],
    b: &[Piece<'_>],
    deadline: Option<std::time::Instant>,
) -> Vec<Hunk> {
    let ka: Vec<&Key<'_>> = a.iter().map(|p| &p.key).collect();
    let kb: Vec<&Key<'_>> = b.iter().map(|p| &p.key).collect();
    let soon = std::time::Instant::now() + std::time::Duration::from_millis(500);
    let deadline = Some(deadline.map_or(soon, |d| d.min(soon)));
    let ops = similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &ka, &kb, deadline);
    let mut out: Vec<Hunk> = Vec::new();
    let mut open: Option<(Range<usize>, Range<usize>)> = None;
    let span = |pieces: &[Piece<'_>], r: Range<usize>, at: usize| -> Range<usize> {
        if r.is_empty() {
            // An insertion point: the start of the next piece, or the end of the previous.
            let pos = pieces
                .get(at)
                .map(|p| p.range.start)
                .or_else(|| {
                    at.checked_sub(1)
                        .and_then(|i| pieces.get(i))
                        .map(|p| p.range.end)
                })
                .unwrap_or(0);
            pos..pos
        } else {
            pieces[r.start].range.start..pieces[r.end - 1].range.end
        }
    };
    for op in ops {
        let (tag, ra, rb) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            if let Some((x, y)) = open.take() {
                out.push(Hunk {
                    before: span(a, x.clone(), x.start),
                    after: span(b, y.clone(), y.start),
                });
            }
            continue;
        }
        open = Some(match open.take() {
            None => (ra, rb),
            Some((x, y)) => (x.start..ra.end, y.start..rb.end),
        });
    }
    if let Some((x, y)) = open {
        out.push(Hunk {
            before: span(a, x.clone(), x.start),
            after: span(b, y.clone(), y.start),
        });
    }
    out
}

/// The reference skeleton as one string, straight from the definition: regions replaced by
/// `\u{0}label\u{0}` or removed. Used by tests to hold the check to the definition.
pub(crate) fn reference_string(text: &str, regions: &[Region<'_>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pos = 0;
    for r in regions {
        out.push_str(&text[pos..r.range.start]);
        if let Some(label) = r.hole {
            out.push('\0');
            out.push_str(label);
            out.push('\0');
        }
        pos = r.range.end;
    }
    out.push_str(&text[pos..]);
    out
}

/// [`reference_string`] of the part of `text` in `within`, regions clipped to it.
/// `regions` are normalised (sorted, disjoint): only those near `within` are looked at, so
/// calling this for every symbol stays near-linear.
pub(crate) fn reference_string_within(
    text: &str,
    regions: &[Region<'_>],
    within: Range<usize>,
) -> String {
    let lo = regions.partition_point(|r| r.range.end < within.start);
    let hi = regions.partition_point(|r| r.range.start <= within.end);
    let near = &regions[lo..hi.max(lo)];
    let clipped: Vec<Region<'_>> = near
        .iter()
        .filter(|r| {
            r.range.start < within.end && r.range.end > within.start
                || (r.range.is_empty() && within.contains(&r.range.start))
        })
        .map(|r| Region {
            range: r.range.start.max(within.start) - within.start
                ..r.range.end.min(within.end) - within.start,
            limit: 0,
            hole: r.hole,
        })
        .collect();
    reference_string(&text[within], &clipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn removed(text: &str, start: &str) -> String {
        let s = text.find(start).unwrap();
        let e = s + text[s..].find('\n').unwrap();
        let r = widen_removal(text, s..e, text.len());
        format!("{}{}", &text[..r.start], &text[r.end..])
    }

    #[test]
    fn removal_takes_following_blank_lines() {
        assert_eq!(removed("A\n\nS\n\nB\n", "S"), "A\n\nB\n");
        assert_eq!(removed("A\nS\nB\n", "S"), "A\nB\n");
    }

    #[test]
    fn removal_written_right_under_a_neighbour_keeps_the_blank_lines() {
        // Inserted with no blank line above it: the blank lines below separate the
        // neighbours and stay.
        assert_eq!(removed("A\nS\n\n\nB\n", "S"), "A\n\n\nB\n");
        assert_eq!(removed("A\n\n\nS\nB\n", "S"), "A\n\n\nB\n");
    }

    #[test]
    fn removal_at_end_takes_preceding_blank_lines() {
        assert_eq!(removed("A\n\n\nS\n", "S"), "A\n");
        assert_eq!(
            removed("impl X {\n    fn a() {}\n\n    fn s() {}\n}\n", "    fn s"),
            "impl X {\n    fn a() {}\n}\n"
        );
    }

    #[test]
    fn last_member_removal_keeps_the_layout_after_its_container() {
        // A Python class ends where its last statement ends; the blank lines after it
        // separate the class from the next definition and must stay.
        let text = "class A:\n    def a(self):\n        pass\n\n    def s(self):\n        x\n\n\ndef top():\n    pass\n";
        let s = text.find("    def s").unwrap();
        let e = text.find("x\n").unwrap() + 1;
        let r = widen_removal(text, s + 4..e, e);
        assert_eq!(
            format!("{}{}", &text[..r.start], &text[r.end..]),
            "class A:\n    def a(self):\n        pass\n\n\ndef top():\n    pass\n"
        );
    }

    #[test]
    fn removing_everything_leaves_nothing() {
        let text = "def f():\n    pass\n";
        let r = widen_removal(text, 0..text.len() - 1, text.len());
        assert_eq!(r, 0..text.len());
    }

    #[test]
    fn removal_on_a_shared_line_takes_spaces() {
        let text = "fn a() {} fn b() {}\n";
        let s = text.find("fn b").unwrap();
        let r = widen_removal(text, s..text.len() - 1, text.len());
        assert_eq!(
            format!("{}{}", &text[..r.start], &text[r.end..]),
            "fn a() {}\n"
        );
    }

    #[test]
    fn neighbours_removed_together() {
        let text = "A\n\nS1\n\nS2\n";
        let s1 = text.find("S1").unwrap();
        let s2 = text.find("S2").unwrap();
        let regions = normalize(
            text,
            vec![
                Region {
                    range: s1..s1 + 2,
                    limit: text.len(),
                    hole: None,
                },
                Region {
                    range: s2..s2 + 2,
                    limit: text.len(),
                    hole: None,
                },
            ],
        );
        assert_eq!(reference_string(text, &regions), "A\n");
    }

    #[test]
    fn holes_cannot_be_forged_by_text() {
        let a = "x\n";
        let b = "\0f\0\n";
        let ra = [Region {
            range: 0..1,
            limit: 2,
            hole: Some("f"),
        }];
        assert!(!equal(&lines(a, &ra), &lines(b, &[])));
    }

    #[test]
    fn lines_join_across_removals() {
        let text = "ab XX c\n";
        let regions = [Region {
            range: 3..6,
            limit: 8,
            hole: None,
        }];
        let pieces = lines(text, &regions);
        assert_eq!(pieces.len(), 1);
        assert_eq!(pieces[0].key, Key::Line(Cow::Borrowed("ab c\n")));
    }
}
