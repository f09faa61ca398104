//! The [`Language`] value itself: its variants, names and file extensions. A leaf: it
//! depends on nothing else in the crate, so that errors and reports can name a language
//! without importing the grammar seam (`language/mod.rs`), which in turn returns errors.

use std::fmt;
use std::path::Path;

/// A source language editscope can parse.
///
/// Every variant always exists; a language whose grammar was left out at compile time
/// (cargo features `rust`, `python`, `typescript`, `javascript`, `go`, `java`, `csharp`) gives [`Error::LanguageNotCompiled`](crate::Error::LanguageNotCompiled) when
/// used.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    /// Rust: `.rs`.
    Rust,
    /// Python: `.py`, `.pyi`.
    Python,
    /// TypeScript: `.ts`, `.mts`, `.cts`.
    TypeScript,
    /// TypeScript with JSX: `.tsx`.
    Tsx,
    /// JavaScript, JSX included: `.js`, `.mjs`, `.cjs`, `.jsx` (both parsers read JSX in
    /// every JavaScript file, as React projects write it in `.js` files).
    JavaScript,
    /// Go: `.go`.
    Go,
    /// Java: `.java`.
    Java,
    /// C#: `.cs`.
    CSharp,
}

impl Language {
    /// Every language, in a stable order.
    pub const ALL: [Language; 8] = [
        Language::Rust,
        Language::Python,
        Language::TypeScript,
        Language::Tsx,
        Language::JavaScript,
        Language::Go,
        Language::Java,
        Language::CSharp,
    ];

    /// Detects the language from a file name's extension.
    ///
    /// ```
    /// use editscope::Language;
    /// assert_eq!(Language::from_path("src/app.py"), Some(Language::Python));
    /// assert_eq!(Language::from_path("ui/App.tsx"), Some(Language::Tsx));
    /// assert_eq!(Language::from_path("lib/index.cjs"), Some(Language::JavaScript));
    /// assert_eq!(Language::from_path("cmd/main.go"), Some(Language::Go));
    /// assert_eq!(Language::from_path("src/main/java/App.java"), Some(Language::Java));
    /// assert_eq!(Language::from_path("src/App/Program.cs"), Some(Language::CSharp));
    /// assert_eq!(Language::from_path("README.md"), None);
    /// ```
    pub fn from_path(path: impl AsRef<Path>) -> Option<Language> {
        let ext = path.as_ref().extension()?.to_str()?;
        Some(match ext {
            "rs" => Language::Rust,
            "py" | "pyi" | "pyw" => Language::Python,
            "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
            "go" => Language::Go,
            "java" => Language::Java,
            "cs" => Language::CSharp,
            _ => return None,
        })
    }

    /// The language a script's `#!` line names, as the kernel and `env` run it: its
    /// interpreter's file name (`/usr/bin/python3`, `/usr/bin/env python3`, `env -S node
    /// --flag`), without a version suffix: `python`, `python2`, `python3`, `python3.11`,
    /// `pypy`, `pypy3` are Python; `node`, `nodejs` are JavaScript. Anything else (or no
    /// `#!` line): `None`. For files whose name names no language ([`Language::from_path`]).
    pub fn from_shebang(text: &str) -> Option<Language> {
        let line = text.strip_prefix('\u{feff}').unwrap_or(text);
        let line = line.strip_prefix("#!")?.lines().next()?;
        let mut words = line.split_whitespace();
        let mut program = words.next()?;
        if program.rsplit('/').next() == Some("env") {
            // `env [-S] [-i] [NAME=value]... program`: the first word that is neither.
            program = words.find(|w| !w.starts_with('-') && !w.contains('='))?;
        }
        let name = program.rsplit('/').next()?;
        let stem = name.trim_end_matches(|c: char| c.is_ascii_digit() || c == '.');
        match stem {
            "python" | "pypy" => Some(Language::Python),
            "node" | "nodejs" => Some(Language::JavaScript),
            _ => None,
        }
    }

    /// The language's lowercase name, as accepted by [`FromStr`](std::str::FromStr) and used in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Language::Rust => "rust",
            Language::Python => "python",
            Language::TypeScript => "typescript",
            Language::Tsx => "tsx",
            Language::JavaScript => "javascript",
            Language::Go => "go",
            Language::Java => "java",
            Language::CSharp => "csharp",
        }
    }

    /// Whether the language is ECMAScript (TypeScript, TSX, JavaScript): one set of name and
    /// binding rules.
    pub(crate) fn is_ecmascript(self) -> bool {
        matches!(
            self,
            Language::TypeScript | Language::Tsx | Language::JavaScript
        )
    }

    /// The separator between segments of a qualified path: `::` for Rust, `.` otherwise.
    pub fn path_separator(self) -> &'static str {
        match self {
            Language::Rust => "::",
            _ => ".",
        }
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod shebang_tests {
    use super::Language;

    #[test]
    fn shebang_names_the_interpreter() {
        for (text, language) in [
            ("#!/usr/bin/env python3\nprint(1)\n", Some(Language::Python)),
            ("#!/usr/bin/python3.11 -u\n", Some(Language::Python)),
            ("#!/usr/bin/env -S python -O\n", Some(Language::Python)),
            (
                "#!/usr/bin/env PYTHONPATH=. pypy3\n",
                Some(Language::Python),
            ),
            ("#! /usr/local/bin/node\n", Some(Language::JavaScript)),
            (
                "\u{feff}#!/usr/bin/env nodejs\n",
                Some(Language::JavaScript),
            ),
            ("#!/bin/bash\n", None),
            ("#!/usr/bin/env\n", None),
            ("print(1)\n", None),
            ("", None),
        ] {
            assert_eq!(Language::from_shebang(text), language, "{text:?}");
        }
        assert_eq!(Language::from_path("bin/tool.pyw"), Some(Language::Python));
    }
}
