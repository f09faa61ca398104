//! editscope (docs written below, after the design settles)
#![warn(missing_docs)]

mod check;
mod diff;
mod error;
pub mod language;
mod skeleton;
mod source;
mod symbols;

pub use check::{
    check, check_text, reference_allowed, CheckOptions, Formatting, Grants, Status, Unverifiable,
    Verdict, Violation, ViolationKind,
};
pub use diff::{diff, ChangeKind, FileDiff, LineRange, OutsideChange, SymbolChange};
pub use error::Error;
pub use language::Language;
pub use source::{Limits, SourceFile};
pub use symbols::{Span, Symbol, SymbolKind, SyntaxError, SyntaxErrorKind};
