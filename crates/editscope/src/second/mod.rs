//! The second parser: a compiler-grade reading of each file that must agree with
//! tree-sitter's before editscope answers *allowed*.
//!
//! tree-sitter's lexer and error recovery are not the compiler's. Where the two read a file
//! differently (a lone `\r` that ends a Python comment for CPython, a `/` that tsc reads as a
//! division and tree-sitter as a regular expression), a check on tree-sitter alone can be
//! fooled. So every language has a second, independent parser, the one its ecosystem trusts:
//!
//! | language | second parser |
//! | --- | --- |
//! | Rust | `syn` (full) |
//! | Python | `ruff_python_parser` |
//! | TypeScript / TSX | `oxc_parser` |
//! | JavaScript / JSX | `oxc_parser` |
//! | Go | none: no compiler-grade Go parser exists in Rust; Go answers rest on tree-sitter alone |
//! | Java | none: no compiler-grade Java parser exists in Rust; what javac translates before it lexes is refused (`crate::lexical`) |
//! | C# | none: no compiler-grade C# parser exists in Rust; what the compiler skips or reads otherwise is refused (`crate::lexical`) |
//!
//! Each reads the file into an [`Outline`]: the definitions editscope knows as symbols, with
//! their spans as editscope draws them ([`crate::symbols`]), the module-level imports, the
//! top-level statements and the comments. [`agree`] then compares the outline with
//! tree-sitter's symbols; see there for the rule.
//!
//! Only the way to *allowed* pays for the second parse: a rejection needs no confirmation.

#[cfg(all(test, feature = "javascript"))]
mod javascript_tests;
#[cfg(feature = "testing")]
pub(crate) mod probe;
#[cfg(feature = "python")]
mod python;
#[cfg(feature = "rust")]
mod rust;
#[cfg(any(feature = "typescript", feature = "javascript"))]
mod typescript;

use std::ops::Range;

use crate::Language;

/// One definition as the second parser reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Def {
    /// Bytes of the whole definition, drawn as editscope draws a symbol's extent
    /// (attributes, decorators, `export` included).
    pub extent: Range<usize>,
    /// Bytes of its body, drawn as editscope draws a symbol's body, where it has one.
    pub body: Option<Range<usize>>,
    /// Its bare name, for messages.
    pub name: String,
}

/// What the second parser read in one version of a file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Outline {
    /// Every definition editscope knows as a symbol, nested ones included, in any order.
    pub defs: Vec<Def>,
    /// Every import statement editscope knows as one (`SourceFile::imports`), in any order.
    pub imports: Vec<Range<usize>>,
    /// The top-level statements and items (with their attributes and decorators), in order.
    pub top_level: Vec<Range<usize>>,
    /// The comments, as the compiler's lexer reads them (may be empty where a language's
    /// definitions already carry theirs, like Rust doc comments): the only text besides
    /// whitespace that [`agree`] lets the two readings put on different sides of a boundary.
    pub comments: Vec<Range<usize>>,
    /// Bytes tree-sitter's grammar cannot read that have no runtime meaning and that the
    /// compiler reads as one keyword each: the variance modifiers `in` and `out` of a
    /// TypeScript type parameter (tree-sitter-typescript 0.23 lacks them). Sorted, disjoint.
    /// tree-sitter reads the file with these bytes as spaces ([`crate::SourceFile`], "Masked
    /// modifiers"); every comparison still reads the original bytes.
    pub masks: Vec<Range<usize>>,
    /// Rust: every top-level item as the parser's item loop read it, in order (empty for
    /// the other languages). A new version of the file is read by splicing at these cuts
    /// ([`read_after`]).
    pub cuts: Vec<Cut>,
}

/// One top-level item as the parser's item loop read it ([`Outline::cuts`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cut {
    /// From the first byte of its first token to the last byte of its last token (a doc
    /// comment is a token: the attribute it stands for).
    pub range: Range<usize>,
    /// Its last token is a `;` or the `}` of a brace group.
    pub closed: bool,
    /// Its first token is a `:` (a macro path `::m! {}`).
    pub colon: bool,
}

/// The second parser refused the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    /// Byte offset of the (first) error.
    pub byte: usize,
    /// The parser's message.
    pub message: String,
}

/// A reading of one text by the second parser: `None` when the language has none.
pub(crate) type Reading = Option<Result<Outline, Refusal>>;

/// Reads the texts given (each `None` is skipped) with the second parser, side by side on
/// two threads (the two readings are independent, so a confirmation costs about one
/// reading of wall time); sequentially where a thread cannot be started. Rust is read on
/// `syn`'s parsing threads, which outlive the check (see `rust::start`).
pub(crate) fn read_two(
    language: Language,
    before: Option<&str>,
    after: Option<&str>,
) -> (Option<Reading>, Option<Reading>) {
    if name(language).is_none() {
        return (before.map(|_| None), after.map(|_| None));
    }
    #[cfg(feature = "rust")]
    if language == Language::Rust {
        // syn reads on its own long-lived threads (`rust::start`): start both, then wait.
        let b = before.map(rust::start);
        let a = after.map(rust::start);
        return (b.map(|b| Some(b.wait())), a.map(|a| Some(a.wait())));
    }
    std::thread::scope(|s| {
        let other = before.map(|text| {
            std::thread::Builder::new()
                .name("editscope-second".into())
                .spawn_scoped(s, move || outline(language, text))
        });
        let a = after.map(|text| outline(language, text));
        let b = match (other, before) {
            (Some(Ok(handle)), Some(_)) => Some(
                handle
                    .join()
                    .unwrap_or_else(|e| std::panic::resume_unwind(e)),
            ),
            (_, Some(text)) => Some(outline(language, text)),
            _ => None,
        };
        (b, a)
    })
}

/// The second parser's reading of `after`, a new version of the text `before` whose reading
/// is `old`: for Rust, spliced from `old` where the rule of `rust::splice` proves that the
/// reading of the whole text would be exactly that; else (and for the other languages) the
/// reading of the whole text.
pub(crate) fn read_after(
    language: Language,
    before: &str,
    old: Option<&Result<Outline, Refusal>>,
    after: &str,
) -> Reading {
    let _ = (before, &old);
    #[cfg(feature = "rust")]
    if language == Language::Rust {
        if let Some(Ok(old)) = old {
            if let Some(spliced) = rust::splice(before, old, after) {
                return Some(Ok(spliced));
            }
        }
    }
    outline(language, after)
}

#[cfg(any(test, feature = "testing"))]
thread_local! {
    /// Set on a thread, [`read_after`] reads every version whole (tests compare the two:
    /// `probe::__without_splice`).
    pub(crate) static NO_SPLICE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Whether [`read_after`] splices readings of `language` (the caller then reads the old
/// version first).
pub(crate) fn splices(language: Language) -> bool {
    #[cfg(feature = "rust")]
    if language == Language::Rust {
        return rust::splice_enabled();
    }
    let _ = language;
    false
}

/// Readings of the second parser started before they are needed ([`early`]); dropping it
/// forgets those nobody asked for.
pub(crate) struct Early {
    #[cfg(feature = "rust")]
    _rust: Option<rust::Early>,
}

/// Starts the second parser's readings of `texts` early, where that costs no wait: for
/// Rust, on `syn`'s parsing threads that are idle (see `rust::early`), while the caller
/// parses with tree-sitter. A reading is still only used on the way to *allowed*, through
/// [`SourceFile::second`](crate::SourceFile) of a file with exactly these bytes; one
/// nobody asks for is dropped. Texts over `max_bytes` are not read (the check refuses them).
pub(crate) fn early(language: Language, texts: &[&str], max_bytes: usize) -> Early {
    let _ = (language, texts, max_bytes);
    Early {
        #[cfg(feature = "rust")]
        _rust: (language == Language::Rust && texts.iter().all(|t| t.len() <= max_bytes))
            .then(|| rust::early(texts)),
    }
}

/// The name of the second parser for `language`, when one is compiled in.
pub(crate) fn name(language: Language) -> Option<&'static str> {
    language.second_parser()
}

/// Whether the second parser of `language` locates modifiers for tree-sitter to read as
/// spaces ([`Outline::masks`]): TypeScript and TSX, where oxc is compiled in.
pub(crate) fn masks_apply(language: Language) -> bool {
    match language {
        #[cfg(feature = "typescript")]
        Language::TypeScript | Language::Tsx => true,
        #[allow(unreachable_patterns)]
        _ => false,
    }
}

/// Reads `text` as `language` with the second parser: `None` when the language has none
/// compiled in (or it is not written yet), else the outline or the parser's refusal.
pub(crate) fn outline(language: Language, text: &str) -> Option<Result<Outline, Refusal>> {
    let _ = text;
    match language {
        #[cfg(feature = "rust")]
        Language::Rust => rust::outline(text),
        #[cfg(feature = "python")]
        Language::Python => python::outline(text),
        #[cfg(feature = "typescript")]
        Language::TypeScript => typescript::outline(text, false),
        #[cfg(feature = "typescript")]
        Language::Tsx => typescript::outline(text, true),
        #[cfg(feature = "javascript")]
        Language::JavaScript => typescript::outline_js(text),
        #[allow(unreachable_patterns)]
        _ => None,
    }
}
