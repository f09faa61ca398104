//! A parsed source file: text, tree, symbols and syntax errors.

use std::ops::Range;

use crate::error::Error;
use crate::language::with_parser;
use crate::symbols::{extract, Span, Symbol, SyntaxError};
use crate::Language;

/// Limits that keep one call bounded on hostile input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file parsed, in bytes. Default: 8 MiB ([`crate::limits::MAX_FILE_BYTES`]).
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: crate::limits::MAX_FILE_BYTES,
        }
    }
}

/// A parsed file: its text, its syntax tree, its symbols and its syntax errors.
///
/// ```
/// use editscope::{Language, SourceFile};
/// let file = SourceFile::parse(Language::Python, "class A:\n    def f(self):\n        pass\n")?;
/// let paths: Vec<&str> = file.symbols().iter().map(|s| s.path.as_str()).collect();
/// assert_eq!(paths, ["A", "A.f"]);
/// # Ok::<(), editscope::Error>(())
/// ```
pub struct SourceFile {
    language: Language,
    text: String,
    tree: tree_sitter::Tree,
    symbols: Vec<Symbol>,
    errors: Vec<SyntaxError>,
    imports: Vec<(Span, Option<usize>)>,
    /// The second parser's reading, made on first use ([`SourceFile::second`]).
    second: std::sync::OnceLock<Option<Result<crate::second::Outline, crate::second::Refusal>>>,
}

impl std::fmt::Debug for SourceFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SourceFile")
            .field("language", &self.language)
            .field("bytes", &self.text.len())
            .field("symbols", &self.symbols.len())
            .field("errors", &self.errors)
            .finish()
    }
}

impl SourceFile {
    /// Parses `text` as `language` with the default [`Limits`].
    pub fn parse(language: Language, text: impl Into<String>) -> Result<SourceFile, Error> {
        Self::parse_with_limits(language, text.into(), Limits::default())
    }

    /// Parses `text` as `language`; fails with [`Error::TooLarge`] above `limits.max_bytes`.
    pub fn parse_with_limits(
        language: Language,
        text: String,
        limits: Limits,
    ) -> Result<SourceFile, Error> {
        Self::parse_inner(language, text, limits, None, None)
    }

    /// Parses `text`, a new version of `old`, reusing `old`'s tree for the unchanged parts
    /// (tree-sitter's incremental parsing; the result is the same tree as a fresh parse).
    pub fn reparse(old: &SourceFile, text: String, limits: Limits) -> Result<SourceFile, Error> {
        Self::parse_until(old.language, text, limits, Some(old), None)
    }

    /// Parses `text` (incrementally from `old` when given), giving up with
    /// [`Error::ParseFailed`] at `deadline`.
    pub(crate) fn parse_until(
        language: Language,
        text: String,
        limits: Limits,
        old: Option<&SourceFile>,
        deadline: Option<std::time::Instant>,
    ) -> Result<SourceFile, Error> {
        match old {
            Some(old) => {
                let edit = input_edit(&old.text, &text);
                let mut old_tree = old.tree.clone();
                old_tree.edit(&edit);
                Self::parse_inner(old.language, text, limits, Some(&old_tree), deadline)
            }
            None => Self::parse_inner(language, text, limits, None, deadline),
        }
    }

    fn parse_inner(
        language: Language,
        text: String,
        limits: Limits,
        old_tree: Option<&tree_sitter::Tree>,
        deadline: Option<std::time::Instant>,
    ) -> Result<SourceFile, Error> {
        if text.len() > limits.max_bytes {
            return Err(Error::TooLarge {
                size: text.len(),
                limit: limits.max_bytes,
            });
        }
        let profile = language.profile()?;
        // A leading byte-order mark is parsed as three spaces (same offsets): grammars treat
        // U+FEFF as an error, but it is still compared as text.
        // Parsing stops at the deadline (tree-sitter's progress callback; the parser is reset
        // so that the next parse starts afresh).
        let parse = |p: &mut tree_sitter::Parser, source: &str| {
            let bytes = source.as_bytes();
            let mut read =
                |at: usize, _: tree_sitter::Point| -> &[u8] { bytes.get(at..).unwrap_or_default() };
            let mut progress = |_: &tree_sitter::ParseState| match deadline {
                Some(d) if std::time::Instant::now() >= d => std::ops::ControlFlow::Break(()),
                _ => std::ops::ControlFlow::Continue(()),
            };
            let options = tree_sitter::ParseOptions::new().progress_callback(&mut progress);
            let tree = p.parse_with_options(&mut read, old_tree, Some(options));
            if tree.is_none() {
                p.reset();
            }
            tree
        };
        let tree = if let Some(rest) = text.strip_prefix('\u{feff}') {
            let mut masked = String::with_capacity(text.len());
            masked.push_str("   ");
            masked.push_str(rest);
            with_parser(language, |p| parse(p, &masked))?
        } else {
            with_parser(language, |p| parse(p, &text))?
        }
        .ok_or(Error::ParseFailed)?;
        // Past the deadline, do not start the (uninterruptible) symbol walk either.
        if deadline.is_some_and(|d| std::time::Instant::now() >= d) {
            return Err(Error::ParseFailed);
        }
        let found = extract(language, profile, &text, tree.root_node(), deadline);
        if found.cancelled {
            return Err(Error::ParseFailed);
        }
        Ok(SourceFile {
            language,
            text,
            tree,
            symbols: found.symbols,
            errors: found.errors,
            imports: found.imports,
            second: std::sync::OnceLock::new(),
        })
    }

    /// The second parser's reading of the text (read once, on first use): `None` when the
    /// language has no second parser compiled in.
    pub(crate) fn second(&self) -> Option<&Result<crate::second::Outline, crate::second::Refusal>> {
        self.second
            .get_or_init(|| crate::second::outline(self.language, &self.text))
            .as_ref()
    }

    /// Whether the second parser has not read the text yet.
    pub(crate) fn second_unread(&self) -> bool {
        self.second.get().is_none()
    }

    /// [`SourceFile::second`], with `read` making the reading if none was made yet.
    pub(crate) fn second_or(
        &self,
        read: impl FnOnce() -> Option<Result<crate::second::Outline, crate::second::Refusal>>,
    ) -> Option<&Result<crate::second::Outline, crate::second::Refusal>> {
        self.second.get_or_init(read).as_ref()
    }

    /// This file with `reading` as its second parser's reading (tests of the agreement rule
    /// with outlines written by hand).
    #[cfg(test)]
    pub(crate) fn with_second(
        self,
        reading: Option<Result<crate::second::Outline, crate::second::Refusal>>,
    ) -> SourceFile {
        let cell = std::sync::OnceLock::new();
        let _ = cell.set(reading);
        SourceFile {
            second: cell,
            ..self
        }
    }

    /// The language it was parsed as.
    pub fn language(&self) -> Language {
        self.language
    }

    /// The source text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Every symbol, in document order of their definitions (a parent before its children).
    pub fn symbols(&self) -> &[Symbol] {
        &self.symbols
    }

    /// Syntax errors (`ERROR` and `MISSING` nodes), at most 20, in document order.
    pub fn syntax_errors(&self) -> &[SyntaxError] {
        &self.errors
    }

    /// Import statements (`import`, `from ... import`, `use`), each with the index of the
    /// symbol it is in.
    pub fn imports(&self) -> &[(Span, Option<usize>)] {
        &self.imports
    }

    /// The symbols whose path (or Rust short form) is `path`, compared as the language
    /// compares names (`ＵserService` is `UserService` in Python, `r#parse` is `parse` in
    /// Rust, `cre\u0061te` is `create` in TypeScript).
    pub fn find<'s>(&'s self, path: &'s str) -> impl Iterator<Item = (usize, &'s Symbol)> + 's {
        let path = crate::language::names::canonical(self.language, path);
        self.symbols
            .iter()
            .enumerate()
            .filter(move |(_, s)| s.matches(&path))
    }

    /// The innermost symbol whose extent contains `range`.
    pub fn innermost(&self, range: Range<usize>) -> Option<usize> {
        let mut best = None;
        for (i, s) in self.symbols.iter().enumerate() {
            if s.extent.start_byte <= range.start && range.end <= s.extent.end_byte {
                best = Some(i);
            }
        }
        best
    }

    /// The tree-sitter tree (for debugging dumps and the tolerant comparison).
    pub(crate) fn tree(&self) -> &tree_sitter::Tree {
        &self.tree
    }

    /// An S-expression-like dump of the syntax tree, one node per line, with byte ranges:
    /// what the parser saw. For debugging profiles.
    pub fn dump_tree(&self) -> String {
        let mut out = String::new();
        crate::walk::preorder(self.tree.root_node(), |cursor, depth| {
            let node = cursor.node();
            if node.is_named() || node.is_missing() {
                let field = cursor
                    .field_name()
                    .map(|f| format!("{f}: "))
                    .unwrap_or_default();
                let flag = if node.is_missing() { " MISSING" } else { "" };
                out.push_str(&format!(
                    "{:indent$}{field}{}{flag} [{}..{}] {}:{}\n",
                    "",
                    node.kind(),
                    node.start_byte(),
                    node.end_byte(),
                    node.start_position().row + 1,
                    node.start_position().column + 1,
                    indent = depth * 2
                ));
            }
            true
        });
        out
    }
}

/// The single edit that turns `old` into `new`: common prefix and suffix skipped.
fn input_edit(old: &str, new: &str) -> tree_sitter::InputEdit {
    let (a, b) = (old.as_bytes(), new.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let max_suffix = a.len().min(b.len()) - prefix;
    let suffix = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(max_suffix)
        .take_while(|(x, y)| x == y)
        .count();
    let point = |s: &[u8], at: usize| {
        let row = s[..at].iter().filter(|c| **c == b'\n').count();
        let col = at
            - s[..at]
                .iter()
                .rposition(|c| *c == b'\n')
                .map_or(0, |p| p + 1);
        tree_sitter::Point { row, column: col }
    };
    tree_sitter::InputEdit {
        start_byte: prefix,
        old_end_byte: a.len() - suffix,
        new_end_byte: b.len() - suffix,
        start_position: point(a, prefix),
        old_end_position: point(a, a.len() - suffix),
        new_end_position: point(b, b.len() - suffix),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reparse_equals_fresh_parse() {
        let before = "fn a() {}\n\nfn b() { let x = 1; }\n";
        let after = "fn a() {}\n\nfn b() { let x = 2; }\nfn c() {}\n";
        let old = SourceFile::parse(Language::Rust, before).unwrap();
        let re = SourceFile::reparse(&old, after.to_string(), Limits::default()).unwrap();
        let fresh = SourceFile::parse(Language::Rust, after).unwrap();
        assert_eq!(re.symbols(), fresh.symbols());
        assert_eq!(
            re.tree().root_node().to_sexp(),
            fresh.tree().root_node().to_sexp()
        );
    }

    #[test]
    fn too_large_is_an_error() {
        let err = SourceFile::parse_with_limits(
            Language::Python,
            "x = 1\n".repeat(10),
            Limits { max_bytes: 10 },
        );
        assert!(matches!(
            err,
            Err(Error::TooLarge {
                size: 60,
                limit: 10
            })
        ));
    }

    #[test]
    fn bom_is_not_a_syntax_error() {
        let file = SourceFile::parse(Language::Python, "\u{feff}def f():\n    pass\n").unwrap();
        assert!(file.syntax_errors().is_empty());
        assert_eq!(file.symbols()[0].extent.start_byte, 3);
    }
}
