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
