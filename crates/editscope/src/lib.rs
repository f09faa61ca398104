//! editscope: symbol-level edit contracts for AI coding agents.
//!
//! An agent asked to fix `UserService.create` should change `UserService.create` and
//! nothing else. editscope parses both versions of a file with tree-sitter, names every
//! symbol with a qualified path, and checks that a change stays inside the symbols it was
//! granted, at syntax-node granularity.
//!
//! ```
//! use editscope::{check_text, CheckOptions, Grants, Language, Status, ViolationKind};
//!
//! let before = "class UserService:\n    def create(self, name):\n        return name\n\n    def delete(self, id):\n        pass\n";
//! let after = "class UserService:\n    def create(self, name):\n        return name.strip()\n\n    def delete(self, id):\n        raise NotImplementedError\n";
//!
//! let grants = Grants::new().body("UserService.create");
//! let verdict = check_text(Language::Python, before, after, &grants, &CheckOptions::default())?;
//! assert_eq!(verdict.status, Status::Rejected);
//! assert_eq!(verdict.violations.len(), 1);
//! assert_eq!(verdict.violations[0].kind, ViolationKind::Changed);
//! assert_eq!(verdict.violations[0].symbol.as_deref(), Some("UserService.delete"));
//! # Ok::<(), editscope::Error>(())
//! ```
//!
//! # Symbols
//!
//! A symbol is a named definition. [`SourceFile::symbols`] lists them in document order
//! with their [`SymbolKind`], qualified path, **extent** and **body**.
//!
//! | language | symbols |
//! | --- | --- |
//! | Python | `def`, `class`, assignments to a plain name at module or class level (`MAX = 3`, `name: str`), `type X = ...` |
//! | Rust | `fn` (also trait `fn` without body), `struct`, `enum`, `union`, `trait`, `impl`, `type` (also associated), `const`, `static`, `mod { }`, `macro_rules!`; the named fields of a `struct` or `union` and the variants of an `enum` (not a tuple struct's fields, nor a variant's) |
//! | TypeScript / TSX | `function` (overload signatures too), `class`, methods, constructors, fields, getters/setters, `interface` and its members, `type` (and the property and method signatures of a `type X = { ... }`), `enum`, `namespace`, top-level `const`/`let`/`var`, anonymous `export default` |
//! | JavaScript / JSX | `function`, `class`, methods, constructors, fields, getters/setters, top-level `const`/`let`/`var`, anonymous `export default`, and top-level assignments to a member chain of plain names (`exports.f = function () {}`, `module.exports.f = ...`, `Foo.prototype.bar = ...`, `res.send = ...`); a top-level declaration of `x = require("m")` declarators only is an import |
//! | Go | `func`, methods, each name of a top-level `type` (struct, interface, other), `const` and `var` spec; a `const ( ... )` group using `iota` or implicit repetition is one symbol named by its first constant; a spec of several names (`var a, b = 1, 2`) is none; the fields of a top-level struct type (an embedded field named by its type's name; a field line of several names, `A, B int`, is none) |
//! | Java | `class`, `interface`, `enum`, `record`, `@interface` (at the top level and in types, not in methods or initializer blocks), methods, constructors (also compact), annotation elements, enum constants, fields (each variable of `int a, b;` its own symbol) |
//! | C# | `namespace` (block and file-scoped), `class`, `struct`, `interface`, `enum`, `record` (also `record struct`), `delegate`, methods, constructors, finalizers, operators, indexers, properties, events, enum members, fields (each variable of `int a, b;` its own symbol); not local functions, lambdas or top-level statements |
//!
//! Definitions nested in functions are symbols too (`outer.inner`), except variables:
//! an assignment or `const` is a symbol only where the nearest enclosing symbol is none or a
//! container (class, impl, trait, interface, module/namespace; by its shape, a struct with
//! named fields, a union, an enum, a Go struct type, a TypeScript alias of an object type:
//! [`Symbol::is_container`]). A member (a field, a variant, a method or property signature)
//! is a symbol only directly in a container's member list.
//!
//! ## Extent
//!
//! The extent is the definition node plus what belongs to it:
//! - Python: the decorators (`decorated_definition`).
//! - Rust: outer attributes (`#[...]`) and doc comments (`///`, `/** */`) above it, however
//!   many and across blank lines, as rustc attaches them, and the plain comments between them
//!   (`#[cfg(x)] // why` above `#[test]`: rustc attaches both attributes). A plain `//` or
//!   `/* */` comment with no attribute or doc comment above it is *not* part of any extent: it
//!   is text outside symbols, and changing it needs a grant on its container. Before an
//!   *allowed* answer, `syn` reads the file too (its outer attributes, doc comments included,
//!   are the item's: the same extents), and the two readings must agree.
//! - TypeScript: the `export` / `export default` / `declare` wrapper, decorators, and a JSDoc
//!   `/** */` comment directly above (no blank line in between); a trailing `;` or `,`
//!   separator of a class, interface or object type alias member.
//! - JavaScript: as TypeScript (no `declare`).
//! - Go: the `//` or `/* */` doc comments directly above (no blank line in between); a
//!   struct field's trailing `;` (a comment after a field on its line is the struct's).
//! - Java: the annotations and modifiers (part of the declaration node) and a Javadoc `/** */`
//!   comment above, across blank lines; a field declaration of several variables gives each
//!   its declarator (`a = 1,`), leaving the shared modifiers and type to the class.
//! - C#: the attributes (part of the declaration node) and `///` (or `/** */`) doc comments
//!   above, across blank lines; fields as in Java; a file-scoped `namespace A;` reaches to the
//!   end of the file.
//! - Rust fields and variants: their attributes and doc comments, as for items, and the `,`
//!   right after them.
//!
//! ## Body
//!
//! The body of a function is its block (for `const f = () => ...`, the arrow's body); of a
//! class, impl, trait, interface, module or namespace, its member list; of a Rust struct,
//! union or enum, its field or variant list. Comments between the signature and the block
//! belong to the body. A Python docstring first in a body belongs to the *signature*:
//! a `body` grant does not allow changing it (nor adding one). Every form CPython takes as
//! the docstring counts: a string literal, an implicit concatenation (`"a" "b"`), either in
//! parentheses (`("a")`); f-strings and bytes, which CPython does not take, are treated the
//! same (fail closed). A Rust inner attribute (`#![...]`) in a body is one of the item's
//! attributes: a `body` grant does not allow adding, changing or removing one. Constants,
//! variables, fields, variants, type aliases and macros have no body (a `body` grant on them
//! is an error: grant `edit`).
//!
//! # Qualified paths
//!
//! | language | definition | path |
//! | --- | --- | --- |
//! | Python | method `create` of `class UserService` | `UserService.create` |
//! | Python | `def inner` inside `def outer` | `outer.inner` |
//! | Python | `@property x` and `@x.setter x` | `UserService.x` (one path, two nodes) |
//! | TypeScript | class constructor | `UserService.constructor` |
//! | TypeScript | `function area` in `namespace Shapes` | `Shapes.area` |
//! | TypeScript | `const handler = () => {}` | `handler` |
//! | TypeScript | `get v()` and `set v(x)`; overloads and implementation | one path each |
//! | TypeScript | `export default function () {}` | `default` |
//! | JavaScript | `exports.f = function () {}`, `module.exports.f = ...` | `exports.f`, `module.exports.f` |
//! | JavaScript | `Foo.prototype.bar = function () {}` at top level | `Foo.prototype.bar` |
//! | Go | `func (s *Server[T]) Start()` | `Server.Start` |
//! | Go | `func helper()`, `type Server struct`, `const Max = 1`, `var started bool` | `helper`, `Server`, `Max`, `started` |
//! | Java | method `run` of `Outer`'s nested `Inner`; its constructors; `int a, b;` in it | `Outer.Inner.run`; `Outer.Inner.Inner` (overloads share a path); `Outer.Inner.a`, `Outer.Inner.b` |
//! | Java | `enum Color { RED }`, `record Point(int x)`, `@interface Audited` | `Color`, `Color.RED`, `Point`, `Audited` |
//! | C# | `namespace A.B { class Foo { void Bar() {} } }` (or after `namespace A.B;`) | `A.B`, `A.B.Foo`, `A.B.Foo.Bar` |
//! | C# | constructor, finalizer, `operator +`, `implicit operator int`, indexer of `Foo` | `Foo.Foo`, `Foo.~Foo`, `Foo.operator+`, `Foo.operator int`, `Foo.this` |
//! | Rust | `fn parse` in `impl Parser` or `impl<T> Parser<T>` | `Parser::parse` |
//! | Rust | the block `impl<T> Parser<T>` | `impl Parser` |
//! | Rust | `fn fmt` in `impl fmt::Display for Parser<'_>` | `<Parser as fmt::Display>::fmt` |
//! | Rust | the block itself | `impl fmt::Display for Parser` |
//! | Rust | `fn read` in `trait Reader` | `Reader::read` |
//! | Rust | `fn connect` in `mod net { }` | `net::connect` |
//! | Rust | `macro_rules! vec_of` | `vec_of!` |
//! | Rust | field `timeout` of `struct Config` | `Config.timeout` (a method `timeout` is `Config::timeout`) |
//! | Rust | variant `Circle` of `enum Shape` | `Shape::Circle` |
//! | Go | field `Timeout` of `type Config struct`; embedded `*io.Reader` | `Config.Timeout`; `Config.Reader` |
//! | TypeScript | member `a` of `type KyOptions = { a: string }` | `KyOptions.a` |
//!
//! Names are canonical: what the language compares, not the bytes. Python identifiers are
//! NFKC-normalised (`ｃreate_user` is `create_user`), TypeScript identifier escapes are
//! decoded (`cre\u0061te` is `create`) and a member named by a string literal is named by
//! its value (`"delete"() {}` is `delete`), Rust raw identifiers lose `r#` and are
//! NFC-normalised. Paths are reported in this form, and grants and selectors are matched
//! after the same normalisation.
//!
//! Generics are dropped; a trait's path is kept as written. As a grant, the Rust short form
//! `Parser::fmt` names `fmt` in a trait impl for `Parser` ([`Symbol::short_path`]) when it
//! is unambiguous: a short form that names symbols of different full paths (the `fmt` of
//! `impl Display` and of `impl Debug`) is an [`Error::InvalidGrant`] listing them, and a path
//! that is some symbol's full path (an inherent `Parser::fmt`) names that symbol only. A path
//! denotes every definition with that full path in that scope (a Python redefinition,
//! TypeScript overloads).
//!
//! A full [`Selector`] is `<file path>::<symbol path>` (`src/app.py::UserService.create`):
//! the file part ends at the first `::`.
//!
//! # The check
//!
//! [`Grants`] say what may change: `edit` (anything in the extent), `body` (only the body),
//! `delete` (the symbol may go), `add` (new symbols directly inside a container, or at the
//! top level), `imports` (module-level import statements: at the top level of the file, in
//! Rust also directly inside a `mod { }`; an import inside a function, class or impl is part
//! of that symbol). [`check`] answers with a [`Verdict`], defined exactly:
//!
//! 1. In `before` and in `after`, replace every granted region (the extent for `edit`, the
//!    body for `body`) by a placeholder naming its symbol path.
//! 2. Remove from `before` each symbol granted `delete` whose path is gone from `after`, and
//!    from `after` each symbol whose path is new and whose container is granted `add`; also,
//!    for an `edit`-granted path that exists on both sides, the definitions without a
//!    counterpart on the other side (a redefinition, a new overload); each
//!    with what separates it from its neighbours: its lines and the blank lines after it (or,
//!    when none follow, the blank lines before it); on a shared line, the spaces after it (or
//!    before it).
//! 3. Every symbol present in both versions that no grant covers (no `edit` on it or an
//!    ancestor, not inside a body-granted ancestor's body) has the same skeleton within its
//!    extent: an addition may not cut an ungranted function in two even where every byte
//!    stays in place. And no change binds the name of an ungranted symbol (not covered as in
//!    this step, and not granted `delete` unless it is still there) more often than before:
//!    every statement form that
//!    binds a name in that symbol's scope counts (a definition, a chained assignment, a
//!    walrus, an import alias, `global` plus an assignment inside a granted body,
//!    `for`/`with`/`except`/`match` targets, `del`, `Class.attr = ...`, `setattr` and
//!    `globals()[...]`, an instance attribute shadowing a method (any but a property),
//!    `cls.m`, `type(self).m`, an attribute of a function (`helper.__code__`); TypeScript `var`,
//!    imports, assignments to a module binding from a body that does not declare it,
//!    `Class.prototype.m = ...`, `this.m = ...`, `Object.assign` and `Object.defineProperty`
//!    on a prototype, computed member keys; Rust module-level `use` and assignments to a
//!    `static mut`). A form without a literal name (`from m import *`, `setattr(C, name,
//!    v)`) binds every name of its scope (at module level, every name defined above it).
//!    A target that cannot be determined exactly (wrapped, computed, reached through a
//!    receiver) counts against every name it could reach. Adding a Python lookup hook
//!    (`__getattribute__`, `__init_subclass__`, ...) to a class with ungranted members, or a
//!    Rust inherent method named like a trait method of that type, counts against what it
//!    shadows. A protocol member added to a class under `add` alone (a Python special name,
//!    `__bool__`, `__init__`, `__slots__`; a JavaScript / TypeScript `constructor`, `then`,
//!    `toString`, computed key, getter or setter, or an override of a base class's member)
//!    counts against the class itself (`check/protocol.rs`). For test blocks (JavaScript,
//!    TypeScript), a change to a test block's callback outside its child test blocks counts
//!    against every ungranted test block below it, an assignment to a name declared at the
//!    top level of that callback written more often than before counts against them too,
//!    and an added exclusive test (`.only`, `fit`, `fdescribe`) counts whatever the grants
//!    (`check/test_blocks.rs`). So does a new top-level definition named like an import, builtin or prelude
//!    name that ungranted code refers to (every identifier outside the grants counts as a
//!    use). So does a name bound at module level by a binding that is not a symbol (an
//!    import the change writes, `extern crate ... as`, `global x` plus an assignment in a
//!    granted body, `builtins.len = ...`, TypeScript `globalThis.x = ...` or
//!    `Array.prototype.m = ...` on an object the file does not bind) that ungranted code
//!    uses and that `before` did not bind in that module by an import or definition: what
//!    it shadows is a builtin, prelude item, global or other crate. A glob import the change
//!    adds (`use evil::*`, `from evil import *`) binds unknown names, so it counts against
//!    every such name ungranted code uses (`use super::*` against the names of the module
//!    it names), local variables and parameters excepted; a TypeScript `import type`
//!    counts like any import (it shadows a global type in annotations). A name imported in
//!    `before` and imported from elsewhere in `after` is what an `imports` grant allows.
//!    A Rust `impl`, a TypeScript `declare global`/`declare module` written inside a
//!    function body (their effect is global), and a Rust inherent method added under a
//!    name ungranted code calls as a method or through its type (it wins over the trait
//!    method those calls reached, such as `ToString::to_string`) count too, as does an added
//!    `impl Drop for T` for an ungranted `T`. In Java, where a simple name is looked up
//!    through the enclosing classes before the imports, a member or nested type added at any
//!    depth (inside a class that `before` has) counts against every ungranted use of its
//!    name anywhere in the file, and a single-type or single static import (`import
//!    evil.String;`) against the names it shadows (imports on demand shadow nothing, JLS
//!    6.4.1). C# likewise, with using aliases and `using` directives inside a namespace for
//!    imports, member calls for a new extension method's name, and any new
//!    `[ModuleInitializer]`. In Rust, a method call `.n(` or a path `T::n`, `Self::n`,
//!    `Trait::n` of ungranted code that an added inherent item, trait item or trait impl
//!    can resolve to counts too (an added impl of a foreign trait: every method call), and
//!    so does an added impl for `i32`/`f64` or a blanket impl of a trait that is foreign or
//!    implemented for another numeric type (literal fallback); a Go call of a pointer-receiver
//!    method on a variable binds it as `&x` does. Each such name
//!    is a [`ViolationKind::Redefined`]. Positional members keep their place: an ungranted
//!    Rust or C# enum variant without an explicit value keeps the explicit value it counts
//!    from and its distance from it, and an ungranted Java enum constant or Rust, Go, C#
//!    struct or Python class field keeps its index among its siblings; a shift is a
//!    [`ViolationKind::Changed`] of the shifted member (appending keeps every key). Forms that are not syntactic
//!    (`exec`, `sys.modules[...]`, aliases held in variables, decorator registries,
//!    metaclasses) are not seen.
//! 4. The change is **allowed iff the two skeletons are identical** and step 3 holds. Placeholders are not text,
//!    so no source text can forge one. With [`Formatting::Tolerant`] the skeletons' syntax
//!    trees are compared instead: the preorder sequence of every node outside the regions
//!    (named or anonymous; an inner node as its kind, depth and field; a leaf, or an opaque
//!    node such as a string literal, as its kind, exact text, depth and parent's kind), and
//!    any text the tree does not cover, word by word. Only the whitespace between tokens
//!    may change, and only where the tree stays the same: comments, string contents, and
//!    layout that changes the parse (Python indentation, a line break that ends a
//!    statement) may not. In TypeScript a line break is also kept where the grammar forbids
//!    one ("no LineTerminator here": after `return`, `throw`, `break`, `continue`, `yield`,
//!    `async`, `await` and TypeScript's contextual keywords; before postfix `++`/`--`, `=>`,
//!    `as`, `satisfies`), even where tree-sitter parses both layouts alike. In Python,
//!    indentation that CPython refuses (`TabError`: tabs and spaces mixed inconsistently)
//!    or reads in another order than tree-sitter (which counts a tab as 8 columns) is a
//!    syntax error in `after`, in either mode.
//!
//! Also: a bidirectional control character (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
//! U+061C) that the change adds anywhere, granted regions included, rejects
//! ([`ViolationKind::BidiControl`]; "added": on a line of `after` that a line diff does not
//! keep in place, or in a token, such as a string or a comment, that is not the same token
//! at that place of `before`) unless [`CheckOptions::allow_bidi`]. In Python, a lone
//! carriage return (which CPython reads as a line break and tree-sitter does not) in
//! `after` is a syntax error. A syntax error in `after` rejects; one in `before` makes the verdict
//! [`Status::Unverifiable`] unless [`CheckOptions::allow_syntax_errors`] (but see "Two
//! parsers" below for errors only tree-sitter reports); an oversized file is
//! unverifiable; a grant naming no symbol of `before` is an [`Error::InvalidGrant`]. A new
//! definition with the path of an existing one (a Python redefinition, which shadows it) is
//! not an addition: it is rejected as [`ViolationKind::Redefined`]. Text a compiler reads
//! otherwise than tree-sitter (a Java unicode escape) makes the verdict unverifiable: see
//! "Read as the compiler reads".
//!
//! Anyone can re-check a verdict with this definition; the crate's property tests hold the
//! implementation to it. The implementation parses `after` incrementally from `before`, so a
//! check costs about one parse plus a small edit.
//!
//! # The warm path
//!
//! An agent edits the same file many times; each check should not parse the unchanged
//! baseline again. A [`WarmFile`] parses the baseline once (its tree, its symbols, and, on
//! the first check that gets to *allowed*, its second parser's reading, or at once with
//! [`WarmFile::prepare`]) and keeps the last versions it parsed. [`WarmFile::check_edit`]
//! parses the new text incrementally from the most recent of them (one tree-sitter
//! `InputEdit` from the common prefix and suffix of the bytes) and checks it against the
//! baseline: the verdict is exactly [`check_text`]'s on the same pair (status, reasons,
//! violations, changes). Where the new version has syntax errors or masked modifiers, it is
//! parsed again from the baseline, as [`check_text`] parses it, so that tree-sitter's error
//! recovery starts from the same tree. What the check derives from one file alone (its
//! bindings) is kept with the file, so the baseline's are made once.
//!
//! ```
//! use editscope::{check_text, CheckOptions, Grants, Language, WarmFile};
//! let before = "fn a() -> u8 { 1 }\nfn b() -> u8 { 2 }\n";
//! let warm = WarmFile::new(Language::Rust, before, Default::default())?;
//! let grants = Grants::new().body("a");
//! let opts = CheckOptions::default();
//! for after in ["fn a() -> u8 { 3 }\nfn b() -> u8 { 2 }\n", "fn a() -> u8 { 3 }\nfn b() -> u8 { 4 }\n"] {
//!     assert_eq!(warm.check_edit(after, &grants, &opts)?, check_text(Language::Rust, before, after, &grants, &opts)?);
//! }
//! # Ok::<(), editscope::Error>(())
//! ```
//!
//! A [`WarmCache`] holds one per path for [`check_changes_with`]
//! ([`CheckChangesOptions::warm`]); a [`session::Session`] (and the Python `Session`) keeps
//! one. The new version still needs its own second reading on the way to *allowed* (about
//! the cost of a parse; see `benches/README.md`).
//!
//! # Two parsers
//!
//! tree-sitter is not the compiler: its lexer and its error recovery can read a file
//! differently (a lone `\r` ends a Python `#` comment for CPython only; after an
//! instantiation expression `f<number> / 2`, tree-sitter lexes `/.../` as a regular
//! expression where tsc sees a division). So *allowed* is confirmed by a second,
//! compiler-grade parser of each language, [`Language::verified_by`]:
//!
//! | language | verified by |
//! | --- | --- |
//! | Rust | tree-sitter-rust and `syn` (feature `rust`) |
//! | Python | tree-sitter-python and `ruff_python_parser` (feature `python`) |
//! | TypeScript / TSX | tree-sitter-typescript and `oxc_parser` (feature `typescript`) |
//! | JavaScript / JSX | tree-sitter-javascript and `oxc_parser` (feature `javascript`) |
//! | Go | tree-sitter-go alone (feature `go`): no compiler-grade Go parser exists in Rust |
//! | Java | tree-sitter-java alone (feature `java`): no compiler-grade Java parser exists in Rust |
//! | C# | tree-sitter-c-sharp alone (feature `csharp`): no compiler-grade C# parser exists in Rust |
//!
//! Go's answers therefore rest on one parser: where tree-sitter-go's lexer or error
//! recovery reads a file otherwise than the Go compiler, nothing catches it. A Go file with a
//! tree-sitter syntax error is never *allowed* (the valid-file rule needs a second parser).
//!
//! Before answering *allowed*, both versions must parse without error in the second parser,
//! and its definitions must agree with tree-sitter's symbols: the same set, nested ones
//! included, with the same extent and body, and the same import statements. Boundaries may
//! differ only by whitespace and by comments as the second parser reads them (so the two
//! may attach a comment differently, never a byte of code). Otherwise the verdict is
//! [`Unverifiable::ParsersDisagree`], naming the version, the line and what each parser
//! reads there. A rejection needs no confirmation, so the second reading (memoised per
//! [`SourceFile`]) is waited for and compared only on the way to *allowed*.
//!
//! Cost: Rust is read on long-lived parsing threads (`editscope-syn`, a 256 MiB stack each,
//! at most two waiting between checks; one that read deeply nested input ends after it),
//! which drop the syntax tree after handing over the reading, and one `syn` token buffer
//! serves both the nesting guard and the parse. [`check_text`] starts the Rust reading of
//! `before` before tree-sitter parses, on a parsing thread that is free, so the parsers
//! work side by side; a [`SourceFile`] of exactly those bytes takes the reading, and one
//! nobody asks for (a rejection) is dropped. The other languages' second parsers read both
//! versions in full; they cost far less than tree-sitter.
//!
//! *The spliced reading (Rust).* The new version is not read in full: it is cut where the
//! old version's reading has top-level items end and begin around the change (`P`, the
//! items before it, the last one closed by `;` or `}`; `S`, the items after it), only the new
//! middle `M'` is read by `syn` (as a run of items, or as a file when `P` is empty), and the
//! reading is `P`'s part of the old reading, `M'`'s, and `S`'s shifted by the change in
//! length. The splice is taken only where it is provably exactly the reading of the whole
//! new version; anywhere else the whole version is read. It needs: the old version read
//! without error; the same byte order mark and shebang line in both versions (compared, not
//! assumed); `M'` read alone without error (so every unterminated string, raw string, byte
//! or C string, char literal and block comment, nested ones included, is an error that
//! declines, never something that reads on into `S`), not starting with a byte order mark,
//! and, after `P`, not with `::`; where `S` follows, `M'` ends with a closed item (not an
//! inner attribute) and is empty, ends with `\n` (which can only be whitespace, so no line
//! comment is open) or ends with that closing token itself, and `S`'s first item does not
//! start with `::`; and no range of the old reading straddles a cut. Why that is enough:
//! the lexer never looks back and each of its steps reads forward only as far as the
//! construct it reads, `;` and `}` never join the next token, and `syn::File` reads items
//! one after the other, an item closed by `;` or `}` deciding nothing after it; so the
//! whole version's tokens and items are `P`'s, `M'`'s and `S`'s, and an error the whole
//! reading would report lies in `P` or `S` (read without error in the old version) or in
//! `M'` (which declines). The nesting guard's counts restart at every cut taken (after `;`,
//! and after `}` when what follows is not `::`), so its verdict is that of the pieces. The
//! argument in full is in `second/rust/splice.rs`; property tests hold the splice to the
//! whole reading, and the verdicts to those of whole readings, on random edits that insert
//! quotes, comment openers and closers, `\r`, braces and items at and around item
//! boundaries (`tests/second_splice.rs`).
//!
//! The target is a check within 1.3 × two tree-sitter parses (`benches/check.rs`, groups
//! `check` and `parse2`). Python, TypeScript and TSX meet it. For Rust (a loaded 2-core
//! machine, one run each, `--quick`), check / parse2 was 1.82 at 1,000 lines and 2.02 at
//! 10,000 lines with both versions read whole, and is 1.67 and 1.47 with the splice (in a
//! second run under more load, group `check_whole` against `check`: 3.79 → 2.63 and 1.97 →
//! 1.59). What is left is `syn`'s reading of `before` (about 1.3 tree-sitter parses of
//! CPU, beside tree-sitter only where a core is free) and the rebinding rules' walks of both
//! trees (about a quarter of the check's CPU time, profiled). The goal is not met on this
//! machine; see `benches/README.md`.
//!
//! *Masked modifiers.* tree-sitter-typescript lacks the variance modifiers of type
//! parameters (`interface Box<out T>`, `class Cell<in out T>`). Where tree-sitter reports a
//! syntax error in a TypeScript or TSX file that the second parser reads without error, each
//! `in` / `out` keyword the second parser reads as such a modifier (and nothing else: the
//! text between the parameter's start and its name must be only those keywords, `const`,
//! whitespace and comments) is replaced by as many spaces, and tree-sitter parses that text
//! ([`SourceFile::masked`]). The masked text has the same length, so every span still indexes
//! the original; the tree is the only thing read from it. Skeletons, tokens and symbol texts
//! read the original bytes: a changed, added or removed modifier outside the grants is a
//! changed byte (in tolerant mode a changed word, since text between tree-sitter's tokens is
//! compared word by word). A modifier has no runtime meaning and binds nothing, so the
//! rebinding rules lose nothing in the masked tree; and the agreement check above still
//! compares tree-sitter's symbols with the second parser's reading of the original text.
//!
//! A file on which tree-sitter still reports syntax errors that the second parser does not
//! (valid syntax tree-sitter lacks: `~` in Rust macro token trees) can still be checked
//! when every `ERROR`/`MISSING` node lies in a top-level item (as the
//! second parser draws them) that the change leaves byte-identical, whose lines a line diff
//! keeps, that no granted region touches, in which tree-sitter has a symbol of the name of
//! every definition the second parser reads there, and outside of which the two parsers
//! agree. Those items are then unchanged text that no grant reaches, whose definitions the
//! rules against redefinitions and rebindings see; everything else is read alike by both
//! parsers. One exception: such an item that is a single declaration-only symbol (a
//! TypeScript `interface` or `type`, a `type` alias, a Rust `macro_rules!`) may change when
//! an `edit` grant on that symbol covers the item whole in both versions, since nothing in
//! it runs. And such an item that the change leaves unchanged may lie in an `edit` grant on
//! its symbol even where other symbols share its path (a `macro_rules!` defined once per
//! `cfg`): the grant covers it whole, and its bytes are the same in both versions. Where the
//! rule does not hold, a syntax error in `before` stays
//! unverifiable, and one in `after` that the second parser does not share is
//! [`Unverifiable::ParsersDisagree`]. [`CheckOptions::allow_syntax_errors`] still admits
//! files whose `before` is broken, but *allowed* needs the second parser's confirmation, so
//! a file the compiler cannot read is never allowed.
//!
//! # Read as the compiler reads
//!
//! Some compilers translate text before they lex it, where tree-sitter reads the bytes as
//! they are. A version holding such text is refused up front:
//! [`Unverifiable::UnsupportedConstruct`] names the version, the line and the
//! [`Construct`]. Java (javac translates every unicode escape first, JLS 3.3): a unicode escape
//! (`\u000a`, also `\uuu000a`, after an even run of backslashes) outside a string, character
//! literal, text block or comment, or one inside them that stands for a character that can end
//! a token there (a control character, `"`, `'`, `\`, `*`, `/`), or a malformed one, is
//! [`Construct::UnicodeEscape`] (`// note \u000a void evil() {}` hides a method from
//! tree-sitter; `"caf\u00e9"` is read alike and fine); a carriage return without a line feed,
//! which ends a `//` comment for javac only, is [`Construct::LineTerminator`]. C#: a
//! conditional directive (`#if`, `#elif`, `#else`, `#endif`, `#define`, `#undef`; the
//! compiler skips a false branch, tree-sitter reads all) is
//! [`Construct::ConditionalCompilation`]; U+0085, U+2028, U+2029 (line ends for the compiler
//! only) are [`Construct::LineTerminator`]; a backslash outside literals and comments (an
//! escape in an identifier) is [`Construct::UnicodeEscape`]; a raw string literal whose
//! closing quotes differ in number from its opening ones, or whose content holds as many in a
//! row, is [`Construct::RawString`].
//!
//! # Reports
//!
//! [`diff`] (and [`Verdict::changes`]) lists every symbol that differs, at the innermost
//! symbol containing the change, with a [`ChangeKind`], and every change outside any symbol.
//! Each [`Violation`] names the symbol (or none: outside any symbol), the lines before and
//! after, and a sentence an agent can act on.
//!
//! # Contracts and change sets
//!
//! For a whole repository, a [`Contract`] says what a task may change (symbol selectors
//! `<file glob>::<symbol pattern>`, whole files, new files, imports), a [`ChangeSet`] holds the
//! files before and after (built from a patch in any supported [`patch`] format, two
//! directories, or git), and [`check_changes`] gives a [`Report`]: allowed, rejected or
//! unverifiable, with every violation. Everything a contract does not grant is frozen. A
//! contract file (any `.editscope.toml`, or one named in [`CheckChangesOptions::protected`]) is
//! never granted ([`ViolationKind::ContractChanged`]). A symlink is a change of its own kind:
//! creating or changing one needs a `files` grant naming it
//! ([`ViolationKind::SymlinkChanged`]), and one whose target resolves outside the root is
//! never granted ([`ViolationKind::SymlinkOutside`]). Git change sets
//! ([`ChangeSet::from_git`]) are the whole repository's, with paths relative to its top level,
//! from whatever directory of it they are asked; git state an agent can write (replace refs,
//! the index's stat cache and flags, filter drivers, ignore rules it made) hides no change.
//!
//! ```
//! use editscope::{check_changes, ChangeSet, Contract, Status};
//! let contract = Contract::from_toml(r#"
//! body = ["src/app.py::UserService.create"]
//! create = ["tests/**"]
//! "#)?;
//! let before = "class UserService:\n    def create(self, name):\n        return name\n";
//! let after = "class UserService:\n    def create(self, name):\n        return name.strip()\n";
//! let changes = ChangeSet::from_memory([
//!     ("src/app.py", Some(before.to_string()), Some(after.to_string())),
//!     ("tests/test_app.py", None, Some("def test(): pass\n".to_string())),
//!     ("setup.py", Some("x = 1\n".to_string()), Some("x = 2\n".to_string())),
//! ])?;
//! let report = check_changes(&contract, &changes)?;
//! assert_eq!(report.status, Status::Rejected);
//! assert_eq!(report.violations.len(), 1);
//! assert_eq!(report.violations[0].path, "setup.py");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # In-source markers
//!
//! A comment `editscope: protect` directly above a definition, or on its first line,
//! protects it under every contract ([`SourceFile::markers`] reads them; the rules of what
//! is a marker and what it attaches to are in `markers.rs`'s docs and the README): the
//! definition is protected as by a `protect` selector, whatever the grants, a `files` grant
//! on its file included. Markers are read from `before`; removing, moving or changing one (or
//! the text between it and its definition), and deleting or moving a file that holds one,
//! are [`ViolationKind::Protected`]. A marker that attaches to no definition is a warning in
//! [`Report::warnings`], and its comment may not change either. A text that never mentions
//! `editscope` is not scanned; otherwise the scan walks the tree the check parsed, never a
//! second parse. Markers apply to [`check_changes`] and everything built on it, not to
//! [`check_text`] with explicit [`Grants`].
//!
//! ```
//! use editscope::{check_changes, ChangeSet, Contract, Status, ViolationKind};
//! let contract = Contract::from_toml(r#"files = ["src/**"]"#)?;
//! let before = "# editscope: protect\ndef audit(x):\n    return x\n";
//! let after = "# editscope: protect\ndef audit(x):\n    return None\n";
//! let changes = ChangeSet::from_memory([("src/a.py", Some(before.into()), Some(after.into()))])?;
//! let report = check_changes(&contract, &changes)?;
//! assert_eq!(report.status, Status::Rejected);
//! assert_eq!(report.violations[0].violation.kind, ViolationKind::Protected);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # Limits
//!
//! Files over [`Limits::max_bytes`] (8 MiB by default) are not parsed. Trees are walked with
//! a cursor, never by recursion, so deeply nested input cannot overflow the stack. Every
//! input (patch, file, hook event, number of files, nesting) has one limit, the same from
//! every source, defined in [`limits`]. Every check has a time budget
//! ([`CheckOptions::budget`], 5 s by default; for [`check_changes`] the whole change set,
//! contract key `budget_ms`): parsing is cancelled and every long loop stops at the
//! deadline, and the answer is [`Unverifiable::BudgetExceeded`], never allowed.
#![warn(missing_docs)]

mod bidi;
mod budget;
mod changed_lines;
mod changeset;
mod check;
mod contract;
mod diff;
pub mod discover;
mod enum_names;
mod error;
pub mod hook;
mod indent;
pub mod init;
mod language;
mod lexical;
pub mod limits;
mod markers;
pub mod memo;
pub mod par;
pub mod patch;
pub mod paths;
mod receipt;
mod report;
pub mod scope;
mod second;
mod selector;
pub mod session;
mod skeleton;
mod source;
mod suggest;
mod symbols;
pub mod tool_call;
mod unmatched;
mod walk;
mod warm;

pub use bidi::{escape_invisible, escape_line};
pub use changed_lines::ChangedLines;
pub use changeset::{
    check_patch_size, git_entry, git_file, git_paths, git_toplevel, normalize_path,
    relative_to_root, resolve, tree_paths, ChangeSet, FileChange, GitSource, PatchFormat, Symlink,
};
#[cfg(feature = "testing")]
pub use check::reference_allowed;
pub use check::{
    check, check_text, CheckOptions, Construct, Formatting, Grants, Status, Unverifiable, Verdict,
    Version, Violation, ViolationKind,
};
pub use contract::{Contract, ContractBuilder, ContractError, ContractSpec, FileRules, Level};
pub use diff::{diff, ChangeKind, FileDiff, LineRange, OutsideChange, SymbolChange};
pub use error::Error;
pub use language::Language;
pub use markers::Marker;
pub use receipt::{sha256_hex, Receipt, ReceiptCheck, ReceiptFile};
pub use report::{
    check_changes, check_changes_with, CheckChangesOptions, FileChangeKind, FileReport,
    FileViolation, GitVersion, Report, FEEDBACK_QUOTED_LINES,
};
pub use scope::{scope_changes, Scope, ScopeEntry, ScopeKey, ScopeOptions, ScopeRefusal};
#[cfg(feature = "testing")]
#[doc(hidden)]
pub use second::probe::{__second_reading, __splice_agrees, __without_splice, SecondReading};
pub use selector::Selector;
pub use source::{Limits, SourceFile};
pub use suggest::{edit_distance, nearest};
pub use symbols::{Span, Symbol, SymbolKind, SyntaxError, SyntaxErrorKind};
pub use unmatched::{SelectorWarning, SelectorWarningKind};
pub use warm::{WarmCache, WarmFile};

/// The README's code examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct ReadmeDoctests;
