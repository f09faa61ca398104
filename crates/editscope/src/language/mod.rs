//! Languages editscope understands, how a file's language is detected, and the
//! per-language [profiles](profile) that say which syntax nodes are symbols.
//!
//! This module is the narrow seam between editscope and tree-sitter grammars: everything
//! else in the crate asks a [`Language`] for its grammar and its profile and never names a
//! grammar crate.

#[cfg(any(feature = "javascript", feature = "typescript"))]
mod ecmascript;
#[cfg(feature = "go")]
mod go;
mod id;
#[cfg(feature = "javascript")]
mod javascript;
mod kind;
pub(crate) mod names;
pub(crate) mod profile;
#[cfg(feature = "python")]
mod python;
#[cfg(feature = "rust")]
mod rust;
#[cfg(feature = "typescript")]
mod typescript;

use std::cell::RefCell;
use std::str::FromStr;

use crate::error::Error;
/// The test-block callees and modifiers, which the second parser's outline reads too.
#[cfg(any(feature = "javascript", feature = "typescript"))]
pub(crate) use ecmascript::{TEST_FUNCTIONS, TEST_MODIFIERS};
pub use id::Language;
pub use kind::SymbolKind;
pub(crate) use profile::Profile;

impl Language {
    /// The parsers an *allowed* answer rests on: `tree-sitter`, then the language's second,
    /// compiler-grade parser (`syn`, `ruff_python_parser`, `oxc_parser`) when its cargo
    /// feature is on. Go has no second parser (no compiler-grade Go parser exists in Rust):
    /// its answers rest on tree-sitter alone. Both must read both versions of a file alike (crate docs, "Two
    /// parsers").
    ///
    /// ```
    /// use editscope::Language;
    /// assert_eq!(Language::Rust.verified_by(), ["tree-sitter", "syn"]);
    /// ```
    pub fn verified_by(self) -> &'static [&'static str] {
        match self.second_parser() {
            Some("syn") => &["tree-sitter", "syn"],
            Some("ruff_python_parser") => &["tree-sitter", "ruff_python_parser"],
            Some("oxc_parser") => &["tree-sitter", "oxc_parser"],
            _ => &["tree-sitter"],
        }
    }

    /// The name of the language's second, compiler-grade parser, when its cargo feature is
    /// on (the readers live in `second/`).
    pub(crate) fn second_parser(self) -> Option<&'static str> {
        match self {
            #[cfg(feature = "rust")]
            Language::Rust => Some("syn"),
            #[cfg(feature = "python")]
            Language::Python => Some("ruff_python_parser"),
            #[cfg(feature = "typescript")]
            Language::TypeScript | Language::Tsx => Some("oxc_parser"),
            #[cfg(feature = "javascript")]
            Language::JavaScript => Some("oxc_parser"),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// Whether this language's grammar was compiled in.
    pub fn is_available(self) -> bool {
        self.profile().is_ok()
    }

    /// The tree-sitter grammar.
    pub(crate) fn grammar(self) -> Result<tree_sitter::Language, Error> {
        Ok(self.profile()?.grammar.clone())
    }

    /// The declarative profile: which nodes are symbols and how they are named.
    pub(crate) fn profile(self) -> Result<&'static Profile, Error> {
        let profile: Option<&'static Profile> = match self {
            #[cfg(feature = "rust")]
            Language::Rust => Some(rust::profile()),
            #[cfg(feature = "python")]
            Language::Python => Some(python::profile()),
            #[cfg(feature = "typescript")]
            Language::TypeScript => Some(typescript::profile_typescript()),
            #[cfg(feature = "typescript")]
            Language::Tsx => Some(typescript::profile_tsx()),
            #[cfg(feature = "javascript")]
            Language::JavaScript => Some(javascript::profile()),
            #[cfg(feature = "go")]
            Language::Go => Some(go::profile()),
            #[allow(unreachable_patterns)]
            _ => None,
        };
        profile.ok_or(Error::LanguageNotCompiled { language: self })
    }
}

impl FromStr for Language {
    type Err = Error;

    /// Parses a language name or a common alias (`rs`, `py`, `ts`, `js`, `jsx`),
    /// case-insensitively.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "rust" | "rs" => Language::Rust,
            "python" | "py" | "pyi" => Language::Python,
            "typescript" | "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            "javascript" | "js" | "jsx" | "mjs" | "cjs" => Language::JavaScript,
            "go" | "golang" => Language::Go,
            _ => {
                return Err(Error::UnknownLanguage {
                    name: s.to_string(),
                })
            }
        })
    }
}

thread_local! {
    /// One reusable parser per language per thread (creating one allocates).
    static PARSERS: RefCell<Vec<(Language, tree_sitter::Parser)>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` with this thread's cached parser for `language`, reset and ready.
pub(crate) fn with_parser<R>(
    language: Language,
    f: impl FnOnce(&mut tree_sitter::Parser) -> R,
) -> Result<R, Error> {
    let grammar = language.grammar()?;
    PARSERS.with(|cell| {
        // A re-entrant call (not done by this crate) would find the cell borrowed: fall back
        // to a fresh parser instead of panicking.
        let mut guard = match cell.try_borrow_mut() {
            Ok(guard) => guard,
            Err(_) => {
                let mut parser = tree_sitter::Parser::new();
                parser.set_language(&grammar).map_err(|e| Error::Grammar {
                    language,
                    message: e.to_string(),
                })?;
                return Ok(f(&mut parser));
            }
        };
        let index = match guard.iter().position(|(l, _)| *l == language) {
            Some(i) => i,
            None => {
                let mut parser = tree_sitter::Parser::new();
                parser.set_language(&grammar).map_err(|e| Error::Grammar {
                    language,
                    message: e.to_string(),
                })?;
                guard.push((language, parser));
                guard.len() - 1
            }
        };
        let parser = &mut guard[index].1;
        parser.reset();
        Ok(f(parser))
    })
}
