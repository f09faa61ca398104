//! The kinds of definition a profile names ([`SymbolKind`]): a leaf module, read by the
//! profiles and by the extraction in [`crate::symbols`].

use std::fmt;

use serde::Serialize;

/// What kind of definition a symbol is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SymbolKind {
    /// A free function (also a Rust `fn` nested in another function).
    Function,
    /// A function inside a class, impl, trait or interface.
    Method,
    /// A class.
    Class,
    /// A Rust `struct`.
    Struct,
    /// An enum.
    Enum,
    /// A Rust `union`.
    Union,
    /// A Rust `trait`.
    Trait,
    /// A Rust `impl` block.
    Impl,
    /// A TypeScript `interface`.
    Interface,
    /// A type alias (Rust `type`, TypeScript `type`, Python `type X = ...`).
    TypeAlias,
    /// A Rust `mod` with a body or a TypeScript `namespace`.
    Module,
    /// A constant: Rust `const`, TypeScript `const`, a Python module variable in `UPPER_CASE`.
    Constant,
    /// A Rust `static`.
    Static,
    /// A module-level variable.
    Variable,
    /// A class field or interface property.
    Field,
    /// A Rust `macro_rules!` macro.
    Macro,
    /// A TypeScript `export default` of an anonymous value.
    Value,
    /// A JavaScript / TypeScript test block: `describe(...)`, `it(...)`, `test(...)` called
    /// as a statement with a literal title, named by that title (see `language/ecmascript.rs`).
    Test,
}

impl SymbolKind {
    /// The lowercase name used in JSON and human output: the same as `as_str()`.
    pub fn name(self) -> &'static str {
        self.as_str()
    }

    /// Whether new symbols may be granted `add` directly inside this kind: classes, impls,
    /// traits, interfaces, modules/namespaces, and test blocks (a new `it(...)` inside a
    /// `describe(...)`).
    pub fn is_container(self) -> bool {
        self.holds_declarations() || self == SymbolKind::Test
    }

    /// Whether variables and members declared directly inside are symbols: classes, impls,
    /// traits, interfaces and modules/namespaces (not test blocks: the locals of a test's
    /// callback are not symbols).
    pub(crate) fn holds_declarations(self) -> bool {
        matches!(
            self,
            SymbolKind::Class
                | SymbolKind::Impl
                | SymbolKind::Trait
                | SymbolKind::Interface
                | SymbolKind::Module
        )
    }

    /// Whether a function directly inside is a method.
    pub(crate) fn has_methods(self) -> bool {
        matches!(
            self,
            SymbolKind::Class | SymbolKind::Impl | SymbolKind::Trait | SymbolKind::Interface
        )
    }
}

impl fmt::Display for SymbolKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
