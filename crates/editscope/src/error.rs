//! The crate's error type. Every error is a value that says what was wrong and where.

use crate::language::Language;

/// Something editscope could not do because its input was wrong.
///
/// A change that editscope cannot *verify* (a syntax error in `before`, an oversized file) is
/// not an error: it is a [`Verdict`](crate::Verdict) whose status is
/// [`Status::Unverifiable`](crate::Status::Unverifiable), so that no caller can mistake it
/// for "allowed".
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A name that no variant of a public enum has (`"allowed"`, `"body"`, ... parse back
    /// with `FromStr`).
    #[error("unknown {what} `{name}` (expected one of: {expected})")]
    UnknownName {
        /// The enum's type name (`Status`, `ViolationKind`, ...).
        what: &'static str,
        /// The name given.
        name: String,
        /// The names it knows, comma-separated.
        expected: String,
    },
    /// A language name that editscope does not know.
    #[error("unknown language `{name}` (expected one of: rust, python, typescript, tsx, javascript, go, java, csharp)")]
    UnknownLanguage {
        /// The name given.
        name: String,
    },
    /// The file's language could not be told from its name.
    #[error("cannot tell the language of `{path}` from its extension (.rs, .py, .pyi, .ts, .mts, .cts, .tsx, .js, .mjs, .cjs, .jsx, .go, .java, .cs); name it explicitly")]
    UndetectedLanguage {
        /// The path given.
        path: String,
    },
    /// The language's grammar was left out at compile time.
    #[error("support for {language} was not compiled in (enable the `{feature}` cargo feature)", feature = feature_of(*language))]
    LanguageNotCompiled {
        /// The language asked for.
        language: Language,
    },
    /// The grammar could not be loaded (an ABI mismatch between tree-sitter and the grammar).
    #[error("cannot load the {language} grammar: {message}")]
    Grammar {
        /// The language.
        language: Language,
        /// What tree-sitter said.
        message: String,
    },
    /// The input is larger than the configured limit.
    #[error("input is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// The input's size in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// tree-sitter gave up parsing (it was cancelled or ran out of its budget).
    #[error("the parser gave up on this input")]
    ParseFailed,
    /// A selector string that does not fit `<file path>::<symbol path>`.
    #[error("invalid selector `{selector}`: {reason}")]
    InvalidSelector {
        /// The selector as written.
        selector: String,
        /// Why it does not fit.
        reason: String,
    },
    /// A grant that names no symbol of the `before` file, or names one it cannot apply to.
    #[error("grant `{level} {path}`: {reason}")]
    InvalidGrant {
        /// The grant level (`edit`, `body`, `delete`, `add`).
        level: &'static str,
        /// The symbol path as written.
        path: String,
        /// Why it does not apply.
        reason: String,
    },
    /// With `strict` ([`CheckChangesOptions::strict`](crate::CheckChangesOptions::strict),
    /// `check --strict`): contract selectors that match no file or no symbol
    /// ([`SelectorWarning`](crate::SelectorWarning)).
    #[error("{message}")]
    UnmatchedSelector {
        /// The first selector that matches nothing, as written.
        selector: String,
        /// Every such selector's warning, one a line.
        message: String,
    },
    /// A repository-relative path from untrusted input that cannot be used: absolute,
    /// leaving the root (`..`), empty, with a NUL byte or a backslash, not UTF-8.
    #[error("{reason}")]
    InvalidPath {
        /// The path as given.
        path: String,
        /// What is wrong with it (a sentence naming the path).
        reason: String,
    },
    /// A file or directory could not be read.
    #[error("{message}")]
    Io {
        /// What was being read, as given (for two directories compared: `before -> after`).
        path: String,
        /// What went wrong, naming the entry (what the operating system said, or what the
        /// entry is instead of a file).
        message: String,
    },
    /// git failed or gave output editscope cannot use (not a work tree, a bad revision, an
    /// unreadable object).
    #[error("git: {message}")]
    Git {
        /// What went wrong.
        message: String,
    },
    /// A change set with more files than [`crate::limits::MAX_FILES`].
    #[error("the change has {count} files or more, over the limit of {limit}")]
    TooManyFiles {
        /// How many files (at least).
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A receipt that is not valid receipt JSON.
    #[error("invalid receipt: {message}")]
    InvalidReceipt {
        /// What is wrong with it.
        message: String,
    },
    /// An error while checking one file of a change, with the file's path (so that the
    /// message names the file: `src/app.py: the parser gave up on this input`).
    #[error("{path}: {source}")]
    InFile {
        /// The file's repository-relative path.
        path: String,
        /// What went wrong.
        source: Box<Error>,
    },
}

impl Error {
    /// `self` naming the file at `path`: [`Error::InFile`], unless its message names it
    /// already (a grant's error names its selector, whose file part is the path; an
    /// [`Error::UndetectedLanguage`], an [`Error::InvalidPath`] or an [`Error::Io`] names
    /// it) or it is about the contract as a whole ([`Error::UnmatchedSelector`]).
    pub fn in_file(self, path: &str) -> Error {
        match self {
            Error::InFile { .. }
            | Error::InvalidGrant { .. }
            | Error::UndetectedLanguage { .. }
            | Error::InvalidPath { .. }
            | Error::Io { .. }
            | Error::UnmatchedSelector { .. } => self,
            e if e.to_string().contains(path) => e,
            e => Error::InFile {
                path: path.to_string(),
                source: Box::new(e),
            },
        }
    }

    /// The error under any [`Error::InFile`] wrapping (what went wrong, without the path).
    pub fn innermost(&self) -> &Error {
        match self {
            Error::InFile { source, .. } => source.innermost(),
            e => e,
        }
    }
}

fn feature_of(language: Language) -> &'static str {
    match language {
        Language::Rust => "rust",
        Language::Python => "python",
        Language::TypeScript | Language::Tsx => "typescript",
        Language::JavaScript => "javascript",
        Language::Go => "go",
        Language::Java => "java",
        Language::CSharp => "csharp",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_in_a_file_names_the_file_once() {
        let e = Error::ParseFailed.in_file("src/app.py");
        assert_eq!(
            e.to_string(),
            "src/app.py: the parser gave up on this input"
        );
        assert_eq!(e.innermost(), &Error::ParseFailed);
        // Not twice, and not where the message names the file already.
        assert_eq!(e.clone().in_file("src/app.py"), e);
        let grant = Error::InvalidGrant {
            level: "body",
            path: "src/app.py::f".into(),
            reason: "matches no symbol".into(),
        };
        assert_eq!(grant.clone().in_file("src/app.py"), grant);
        let large = Error::TooLarge { size: 9, limit: 8 }.in_file("a.py");
        assert_eq!(
            large.to_string(),
            "a.py: input is 9 bytes, more than the limit of 8 bytes"
        );
    }
}
