//! Selectors: `<file path>::<symbol path>`, as users type them into the CLI and contracts.

use std::fmt;
use std::str::FromStr;

use crate::error::Error;

/// A file, or a symbol in a file: `src/app.py` or `src/app.py::UserService.create`.
///
/// The file part ends at the first `::`; the rest is the symbol path in the file's own
/// convention (`Parser::parse`, `<Parser as Display>::fmt`, `UserService.create`).
///
/// ```
/// use editscope::Selector;
/// let s: Selector = "src/lib.rs::Parser::parse".parse()?;
/// assert_eq!(s.file(), "src/lib.rs");
/// assert_eq!(s.symbol(), Some("Parser::parse"));
/// assert!("::x".parse::<Selector>().is_err());
/// # Ok::<(), editscope::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Selector {
    file: String,
    symbol: Option<String>,
}

/// Characters no name a selector means can hold and a terminal does not show: bidirectional
/// controls and zero-width or invisible format characters (not U+200C and U+200D, which an
/// ECMAScript identifier may hold).
pub(crate) fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
    )
}

/// `text` with every control and invisible character as `\u{XXXX}`.
pub(crate) fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control() || invisible(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// `symbol` with every quoted segment (`"..."`, `\` escaping) replaced by `q`.
fn without_quoted(symbol: &str) -> String {
    let mut out = String::with_capacity(symbol.len());
    let mut chars = symbol.chars();
    while let Some(c) = chars.next() {
        if c != '"' {
            out.push(c);
            continue;
        }
        out.push('q');
        while let Some(q) = chars.next() {
            match q {
                '\\' => {
                    chars.next();
                }
                '"' => break,
                _ => {}
            }
        }
    }
    out
}

impl Selector {
    /// Parses a selector: a file part, then optionally `::` and a symbol path. Refused:
    /// whitespace around it, control characters, invisible and bidirectional control
    /// characters (shown escaped in the error), empty parts or segments, and a single `:`
    /// after a source file's name (`src/app.py:S.delete`, a typo of `::`).
    pub fn parse(text: &str) -> Result<Selector, Error> {
        // Shown escaped: a selector is printed in errors and warnings, and a raw control or
        // invisible character would make it display as another one.
        let fail = |reason: &str| Error::InvalidSelector {
            selector: escaped(text),
            reason: reason.to_string(),
        };
        if text.trim() != text {
            return Err(fail("leading or trailing whitespace"));
        }
        if text.chars().any(|c| c.is_control()) {
            return Err(fail("control characters are not allowed"));
        }
        if text.chars().any(invisible) {
            return Err(fail(
                "it holds an invisible or bidirectional control character (shown as `\\u{...}`), which no file or symbol name a contract means holds; it could never match what it seems to name",
            ));
        }
        let (file, symbol) = match text.split_once("::") {
            Some((file, symbol)) => (file, Some(symbol)),
            None => (text, None),
        };
        // `src/app.py:S.delete`: a source file's name, one `:`, then a symbol path is a typo
        // of `::` (a protect or grant on a file of that name would name nothing).
        if symbol.is_none() {
            if let Some((name, rest)) = file.split_once(':') {
                if !rest.is_empty()
                    && !rest.contains('/')
                    && crate::Language::from_path(name).is_some()
                {
                    return Err(fail(&format!(
                        "a single `:` after the file name; the file and the symbol are separated by `::` (did you mean `{name}::{rest}`?)"
                    )));
                }
            }
        }
        if file.is_empty() {
            return Err(fail(
                "the file part before `::` is empty (expected `<file path>::<symbol path>`)",
            ));
        }
        if let Some(symbol) = symbol {
            // Quoted segments (test titles, `"waits..."`) are text: checked as one letter.
            let symbol = &without_quoted(symbol);
            if symbol.is_empty() {
                return Err(fail("the symbol part after `::` is empty"));
            }
            if symbol.starts_with("::")
                || symbol.ends_with("::")
                || symbol.ends_with('.')
                || symbol.starts_with('.')
                || symbol.contains("..")
            {
                return Err(fail("the symbol path has an empty segment"));
            }
        }
        Ok(Selector {
            file: file.to_string(),
            symbol: symbol.map(str::to_string),
        })
    }

    /// The file path.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The symbol path, or `None` for a whole file.
    pub fn symbol(&self) -> Option<&str> {
        self.symbol.as_deref()
    }
}

impl FromStr for Selector {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Selector::parse(s)
    }
}

impl fmt::Display for Selector {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.symbol {
            Some(symbol) => write!(f, "{}::{symbol}", self.file),
            None => f.write_str(&self.file),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_part_ends_at_first_double_colon() {
        let s = Selector::parse("src/lib.rs::<Parser as fmt::Display>::fmt").unwrap();
        assert_eq!(s.file(), "src/lib.rs");
        assert_eq!(s.symbol(), Some("<Parser as fmt::Display>::fmt"));
        assert_eq!(s.to_string(), "src/lib.rs::<Parser as fmt::Display>::fmt");
    }

    #[test]
    fn invisible_characters_are_errors_shown_escaped() {
        for (bad, shown) in [
            ("app.py::S.\u{200B}delete", "app.py::S.\\u{200B}delete"),
            ("app.py::S.de\u{202E}lete", "app.py::S.de\\u{202E}lete"),
            ("ap\u{2066}p.py", "ap\\u{2066}p.py"),
            ("app.py::\u{FEFF}S", "app.py::\\u{FEFF}S"),
            ("app.py::S\u{1b}[2J", "app.py::S\\u{001B}[2J"),
        ] {
            let e = Selector::parse(bad).unwrap_err().to_string();
            assert!(e.contains(&format!("`{shown}`")), "{bad:?}: {e}");
            assert!(!e.contains(bad), "{e}");
        }
    }

    #[test]
    fn a_single_colon_after_a_source_file_is_a_typo_of_two() {
        let e = Selector::parse("src/app.py:S.delete")
            .unwrap_err()
            .to_string();
        assert!(e.contains("did you mean `src/app.py::S.delete`?"), "{e}");
        assert!(Selector::parse("src/lib.rs:Parser").is_err());
        // Colons elsewhere are file names.
        for ok in [
            "t/:!evil.py",
            "docs/a:b.md",
            "notes:2024/x.txt",
            "a.py::B:c",
        ] {
            assert!(Selector::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn quoted_test_titles_may_hold_dots_and_spaces() {
        let s = Selector::parse("t/a.test.ts::\"math\".\"waits... then adds\"").unwrap();
        assert_eq!(s.symbol(), Some("\"math\".\"waits... then adds\""));
        assert!(Selector::parse("t/a.test.ts::\"say \\\"..\\\"\"").is_ok());
        // Outside the quotes the segments must still be there.
        assert!(Selector::parse("t/a.test.ts::\"math\"..x").is_err());
        assert!(Selector::parse("t/a.test.ts::\"math\".").is_err());
    }

    #[test]
    fn whole_file() {
        let s = Selector::parse("src/app.py").unwrap();
        assert_eq!(s.symbol(), None);
    }

    #[test]
    fn malformed_selectors_are_errors() {
        for bad in [
            "",
            "::A",
            "a.py::",
            "a.py::A.",
            "a.py::A..b",
            " a.py",
            "a.py::A\n",
            "a.rs::A::",
        ] {
            let err = Selector::parse(bad).unwrap_err();
            assert!(matches!(err, Error::InvalidSelector { .. }), "{bad:?}");
            assert!(err.to_string().contains("invalid selector"), "{err}");
        }
    }
}
