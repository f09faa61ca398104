//! Python indentation as CPython reads it. tree-sitter's Python scanner counts a tab as 8
//! columns and never raises CPython's `TabError`; CPython rounds a tab to the next multiple
//! of 8 and also compares every indentation with tabs counted as 1 column, refusing the file
//! when the two disagree ("inconsistent use of tabs and spaces in indentation"). A change
//! that only swaps spaces for tabs can therefore keep tree-sitter's tree and still make the
//! module fail to import, or indent differently: this module finds such lines.

use tree_sitter::Tree;

/// Columns of one indentation: CPython's (tab to the next multiple of 8), CPython's
/// alternative (tab = 1), and tree-sitter's (tab = 8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Cols {
    col: usize,
    alt: usize,
    ts: usize,
}

fn cols(ws: &str) -> Cols {
    let mut c = Cols {
        col: 0,
        alt: 0,
        ts: 0,
    };
    for ch in ws.chars() {
        match ch {
            ' ' => {
                c.col += 1;
                c.alt += 1;
                c.ts += 1;
            }
            '\t' => {
                c.col = (c.col / 8 + 1) * 8;
                c.alt += 1;
                c.ts += 8;
            }
            // A form feed resets the column (CPython and tree-sitter alike).
            '\x0c' => {
                c = Cols {
                    col: 0,
                    alt: 0,
                    ts: 0,
                }
            }
            _ => {}
        }
    }
    c
}

/// The first line (1-based) whose indentation CPython refuses (`TabError`) or reads in
/// another order than tree-sitter, or `None`. Only files with a tab in them are looked at.
pub(crate) fn inconsistent_line(text: &str, tree: &Tree) -> Option<usize> {
    if !text.contains('\t') {
        return None;
    }
    let mut stack: Vec<Cols> = vec![Cols {
        col: 0,
        alt: 0,
        ts: 0,
    }];
    let mut brackets = 0usize;
    let mut continued = false;
    let mut prev_end_row: Option<usize> = None;
    let mut found = None;
    crate::walk::preorder(tree.root_node(), |cursor, _| {
        if found.is_some() {
            return false;
        }
        let node = cursor.node();
        let kind = node.kind();
        // Strings are one token (their braces and lines are not layout).
        if node.child_count() > 0 && kind != "string" {
            return true;
        }
        if kind == "comment" || node.start_byte() == node.end_byte() {
            return false;
        }
        if kind == "line_continuation" {
            continued = true;
            return false;
        }
        let row = node.start_position().row;
        let first_on_line = prev_end_row.is_none_or(|r| row > r);
        if first_on_line && brackets == 0 && !continued {
            let line_start = text[..node.start_byte()].rfind('\n').map_or(0, |p| p + 1);
            let ws = &text[line_start..node.start_byte()];
            if ws.chars().all(|c| matches!(c, ' ' | '\t' | '\x0c')) {
                let c = cols(ws);
                let top = *stack.last().unwrap_or(&c);
                let consistent = |a: Cols, b: Cols| {
                    a.col.cmp(&b.col) == a.alt.cmp(&b.alt) && a.col.cmp(&b.col) == a.ts.cmp(&b.ts)
                };
                if c.col > top.col {
                    if consistent(c, top) {
                        stack.push(c);
                    } else {
                        found = Some(row + 1);
                    }
                } else {
                    while stack.len() > 1 && stack.last().is_some_and(|t| c.col < t.col) {
                        stack.pop();
                    }
                    let top = *stack.last().unwrap_or(&c);
                    if !consistent(c, top) {
                        found = Some(row + 1);
                    }
                }
            }
        }
        continued = false;
        match &text[node.byte_range()] {
            "(" | "[" | "{" => brackets += 1,
            ")" | "]" | "}" => brackets = brackets.saturating_sub(1),
            _ => {}
        }
        prev_end_row = Some(node.end_position().row);
        false
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Language, SourceFile};

    fn line(text: &str) -> Option<usize> {
        let f = SourceFile::parse(Language::Python, text).unwrap();
        inconsistent_line(text, f.tree())
    }

    #[test]
    fn consistent_layouts_pass() {
        assert_eq!(line("def f():\n    return 1\n"), None);
        assert_eq!(line("def f():\n\treturn 1\n"), None);
        assert_eq!(
            line("def f():\n\tif x:\n\t\ty = (1,\n  2)\n\treturn \\\n 1\n"),
            None
        );
        assert_eq!(line("def f():\n\ts = '''\n  x\n\t'''\n\treturn s\n"), None);
    }

    #[test]
    fn tab_error_is_found() {
        // 8 spaces, then a tab: the same column for CPython, 8 against 1 with tabs as 1.
        assert_eq!(line("if x:\n        a = 1\n\tb = 2\n"), Some(3));
        // Spaces before a tab: CPython column 8, tree-sitter column 10.
        assert_eq!(line("if x:\n\ta = 1\n  \tb = 2\n"), Some(3));
    }
}

/// The first line (1-based, counting `\n` only, as tree-sitter and editors that show it as
/// one line do) holding a lone carriage return: a `\r` not followed by `\n`. CPython reads
/// one as a line break (universal newlines), tree-sitter-python as whitespace, so a `#`
/// comment ends there for CPython but not for tree-sitter: text after it that tree-sitter
/// sees inside a comment or a granted body is a new statement to CPython.
pub(crate) fn lone_cr_line(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    let at = bytes
        .iter()
        .enumerate()
        .position(|(i, &b)| b == b'\r' && bytes.get(i + 1) != Some(&b'\n'))?;
    Some(1 + bytes[..at].iter().filter(|&&b| b == b'\n').count())
}

/// Where `after`, a Python file, reads differently to CPython than to tree-sitter, as a
/// line and a sentence: indentation CPython refuses or orders differently (new in `after`),
/// or any lone carriage return. Such a file cannot be judged by tree-sitter's tree.
pub(crate) fn python_divergence(
    before: &crate::SourceFile,
    after: &crate::SourceFile,
) -> Option<(usize, String)> {
    if let Some(line) = lone_cr_line(after.text()) {
        return Some((line, format!("line {line} holds a lone carriage return (CR without LF), which Python reads as a line break and tree-sitter does not; editscope cannot judge the code as Python reads it (use LF or CRLF line endings)")));
    }
    inconsistent_line(after.text(), after.tree())
        .filter(|_| inconsistent_line(before.text(), before.tree()).is_none())
        .map(|line| (line, format!("line {line} mixes tabs and spaces in its indentation in a way Python refuses (TabError) or reads differently from how it looks")))
}

#[cfg(test)]
mod lone_cr_tests {
    use super::lone_cr_line;

    #[test]
    fn finds_only_lone_carriage_returns() {
        assert_eq!(lone_cr_line("a\r\nb\r\n"), None);
        assert_eq!(lone_cr_line("a\nb\rc\n"), Some(2));
        assert_eq!(lone_cr_line("x\r"), Some(1));
        assert_eq!(lone_cr_line(""), None);
    }
}
