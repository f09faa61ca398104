//! The names nearest to a misspelt one: an edit distance and a short list of suggestions
//! (for selectors that match nothing).

use std::collections::BTreeSet;

/// How many suggestions at most.
const MAX_SUGGESTIONS: usize = 3;

/// The Levenshtein distance between `a` and `b`, counted in characters.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let old = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(old).min(row[j])
            };
            prev = old;
        }
    }
    row[b.len()]
}

/// The candidates nearest to `target` by [`edit_distance`]: at most three, each within a
/// third of the length of `target`'s last segment (after its last `/` or `::`: a file name, a
/// Rust name; at least 1, at most 8 edits), so that a long shared directory does not make
/// every sibling "near"; nearest first, ties by name;
/// `target` itself and duplicates are left out.
///
/// Bounded: the names are the agent's to write (long, many), so the distance is computed in a
/// band of the limit's width (linear in a name's length, not quadratic), stops as soon as it
/// exceeds the limit, and the whole search stops after a few million steps (then it
/// suggests what it found so far: a suggestion is a courtesy, never part of a verdict).
pub fn nearest<'a>(target: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut steps = SEARCH_STEPS;
    nearest_within(target, candidates, &mut steps)
}

/// Steps (characters read and distance cells computed) one [`nearest`] search may take.
pub(crate) const SEARCH_STEPS: usize = 4_000_000;

/// [`nearest`] within `steps`, which it counts down.
pub(crate) fn nearest_within<'a>(
    target: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    steps: &mut usize,
) -> Vec<String> {
    let t: Vec<char> = target.chars().collect();
    *steps = steps.saturating_sub(t.len());
    let last = target.rsplit('/').next().unwrap_or(target);
    let last = last.rsplit("::").next().unwrap_or(last);
    let limit = (last.chars().count() / 3).clamp(1, 8);
    let mut scored: BTreeSet<(usize, &str)> = BTreeSet::new();
    let mut c_chars: Vec<char> = Vec::new();
    for c in candidates {
        if *steps == 0 {
            break;
        }
        // Bytes bound characters from above and below (1 to 4 each): most names are left
        // out without reading them.
        if c.len() + limit < t.len() || c.len() > 4 * (t.len() + limit) {
            *steps = steps.saturating_sub(1);
            continue;
        }
        c_chars.clear();
        c_chars.extend(c.chars().take(t.len() + limit + 1));
        *steps = steps.saturating_sub(c_chars.len());
        if c == target || c_chars.len().abs_diff(t.len()) > limit {
            continue;
        }
        if let Some(d) = banded_distance(&t, &c_chars, limit, steps) {
            scored.insert((d, c));
        }
    }
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, c)| c.to_string())
        .collect()
}

/// The edit distance of `a` and `b` if it is at most `limit`, else `None`: only the cells
/// within `limit` of the diagonal, stopping as soon as a row exceeds it (or `steps` run out,
/// counted per cell).
fn banded_distance(a: &[char], b: &[char], limit: usize, steps: &mut usize) -> Option<usize> {
    if a.len().abs_diff(b.len()) > limit {
        return None;
    }
    const FAR: usize = usize::MAX / 2;
    let mut prev: Vec<usize> = (0..=b.len())
        .map(|j| if j <= limit { j } else { FAR })
        .collect();
    let mut row: Vec<usize> = vec![FAR; b.len() + 1];
    for i in 1..=a.len() {
        let lo = i.saturating_sub(limit).max(1);
        let hi = (i + limit).min(b.len());
        // Only the band is written: the cell left of it (read as `row[lo - 1]`) and the one
        // right of it (read as the next row's `prev[hi + 1]`) are set outside it.
        row[0] = if i <= limit { i } else { FAR };
        row[lo - 1] = if lo == 1 { row[0] } else { FAR };
        if hi < b.len() {
            row[hi + 1] = FAR;
        }
        let mut best = row[0];
        for j in lo..=hi {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let v = (prev[j - 1] + cost).min(prev[j] + 1).min(row[j - 1] + 1);
            row[j] = v;
            best = best.min(v);
        }
        *steps = steps.saturating_sub(hi + 1 - lo.min(hi + 1));
        if best > limit || *steps == 0 {
            return None;
        }
        std::mem::swap(&mut prev, &mut row);
    }
    Some(prev[b.len()]).filter(|d| *d <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("cor.py", "core.py"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("ünï", "uni"), 2);
    }

    #[test]
    fn nearest_keeps_three_close_names_nearest_first() {
        let c = [
            "src/click/core.py",
            "src/click/cores.py",
            "src/click/decorators.py",
            "src/click/cor.py.bak",
            "src/click/utils.py",
            "README.md",
        ];
        assert_eq!(
            nearest("src/click/cor.py", c),
            ["src/click/core.py", "src/click/cores.py"]
        );
        // At most three, nearest first, ties by name.
        let c = [
            "src/b.py",
            "src/ab.py",
            "src/c.py",
            "src/abc.py",
            "src/d.py",
        ];
        assert_eq!(
            nearest("src/a.py", c),
            ["src/ab.py", "src/b.py", "src/c.py"]
        );
        assert_eq!(
            nearest("Context.invok", ["Context.invoke", "Context.exit"]),
            ["Context.invoke"]
        );
    }

    #[test]
    fn nearest_leaves_out_far_names_and_the_target() {
        assert!(nearest("f", ["g", "f"]).len() == 1);
        assert!(nearest("main.py", ["lib/other.rs"]).is_empty());
        assert!(nearest("x", std::iter::empty()).is_empty());
    }

    #[test]
    fn the_banded_distance_equals_the_full_one_within_the_limit() {
        let words = [
            "", "a", "ab", "kitten", "sitting", "flaw", "lawn", "ünï", "uni", "abcdefgh",
        ];
        for a in words {
            for b in words {
                let (ca, cb): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
                let full = edit_distance(a, b);
                for limit in 0..6 {
                    let mut steps = usize::MAX;
                    let got = banded_distance(&ca, &cb, limit, &mut steps);
                    assert_eq!(got, (full <= limit).then_some(full), "{a} {b} {limit}");
                }
            }
        }
    }

    /// Many long names (the agent's to write): the search takes a bounded number of steps,
    /// linear in the names' length, and still finds the near one.
    #[test]
    fn the_search_is_bounded_for_many_long_names() {
        let target = format!("f_{}", "x".repeat(3000));
        let names: Vec<String> = (0..200)
            .map(|i| format!("f_{}{i}", "x".repeat(3000)))
            .collect();
        let mut steps = usize::MAX;
        let found = nearest_within(&target, names.iter().map(String::as_str), &mut steps);
        let used = usize::MAX - steps;
        assert_eq!(found.len(), 3);
        // Band of 2*8+1 cells per character, plus reading: far below 3000 * 3000 per name.
        assert!(used < 200 * 3010 * 20, "{used} steps");
        // And with a small allowance it stops early, without error.
        let mut steps = 10_000;
        let _ = nearest_within(&target, names.iter().map(String::as_str), &mut steps);
        assert_eq!(steps, 0);
        let mut few = SEARCH_STEPS;
        let many: Vec<String> = (0..100_000)
            .map(|i| format!("name_{i}_{}", "y".repeat(40)))
            .collect();
        let _ = nearest_within("name_1_", many.iter().map(String::as_str), &mut few);
        assert!(few <= SEARCH_STEPS);
    }
}
