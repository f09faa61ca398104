//! Names of public enums: one macro gives each enum `as_str()` and [`FromStr`], from the same
//! list the JSON uses, so that front ends never turn a value into a string through serde.
//!
//! [`FromStr`]: std::str::FromStr

/// Implements `as_str()` (the name used in JSON and output) and `FromStr` for a fieldless enum.
/// The unit tests below hold each list to the enum's serde names.
macro_rules! enum_names {
    ($ty:ident { $($variant:ident => $name:literal),+ $(,)? }) => {
        impl $ty {
            /// The name used in JSON and in output (the same as its serde name); parsed back by
            /// `FromStr`.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $($ty::$variant => $name,)+
                }
            }

            /// Every variant, in declaration order.
            #[allow(dead_code)]
            pub(crate) const ALL: &'static [$ty] = &[$($ty::$variant),+];
        }

        impl std::str::FromStr for $ty {
            type Err = crate::Error;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($name => Ok($ty::$variant),)+
                    _ => Err(crate::Error::UnknownName {
                        what: stringify!($ty),
                        name: s.to_string(),
                        expected: [$($name),+].join(", "),
                    }),
                }
            }
        }
    };
}

use crate::patch::{PatchErrorKind, PatchFormat};
use crate::scope::ScopeKey;
use crate::{
    ChangeKind, Construct, FileChangeKind, Formatting, GitVersion, Level, Status, SymbolKind,
    Version, ViolationKind,
};

enum_names!(Status { Allowed => "allowed", Rejected => "rejected", Unverifiable => "unverifiable" });
enum_names!(ViolationKind {
    Changed => "changed",
    SignatureChanged => "signature_changed",
    Removed => "removed",
    Added => "added",
    Redefined => "redefined",
    Moved => "moved",
    Outside => "outside",
    SyntaxError => "syntax_error",
    FileChanged => "file_changed",
    FileCreated => "file_created",
    FileDeleted => "file_deleted",
    FileRenamed => "file_renamed",
    ModeChanged => "mode_changed",
    BinaryChanged => "binary_changed",
    ContractChanged => "contract_changed",
    SymlinkChanged => "symlink_changed",
    SymlinkOutside => "symlink_outside",
    BidiControl => "bidi_control",
    Protected => "protected",
});
enum_names!(Formatting { Exact => "exact", Tolerant => "tolerant" });
enum_names!(Version { Before => "before", After => "after" });
enum_names!(GitVersion { Staged => "staged", Worktree => "worktree", Committed => "committed" });
enum_names!(Construct {
    UnicodeEscape => "unicode_escape",
    LineTerminator => "line_terminator",
    ConditionalCompilation => "conditional_compilation",
    RawString => "raw_string",
});
enum_names!(FileChangeKind {
    Modified => "modified",
    Created => "created",
    Deleted => "deleted",
    Renamed => "renamed",
});
enum_names!(ChangeKind {
    Body => "body",
    Signature => "signature",
    Formatting => "formatting",
    Added => "added",
    Removed => "removed",
    Moved => "moved",
});
enum_names!(Level { Edit => "edit", Body => "body", Delete => "delete", Add => "add" });
enum_names!(SymbolKind {
    Function => "function",
    Method => "method",
    Class => "class",
    Struct => "struct",
    Enum => "enum",
    Union => "union",
    Trait => "trait",
    Impl => "impl",
    Interface => "interface",
    TypeAlias => "type_alias",
    Module => "module",
    Constant => "constant",
    Static => "static",
    Variable => "variable",
    Field => "field",
    Variant => "variant",
    Macro => "macro",
    Value => "value",
    Test => "test",
});
enum_names!(PatchErrorKind {
    Malformed => "malformed",
    NoMatch => "no_match",
    Ambiguous => "ambiguous",
    MissingFile => "missing_file",
    Binary => "binary",
    BadPath => "bad_path",
    TooLarge => "too_large",
});
enum_names!(ScopeKey {
    Body => "body",
    Edit => "edit",
    Add => "add",
    Delete => "delete",
    Imports => "imports",
    Create => "create",
    Files => "files",
});
enum_names!(PatchFormat { Unified => "unified", Codex => "codex", Aider => "aider" });

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use serde::Serialize;

    use super::*;

    fn holds<T: Serialize + FromStr + PartialEq + std::fmt::Debug>(
        all: &[T],
        name: fn(&T) -> &'static str,
    ) where
        T::Err: std::fmt::Debug,
    {
        for v in all {
            let json = serde_json::to_value(v).unwrap();
            assert_eq!(json.as_str(), Some(name(v)), "{v:?}");
            assert_eq!(&T::from_str(name(v)).unwrap(), v);
        }
        assert!(T::from_str("no such name").is_err());
    }

    #[test]
    fn names_are_the_serde_names() {
        holds(Status::ALL, |v| v.as_str());
        holds(ViolationKind::ALL, |v| v.as_str());
        holds(Formatting::ALL, |v| v.as_str());
        holds(Version::ALL, |v| v.as_str());
        holds(GitVersion::ALL, |v| v.as_str());
        holds(Construct::ALL, |v| v.as_str());
        holds(FileChangeKind::ALL, |v| v.as_str());
        holds(ChangeKind::ALL, |v| v.as_str());
        holds(Level::ALL, |v| v.as_str());
        holds(SymbolKind::ALL, |v| v.as_str());
        holds(PatchErrorKind::ALL, |v| v.as_str());
        holds(PatchFormat::ALL, |v| v.as_str());
        holds(ScopeKey::ALL, |v| v.as_str());
    }
}
