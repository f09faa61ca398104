//! Why a change is rejected or cannot be verified: [`Violation`], [`ViolationKind`],
//! [`Unverifiable`] and [`Version`].

use super::*;

/// Why a change could not be verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "snake_case")]
pub enum Unverifiable {
    /// The file before the change has syntax errors, so its symbols are not reliable.
    BeforeHasSyntaxErrors {
        /// The errors.
        errors: Vec<SyntaxError>,
    },
    /// A version is larger than the limit.
    TooLarge {
        /// Size in bytes.
        size: usize,
        /// Limit in bytes.
        limit: usize,
    },
    /// The parser gave up.
    ParseFailed,
    /// The check did not finish within its time budget ([`CheckOptions::budget`]).
    BudgetExceeded {
        /// The budget, in milliseconds.
        budget_ms: u64,
    },
    /// tree-sitter and the language's second, compiler-grade parser read a version of the
    /// file differently (or the second parser refuses it), so the check's answer could not
    /// be confirmed. See the crate docs, "Two parsers".
    ParsersDisagree {
        /// The version where they differ.
        version: Version,
        /// The second parser (`syn`, `ruff_python_parser`, `oxc_parser`).
        parser: String,
        /// 1-based line of the first difference, in that version.
        line: usize,
        /// What each parser reads there.
        message: String,
    },
    /// A version holds text that the language's compiler translates or skips before it
    /// parses, where tree-sitter reads the bytes as they are (a Java unicode escape that
    /// javac turns into a line break, a lone carriage return, C# conditional compilation),
    /// so tree-sitter's symbols need
    /// not be the compiler's. See the crate docs, "Read as the compiler reads".
    UnsupportedConstruct {
        /// The version that holds it.
        version: Version,
        /// 1-based line where it starts.
        line: usize,
        /// What it is.
        construct: Construct,
        /// How the compiler reads it otherwise.
        message: String,
    },
}

/// Text a compiler reads otherwise than tree-sitter ([`Unverifiable::UnsupportedConstruct`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Construct {
    /// A unicode escape that javac translates before it lexes (`\u000a` in a comment, a
    /// quote in a string, any escape outside strings and comments), or a malformed one; in
    /// C#, a backslash outside literals and comments (an escape in an identifier).
    UnicodeEscape,
    /// A line terminator that the compiler reads and tree-sitter does not (a lone carriage
    /// return in Java; U+0085, U+2028, U+2029 in C#).
    LineTerminator,
    /// C# conditional compilation (`#if`, `#elif`, `#else`, `#endif`, `#define`, `#undef`):
    /// the compiler skips the code of a false branch, tree-sitter reads every branch.
    ConditionalCompilation,
    /// A C# raw string literal whose delimiters tree-sitter reads otherwise than the
    /// compiler (the closing quotes differ in number from the opening ones, or the content
    /// holds as many quotes in a row).
    RawString,
}

/// One of the two versions of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Version {
    /// The file before the change.
    Before,
    /// The file after the change.
    After,
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Version::Before => "before",
            Version::After => "after",
        })
    }
}

impl Unverifiable {
    /// The reason for a check stopped at `deadline`.
    pub(crate) fn spent(deadline: &crate::budget::Deadline) -> Unverifiable {
        Unverifiable::BudgetExceeded {
            budget_ms: deadline.budget_ms(),
        }
    }
}

impl fmt::Display for Unverifiable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unverifiable::BeforeHasSyntaxErrors { errors } => match errors.first() {
                Some(e) => write!(
                    f,
                    "the file before the change has syntax errors (first: {e})"
                ),
                None => write!(f, "the file before the change has syntax errors"),
            },
            Unverifiable::TooLarge { size, limit } => {
                write!(f, "the file is {size} bytes, over the limit of {limit}")
            }
            Unverifiable::ParseFailed => write!(f, "the parser gave up on the file"),
            Unverifiable::BudgetExceeded { budget_ms } => write!(
                f,
                "budget exceeded: the check did not finish within {budget_ms} ms"
            ),
            Unverifiable::ParsersDisagree {
                version,
                parser,
                line,
                message,
            } => write!(
                f,
                "tree-sitter and {parser} read the file {version} the change differently \
                 (line {line}): {message}"
            ),
            Unverifiable::UnsupportedConstruct {
                version,
                line,
                construct,
                message,
            } => write!(
                f,
                "the file {version} the change holds text its compiler reads otherwise than \
                 tree-sitter (line {line}, {}): {message}",
                construct.as_str()
            ),
        }
    }
}

/// What kind of rule a change broke.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ViolationKind {
    /// A symbol changed that no grant covers.
    Changed,
    /// A symbol's signature changed where only its body is granted.
    SignatureChanged,
    /// A symbol was removed without a `delete` grant.
    Removed,
    /// A symbol was added where no `add` grant allows it.
    Added,
    /// A symbol was added with the path of an existing one (shadowing it).
    Redefined,
    /// A symbol moved relative to its siblings.
    Moved,
    /// Code outside any symbol changed.
    Outside,
    /// The file after the change has a syntax error.
    SyntaxError,
    /// A file that no grant covers changed.
    FileChanged,
    /// A file was created where no `create` grant allows it.
    FileCreated,
    /// A file was deleted without a `delete` grant.
    FileDeleted,
    /// A file was moved to a path where creating it is not granted.
    FileRenamed,
    /// A file's mode changed.
    ModeChanged,
    /// A binary file (or submodule) changed.
    BinaryChanged,
    /// An editscope contract file (`.editscope.toml`, or the contract in use), or a file that
    /// installs editscope's enforcement (an agent host's hook settings such as
    /// `.claude/settings.json`, an MCP client configuration, git configuration, a shell
    /// startup file), was created, changed, deleted, renamed or had its mode changed: no
    /// contract grants that, whatever its `files` say.
    ContractChanged,
    /// A symlink was created or changed (or replaced a file, or was replaced by one) without
    /// a `files` grant naming it.
    SymlinkChanged,
    /// A symlink's target resolves outside the root (absolute, `..` past the top, or through
    /// other links), or into `.git` or a contract file: never granted.
    SymlinkOutside,
    /// The change adds a bidirectional control character (U+202A–U+202E, U+2066–U+2069,
    /// or the marks U+200E, U+200F, U+061C), which can make code display differently from
    /// how it compiles ("Trojan Source"); anywhere, granted regions included.
    BidiControl,
    /// A symbol or file that the contract's `protect` list names was changed, deleted,
    /// renamed or rebound (protect wins over every grant).
    Protected,
}

/// One reason a change is rejected.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Violation {
    /// What rule was broken.
    pub kind: ViolationKind,
    /// The innermost symbol that contains the change; `None` means outside any symbol.
    pub symbol: Option<String>,
    /// That symbol's kind.
    pub symbol_kind: Option<SymbolKind>,
    /// Lines in `before`.
    pub before: Option<LineRange>,
    /// Lines in `after`.
    pub after: Option<LineRange>,
    /// One sentence a person or an agent can act on.
    pub message: String,
    /// The lines that differ inside this violation's region (not its whole extent); filled
    /// on the way to *rejected* only.
    pub changed_lines: crate::ChangedLines,
}

impl Violation {
    /// Where a diagnostic about this violation points (SARIF regions, GitHub annotations):
    /// the first changed range of `after`; for lines only removed from a region that is
    /// still there, the line of `after` that now stands where they stood; for a removed
    /// region, its first changed range of `before`; without changed lines, the region.
    pub fn location(&self) -> Option<LineRange> {
        let c = &self.changed_lines;
        if let Some(&(start_line, end_line)) = c.after.first() {
            return Some(LineRange {
                start_line,
                end_line,
            });
        }
        if let (Some(a), Some(b), Some(&(removed, _))) = (self.after, self.before, c.before.first())
        {
            // Everything above the first removal in the region is unchanged (no line was
            // inserted anywhere in it).
            let line = (a.start_line + removed.saturating_sub(b.start_line)).min(a.end_line);
            return Some(LineRange {
                start_line: line,
                end_line: line,
            });
        }
        c.first().or(self.after).or(self.before)
    }

    /// [`Violation::location`] with the file's two texts at hand: lines only removed from a
    /// region that no longer exists (a removed symbol) point at the line of `after` that now
    /// stands where they stood (a line diff of the two texts), never
    /// at `before` line numbers, which may lie past the end of the file as it is now.
    pub fn location_in(&self, before: Option<&str>, after: Option<&str>) -> Option<LineRange> {
        let at = self.location()?;
        let only_removed = self.after.is_none() && self.changed_lines.after.is_empty();
        match (before, after) {
            (Some(before), Some(after)) if only_removed && self.before.is_some() => {
                let line = crate::changed_lines::after_line(before, after, at.start_line);
                Some(LineRange {
                    start_line: line,
                    end_line: line,
                })
            }
            _ => Some(at),
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
