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
pub fn nearest<'a>(target: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let len = target.chars().count();
    let last = target.rsplit('/').next().unwrap_or(target);
    let last = last.rsplit("::").next().unwrap_or(last);
    let limit = (last.chars().count() / 3).clamp(1, 8);
    let mut scored: BTreeSet<(usize, &str)> = BTreeSet::new();
    for c in candidates {
        if c == target || c.chars().count().abs_diff(len) > limit {
            continue;
        }
        let d = edit_distance(target, c);
        if d <= limit {
            scored.insert((d, c));
        }
    }
    scored
        .into_iter()
        .take(MAX_SUGGESTIONS)
        .map(|(_, c)| c.to_string())
        .collect()
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
}
