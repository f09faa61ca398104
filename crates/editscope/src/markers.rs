//! In-source markers: a comment `editscope: protect` that protects the definition it is on.
//!
//! # What is a marker
//!
//! A comment node of the language's own comment syntax (the profile's `comments`: Python
//! `#`; Rust `//`, `/* */` and doc comments `///`, `//!`, `/** */`; TypeScript, JavaScript
//! and Go `//` and `/* */`) one of whose lines, once the comment delimiters (`/`, `*`, `#`,
//! `!`) and whitespace before it are dropped, starts with `editscope`, optional whitespace, `:`,
//! optional whitespace and the word `protect`, ASCII case ignored (`editscope: protect`,
//! `EditScope:protect`, `/** editscope : protect */`, `// editscope: protect (audit)`).
//! Text after the word is free. Text that is not a comment (a string, a docstring) is never
//! a marker: the tree says which bytes are comments. Any other word after `editscope:`
//! (`editscope: protected`) is not a marker, and the check warns about it.
//!
//! # What it protects
//!
//! - A comment after code on its line (`def f():  # editscope: protect`) protects the
//!   definitions that start on that line.
//! - A comment on its own lines protects the definition that starts at the first code after
//!   it, with only comments (other markers, doc comments) and no blank line in between; with
//!   `/* editscope: protect */ fn f()` that code is on the same line.
//! - A comment inside a definition's header (a doc comment that belongs to it, a comment in
//!   its signature, before its body) protects that definition.
//!
//! A marker that protects nothing (a blank line below it, no definition after it) is a
//! *dangling* marker: the check warns, and the comment itself may still not change.
//!
//! The rules that apply a marker (read from the `before` version) live in `report.rs`.

use std::ops::Range;

use serde::Serialize;
use tree_sitter::Node;

use crate::language::Language;
use crate::symbols::{Span, Symbol};

/// One `editscope: protect` comment and the definitions it protects
/// ([`SourceFile::markers`](crate::SourceFile::markers)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Marker {
    /// The comment that holds the marker.
    pub comment: Span,
    /// The paths of the symbols it protects, in document order; empty for a dangling marker
    /// (one that attaches to no definition).
    pub symbols: Vec<String>,
    /// Indices of those symbols in [`SourceFile::symbols`](crate::SourceFile::symbols).
    #[serde(skip)]
    pub(crate) targets: Vec<usize>,
    /// The bytes frozen with it: from the marker (or the first protected symbol, if it
    /// starts earlier) to the end of the last protected symbol; the comment alone when
    /// dangling.
    #[serde(skip)]
    pub(crate) region: Range<usize>,
}

/// A comment that starts like a marker but names another word (`editscope: protected`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NearMiss {
    /// The comment.
    pub comment: Span,
    /// The word after `editscope:`.
    pub word: String,
}

/// What [`scan`] finds in one file.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub markers: Vec<Marker>,
    pub near_misses: Vec<NearMiss>,
}

/// The word every marker begins with (ASCII case ignored).
const WORD: &[u8] = b"editscope";

/// Whether `text` could hold a marker at all: it mentions `editscope` (ASCII case ignored).
/// A text that does not is not scanned (no tree walk).
pub(crate) fn mentions(text: &str) -> bool {
    text.as_bytes()
        .windows(WORD.len())
        .any(|w| w.eq_ignore_ascii_case(WORD))
}

/// The markers of a parsed file (its text, tree and symbols).
pub(crate) fn scan(language: Language, text: &str, root: Node<'_>, symbols: &[Symbol]) -> Scan {
    let mut out = Scan::default();
    let Ok(profile) = language.profile() else {
        return out;
    };
    if profile.comments.is_empty() || !mentions(text) {
        return out;
    }
    let comment_at = |node| comment_of(profile, node);
    let bytes = text.as_bytes();
    let mut seen = std::collections::BTreeSet::new();
    let mut at = 0;
    while let Some(found) = find_word(&bytes[at..]) {
        let pos = at + found;
        at = pos + WORD.len();
        let Some(node) = root.descendant_for_byte_range(pos, pos + WORD.len()) else {
            continue;
        };
        // A string literal, a docstring, code: not a comment, not a marker.
        let Some(comment) = comment_at(node) else {
            continue;
        };
        if !seen.insert(comment.start_byte()) {
            continue;
        }
        let span = Span::from_nodes(comment, comment);
        match directive(&text[comment.byte_range()]) {
            Some(Directive::Protect) => {
                let targets = attach(text, root, &comment_at, symbols, comment.byte_range());
                let region = if targets.is_empty() {
                    comment.byte_range()
                } else {
                    let start = targets
                        .iter()
                        .map(|&i| symbols[i].extent.start_byte)
                        .chain([comment.start_byte()])
                        .min()
                        .unwrap_or(comment.start_byte());
                    let end = targets
                        .iter()
                        .map(|&i| symbols[i].extent.end_byte)
                        .chain([comment.end_byte()])
                        .max()
                        .unwrap_or(comment.end_byte());
                    start..end
                };
                out.markers.push(Marker {
                    comment: span,
                    symbols: targets.iter().map(|&i| symbols[i].path.clone()).collect(),
                    targets,
                    region,
                });
            }
            Some(Directive::Other(word)) => out.near_misses.push(NearMiss {
                comment: span,
                word,
            }),
            None => {}
        }
    }
    out.markers.sort_by_key(|m| m.comment.start_byte);
    out.near_misses.sort_by_key(|m| m.comment.start_byte);
    out
}

/// The comment node that is `node` or encloses it.
fn comment_of<'t>(profile: &crate::language::Profile, node: Node<'t>) -> Option<Node<'t>> {
    let mut at = Some(node);
    while let Some(n) = at {
        if profile.is_comment(n.kind_id()) {
            return Some(n);
        }
        at = n.parent();
    }
    None
}

fn find_word(bytes: &[u8]) -> Option<usize> {
    bytes
        .windows(WORD.len())
        .position(|w| w.eq_ignore_ascii_case(WORD))
}

/// What a comment says to editscope.
#[derive(Debug, PartialEq, Eq)]
enum Directive {
    /// `editscope: protect`.
    Protect,
    /// `editscope: <word>` with another word.
    Other(String),
}

/// The directive of a comment's text (delimiters included), if one of its lines starts
/// with `editscope:`.
fn directive(comment: &str) -> Option<Directive> {
    let mut other = None;
    for line in comment.lines() {
        let line = line
            .trim_start()
            .trim_start_matches(['/', '*', '#', '!'])
            .trim_start();
        let Some(head) = line.get(..WORD.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case("editscope") {
            continue;
        }
        let Some(rest) = line[WORD.len()..].trim_start().strip_prefix(':') else {
            continue;
        };
        let rest = rest.trim_start();
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
            .collect();
        if word.eq_ignore_ascii_case("protect") {
            return Some(Directive::Protect);
        }
        other.get_or_insert(Directive::Other(word));
    }
    other
}

/// The symbols a marker comment at `comment` protects (indices, document order).
fn attach<'t>(
    text: &str,
    root: Node<'t>,
    comment_at: &dyn Fn(Node<'t>) -> Option<Node<'t>>,
    symbols: &[Symbol],
    comment: Range<usize>,
) -> Vec<usize> {
    // In a definition's header: a doc comment of its own, a comment in its signature.
    let header: Vec<usize> = symbols
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            let head_end = s.body.map_or(s.extent.end_byte, |b| b.start_byte);
            s.extent.start_byte <= comment.start && comment.end <= head_end
        })
        .map(|(i, _)| i)
        .collect();
    if let Some(&innermost) = header.last() {
        return vec![innermost];
    }
    let line_start = text[..comment.start].rfind('\n').map_or(0, |i| i + 1);
    if !text[line_start..comment.start].trim().is_empty() {
        // After code on its line: the definitions that start on that line.
        let starting: Vec<usize> = symbols
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.extent.start_byte >= line_start
                    && s.extent.start_byte < comment.start
                    && !text[s.extent.start_byte..comment.start].contains('\n')
            })
            .map(|(i, _)| i)
            .collect();
        if !starting.is_empty() {
            return starting;
        }
        // Or whose body opens on that line (`fn f() { // editscope: protect`, below a doc
        // comment that starts the extent): the innermost.
        return symbols
            .iter()
            .enumerate()
            .filter(|(_, s)| {
                s.extent.start_byte <= comment.start
                    && comment.end <= s.extent.end_byte
                    && s.body.is_some_and(|b| {
                        b.start_byte >= line_start
                            && b.start_byte <= comment.start
                            && !text[b.start_byte..comment.start].contains('\n')
                    })
            })
            .map(|(i, _)| i)
            .next_back()
            .into_iter()
            .collect();
    }
    // On its own lines: the first code after it, past comments, with no blank line between.
    let bytes = text.as_bytes();
    let mut pos = comment.end;
    let code = loop {
        let mut newlines = 0;
        while pos < bytes.len() && bytes[pos].is_ascii_whitespace() {
            newlines += usize::from(bytes[pos] == b'\n');
            pos += 1;
        }
        if newlines > 1 || pos >= bytes.len() {
            return Vec::new();
        }
        match root
            .descendant_for_byte_range(pos, pos + 1)
            .and_then(comment_at)
            .filter(|c| c.start_byte() == pos)
        {
            Some(next) => pos = next.end_byte().max(pos + 1),
            None => break pos,
        }
    };
    symbols
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            comment.end <= s.extent.start_byte
                && s.extent.start_byte <= code
                && code < s.extent.end_byte
        })
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests;
