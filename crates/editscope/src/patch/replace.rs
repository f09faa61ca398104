//! String replacement as Claude Code's `Edit`/`MultiEdit` and the text editor tool's
//! `str_replace`/`insert` apply it.
//!
//! - [`apply_all`] (Claude Code `Edit`, and `MultiEdit` applied in order, each edit against
//!   the result of the one before): exact match only; `old` must occur exactly once unless
//!   `replace_all` (none: [`PatchErrorKind::NoMatch`], several: [`PatchErrorKind::Ambiguous`]);
//!   an empty `old` (the form Claude Code uses to create a file) and an edit whose `old` and
//!   `new` are the same (Claude Code refuses it: "No changes to make") are
//!   [`PatchErrorKind::Malformed`]. Occurrences are counted without overlap, left to right.
//! - [`str_replace`] (text editor tool): exact, unique; `old == new` is allowed.
//! - [`insert`] (text editor tool): the file is split on `\n` (so a file ending in `\n` has
//!   an empty last "line"), the text's own lines go after line `line` (0: before the first),
//!   and everything is joined with `\n` again, as Anthropic's reference implementation does.
//!   The inserted text therefore always sits on lines of its own; a `\n` at the end of the
//!   text adds an empty line after it. `line` may be at most the number of `\n` plus one.
//!
//! Not emulated: the reference text editor also expands tabs to spaces in the *whole file*
//! before `str_replace`/`insert` (`str.expandtabs()`); hosts differ, and editscope computes
//! the edit without it. Claude Code's source is not public: these rules come from its tool
//! descriptions (its schema says `new_string` "must be different from `old_string`"); any
//! normalisation it may apply (typographic quotes, line ends) is not emulated.
//!
//! This module also holds the limits and the line search the other appliers share
//! (`MAX_INPUT_BYTES`, `find_lines`).

use super::{PatchError, PatchErrorKind};

/// The largest text (patch or file) editscope reads: 64 MiB.
pub(crate) const MAX_INPUT_BYTES: usize = crate::limits::MAX_PATCH_BYTES;

/// [`PatchErrorKind::TooLarge`] when `text` is over [`MAX_INPUT_BYTES`].
pub(crate) fn check_size(text: &str, what: &str) -> Result<(), PatchError> {
    check_len(text.len(), what)
}

fn check_len(len: usize, what: &str) -> Result<(), PatchError> {
    if len > MAX_INPUT_BYTES {
        return Err(PatchError::new(
            PatchErrorKind::TooLarge,
            0,
            format!("{what} would be {len} bytes, over the limit of {MAX_INPUT_BYTES}"),
        ));
    }
    Ok(())
}

/// The most bytes of file text the appliers scan in total for one file (edits applied one
/// after the other each rescan the file): 4 GiB, a few seconds. Past it, an edit is
/// [`PatchErrorKind::TooLarge`] rather than a hook that runs into its timeout (which most
/// agents treat as "allow").
pub(crate) const MAX_WORK_BYTES: u64 = 4 << 30;

/// Counts the bytes scanned against [`MAX_WORK_BYTES`].
#[derive(Debug, Default)]
pub(crate) struct Work(u64);

impl Work {
    /// Adds `bytes` scanned; [`PatchErrorKind::TooLarge`] past the budget.
    pub(crate) fn spend(&mut self, bytes: usize, line: usize) -> Result<(), PatchError> {
        self.0 = self.0.saturating_add(bytes as u64);
        if self.0 > MAX_WORK_BYTES {
            return Err(PatchError::new(
                PatchErrorKind::TooLarge,
                line,
                "applying these edits would scan more than 4 GiB of text",
            ));
        }
        Ok(())
    }
}

/// The first `i >= from` where the lines `pat` occur in `hay` under `eq` and `accept(i)`
/// holds. `eq` must compare *keys* of its arguments (an equivalence relation: equality after
/// trimming, say), which lets this be Knuth-Morris-Pratt: O(`hay.len()` + `pat.len()`)
/// calls of `eq`, plus those of `accept`. The result is the same as trying every `i` from
/// `from` in order.
pub(crate) fn find_lines<H: AsRef<str>, P: AsRef<str>>(
    hay: &[H],
    pat: &[P],
    from: usize,
    eq: impl Fn(&str, &str) -> bool,
    mut accept: impl FnMut(usize) -> bool,
) -> Option<usize> {
    let m = pat.len();
    if m == 0 {
        return (from..=hay.len()).find(|&i| accept(i));
    }
    // fail[q]: the length of the longest proper prefix of pat[..=q] that is also its suffix.
    let mut fail = vec![0usize; m];
    let mut k = 0;
    for q in 1..m {
        while k > 0 && !eq(pat[k].as_ref(), pat[q].as_ref()) {
            k = fail[k - 1];
        }
        if eq(pat[k].as_ref(), pat[q].as_ref()) {
            k += 1;
        }
        fail[q] = k;
    }
    let mut k = 0;
    for (i, h) in hay.iter().enumerate().skip(from) {
        while k > 0 && !eq(pat[k].as_ref(), h.as_ref()) {
            k = fail[k - 1];
        }
        if eq(pat[k].as_ref(), h.as_ref()) {
            k += 1;
        }
        if k == m {
            let start = i + 1 - m;
            if accept(start) {
                return Some(start);
            }
            k = fail[m - 1];
        }
    }
    None
}

/// One exact string replacement.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Replacement {
    /// The text to find (exactly).
    pub old: String,
    /// Its replacement.
    pub new: String,
    /// Replace every occurrence; otherwise `old` must occur exactly once.
    pub replace_all: bool,
}

/// Applies replacements in order, each to the result of the one before (Claude Code
/// `Edit` / `MultiEdit`). Errors name the edit (1-based) in their message; their line is 0.
pub fn apply_all(edits: &[Replacement], current: &str) -> Result<String, PatchError> {
    check_size(current, "the file")?;
    let mut text = current.to_string();
    let mut work = Work::default();
    for (n, edit) in edits.iter().enumerate() {
        work.spend(text.len(), 0)?;
        let label = if edits.len() == 1 {
            String::from("the edit")
        } else {
            format!("edit {} of {}", n + 1, edits.len())
        };
        if edit.old.is_empty() {
            return Err(PatchError::new(
                PatchErrorKind::Malformed,
                0,
                format!("{label}: `old_string` is empty"),
            ));
        }
        if edit.old == edit.new {
            return Err(PatchError::new(
                PatchErrorKind::Malformed,
                0,
                format!("{label}: `old_string` and `new_string` are the same (no change to make)"),
            ));
        }
        text = replace_counted(&text, &edit.old, &edit.new, edit.replace_all).map_err(|e| {
            PatchError {
                message: format!("{label}: {}", e.message),
                ..e
            }
        })?;
    }
    Ok(text)
}

/// Replaces the one occurrence of `old` (text editor tool `str_replace`).
pub fn str_replace(current: &str, old: &str, new: &str) -> Result<String, PatchError> {
    check_size(current, "the file")?;
    if old.is_empty() {
        return Err(PatchError::new(
            PatchErrorKind::Malformed,
            0,
            "`old_str` is empty",
        ));
    }
    replace_counted(current, old, new, false)
}

/// Replaces `old` by `new`: every occurrence with `all`, else the only one.
fn replace_counted(text: &str, old: &str, new: &str, all: bool) -> Result<String, PatchError> {
    let count = if all {
        text.matches(old).count()
    } else {
        text.matches(old).take(2).count()
    };
    match count {
        0 => {
            return Err(PatchError::new(
                PatchErrorKind::NoMatch,
                0,
                format!(
                    "the text to replace (`{}`) is not in the file",
                    shorten(old)
                ),
            ))
        }
        1 => {}
        _ if !all => {
            let total = text.matches(old).count();
            return Err(PatchError::new(
                PatchErrorKind::Ambiguous,
                0,
                format!(
                    "the text to replace (`{}`) occurs {total} times; it must occur once",
                    shorten(old)
                ),
            ));
        }
        _ => {}
    }
    // `count * new.len()` may overflow for hostile input: saturate, then check.
    let grown = (text.len() - count * old.len()).saturating_add(count.saturating_mul(new.len()));
    check_len(grown, "the file after the replacement")?;
    Ok(if all {
        text.replace(old, new)
    } else {
        text.replacen(old, new, 1)
    })
}

/// Inserts `text` after line `line` (0 = at the top), as the text editor tool does: the file
/// and `text` are split on `\n` and the lines joined with `\n`.
pub fn insert(current: &str, line: usize, text: &str) -> Result<String, PatchError> {
    check_size(current, "the file")?;
    check_len(
        current.len().saturating_add(text.len()).saturating_add(1),
        "the file after the insertion",
    )?;
    let lines: Vec<&str> = current.split('\n').collect();
    if line > lines.len() {
        return Err(PatchError::new(
            PatchErrorKind::Malformed,
            0,
            format!(
                "cannot insert after line {line}: the file has {} line(s) (0 to {} allowed)",
                lines.len(),
                lines.len()
            ),
        ));
    }
    let mut out: Vec<&str> = Vec::with_capacity(lines.len() + 1);
    out.extend_from_slice(&lines[..line]);
    out.extend(text.split('\n'));
    out.extend_from_slice(&lines[line..]);
    Ok(out.join("\n"))
}

/// At most 60 characters of `s`, for messages.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((at, _)) => format!("{}...", &s[..at]),
        None => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edit(old: &str, new: &str) -> Replacement {
        Replacement {
            old: old.into(),
            new: new.into(),
            replace_all: false,
        }
    }

    #[test]
    fn exact_unique_replacement() {
        assert_eq!(apply_all(&[edit("b", "B")], "a b c").unwrap(), "a B c");
        assert_eq!(
            apply_all(&[edit("x", "y")], "a b").unwrap_err().kind,
            PatchErrorKind::NoMatch
        );
        let e = apply_all(&[edit("a", "A")], "a a a").unwrap_err();
        assert_eq!(e.kind, PatchErrorKind::Ambiguous);
        assert!(e.message.contains("3 times"), "{e}");
        // Exact: no whitespace leniency.
        assert_eq!(
            apply_all(&[edit("a  b", "x")], "a b").unwrap_err().kind,
            PatchErrorKind::NoMatch
        );
        // Non-overlapping count: "aa" occurs once in "aaa".
        assert_eq!(apply_all(&[edit("aa", "b")], "aaa").unwrap(), "ba");
    }

    #[test]
    fn replace_all_and_malformed_edits() {
        let all = Replacement {
            old: "a".into(),
            new: "xy".into(),
            replace_all: true,
        };
        assert_eq!(
            apply_all(std::slice::from_ref(&all), "a-a-a").unwrap(),
            "xy-xy-xy"
        );
        assert_eq!(
            apply_all(&[all], "b").unwrap_err().kind,
            PatchErrorKind::NoMatch
        );
        assert_eq!(
            apply_all(&[edit("", "x")], "abc").unwrap_err().kind,
            PatchErrorKind::Malformed
        );
        assert_eq!(
            apply_all(&[edit("a", "a")], "abc").unwrap_err().kind,
            PatchErrorKind::Malformed
        );
        assert_eq!(apply_all(&[], "abc").unwrap(), "abc");
    }

    #[test]
    fn multi_edit_applies_in_order() {
        let edits = [edit("one", "two"), edit("two two", "three")];
        assert_eq!(apply_all(&edits, "one two").unwrap(), "three");
        let e = apply_all(&[edit("one", "1"), edit("one", "2")], "one").unwrap_err();
        assert_eq!(e.kind, PatchErrorKind::NoMatch);
        assert!(e.message.starts_with("edit 2 of 2"), "{e}");
    }

    #[test]
    fn str_replace_is_exact_and_unique() {
        assert_eq!(str_replace("x = 1\n", "1", "2").unwrap(), "x = 2\n");
        assert_eq!(str_replace("x = 1\n", "1", "1").unwrap(), "x = 1\n");
        assert_eq!(
            str_replace("1 1", "1", "2").unwrap_err().kind,
            PatchErrorKind::Ambiguous
        );
        assert_eq!(
            str_replace("1 1", "3", "2").unwrap_err().kind,
            PatchErrorKind::NoMatch
        );
        assert_eq!(
            str_replace("1 1", "", "2").unwrap_err().kind,
            PatchErrorKind::Malformed
        );
    }

    #[test]
    fn insert_puts_text_on_its_own_lines() {
        assert_eq!(insert("a\nb\n", 0, "X").unwrap(), "X\na\nb\n");
        assert_eq!(insert("a\nb\n", 1, "X").unwrap(), "a\nX\nb\n");
        assert_eq!(insert("a\nb\n", 2, "X").unwrap(), "a\nb\nX\n");
        assert_eq!(insert("a\nb\n", 2, "X\nY").unwrap(), "a\nb\nX\nY\n");
        // After the empty last "line" of a file ending in a newline, as the tool does.
        assert_eq!(insert("a\nb\n", 3, "X").unwrap(), "a\nb\n\nX");
        // A final newline in the text adds an empty line.
        assert_eq!(insert("a\nb", 1, "X\n").unwrap(), "a\nX\n\nb");
        assert_eq!(insert("a\nb", 2, "X").unwrap(), "a\nb\nX");
        assert_eq!(insert("", 0, "X").unwrap(), "X\n");
        assert_eq!(insert("", 1, "X").unwrap(), "\nX");
        assert_eq!(insert("é", 1, "ü").unwrap(), "é\nü");
        let e = insert("a\nb\n", 4, "X").unwrap_err();
        assert_eq!(e.kind, PatchErrorKind::Malformed);
        assert_eq!(
            insert("", usize::MAX, "X").unwrap_err().kind,
            PatchErrorKind::Malformed
        );
    }

    #[test]
    fn find_lines_is_first_match_in_order() {
        let naive = |hay: &[&str], pat: &[&str], from: usize| {
            (from..=hay.len().saturating_sub(pat.len()))
                .find(|&i| pat.len() <= hay.len() && hay[i..i + pat.len()] == *pat)
        };
        let alphabet = ["a", "b", " a"];
        let mut seed = 3u64;
        for _ in 0..20000 {
            let mut pick = |n: u64| {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((seed >> 33) % n) as usize
            };
            let hay: Vec<&str> = (0..pick(9)).map(|_| alphabet[pick(3)]).collect();
            let pat: Vec<&str> = (0..1 + pick(4)).map(|_| alphabet[pick(3)]).collect();
            let from = pick(4);
            let got = find_lines(&hay, &pat, from, |a, b| a == b, |_| true);
            assert_eq!(got, naive(&hay, &pat, from), "{hay:?} {pat:?} {from}");
            // Under trimming, with a filter: every occurrence is offered in order.
            let mut offered = Vec::new();
            find_lines(
                &hay,
                &pat,
                0,
                |a, b| a.trim() == b.trim(),
                |i| {
                    offered.push(i);
                    false
                },
            );
            let all: Vec<usize> = (0..=hay.len().saturating_sub(pat.len()))
                .filter(|&i| {
                    pat.len() <= hay.len()
                        && hay[i..i + pat.len()]
                            .iter()
                            .zip(&pat)
                            .all(|(h, p)| h.trim() == p.trim())
                })
                .collect();
            assert_eq!(offered, all, "{hay:?} {pat:?}");
        }
        assert_eq!(
            find_lines::<&str, &str>(&["a"], &[], 1, |a, b| a == b, |_| true),
            Some(1)
        );
        assert_eq!(
            find_lines::<&str, &str>(&["a"], &[], 2, |a, b| a == b, |_| true),
            None
        );
    }

    #[test]
    fn work_budget() {
        let mut w = Work::default();
        assert!(w.spend(1 << 31, 0).is_ok());
        assert!(w.spend(1 << 31, 0).is_ok());
        assert_eq!(w.spend(1, 3).unwrap_err().kind, PatchErrorKind::TooLarge);
    }

    #[test]
    fn too_large() {
        let big = "a".repeat(MAX_INPUT_BYTES + 1);
        assert_eq!(
            apply_all(&[edit("a", "b")], &big).unwrap_err().kind,
            PatchErrorKind::TooLarge
        );
        assert_eq!(
            str_replace(&big, "a", "b").unwrap_err().kind,
            PatchErrorKind::TooLarge
        );
        assert_eq!(
            insert(&big, 0, "b").unwrap_err().kind,
            PatchErrorKind::TooLarge
        );
        // A replace_all that would blow the file up past the limit.
        let many = "a".repeat(1 << 20);
        let blow = Replacement {
            old: "a".into(),
            new: "b".repeat(128),
            replace_all: true,
        };
        assert_eq!(
            apply_all(&[blow], &many).unwrap_err().kind,
            PatchErrorKind::TooLarge
        );
    }
}
