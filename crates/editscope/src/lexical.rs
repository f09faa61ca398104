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
//!   means nothing to the lexer there: any but a line feed, a carriage return, `"`, `'`,
//!   `\`, `*` and `/` ([`Construct::UnicodeEscape`]; other control characters, `\u0000`,
//!   `\u001F`, are characters of the literal or comment for javac too). A malformed escape (fewer than four hex digits)
//!   refuses it too: javac rejects the file. Such an inert escape changes no token
//!   boundary for either reader, so the two still draw the same symbols (`"caf\u00e9"` is
//!   fine).
//!
//! C# (ECMA-334, "Lexical structure"): the compiler skips the code under a false `#if`
//! branch, where tree-sitter-c-sharp reads every branch, so a file with conditional
//! compilation (a directive line `#if`, `#elif`, `#else`, `#endif`, `#define`, `#undef`) is
//! refused ([`Construct::ConditionalCompilation`]). U+0085, U+2028 and U+2029 end a line for
//! the compiler (and so a `//` comment), not for tree-sitter-c-sharp: refused
//! ([`Construct::LineTerminator`]). A backslash outside string and character literals and
//! comments can only start a unicode escape in an identifier (`\u0061bc` is `abc`), which
//! tree-sitter keeps as written: refused ([`Construct::UnicodeEscape`]). And a raw string
//! literal (`"""..."""`, interpolated too) must close with as many quotes as it opened and
//! hold no run of that many quotes, or tree-sitter and the compiler may end it at different
//! places ([`Construct::RawString`]).
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
        Language::CSharp => csharp(file.text(), file.tree().root_node()),
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
        // Inside a literal or comment, what can end it: a line break (a `//` comment; a
        // string or char literal, where javac refuses it), a quote, a backslash, `*` and
        // `/` (a block comment). Other control characters (`\u0000`, `\u001F`) are
        // characters of the literal or comment for javac too.
        let inert = value >= 0x80
            || !matches!(
                value as u8,
                b'\n' | b'\r' | b'"' | b'\'' | b'\\' | b'*' | b'/'
            );
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

/// C#: see the module docs.
fn csharp(text: &str, root: Node<'_>) -> Option<Divergence> {
    if let Some((byte, c)) = text
        .char_indices()
        .find(|(_, c)| matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}'))
    {
        return Some(Divergence {
            byte,
            construct: Construct::LineTerminator,
            message: format!(
                "U+{:04X} ends a line for the C# compiler (and so a `//` comment), not for \
                 tree-sitter-c-sharp",
                c as u32
            ),
        });
    }
    // Conditional directives: `#` first on a line (after whitespace), then the keyword. A
    // carriage return alone ends a line for the compiler too.
    let mut at = 0;
    for line in text.split_inclusive(['\n', '\r']) {
        let trimmed = line.trim_start();
        if let Some(rest) = trimmed.strip_prefix('#') {
            let word: String = rest
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if matches!(
                word.as_str(),
                "if" | "elif" | "else" | "endif" | "define" | "undef"
            ) {
                return Some(Divergence {
                    byte: at + (line.len() - trimmed.len()),
                    construct: Construct::ConditionalCompilation,
                    message: format!(
                        "`#{word}`: the compiler skips the code of a false branch, \
                         tree-sitter reads every branch"
                    ),
                });
            }
        }
        at += line.len();
    }
    let quoted = text.contains("\"\"\"");
    if !text.contains('\\') && !quoted {
        return None;
    }
    // Literal and comment tokens, leaves included (interpolated strings hold code).
    let ranges = tokens(
        root,
        &[
            "comment",
            "string_literal",
            "character_literal",
            "verbatim_string_literal",
            "raw_string_literal",
            "string_content",
            "escape_sequence",
            "interpolation_format_clause",
        ],
    );
    let outside = text.bytes().enumerate().find_map(|(i, b)| {
        let at = ranges.partition_point(|r| r.start <= i);
        (b == b'\\' && !(at > 0 && ranges[at - 1].contains(&i))).then_some(i)
    });
    if let Some(byte) = outside {
        return Some(Divergence {
            byte,
            construct: Construct::UnicodeEscape,
            message: "a backslash outside string and character literals and comments: a \
                      unicode escape in an identifier, which the compiler decodes and \
                      tree-sitter keeps as written"
                .to_string(),
        });
    }
    if quoted {
        return raw_strings(text, root);
    }
    None
}

/// The longest run of `"` in `s`.
fn quote_run(s: &str) -> usize {
    let (mut best, mut run) = (0, 0);
    for b in s.bytes() {
        run = if b == b'"' { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

/// C# raw string literals (plain and interpolated): the closing delimiter has as many
/// quotes as the opening one, and the content has no run of that many.
fn raw_strings(text: &str, root: Node<'_>) -> Option<Divergence> {
    let mut found = None;
    preorder(root, |cursor, _| {
        if found.is_some() {
            return false;
        }
        let node = cursor.node();
        let kinds: (&str, &str, &str) = match node.kind() {
            "raw_string_literal" => ("raw_string_start", "raw_string_end", "raw_string_content"),
            "interpolated_string_expression" => (
                "interpolation_quote",
                "interpolation_quote",
                "string_content",
            ),
            _ => return true,
        };
        let mut c = node.walk();
        let kids: Vec<Node<'_>> = node.children(&mut c).collect();
        let delimiters: Vec<Node<'_>> = kids
            .iter()
            .filter(|k| k.kind() == kinds.0 || k.kind() == kinds.1)
            .copied()
            .collect();
        let Some(open) = delimiters.first() else {
            return true;
        };
        let width = quote_run(&text[open.byte_range()]);
        if width < 3 {
            return true;
        }
        let closed = delimiters.len() == 2
            && delimiters
                .last()
                .is_some_and(|c| quote_run(&text[c.byte_range()]) == width);
        let inner = kids
            .iter()
            .filter(|k| k.kind() == kinds.2)
            .any(|k| quote_run(&text[k.byte_range()]) >= width);
        if !closed || inner {
            found = Some(Divergence {
                byte: node.start_byte(),
                construct: Construct::RawString,
                message: format!(
                    "a raw string literal opened with {width} quotes that tree-sitter closes \
                     otherwise than the compiler would"
                ),
            });
        }
        true
    });
    found
}

#[cfg(test)]
mod tests;
