//! Text a compiler translates or skips before it parses, where tree-sitter reads the bytes as
//! they are: a file holding such text is refused ([`Unverifiable::UnsupportedConstruct`]),
//! since its symbols, as tree-sitter draws them, need not be the compiler's.
//!
//! Java (JLS 3.3, 3.4): javac translates every unicode escape (`\u000a`, also `\uuu000a`)
//! *before* it lexes, everywhere in the file, comments and strings included; tree-sitter-java
//! never does, so `// note \u000a void evil() {}` is a comment to tree-sitter and a method to
//! javac, and `"\u0022"` ends a string for javac only. A lone carriage return is a line
//! terminator for javac, where tree-sitter-java's `//` comment runs on through it. The rule:
//! - a `\r` not followed by `\n` refuses the file ([`Construct::LineTerminator`]);
//! - a unicode escape (a `\` that an even number of backslashes precedes, then one or more
//!   `u`) refuses the file unless it lies inside a string or character literal (text blocks
//!   included) or a comment, as tree-sitter reads them, and it stands for a character that
//!   means nothing to the lexer there: any but a control character, `"`, `'`, `\`, `*`
//!   and `/` ([`Construct::UnicodeEscape`]). A malformed escape (fewer than four hex digits)
//!   refuses it too: javac rejects the file. Such an inert escape changes no token
//!   boundary for either reader, so the two still draw the same symbols (`"caf\u00e9"` is
//!   fine).
//!
//! The rule looks at each version of a file alone; a refused version makes the check
//! unverifiable, whichever grants apply.

use tree_sitter::Node;

use crate::check::{Construct, Unverifiable, Version};
use crate::walk::preorder;
use crate::{Language, SourceFile};

/// Where and why one version of a file is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Divergence {
    /// The byte where the construct starts.
    pub byte: usize,
    /// What it is.
    pub construct: Construct,
    /// How the compiler reads it otherwise.
    pub message: String,
}

/// The first version of the two that holds text its compiler reads otherwise than
/// tree-sitter, as the unverifiable reason.
pub(crate) fn refusal(before: &SourceFile, after: &SourceFile) -> Option<Unverifiable> {
    for (file, version) in [(before, Version::Before), (after, Version::After)] {
        if let Some(d) = divergence(file) {
            let line = file.text()[..d.byte].matches('\n').count() + 1;
            return Some(Unverifiable::UnsupportedConstruct {
                version,
                line,
                construct: d.construct,
                message: d.message,
            });
        }
    }
    None
}

/// The first construct of `file` that its compiler reads otherwise than tree-sitter.
pub(crate) fn divergence(file: &SourceFile) -> Option<Divergence> {
    match file.language() {
        Language::Java => java(file.text(), file.tree().root_node()),
        _ => None,
    }
}

/// The byte ranges of the tokens of `kinds` (not descending into them), in order.
fn tokens(root: Node<'_>, kinds: &[&str]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    preorder(root, |cursor, _| {
        let node = cursor.node();
        if kinds.contains(&node.kind()) {
            out.push(node.byte_range());
            return false;
        }
        true
    });
    out
}

/// A carriage return not followed by a line feed.
fn lone_cr(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    (0..bytes.len()).find(|&i| bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n'))
}

/// Java: see the module docs.
fn java(text: &str, root: Node<'_>) -> Option<Divergence> {
    if let Some(byte) = lone_cr(text) {
        return Some(Divergence {
            byte,
            construct: Construct::LineTerminator,
            message: "a carriage return without a line feed ends a line for javac (and so a \
                      `//` comment), not for tree-sitter-java"
                .to_string(),
        });
    }
    if !text.contains("\\u") {
        return None;
    }
    let bytes = text.as_bytes();
    let mut literal: Option<Vec<std::ops::Range<usize>>> = None;
    let mut backslashes = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'\\' {
            backslashes = 0;
            i += 1;
            continue;
        }
        // An even number of backslashes before this one: it may start an escape.
        let eligible = backslashes.is_multiple_of(2);
        backslashes += 1;
        if !eligible || bytes.get(i + 1) != Some(&b'u') {
            i += 1;
            continue;
        }
        let mut j = i + 1;
        while bytes.get(j) == Some(&b'u') {
            j += 1;
        }
        let hex = text
            .get(j..j + 4)
            .filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()));
        let Some(hex) = hex else {
            return Some(Divergence {
                byte: i,
                construct: Construct::UnicodeEscape,
                message: "a malformed unicode escape (`\\u` without four hex digits), which \
                          javac refuses wherever it stands"
                    .to_string(),
            });
        };
        let value = u32::from_str_radix(hex, 16).unwrap_or(0);
        let end = j + 4;
        let inert = value >= 0x80
            || ((0x20..0x7f).contains(&value)
                && !matches!(value as u8, b'"' | b'\'' | b'\\' | b'*' | b'/'));
        let ranges = literal.get_or_insert_with(|| {
            tokens(
                root,
                &[
                    "string_literal",
                    "character_literal",
                    "line_comment",
                    "block_comment",
                ],
            )
        });
        let at = ranges.partition_point(|r| r.start <= i);
        let inside = at > 0 && ranges[at - 1].start < i && end <= ranges[at - 1].end;
        if !(inert && inside) {
            let shown = &text[i..end];
            return Some(Divergence {
                byte: i,
                construct: Construct::UnicodeEscape,
                message: if inside {
                    format!(
                        "javac translates the unicode escape `{shown}` before it reads the \
                         file, into a character that can end a token (a line break, a quote, \
                         a backslash, `*` or `/`); tree-sitter reads the six characters as \
                         they are"
                    )
                } else {
                    format!(
                        "javac translates the unicode escape `{shown}` before it reads the \
                         file; tree-sitter reads it as it is, and here it is not inside a \
                         string or a comment"
                    )
                },
            });
        }
        // The escape's own characters hold no backslash.
        backslashes = 0;
        i = end;
    }
    None
}

#[cfg(test)]
mod tests;
