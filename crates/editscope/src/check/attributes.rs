//! Rust inner attributes (`#![...]`) inside a symbol: they are the item's attributes, not
//! its body. rustc applies `#![cfg(any())]` written first in a fn body, an `impl` block or a
//! `mod { }` to the whole item (it disappears), and `#![no_implicit_prelude]` in a module to
//! the name resolution of every child; so a `body` grant, which keeps the attributes, does not
//! free them.

use super::*;

/// Every inner attribute of `file` (its text, whitespace as written) with the index of the
/// innermost symbol around it; those outside every symbol (a file's own `#![...]`) are left
/// to the skeleton, which compares them byte for byte. One sweep: attributes and symbols
/// both come in document order. Made once per file (a warm baseline's is kept in its memo).
pub(super) fn inner_attributes(file: &SourceFile) -> Vec<(usize, &str, usize)> {
    let found: &Vec<(usize, usize, usize)> = file
        .memo(crate::source::Slot::InnerAttributes, || {
            inner_attribute_ranges(file)
        });
    found
        .iter()
        .map(|&(i, start, end)| (i, &file.text()[start..end], start))
        .collect()
}

/// [`inner_attributes`] as (symbol, first byte, end byte).
fn inner_attribute_ranges(file: &SourceFile) -> Vec<(usize, usize, usize)> {
    let mut found: Vec<(usize, usize)> = Vec::new();
    // An inner attribute holds a `#` token: the walk skips what holds no `#` byte, unless
    // the tree has errors (where a `#` may be a zero-width MISSING token).
    let root = file.tree().root_node();
    let needles = (!root.has_error()).then(|| crate::walk::Needles::find(file.text(), &["#"]));
    crate::walk::preorder(root, |cursor, _| {
        let node = cursor.node();
        if needles.as_ref().is_some_and(|n| !n.may_hold(node)) {
            return false;
        }
        if node.kind() == "inner_attribute_item" {
            found.push((node.start_byte(), node.end_byte()));
            return false;
        }
        true
    });
    let symbols = file.symbols();
    let mut order: Vec<usize> = (0..symbols.len()).collect();
    order.sort_by_key(|&i| {
        (
            symbols[i].extent.start_byte,
            std::cmp::Reverse(symbols[i].extent.end_byte),
        )
    });
    let mut stack: Vec<usize> = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for (start, end) in found {
        while next < order.len() && symbols[order[next]].extent.start_byte <= start {
            let i = order[next];
            while stack
                .last()
                .is_some_and(|&t| symbols[t].extent.end_byte <= symbols[i].extent.start_byte)
            {
                stack.pop();
            }
            stack.push(i);
            next += 1;
        }
        while stack
            .last()
            .is_some_and(|&t| symbols[t].extent.end_byte < end)
        {
            stack.pop();
        }
        if let Some(&i) = stack.last() {
            out.push((i, start, end));
        }
    }
    out
}

/// The rule: for every symbol of `before` that still exists and that no grant covers whole
/// (a `body` grant on it, or a protected symbol inside a granted container), the inner
/// attributes inside it are the same, as a multiset of texts, before and after. A change is a
/// [`ViolationKind::SignatureChanged`] on the symbol. Only Rust has inner attributes.
pub(crate) fn inner_attribute_changes(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
) -> Vec<Violation> {
    if before.language() != Language::Rust {
        return Vec::new();
    }
    let (in_b, in_a) = (inner_attributes(before), inner_attributes(after));
    if in_b.is_empty() && in_a.is_empty() {
        return Vec::new();
    }
    use std::collections::{BTreeMap, HashMap};
    // Per symbol path: the attribute texts (sorted) and the first byte of a change's side.
    type Sides<'t> = (Vec<&'t str>, Vec<&'t str>, Option<usize>);
    let mut texts: BTreeMap<&str, Sides<'_>> = BTreeMap::new();
    for (i, t, _) in &in_b {
        texts
            .entry(&before.symbols()[*i].path)
            .or_default()
            .0
            .push(t);
    }
    for (i, t, byte) in &in_a {
        let e = texts.entry(&after.symbols()[*i].path).or_default();
        e.1.push(t);
        e.2.get_or_insert(*byte);
    }
    let covered = Coverage::of(before, grants);
    let index: HashMap<&str, usize> = before
        .symbols()
        .iter()
        .enumerate()
        .map(|(i, s)| (s.path.as_str(), i))
        .collect();
    let paths_a: HashSet<&str> = after.symbols().iter().map(|s| s.path.as_str()).collect();
    let newlines: Vec<usize> = after
        .text()
        .bytes()
        .enumerate()
        .filter(|(_, c)| *c == b'\n')
        .map(|(i, _)| i)
        .collect();
    let line_of = |byte: usize| newlines.partition_point(|n| *n < byte) + 1;
    let mut out = Vec::new();
    for (path, (mut b, mut a, byte)) in texts {
        let Some(&i) = index.get(path) else {
            continue; // added: free where the addition is granted
        };
        if !paths_a.contains(path) || covered.covered(i, true) {
            continue; // removed (the removal rules judge it), or granted whole
        }
        let s = &before.symbols()[i];
        if !(grants.bodies(s) || grants.protects(s)) {
            continue; // ungranted: its bytes are compared as they are
        }
        b.sort_unstable();
        a.sort_unstable();
        if a == b {
            continue;
        }
        let line = byte.map_or(s.extent.start_line, line_of);
        out.push(Violation {
            changed_lines: Default::default(),
            kind: ViolationKind::SignatureChanged,
            symbol: Some(s.path.clone()),
            symbol_kind: Some(s.kind),
            before: Some(s.extent.into()),
            after: Some(LineRange {
                start_line: line,
                end_line: line,
            }),
            message: format!(
                "{} `{}`: an inner attribute (`#![...]`) in it was added, changed or removed; it applies to the whole item (`#![cfg(...)]` removes it), so it is part of the attributes, which a `body` grant keeps; grant `edit` on `{}` to change it",
                s.kind, s.path, s.path
            ),
        });
    }
    out
}
