//! A window on the second parser's reading, for the differential fuzz target and the property
//! tests (`tests/second_props.rs`): they check the check's answers against it, independently
//! of tree-sitter. Not part of the API.

use std::ops::Range;

use crate::Language;

/// What the second parser reads in a file ([`__second_reading`]).
#[doc(hidden)]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SecondReading {
    /// Every definition editscope knows as a symbol: `(extent, body, name)`.
    pub defs: Vec<(Range<usize>, Option<Range<usize>>, String)>,
    /// The import statements.
    pub imports: Vec<Range<usize>>,
    /// The top-level statements and items, in order.
    pub top_level: Vec<Range<usize>>,
    /// The comments, as the compiler's lexer reads them.
    pub comments: Vec<Range<usize>>,
}

/// The second parser's reading of `text` as `language`: `None` when the language has no
/// second parser (compiled in, or written yet), `Err` with its message when it refuses the
/// text. Byte offsets into `text`.
#[doc(hidden)]
pub fn __second_reading(language: Language, text: &str) -> Option<Result<SecondReading, String>> {
    let read = super::outline(language, text)?;
    Some(
        read.map(|o| SecondReading {
            defs: o
                .defs
                .into_iter()
                .map(|d| (d.extent, d.body, d.name))
                .collect(),
            imports: o.imports,
            top_level: o.top_level,
            comments: o.comments,
        })
        .map_err(|r| format!("byte {}: {}", r.byte, r.message)),
    )
}

/// Runs `f` with every second reading made on this thread read whole, never spliced from
/// the reading of an earlier version (`second::read_after`): what the tests compare the
/// spliced readings and verdicts with.
#[doc(hidden)]
pub fn __without_splice<T>(f: impl FnOnce() -> T) -> T {
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            super::NO_SPLICE.with(|off| off.set(self.0));
        }
    }
    let _restore = Restore(super::NO_SPLICE.with(|off| off.replace(true)));
    f()
}

/// Splices the second parser's reading of `after` from its reading of `before` (Rust; the
/// other languages are never spliced) and compares it with the reading of the whole of
/// `after`: `Ok(true)` when spliced and equal, `Ok(false)` when the splice declined,
/// `Err` with both readings where it spliced a reading the whole one is not.
#[doc(hidden)]
pub fn __splice_agrees(language: Language, before: &str, after: &str) -> Result<bool, String> {
    let _ = (before, after);
    #[cfg(feature = "rust")]
    if language == Language::Rust {
        let Some(Ok(old)) = super::outline(language, before) else {
            return Ok(false);
        };
        let Some(spliced) = super::rust::splice(before, &old, after) else {
            return Ok(false);
        };
        let whole = super::outline(language, after);
        return match whole {
            Some(Ok(w)) if w == spliced => Ok(true),
            other => Err(format!("spliced: {spliced:?}\nwhole: {other:?}")),
        };
    }
    let _ = language;
    Ok(false)
}
