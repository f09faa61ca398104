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
    /// Parses a selector.
    pub fn parse(text: &str) -> Result<Selector, Error> {
        let fail = |reason: &str| Error::InvalidSelector {
            selector: text.to_string(),
            reason: reason.to_string(),
        };
        if text.trim() != text {
            return Err(fail("leading or trailing whitespace"));
        }
        if text.chars().any(|c| c.is_control()) {
            return Err(fail("control characters are not allowed"));
        }
        let (file, symbol) = match text.split_once("::") {
            Some((file, symbol)) => (file, Some(symbol)),
            None => (text, None),
        };
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
