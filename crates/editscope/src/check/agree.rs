//! Agreement between tree-sitter and the second parser, and the rule that lets a file with
//! tree-sitter syntax errors be checked when the second parser reads it.
//!
//! # Agreement
//!
//! A version of a file *agrees* when the second parser reads it without error and its
//! [`Outline`] matches the [`SourceFile`]:
//! - the same definitions: for every symbol one definition, and no definition left over,
//!   with the same extent and the same body (or neither has a body);
//! - the same import statements.
//!
//! Spans are compared after the attach rules: a boundary may move over whitespace
//! (ASCII space, tab, line feed, carriage return, vertical tab, form feed) and over comments
//! *as the second parser reads them* ([`Outline::comments`]), and nothing else. So the two
//! readings may disagree about which definition a comment belongs to, never about a byte of
//! code. Where they disagree, [`agree`] names the first place: the line, and what each
//! parser reads there.
//!
//! Why this is enough: the check compares everything outside the granted regions byte for
//! byte (or token for token), and a granted region is a symbol's extent or body as
//! tree-sitter draws it. When the compiler draws the same extent and body around the same
//! code, text inside a granted region is inside that symbol for the compiler too: a `\r`
//! that ends a comment early, or a `/` read as a division, cannot carry code out of the
//! region without moving a boundary of some symbol, which is a disagreement.
//!
//! # Files with tree-sitter syntax errors ([`tolerate`])
//!
//! tree-sitter lacks some valid syntax (TypeScript variance annotations, `~` in Rust macro
//! token trees). Such a file can still be checked when:
//! 1. the second parser reads both versions without error;
//! 2. every tree-sitter `ERROR` or `MISSING` node lies inside one top-level statement or item
//!    as the second parser draws them ([`Outline::top_level`]); these items are *opaque*;
//! 3. every opaque item is unchanged: its lines are kept by the line diff of the two
//!    versions, and the same bytes are a top-level item of the other version at the place
//!    the diff moves them to;
//! 4. outside the opaque items, the two parsers agree (as above); symbols and definitions
//!    inside them are not compared, and one that straddles an opaque item's boundary is a
//!    disagreement; but every name the second parser reads as a definition inside an opaque
//!    item is the name of a tree-sitter symbol inside it (the rules against redefinitions
//!    and rebindings rest on tree-sitter's symbols, so a definition its error recovery
//!    loses could be shadowed by an "addition" or rebound from a granted body);
//! 5. no granted region overlaps an opaque item (checked by the caller, `check.rs`
//!    `confirm`), except as rules 6 and 7 allow;
//! 6. an opaque item the change does touch is allowed only when it is exactly one top-level
//!    symbol of a kind that only declares (a TypeScript `interface` or `type`, a `type`
//!    alias, a Rust `macro_rules!`), the only symbol of its path and kind in each version,
//!    drawn by the compiler as a top-level item in both, and an `edit` region of that
//!    symbol covers the item whole in both versions ([`Tolerated::changed`]). Nothing in
//!    such an item runs, so it binds no name of the module: the whole item is granted text,
//!    and its boundaries are the compiler's.
//!
//! 7. an opaque item the change leaves unchanged (rule 3) may lie in a granted region only
//!    when it is exactly one top-level declaration-only symbol (as in rule 6) in both
//!    versions, drawn by both parsers as that item, the compiler defining that name there,
//!    and the region is an `edit` region of that symbol covering the item whole
//!    ([`Tolerated::kept`]). Other symbols may share its path (a `macro_rules!` defined once
//!    per `cfg`, as anyhow's `ensure!`): the line diff pairs the item, which is the same
//!    bytes in both versions. Granting it frees nothing that changed; it only lets the grant
//!    of a name with several definitions reach one tree-sitter cannot read.
//!
//! Then the opaque items are unchanged text that no grant touches (or, by rules 6 and 7,
//! whole declarations an `edit` grant frees), and the rest of the file is read by
//! tree-sitter as the compiler reads it, so the check's answer holds.

use std::ops::Range;

use crate::second::{name, Def, Outline, Refusal};
use crate::SourceFile;

/// Where and how the two parsers disagree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Difference {
    /// 1-based line in the version concerned.
    pub line: usize,
    /// What each parser reads there.
    pub message: String,
}

/// The opaque top-level items of each version ([`tolerate`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Tolerated {
    /// In `before`, sorted.
    pub before: Vec<Range<usize>>,
    /// In `after`, sorted.
    pub after: Vec<Range<usize>>,
    /// Opaque items the change touches that are one declaration-only symbol each (rule 6):
    /// the item in `before`, the item in `after`, and the symbol's path. Each must lie in an
    /// `edit` region of that symbol in both versions ([`Tolerated::granted_whole`]).
    pub changed: Vec<(Range<usize>, Range<usize>, String)>,
    /// Opaque items the change leaves unchanged that are one declaration-only symbol each
    /// (rule 7): the item in `before`, in `after`, and the symbol's path. An `edit` region
    /// of that symbol may cover them whole ([`Tolerated::granted_whole`]).
    pub kept: Vec<(Range<usize>, Range<usize>, String)>,
}

impl Tolerated {
    /// Whether the opaque item `item` of one version is a changed one (rule 6) or a kept
    /// declaration (rule 7) that `range`, an `edit` region of the symbol `hole`, covers whole.
    pub(crate) fn granted_whole(
        &self,
        is_before: bool,
        item: &Range<usize>,
        range: &Range<usize>,
        hole: Option<&str>,
    ) -> bool {
        self.changed.iter().chain(&self.kept).any(|(b, a, path)| {
            let t = if is_before { b } else { a };
            t == item && hole == Some(path.as_str()) && range.start <= t.start && t.end <= range.end
        })
    }

    /// The opaque items of one version.
    pub(crate) fn items(&self, is_before: bool) -> &[Range<usize>] {
        if is_before {
            &self.before
        } else {
            &self.after
        }
    }

    /// Whether byte `at` of one version lies in an opaque item of it (ends included).
    pub(crate) fn contains(&self, is_before: bool, at: usize) -> bool {
        let items = if is_before { &self.before } else { &self.after };
        items.iter().any(|t| t.start <= at && at <= t.end)
    }
}

/// Reads `file` with its second parser and compares; `Ok(None)` when its language has no
/// second parser, `Ok(Some(name))` when they agree (outside the `opaque` ranges).
pub(crate) fn agree(
    file: &SourceFile,
    opaque: &[Range<usize>],
) -> Result<Option<&'static str>, Difference> {
    let Some(parser) = name(file.language()) else {
        return Ok(None);
    };
    let read = match file.second() {
        None => return Ok(None),
        Some(r) => r,
    };
    let outline = read.as_ref().map_err(|r| refused(file, parser, r))?;
    compare(file, outline, parser, opaque)?;
    Ok(Some(parser))
}

fn refused(file: &SourceFile, parser: &str, r: &Refusal) -> Difference {
    let line = line_of(file.text(), r.byte);
    Difference {
        line,
        message: format!(
            "{parser} does not read the file: {} (line {line}), where tree-sitter {}",
            r.message,
            if file.syntax_errors().is_empty() {
                "reports no error"
            } else {
                "reports errors too"
            }
        ),
    }
}

/// The rule for files with tree-sitter syntax errors (module docs). `Err` names why it does
/// not apply.
pub(crate) fn tolerate(before: &SourceFile, after: &SourceFile) -> Result<Tolerated, Difference> {
    let Some(parser) = name(before.language()) else {
        return Err(Difference {
            line: before.syntax_errors().first().map_or(1, |e| e.line),
            message: "no second parser is compiled in for this language".into(),
        });
    };
    let (Some(rb), Some(ra)) = (before.second(), after.second()) else {
        return Err(Difference {
            line: 1,
            message: format!("{parser} gave no reading"),
        });
    };
    let ob = rb.as_ref().map_err(|r| refused(before, parser, r))?;
    let oa = ra.as_ref().map_err(|r| refused(after, parser, r))?;
    let tb = opaque_items(before, ob, parser)?;
    let ta = opaque_items(after, oa, parser)?;
    let map = LineMap::new(before.text(), after.text());
    let mut out = Tolerated::default();
    for t in &tb {
        let kept = map.forward(t.clone()).is_some();
        if let Some(pair) = (!kept)
            .then(|| declaration_item(before, ob, t, after, oa))
            .flatten()
        {
            out.before.push(t.clone());
            out.after.push(pair.0.clone());
            out.changed.push((t.clone(), pair.0, pair.1));
            continue;
        }
        let moved = map.forward(t.clone()).ok_or_else(|| Difference {
            line: line_of(before.text(), t.start),
            message: format!(
                "tree-sitter reports a syntax error in the item at line {} that {parser} reads, \
                 and the change touches that item",
                line_of(before.text(), t.start)
            ),
        })?;
        if let Some(path) = kept_declaration(before, ob, t, after, oa, &moved) {
            out.kept.push((t.clone(), moved.clone(), path));
        }
        out.before.push(t.clone());
        out.after.push(moved);
    }
    for t in &ta {
        if out.changed.iter().any(|(_, a, _)| a == t) {
            continue;
        }
        let kept = map.backward(t.clone()).is_some();
        if let Some(pair) = (!kept)
            .then(|| declaration_item(after, oa, t, before, ob))
            .flatten()
        {
            out.before.push(pair.0.clone());
            out.after.push(t.clone());
            out.changed.push((pair.0, t.clone(), pair.1));
            continue;
        }
        let back = map.backward(t.clone()).ok_or_else(|| Difference {
            line: line_of(after.text(), t.start),
            message: format!(
                "tree-sitter reports a syntax error at line {} in text the change adds or \
                 touches; {parser} reads it without error",
                line_of(after.text(), t.start)
            ),
        })?;
        if !out.kept.iter().any(|(b, _, _)| *b == back) {
            if let Some(path) = kept_declaration(after, oa, t, before, ob, &back) {
                out.kept.push((back.clone(), t.clone(), path));
            }
        }
        out.before.push(back);
        out.after.push(t.clone());
    }
    for (list, o, file) in [(&mut out.before, ob, before), (&mut out.after, oa, after)] {
        list.sort_by_key(|r| (r.start, r.end));
        list.dedup();
        for t in list.iter() {
            if !o.top_level.contains(t) {
                return Err(Difference {
                    line: line_of(file.text(), t.start),
                    message: format!(
                        "the change moves the boundaries of the item at line {} that \
                         tree-sitter cannot read",
                        line_of(file.text(), t.start)
                    ),
                });
            }
        }
    }
    for (list, o, file, is_before) in [
        (&out.before, ob, before, true),
        (&out.after, oa, after, false),
    ] {
        // A declaration-only item granted whole defines members, not bindings (rule 6).
        let frozen: Vec<Range<usize>> = list
            .iter()
            .filter(|t| {
                !out.changed
                    .iter()
                    .any(|(b, a, _)| (if is_before { b } else { a }) == *t)
            })
            .cloned()
            .collect();
        names_known(file, o, parser, &frozen)?;
    }
    compare(before, ob, parser, &out.before)?;
    compare(after, oa, parser, &out.after)?;
    Ok(out)
}

/// Rule 6: an opaque item of `file` that is exactly one top-level symbol of a kind that only
/// declares (a TypeScript `interface` or `type`, a `type` alias, a Rust `macro_rules!`: no
/// statement in it runs, so nothing in it can bind a name of the module), with the same
/// path and kind at top level in `other`, whose extent there is a top-level item of the
/// second parser too. Returns that item of `other` and the path.
fn declaration_item(
    file: &SourceFile,
    outline: &Outline,
    item: &Range<usize>,
    other: &SourceFile,
    other_outline: &Outline,
) -> Option<(Range<usize>, String)> {
    use crate::symbols::SymbolKind;
    let declares = |k: SymbolKind| {
        matches!(
            k,
            SymbolKind::Interface | SymbolKind::TypeAlias | SymbolKind::Macro
        )
    };
    let trivia = Trivia::new(file.text(), &outline.comments);
    let s = file.symbols().iter().find(|s| {
        s.parent.is_none()
            && declares(s.kind)
            && trivia.span(s.extent.range()) == trivia.span(item.clone())
    })?;
    // The compiler reads a definition of that name there too (not statements tree-sitter's
    // recovery folded into a declaration).
    let defines = |o: &Outline, tr: &Trivia<'_>, span: (usize, usize), name: &str| {
        o.defs
            .iter()
            .any(|d| tr.span(d.extent.clone()) == span && d.name == name)
    };
    if !defines(outline, &trivia, trivia.span(item.clone()), &s.name) {
        return None;
    }
    // One symbol of that path in each version: a second definition is not this rule's.
    if file.symbols().iter().filter(|x| x.path == s.path).count() != 1 {
        return None;
    }
    let mut same = other.symbols().iter().filter(|x| x.path == s.path);
    let o = same.next()?;
    if same.next().is_some() || o.parent.is_some() || o.kind != s.kind {
        return None;
    }
    let trivia = Trivia::new(other.text(), &other_outline.comments);
    let target = trivia.span(o.extent.range());
    let t = other_outline
        .top_level
        .iter()
        .find(|t| trivia.span((*t).clone()) == target)?;
    if !defines(other_outline, &trivia, target, &o.name) {
        return None;
    }
    Some((t.clone(), s.path.clone()))
}

/// Rule 7: an opaque item of `file` that the change leaves unchanged (`twin`, the same bytes
/// in `other` by the line diff) and that is exactly one top-level declaration-only symbol
/// there and in `other` (same path and kind, drawn as the item by both parsers, the compiler
/// defining that name there). Other symbols may share its path (a `macro_rules!` defined
/// once per `cfg`): the line diff, not the path, pairs the two items. Returns the path.
fn kept_declaration(
    file: &SourceFile,
    outline: &Outline,
    item: &Range<usize>,
    other: &SourceFile,
    other_outline: &Outline,
    twin: &Range<usize>,
) -> Option<String> {
    use crate::symbols::SymbolKind;
    let declares = |k: SymbolKind| {
        matches!(
            k,
            SymbolKind::Interface | SymbolKind::TypeAlias | SymbolKind::Macro
        )
    };
    let symbol = |f: &SourceFile, o: &Outline, item: &Range<usize>| {
        let trivia = Trivia::new(f.text(), &o.comments);
        let span = trivia.span(item.clone());
        let mut found = f.symbols().iter().filter(|s| {
            s.parent.is_none() && declares(s.kind) && trivia.span(s.extent.range()) == span
        });
        let s = found.next()?;
        if found.next().is_some()
            || !o.top_level.contains(item)
            || !o
                .defs
                .iter()
                .any(|d| trivia.span(d.extent.clone()) == span && d.name == s.name)
        {
            return None;
        }
        Some((s.path.clone(), s.kind))
    };
    let (path, kind) = symbol(file, outline, item)?;
    let (other_path, other_kind) = symbol(other, other_outline, twin)?;
    (path == other_path && kind == other_kind).then_some(path)
}

/// Rule 3a: every name the second parser reads as a definition in an opaque item is the name
/// of a tree-sitter symbol in that item. The check's other rules (a redefinition is not an
/// addition, no change binds an ungranted name) rest on tree-sitter's symbols: a definition
/// its error recovery loses would be one they cannot protect.
fn names_known(
    file: &SourceFile,
    outline: &Outline,
    parser: &str,
    opaque: &[Range<usize>],
) -> Result<(), Difference> {
    fn bare(name: &str) -> Option<&str> {
        let name = name.strip_prefix("r#").unwrap_or(name);
        let name = name.strip_suffix('!').unwrap_or(name);
        (!name.is_empty()
            && name
                .chars()
                .all(|c| c == '_' || c == '$' || c.is_alphanumeric()))
        .then_some(name)
    }
    let within = |t: &Range<usize>, r: &Range<usize>| t.start <= r.start && r.end <= t.end;
    for t in opaque {
        for d in outline.defs.iter().filter(|d| within(t, &d.extent)) {
            let Some(name) = bare(&d.name) else {
                continue;
            };
            let known = file
                .symbols()
                .iter()
                .any(|s| within(t, &s.extent.range()) && bare(&s.name) == Some(name));
            if !known {
                return Err(Difference {
                    line: line_of(file.text(), d.extent.start),
                    message: format!(
                        "{parser} reads a definition of `{name}` at line {} in an item \
                         tree-sitter cannot read, and tree-sitter does not",
                        line_of(file.text(), d.extent.start)
                    ),
                });
            }
        }
    }
    Ok(())
}

/// The top-level items holding tree-sitter's error and missing nodes.
fn opaque_items(
    file: &SourceFile,
    outline: &Outline,
    parser: &str,
) -> Result<Vec<Range<usize>>, Difference> {
    let mut out: Vec<Range<usize>> = Vec::new();
    for e in error_ranges(file) {
        let item = outline
            .top_level
            .iter()
            .find(|t| t.start <= e.start && e.end <= t.end)
            .ok_or_else(|| Difference {
                line: line_of(file.text(), e.start),
                message: format!(
                    "tree-sitter reports a syntax error at line {} outside every top-level item \
                     {parser} reads",
                    line_of(file.text(), e.start)
                ),
            })?;
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    Ok(out)
}

/// Byte ranges of every `ERROR` node and `MISSING` token (empty at its position).
fn error_ranges(file: &SourceFile) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let root = file.tree().root_node();
    if !root.has_error() {
        return out;
    }
    let mut cursor = root.walk();
    loop {
        let node = cursor.node();
        let descend = if node.is_error() || node.is_missing() {
            out.push(node.start_byte()..node.end_byte());
            false
        } else {
            node.has_error()
        };
        if descend && cursor.goto_first_child() {
            continue;
        }
        loop {
            if cursor.goto_next_sibling() {
                break;
            }
            if !cursor.goto_parent() {
                return out;
            }
        }
    }
}

/// Kept lines of a line diff, as byte ranges of each version.
struct LineMap {
    /// `(old_start, new_start, len)` in bytes, for each run of kept lines.
    kept: Vec<(usize, usize, usize)>,
}

impl LineMap {
    fn new(old: &str, new: &str) -> LineMap {
        let ol: Vec<&str> = old.split_inclusive('\n').collect();
        let nl: Vec<&str> = new.split_inclusive('\n').collect();
        let offsets = |lines: &[&str]| {
            let mut v = Vec::with_capacity(lines.len() + 1);
            let mut at = 0;
            v.push(0);
            for l in lines {
                at += l.len();
                v.push(at);
            }
            v
        };
        let (oo, no) = (offsets(&ol), offsets(&nl));
        let deadline = std::time::Instant::now() + std::time::Duration::from_millis(500);
        let mut kept = Vec::new();
        for op in similar::capture_diff_slices_deadline(
            similar::Algorithm::Myers,
            &ol,
            &nl,
            Some(deadline),
        ) {
            if let similar::DiffOp::Equal {
                old_index,
                new_index,
                len,
            } = op
            {
                kept.push((
                    oo[old_index],
                    no[new_index],
                    oo[old_index + len] - oo[old_index],
                ));
            }
        }
        LineMap { kept }
    }

    fn forward(&self, r: Range<usize>) -> Option<Range<usize>> {
        self.kept.iter().find_map(|&(o, n, len)| {
            (o <= r.start && r.end <= o + len).then(|| r.start - o + n..r.end - o + n)
        })
    }

    fn backward(&self, r: Range<usize>) -> Option<Range<usize>> {
        self.kept.iter().find_map(|&(o, n, len)| {
            (n <= r.start && r.end <= n + len).then(|| r.start - n + o..r.end - n + o)
        })
    }
}

/// Skips whitespace and the second parser's comments around boundaries.
struct Trivia<'a> {
    text: &'a [u8],
    /// Comments sorted by start.
    by_start: Vec<Range<usize>>,
    /// Comments sorted by end.
    by_end: Vec<Range<usize>>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

impl<'a> Trivia<'a> {
    fn new(text: &'a str, comments: &[Range<usize>]) -> Trivia<'a> {
        let mut by_start = comments.to_vec();
        by_start.sort_by_key(|r| r.start);
        let mut by_end = comments.to_vec();
        by_end.sort_by_key(|r| r.end);
        Trivia {
            text: text.as_bytes(),
            by_start,
            by_end,
        }
    }

    /// The first byte at or after `at` that is neither whitespace nor in a comment.
    fn forward(&self, mut at: usize) -> usize {
        loop {
            while at < self.text.len() && is_space(self.text[at]) {
                at += 1;
            }
            match self.by_start.binary_search_by_key(&at, |r| r.start) {
                Ok(i) if self.by_start[i].end > at => at = self.by_start[i].end,
                _ => return at,
            }
        }
    }

    /// The end of the last byte before `at` that is neither whitespace nor in a comment.
    fn backward(&self, mut at: usize) -> usize {
        loop {
            while at > 0 && is_space(self.text[at - 1]) {
                at -= 1;
            }
            match self.by_end.binary_search_by_key(&at, |r| r.end) {
                Ok(i) if self.by_end[i].start < at => at = self.by_end[i].start,
                _ => return at,
            }
        }
    }

    fn span(&self, r: Range<usize>) -> (usize, usize) {
        let s = self.forward(r.start);
        let e = self.backward(r.end);
        if s >= e {
            // Nothing but trivia (a body that is only a docstring, whose block one parser
            // ends after trailing comments): compare as the empty span after the code
            // before it, wherever in the trivia each reading ends it.
            (e, e)
        } else {
            (s, e)
        }
    }
}

/// A definition or symbol reduced to what is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
struct Key {
    extent: (usize, usize),
    body: Option<(usize, usize)>,
}

/// A body only the second parser draws is dropped from its definition when tree-sitter's
/// symbol with the same extent has none (tree-sitter read the value otherwise, such as a
/// generic arrow function `<T>(x: T) => {}` as a type assertion after error recovery
/// elsewhere). Such a symbol has no body region to grant, so nothing rests on the body: the
/// extent, and every nested definition, are still compared. Exact matches are taken first.
fn relax_bodies(ours: &[(Key, usize)], theirs: &mut [(Key, usize)]) {
    let mut left: std::collections::HashMap<Key, usize> = std::collections::HashMap::new();
    for (k, _) in ours {
        *left.entry(*k).or_default() += 1;
    }
    let mut unmatched = Vec::new();
    for (i, (k, _)) in theirs.iter().enumerate() {
        match left.get_mut(k) {
            Some(n) if *n > 0 => *n -= 1,
            _ => unmatched.push(i),
        }
    }
    for i in unmatched {
        let k = theirs[i].0;
        if k.body.is_none() {
            continue;
        }
        let bare = Key { body: None, ..k };
        if let Some(n) = left.get_mut(&bare).filter(|n| **n > 0) {
            *n -= 1;
            theirs[i].0 = bare;
        }
    }
}

fn compare(
    file: &SourceFile,
    outline: &Outline,
    parser: &str,
    opaque: &[Range<usize>],
) -> Result<(), Difference> {
    let text = file.text();
    let trivia = Trivia::new(text, &outline.comments);
    // Inside an opaque item: not compared. Straddling its boundary: a disagreement.
    let skip = |r: &Range<usize>, what: &dyn Fn() -> String| -> Result<bool, Difference> {
        for t in opaque {
            let inside = t.start <= r.start && r.end <= t.end;
            let apart = r.end <= t.start || t.end <= r.start;
            if inside {
                return Ok(true);
            }
            if !apart {
                return Err(Difference {
                    line: line_of(text, r.start),
                    message: format!(
                        "{} crosses the boundary of an item tree-sitter cannot read",
                        what()
                    ),
                });
            }
        }
        Ok(false)
    };
    let mut ours: Vec<(Key, usize)> = Vec::new();
    for (i, s) in file.symbols().iter().enumerate() {
        let r = s.extent.range();
        if skip(&r, &|| format!("tree-sitter's `{}`", s.path))? {
            continue;
        }
        ours.push((
            Key {
                extent: trivia.span(r),
                body: s.body.map(|b| trivia.span(b.range())),
            },
            i,
        ));
    }
    let mut theirs: Vec<(Key, usize)> = Vec::new();
    for (i, d) in outline.defs.iter().enumerate() {
        if skip(&d.extent, &|| format!("{parser}'s `{}`", d.name))? {
            continue;
        }
        theirs.push((
            Key {
                extent: trivia.span(d.extent.clone()),
                body: d.body.clone().map(|b| trivia.span(b)),
            },
            i,
        ));
    }
    relax_bodies(&ours, &mut theirs);
    ours.sort();
    theirs.sort();
    let describe_ours = |i: usize| {
        let s = &file.symbols()[i];
        format!(
            "`{}` ({}) at lines {}-{}",
            s.path, s.kind, s.extent.start_line, s.extent.end_line
        )
    };
    let describe_theirs = |d: &Def| {
        format!(
            "`{}` at lines {}-{}",
            d.name,
            line_of(text, d.extent.start),
            line_of(text, d.extent.end.saturating_sub(1).max(d.extent.start))
        )
    };
    let (mut a, mut b) = (0, 0);
    while a < ours.len() || b < theirs.len() {
        match (ours.get(a), theirs.get(b)) {
            (Some(x), Some(y)) if x.0 == y.0 => {
                a += 1;
                b += 1;
            }
            (Some(x), y) if y.is_none_or(|y| x.0 < y.0) => {
                let near = theirs
                    .iter()
                    .find(|t| t.0.extent.0 == x.0.extent.0)
                    .map(|t| describe_theirs(&outline.defs[t.1]));
                return Err(Difference {
                    line: line_of(text, x.0.extent.0),
                    message: match near {
                        Some(n) if x.0.extent == theirs_key(&theirs, x.0.extent.0) => format!(
                            "tree-sitter and {parser} disagree on the body of {} ({parser}: {n})",
                            describe_ours(x.1)
                        ),
                        Some(n) => format!(
                            "tree-sitter reads {}, {parser} reads {n}",
                            describe_ours(x.1)
                        ),
                        None => format!(
                            "tree-sitter reads {}, which {parser} does not read as a definition",
                            describe_ours(x.1)
                        ),
                    },
                });
            }
            (_, Some(y)) => {
                return Err(Difference {
                    line: line_of(text, y.0.extent.0),
                    message: format!(
                        "{parser} reads {}, which tree-sitter does not read as a definition",
                        describe_theirs(&outline.defs[y.1])
                    ),
                });
            }
            (_, None) => unreachable!("the loop runs while one list has items"),
        }
    }
    // Import statements.
    let mut ours: Vec<(usize, usize)> = Vec::new();
    for (span, _) in file.imports() {
        let r = span.range();
        if !skip(&r, &|| "tree-sitter's import statement".to_string())? {
            ours.push(trivia.span(r));
        }
    }
    let mut theirs: Vec<(usize, usize)> = Vec::new();
    for r in &outline.imports {
        if !skip(r, &|| format!("{parser}'s import statement"))? {
            theirs.push(trivia.span(r.clone()));
        }
    }
    ours.sort();
    theirs.sort();
    if ours != theirs {
        let first = ours
            .iter()
            .zip(theirs.iter())
            .find(|(x, y)| x != y)
            .map(|(x, y)| x.0.min(y.0))
            .or_else(|| {
                ours.get(theirs.len())
                    .or(theirs.get(ours.len()))
                    .map(|x| x.0)
            })
            .unwrap_or(0);
        return Err(Difference {
            line: line_of(text, first),
            message: format!(
                "tree-sitter and {parser} read the import statements differently (first at line {})",
                line_of(text, first)
            ),
        });
    }
    Ok(())
}

fn theirs_key(theirs: &[(Key, usize)], start: usize) -> (usize, usize) {
    theirs
        .iter()
        .find(|t| t.0.extent.0 == start)
        .map_or((usize::MAX, usize::MAX), |t| t.0.extent)
}

/// 1-based line of byte `at`.
pub(crate) fn line_of(text: &str, at: usize) -> usize {
    let at = at.min(text.len());
    text.as_bytes()[..at]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

#[cfg(test)]
mod tests;

/// Reads both versions with the second parser where they have not been read yet: `after`
/// spliced from `before`'s reading where the language allows it
/// ([`crate::second::read_after`]), else both at once ([`crate::second::read_two`]); the
/// readings are memoised in each [`SourceFile`].
pub(crate) fn read_both(before: &SourceFile, after: &SourceFile) {
    if name(before.language()).is_none() {
        return;
    }
    if before.language() != after.language() {
        before.second();
        after.second();
        return;
    }
    // A new version is spliced from the old one's reading where that is proved to be its
    // reading (`second::read_after`): the old one is read first.
    if crate::second::splices(before.language()) && after.second_unread() {
        let old = before.second();
        after.second_or(|| {
            crate::second::read_after(after.language(), before.text(), old, after.text())
        });
        return;
    }
    let (b, a) = crate::second::read_two(
        before.language(),
        before.second_unread().then(|| before.text()),
        after.second_unread().then(|| after.text()),
    );
    if let Some(b) = b {
        before.second_or(|| b);
    }
    if let Some(a) = a {
        after.second_or(|| a);
    }
}
