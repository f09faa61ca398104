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
///
/// # Masked modifiers
///
/// tree-sitter-typescript 0.23 cannot read the variance modifiers of a type parameter
/// (`interface Box<out T>`, `type Sink<in T>`, `class Cell<in out T>`). Where tree-sitter
/// reports a syntax error in a TypeScript or TSX file, the second parser (oxc) reads the file
/// at once; when it reads it without error, every `in` / `out` keyword it reads as such a
/// modifier is replaced by as many spaces and tree-sitter parses the file again
/// ([`SourceFile::masked`] lists those bytes). Every offset still indexes the original text,
/// and everything editscope compares (skeletons, tokens, symbol texts) reads the original
/// bytes: only the tree is the tree of the masked text. A modifier has no runtime meaning
/// and binds no name, so the tree lacks nothing the rebinding rules look for; and a change to
/// a modifier outside every grant is a changed byte (in tolerant mode, a changed word: text
/// between the tree's tokens counts as words), so it is still seen. The agreement check
/// (crate docs, "Two parsers") still compares tree-sitter's symbols with the second parser's
/// reading of the original text.
pub struct SourceFile {
    language: Language,
    text: String,
    tree: tree_sitter::Tree,
    symbols: Vec<Symbol>,
    errors: Vec<SyntaxError>,
    imports: Vec<(Span, Option<usize>)>,
    /// Bytes tree-sitter read as spaces (the masked modifiers), sorted.
    masks: Vec<Range<usize>>,
    /// The second parser's reading, made on first use ([`SourceFile::second`]).
    second: std::sync::OnceLock<Option<Result<crate::second::Outline, crate::second::Refusal>>>,
    /// What later stages read from the file, made once each ([`SourceFile::memo`]).
    memo: Memo,
    /// The `editscope: protect` markers, read from the tree on first use
    /// ([`SourceFile::markers`]).
    markers: std::sync::OnceLock<crate::markers::Scan>,
}

/// What a later stage derives from a file alone (its bindings, say), kept with it: a file
/// checked many times (a warm baseline, [`crate::WarmFile`]) derives each once.
#[derive(Default)]
pub(crate) struct Memo {
    slots: [std::sync::OnceLock<Box<dyn std::any::Any + Send + Sync>>; Slot::COUNT],
}

/// The slots of a [`Memo`], one per kind of derived reading (one type per slot).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Slot {
    /// Every binding (`check::bindings::bindings`).
    Bindings,
    /// Items nested in function bodies (`check::shadow::global_items`).
    NestedItems,
    /// Identifiers passed as call arguments (`check::positional::call_arguments`).
    CallArguments,
    /// Rust inner attributes (`check::attributes::inner_attributes`).
    InnerAttributes,
    /// Rust program-wide items (`check::shadow::rust_linker_keys`).
    LinkerKeys,
    /// Exclusive and reach markers of test files (`check::test_blocks::exclusive_markers`).
    FocusMarkers,
}

impl Slot {
    const COUNT: usize = 6;
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
            // A tree of masked text is not a tree of this text: parsed afresh.
            Some(old) if old.masks.is_empty() => {
                let edit = input_edit(&old.text, &text);
                let mut old_tree = old.tree.clone();
                old_tree.edit(&edit);
                Self::parse_inner(old.language, text, limits, Some(&old_tree), deadline)
            }
            _ => Self::parse_inner(language, text, limits, None, deadline),
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
        let parse = |p: &mut tree_sitter::Parser,
                     source: &str,
                     old_tree: Option<&tree_sitter::Tree>| {
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
        let tree = match masked_text(&text, &[]) {
            Some(masked) => with_parser(language, |p| parse(p, &masked, old_tree))?,
            None => with_parser(language, |p| parse(p, &text, old_tree))?,
        }
        .ok_or(Error::ParseFailed)?;
        // Masked modifiers (type docs): where tree-sitter reports an error and the second
        // parser reads the file, its reading is made now (and kept), and the file is parsed
        // again with the modifiers it locates as spaces.
        let second = std::sync::OnceLock::new();
        let mut tree = tree;
        let mut masks = Vec::new();
        if tree.root_node().has_error() && crate::second::masks_apply(language) {
            let reading = crate::second::outline(language, &text);
            if let Some(Ok(outline)) = &reading {
                if let Some(masked) = masked_text(&text, &outline.masks) {
                    if !outline.masks.is_empty() {
                        tree = with_parser(language, |p| parse(p, &masked, None))?
                            .ok_or(Error::ParseFailed)?;
                        masks = outline.masks.clone();
                    }
                }
            }
            let _ = second.set(reading);
        }
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
            second,
            masks,
            memo: Memo::default(),
            markers: std::sync::OnceLock::new(),
        })
    }

    /// The second parser's reading of the text (read once, on first use): `None` when the
    /// language has no second parser compiled in.
    pub(crate) fn second(&self) -> Option<&Result<crate::second::Outline, crate::second::Refusal>> {
        self.second
            .get_or_init(|| crate::second::outline(self.language, &self.text))
            .as_ref()
    }

    /// What `make` derives from this file, made on first use and kept (a slot holds one
    /// type: each slot has one caller).
    pub(crate) fn memo<T: std::any::Any + Send + Sync>(
        &self,
        slot: Slot,
        make: impl FnOnce() -> T,
    ) -> &T {
        self.memo.slots[slot as usize]
            .get_or_init(|| Box::new(make()))
            .downcast_ref::<T>()
            .expect("a memo slot holds one type")
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

    /// The byte ranges tree-sitter read as spaces: the masked modifiers (type docs), sorted
    /// and disjoint; empty for most files. Every comparison reads the original bytes there.
    pub fn masked(&self) -> &[Range<usize>] {
        &self.masks
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

    /// The in-source markers (`editscope: protect` comments) and the definitions each
    /// protects, in document order: read from this file's tree on first use (no second
    /// parse), and at no cost for a text that never mentions `editscope`. See the crate docs,
    /// "In-source markers".
    ///
    /// ```
    /// use editscope::{Language, SourceFile};
    /// let text = "# editscope: protect\ndef audit():\n    pass\n\ns = '# editscope: protect'\n";
    /// let file = SourceFile::parse(Language::Python, text)?;
    /// let markers = file.markers();
    /// assert_eq!(markers.len(), 1); // the string is not a comment
    /// assert_eq!(markers[0].symbols, ["audit"]);
    /// # Ok::<(), editscope::Error>(())
    /// ```
    pub fn markers(&self) -> &[crate::Marker] {
        &self.marker_scan().markers
    }

    /// Comments that start like a marker but name another word (`editscope: protected`).
    pub(crate) fn marker_near_misses(&self) -> &[crate::markers::NearMiss] {
        &self.marker_scan().near_misses
    }

    fn marker_scan(&self) -> &crate::markers::Scan {
        self.markers.get_or_init(|| {
            crate::markers::scan(
                self.language,
                &self.text,
                self.tree.root_node(),
                &self.symbols,
            )
        })
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

/// The text tree-sitter reads for `text`: a leading byte-order mark and every range of
/// `masks` replaced by as many spaces (so that every offset still indexes `text`); `None`
/// when nothing is to be replaced, or a range is out of bounds or not on character
/// boundaries (then nothing is masked).
fn masked_text(text: &str, masks: &[Range<usize>]) -> Option<String> {
    let bom = text.starts_with('\u{feff}');
    if !bom && masks.is_empty() {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    if bom {
        bytes[..3].copy_from_slice(b"   ");
    }
    for r in masks {
        if r.start > r.end || !text.is_char_boundary(r.start) || !text.is_char_boundary(r.end) {
            return None;
        }
        bytes[r.clone()].fill(b' ');
    }
    String::from_utf8(bytes).ok()
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
