//! The one tree walk: every node in document order, with a cursor and no recursion, so
//! 10,000 nested blocks cannot overflow the stack.

use tree_sitter::{Node, TreeCursor};

/// Visits `root` and its descendants in document order. `visit(cursor, depth)` sees each
/// node (depth 0 for `root`) and returns whether to descend into its children.
pub(crate) fn preorder<'t>(root: Node<'t>, mut visit: impl FnMut(&TreeCursor<'t>, usize) -> bool) {
    let mut cursor = root.walk();
    let mut depth = 0usize;
    loop {
        if visit(&cursor, depth) && cursor.goto_first_child() {
            depth += 1;
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if depth == 0 || !cursor.goto_parent() {
                return;
            }
            depth -= 1;
        }
    }
}

/// Where a pruned walk may go: the sorted first bytes of every occurrence of any of a set of
/// byte strings in a text. A node that no occurrence starts in cannot contain one, so a walk
/// looking for nodes whose text must contain one of them (a keyword, an attribute's name)
/// need not descend into it ([`Needles::may_hold`]): it visits the same matching nodes, in
/// the same order, as the full walk.
pub(crate) struct Needles(Vec<usize>);

impl Needles {
    /// The occurrences of `needles` (each non-empty) in `text`.
    pub(crate) fn find(text: &str, needles: &[&str]) -> Needles {
        // An empty needle is everywhere: nothing is pruned.
        if needles.iter().any(|n| n.is_empty()) {
            return Needles((0..=text.len()).collect());
        }
        // One pass: at each byte, the needles that start with it are tried.
        let mut by_first: Vec<Vec<&[u8]>> = vec![Vec::new(); 256];
        for n in needles {
            if let Some(b) = n.as_bytes().first() {
                by_first[*b as usize].push(n.as_bytes());
            }
        }
        let bytes = text.as_bytes();
        let mut at: Vec<usize> = Vec::new();
        for (i, b) in bytes.iter().enumerate() {
            let tried = &by_first[*b as usize];
            if !tried.is_empty() && tried.iter().any(|n| bytes[i..].starts_with(n)) {
                at.push(i);
            }
        }
        Needles(at)
    }

    /// Whether an occurrence starts inside `node` (so one may lie inside it).
    pub(crate) fn may_hold(&self, node: Node<'_>) -> bool {
        let (start, end) = (node.start_byte(), node.end_byte());
        let i = self.0.partition_point(|p| *p < start);
        self.0.get(i).is_some_and(|p| *p < end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Language, SourceFile};

    /// A walk pruned by [`Needles`] visits every node whose text holds a needle, in the
    /// order of the full walk, on texts cut and spliced at every few bytes (broken ones too).
    #[test]
    fn a_pruned_walk_visits_every_node_holding_a_needle() {
        let texts = [
            (Language::Rust, "#![allow(x)]\n#[no_mangle]\npub extern \"C\" fn f() { #![cfg(any())] let start = 1; }\nmod m { #[used] static S: u8 = 0; inventory::submit! { X } global_asm!(\"nop\"); }\nfn g() { let x = \"#\"; /* # */ }\n"),
            (Language::TypeScript, "with (o) { m = 1 }\nfunction f() { with (p) { q() } }\nconst withA = 1; // with\nclass C { m() { return `with` } }\n"),
        ];
        let needles: &[&str] = &[
            "#",
            "start",
            "used",
            "submit",
            "global_asm",
            "with",
            "no_mangle",
        ];
        for (language, base) in texts {
            let mut variants = vec![base.to_string()];
            for at in (0..base.len()).step_by(7) {
                if base.is_char_boundary(at) {
                    variants.push(
                        format!("{}{}", &base[..at], &base[(at + 3).min(base.len())..]).to_string(),
                    );
                    variants.push(format!("{}{{ # with\n{}", &base[..at], &base[at..]));
                }
            }
            for text in variants.iter().filter(|t| t.is_char_boundary(0)) {
                let Ok(file) = SourceFile::parse(language, text.as_str()) else {
                    continue;
                };
                let found = Needles::find(text, needles);
                let key = |n: Node<'_>| (n.start_byte(), n.end_byte(), n.kind_id());
                let mut full = Vec::new();
                preorder(file.tree().root_node(), |c, _| {
                    let n = c.node();
                    let t = &text[n.byte_range()];
                    if needles.iter().any(|w| t.contains(w)) {
                        full.push(key(n));
                    }
                    true
                });
                let mut pruned = Vec::new();
                preorder(file.tree().root_node(), |c, _| {
                    let n = c.node();
                    if !found.may_hold(n) {
                        return false;
                    }
                    let t = &text[n.byte_range()];
                    if needles.iter().any(|w| t.contains(w)) {
                        pruned.push(key(n));
                    }
                    true
                });
                assert_eq!(full, pruned, "{text}");
            }
        }
    }
}
