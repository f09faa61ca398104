//! Exclusive tests and suite reach (JavaScript, TypeScript, TSX): what an edit anywhere in a
//! file can do to which tests of the run execute, whatever the grants.
//!
//! - **Exclusive markers.** Every name, property or string key that decodes (JavaScript
//!   escapes in identifiers, `\u006fnly`, and in string and template keys, `"\x6fnly"`, are
//!   decoded first; an identifier whose escape cannot be decoded counts) to a focus name
//!   (`only`, `fit`, `fdescribe`, mocha's `markOnly`, `appendOnlyTest`, `appendOnlySuite`,
//!   `_onlyTests`, `_onlySuites`), in any position (`it.only`, `it["only"]`,
//!   `const {only} = it`, `{ only: true }` for node:test, `const focus = fit`); every
//!   reference to a test function (`it`, `describe`, `test`, ... also through `globalThis`,
//!   `global`, `window`, `self`, a `require(...)`, an `import(...)`, an imported namespace,
//!   a call's result or a name no scope around it declares; a member of a parameter, or of
//!   a variable declared around it from a fresh value (object, array, function, literal),
//!   `options.context`, is an ordinary property (a variable declared from a call, `await`
//!   or a subscript, `const h = root(); h.it[k]()`, may hold the test functions), and so is a
//!   `const context` declared around its use, not a parameter named like a test function)
//!   that is not a
//!   direct call chain (`it(...)`, `it.skip(...)`, `test.each(t)(...)`, `typeof it`):
//!   aliasing (`const t = it`), passing it on (`f(it)`), a computed member (`it[m]`), a
//!   renaming import (`import { it as t }`), destructuring (`const { it: t } = g`); a bare
//!   global object (`Reflect.get(globalThis, k)`); `eval` and `Function`. A name declared
//!   from code holding a marker (`const f = it.only`, `function focus() { it.only() }`) is
//!   tainted: each of its references is a marker too (a bare global object passed on,
//!   `fetch.bind(globalThis)`, taints a variable declared from it but not the function or
//!   class holding it; transitively; names are not scoped,
//!   which can only reject more).
//! - **Reach markers.** Inside a test block's callback, a hook (`beforeEach`, `after`, ...)
//!   other than one called straight from a suite's callback (in a test's callback mocha
//!   puts it on the root suite while the run is on; in a nested function it runs when
//!   called), `this` other than `this.timeout`,
//!   `this.slow`, `this.skip`, `this.retries` (mocha: `this.parent.beforeEach(...)` installs a
//!   hook on the enclosing suite, `this.test.parent` is the suite, `this.currentTest`...),
//!   and any member `parent`, `suite`, `suites`, `tests`, `tasks`, `file`, `root`, `ctx`
//!   (vitest: `task.suite`, `task.file`), also on a test function's chain (`it(...).parent`):
//!   code that reaches out of the test block to its suite, whose other tests no grant on the
//!   block covers; and anywhere, `vi.mock(...)` / `jest.mock(...)` (and `unmock`, `hoisted`,
//!   `enableAutomock`, `disableAutomock`), which the runner hoists to the top of the file.
//!
//! Each marker has a key: what it is and the text around it (whitespace aside: the chain it
//! heads and what holds it, `f = it.only`, `foo(it`). A change that makes any key more frequent
//! than before is a violation outside any symbol ([`super::test_blocks`]), whatever the grants:
//! moving a marker inside granted code keeps its key; turning a harmless one into another
//! does not.

use std::collections::{HashMap, HashSet};
use tree_sitter::Node;

use crate::source::SourceFile;
use crate::symbols::SymbolKind;

/// Names that make a test (or a suite) exclusive, wherever they are written.
const FOCUS: &[&str] = &[
    "only",
    "fit",
    "fdescribe",
    "markOnly",
    "appendOnlyTest",
    "appendOnlySuite",
    "_onlyTests",
    "_onlySuites",
];

/// Objects whose members are the test functions (the global object).
const GLOBALS: &[&str] = &["globalThis", "global", "window", "self", "frames"];

/// The key label of a bare global object used as a value (a weak marker: see the taint
/// pass of [`markers`]).
const GLOBAL_OBJECT: &str = "global-object";

/// The key label of a reference to a name tainted only by weak markers.
const WEAK_ALIAS: &str = "weak-alias";

/// Code made from strings at run time.
const DYNAMIC: &[&str] = &["eval", "Function"];

/// Modules that export the test functions: a namespace or default import of one is the
/// test functions' holder.
const TEST_MODULES: &[&str] = &[
    "vitest",
    "mocha",
    "@jest/globals",
    "node:test",
    "test",
    "bun:test",
    "ava",
    "jasmine",
    "@playwright/test",
    "tap",
    "uvu",
];

/// The members of mocha's `this` in a test block that act on that block alone.
const OWN_CONTEXT: &[&str] = &["timeout", "slow", "skip", "retries"];

/// Members that reach from a test block to its suite, the file or the run.
const REACH: &[&str] = &[
    "parent", "suite", "suites", "tests", "tasks", "file", "root", "ctx",
];

/// The test functions that open a suite (hooks called in their callback are the suite's).
const SUITES: &[&str] = &[
    "describe",
    "fdescribe",
    "xdescribe",
    "context",
    "xcontext",
    "suite",
];

/// Hook functions (mocha BDD and TDD, jest, vitest, jasmine).
const HOOKS: &[&str] = &[
    "before",
    "after",
    "beforeEach",
    "afterEach",
    "beforeAll",
    "afterAll",
    "setup",
    "teardown",
    "suiteSetup",
    "suiteTeardown",
];

/// Members of mocha's `this` that lead to a test or the run (besides [`REACH`]).
const CONTEXT_REACH: &[&str] = &["test", "currentTest", "runnable", "_runnable"];

/// Members of `vi` / `jest` whose calls the runner hoists above the file's imports.
const HOISTED: &[&str] = &[
    "mock",
    "unmock",
    "hoisted",
    "enableAutomock",
    "disableAutomock",
];

/// The kinds of node that open a function (its `this`, its time of running).
const FUNCTIONS: &[&str] = &[
    "arrow_function",
    "function_expression",
    "function",
    "function_declaration",
    "generator_function",
    "generator_function_declaration",
    "method_definition",
];

/// What a marker can change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum MarkerKind {
    /// Which tests run at all (an exclusive test, or something that could make one).
    Exclusive,
    /// The suite around a test block (its hooks, its tests) from inside the block.
    Reach,
}

/// One marker of a file (module docs).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Marker {
    /// Its first byte.
    pub(crate) byte: usize,
    /// What it can change.
    pub(crate) kind: MarkerKind,
    /// What it is, with the text around it, whitespace aside.
    key: String,
}

/// The first marker of `new` whose key is more frequent there than in `old`, if any.
pub(crate) fn added_marker<'m>(old: &[Marker], new: &'m [Marker]) -> Option<&'m Marker> {
    let mut count: HashMap<(MarkerKind, &str), isize> = HashMap::new();
    for m in old {
        *count.entry((m.kind, m.key.as_str())).or_default() += 1;
    }
    let mut first: Option<&Marker> = None;
    for m in new {
        let c = count.entry((m.kind, m.key.as_str())).or_default();
        *c -= 1;
        if *c < 0 && first.is_none_or(|f| m.byte < f.byte) {
            first = Some(m);
        }
    }
    first
}

/// The identifier `raw` with its `\uXXXX` / `\u{X}` escapes decoded; `None` for any other
/// backslash or an escape that is no character.
pub(crate) fn decode_identifier(raw: &str) -> Option<String> {
    if !raw.contains('\\') {
        return Some(raw.to_string());
    }
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        if chars.next() != Some('u') {
            return None;
        }
        out.push(char::from_u32(unicode_escape(&mut chars)?)?);
    }
    Some(out)
}

/// The code of a `\u` escape after the `u` (`XXXX` or `{X...}`).
fn unicode_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Option<u32> {
    let mut hex = String::new();
    if chars.peek() == Some(&'{') {
        chars.next();
        loop {
            match chars.next()? {
                '}' => break,
                h => hex.push(h),
            }
        }
    } else {
        for _ in 0..4 {
            hex.push(chars.next()?);
        }
    }
    if hex.is_empty() || hex.len() > 8 || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    u32::from_str_radix(&hex, 16).ok()
}

/// The value of a string literal's contents `raw` (between the quotes), JavaScript escapes
/// decoded (`\x6f`, `\u006f`, `\u{6f}`, legacy octal `\157`, line continuations, identity
/// escapes); a surrogate half becomes U+FFFD. `None` for a malformed escape.
pub(crate) fn decode_string(raw: &str) -> Option<String> {
    if !raw.contains('\\') {
        return Some(raw.to_string());
    }
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = chars.next()?;
        let decoded = match e {
            'n' => '\n',
            't' => '\t',
            'r' => '\r',
            'b' => '\u{8}',
            'f' => '\u{c}',
            'v' => '\u{b}',
            'x' => {
                let hex: String = [chars.next()?, chars.next()?].iter().collect();
                if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
                    return None;
                }
                char::from_u32(u32::from_str_radix(&hex, 16).ok()?)?
            }
            'u' => char::from_u32(unicode_escape(&mut chars)?).unwrap_or('\u{fffd}'),
            '0'..='7' => {
                // Legacy octal: up to three digits, at most 0o377.
                let mut value = e.to_digit(8)?;
                let max = if e <= '3' { 2 } else { 1 };
                for _ in 0..max {
                    match chars.peek().and_then(|c| c.to_digit(8)) {
                        Some(d) => {
                            value = value * 8 + d;
                            chars.next();
                        }
                        None => break,
                    }
                }
                char::from_u32(value)?
            }
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                continue;
            }
            '\n' | '\u{2028}' | '\u{2029}' => continue,
            other => other,
        };
        out.push(decoded);
    }
    Some(out)
}

/// The value of a string or substitution-free template literal node; `None` for anything
/// else (or a malformed escape).
fn literal_value(node: Node<'_>, text: &str) -> Option<String> {
    match node.kind() {
        "string" => {}
        "template_string" => {
            let mut c = node.walk();
            if node
                .named_children(&mut c)
                .any(|n| n.kind() == "template_substitution")
            {
                return None;
            }
        }
        _ => return None,
    }
    let raw = &text[node.byte_range()];
    let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or("");
    decode_string(inner)
}

/// The decoded name of an identifier-like node (`None`: an escape that cannot be decoded).
fn name_of(node: Node<'_>, text: &str) -> Option<String> {
    decode_identifier(&text[node.byte_range()])
}

/// Whether `node` is a name-like node (identifier, property, shorthand, ...).
fn is_name(kind: &str) -> bool {
    matches!(
        kind,
        "identifier"
            | "property_identifier"
            | "shorthand_property_identifier"
            | "shorthand_property_identifier_pattern"
            | "private_property_identifier"
            | "type_identifier"
    )
}

/// The key text of a marker at `node`: the chain it heads (member accesses, a call's callee)
/// and the node holding that chain from its start (`f = it.only`, `foo(it`), whitespace
/// removed, at most 200 characters.
fn key_text(node: Node<'_>, text: &str) -> String {
    let mut top = node;
    while let Some(p) = top.parent() {
        let up = match p.kind() {
            "member_expression" | "subscript_expression" => {
                p.child_by_field_name("object") == Some(top)
                    || p.child_by_field_name("property") == Some(top)
                    || p.child_by_field_name("index") == Some(top)
            }
            "parenthesized_expression" | "non_null_expression" | "as_expression" => true,
            _ => false,
        };
        if !up {
            break;
        }
        top = p;
    }
    let holder = top.parent().map(|p| {
        if p.kind() == "arguments" {
            p.parent().unwrap_or(p)
        } else {
            p
        }
    });
    let start = holder.map_or(top.start_byte(), |h| h.start_byte().min(top.start_byte()));
    let end = top.end_byte();
    text[start..end]
        .chars()
        .filter(|c| !c.is_whitespace())
        .take(200)
        .collect()
}

/// How a reference to a test function (or its holder) is used.
#[derive(PartialEq, Eq)]
enum Use {
    /// A direct call chain, `typeof`, a declaration: nothing escapes.
    Understood,
    /// Anything else.
    Opaque,
}

/// Whether `n` is the name a declaration binds (`const it = ...`, `function it`, a
/// parameter, an import without renaming, an assignment target).
fn declares(n: Node<'_>, p: Node<'_>) -> bool {
    let field = |f: &str| p.child_by_field_name(f) == Some(n);
    match p.kind() {
        "variable_declarator"
        | "function_declaration"
        | "generator_function_declaration"
        | "class_declaration"
        | "function_expression"
        | "function"
        | "class" => field("name"),
        "assignment_expression" => field("left"),
        "import_specifier" => p.child_by_field_name("alias").is_none(),
        "import_clause" | "namespace_import" | "formal_parameters" | "required_parameter"
        | "optional_parameter" | "catch_clause" | "rest_pattern" | "array_pattern"
        | "object_pattern" => true,
        "arrow_function" => field("parameter"),
        "assignment_pattern" => field("left"),
        _ => false,
    }
}

/// How the test-function reference at `start` is used: up its chain of member accesses,
/// literal subscripts and calls (`test.each(t)("x", f)`, `it("x", f).timeout(5)`). A member
/// in [`REACH`] on the chain, a computed subscript, or a call result used as a value is
/// opaque.
fn chain_use(start: Node<'_>, text: &str) -> Use {
    chain_use_with(start, text, true)
}

/// [`chain_use`]; with `strict_result` false a call's result may be used as any value
/// (`if (re.test(s))`: a member of some object named like a test function).
fn chain_use_with(start: Node<'_>, text: &str, strict_result: bool) -> Use {
    let mut cur = start;
    let mut called = false;
    loop {
        let Some(p) = cur.parent() else {
            return Use::Opaque;
        };
        match p.kind() {
            "parenthesized_expression"
            | "non_null_expression"
            | "as_expression"
            | "satisfies_expression"
            | "type_assertion"
            | "await_expression" => cur = p,
            "member_expression" if p.child_by_field_name("object") == Some(cur) => {
                let prop = p.child_by_field_name("property");
                if prop.is_some_and(|q| {
                    name_of(q, text).is_none_or(|name| REACH.contains(&name.as_str()))
                }) {
                    return Use::Opaque;
                }
                cur = p;
            }
            "subscript_expression" if p.child_by_field_name("object") == Some(cur) => {
                let index = p.child_by_field_name("index");
                match index.and_then(|i| literal_value(i, text)) {
                    Some(name) if !REACH.contains(&name.as_str()) => cur = p,
                    _ => return Use::Opaque,
                }
            }
            "call_expression" if p.child_by_field_name("function") == Some(cur) => {
                called = true;
                cur = p;
            }
            "unary_expression"
                if p.child_by_field_name("operator")
                    .is_some_and(|o| &text[o.byte_range()] == "typeof") =>
            {
                return Use::Understood
            }
            "type_query" => return Use::Understood,
            "expression_statement" | "arrow_function" | "return_statement" if called => {
                return Use::Understood
            }
            _ if cur == start && declares(cur, p) => return Use::Understood,
            _ if called && !strict_result => return Use::Understood,
            _ => return Use::Opaque,
        }
    }
}

/// How a holder of the test functions (`globalThis`, a `require(...)`, an imported
/// namespace) at `start` is used: a member or literal subscript naming a test function goes
/// on as that function's chain; another named member is understood; a computed subscript
/// is opaque; a bare use is opaque when `bare_opaque` (the global object, a test module).
fn holder_use(start: Node<'_>, text: &str, tests: &[&str], bare_opaque: bool) -> Use {
    // Through parentheses, `await` and type assertions: `(globalThis as any).x`,
    // `(await import("vitest")).it`.
    let mut start = start;
    while let Some(p) = start.parent().filter(|p| {
        matches!(
            p.kind(),
            "parenthesized_expression"
                | "await_expression"
                | "non_null_expression"
                | "as_expression"
                | "satisfies_expression"
                | "type_assertion"
        )
    }) {
        start = p;
    }
    let Some(p) = start.parent() else {
        return Use::Opaque;
    };
    let named = match p.kind() {
        "member_expression" if p.child_by_field_name("object") == Some(start) => {
            p.child_by_field_name("property").map(|q| name_of(q, text))
        }
        "subscript_expression" if p.child_by_field_name("object") == Some(start) => Some(
            p.child_by_field_name("index")
                .and_then(|i| literal_value(i, text)),
        ),
        "unary_expression"
            if p.child_by_field_name("operator")
                .is_some_and(|o| &text[o.byte_range()] == "typeof") =>
        {
            return Use::Understood
        }
        _ if declares(start, p) => return Use::Understood,
        _ => {
            return if bare_opaque {
                Use::Opaque
            } else {
                Use::Understood
            }
        }
    };
    match named {
        // A computed member or an undecodable name: could be any test function.
        None | Some(None) => Use::Opaque,
        Some(Some(name)) if tests.contains(&name.as_str()) || GLOBALS.contains(&name.as_str()) => {
            chain_use(p, text)
        }
        // A promise of the module (`import("vitest").then((v) => ...)`) hands it on as a
        // value, to a parameter whose members are then ordinary ones.
        Some(Some(name))
            if matches!(name.as_str(), "then" | "catch" | "finally") && bare_opaque =>
        {
            Use::Opaque
        }
        Some(Some(_)) => Use::Understood,
    }
}

/// A name a declaration binds and the code it is bound from.
struct Decl {
    names: Vec<String>,
    from: std::ops::Range<usize>,
    /// A function, class or method declaration (its name stands for code that runs, not
    /// for a value computed from what it holds).
    body: bool,
}

/// The names a pattern binds (identifiers and shorthands in it, defaults aside).
fn pattern_names(node: Node<'_>, text: &str, out: &mut Vec<String>) {
    crate::walk::preorder(node, |cursor, _| {
        let n = cursor.node();
        match n.kind() {
            "identifier" | "shorthand_property_identifier_pattern" => {
                if let Some(name) = name_of(n, text) {
                    out.push(name);
                }
                false
            }
            "assignment_pattern" => {
                if let Some(l) = n.child_by_field_name("left") {
                    pattern_names(l, text, out);
                }
                false
            }
            "pair_pattern" => {
                if let Some(v) = n.child_by_field_name("value") {
                    pattern_names(v, text, out);
                }
                false
            }
            _ => true,
        }
    });
}

/// The exclusive and reach markers of a JavaScript / TypeScript file (module docs).
pub(crate) fn markers(file: &SourceFile) -> Vec<Marker> {
    let text = file.text();
    // Without a JavaScript or TypeScript grammar no file is read as one: no test function.
    #[cfg(any(feature = "javascript", feature = "typescript"))]
    let tests = crate::language::TEST_FUNCTIONS;
    #[cfg(not(any(feature = "javascript", feature = "typescript")))]
    let tests: &[&str] = &[];
    // The byte ranges of the test blocks' callbacks (for `this` and reach members), and
    // whether the block is a suite (`describe`, `context`, `suite`: hooks there are its own).
    let mut bodies: Vec<(usize, usize, bool)> = file
        .symbols()
        .iter()
        .filter(|s| s.kind == SymbolKind::Test)
        .filter_map(|s| {
            let callee: String = text[s.extent.range()]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                .collect();
            let suite = SUITES.contains(&callee.as_str());
            s.body.map(|b| (b.start_byte, b.end_byte, suite))
        })
        .collect();
    bodies.sort_unstable();
    // Their union as disjoint sorted ranges (a binary search per name, not a scan).
    let mut union: Vec<(usize, usize)> = Vec::new();
    for (s, e, _) in &bodies {
        match union.last_mut() {
            Some(last) if *s <= last.1 => last.1 = last.1.max(*e),
            _ => union.push((*s, *e)),
        }
    }
    let in_test = |byte: usize| {
        let i = union.partition_point(|(s, _)| *s <= byte);
        i > 0 && byte < union[i - 1].1
    };
    let suites: HashSet<(usize, usize)> = bodies
        .iter()
        .filter(|(.., suite)| *suite)
        .map(|(s, e, _)| (*s, *e))
        .collect();
    let suite_body = |range: std::ops::Range<usize>| suites.contains(&(range.start, range.end));
    // Holders bound by imports and requires: name, whether a bare use is opaque.
    let mut holders: HashMap<String, bool> = HashMap::new();
    let mut out: Vec<Marker> = Vec::new();
    let mut decls: Vec<Decl> = Vec::new();
    // Every identifier reference (name, node), for the tainted names.
    let mut refs: Vec<(String, Node<'_>)> = Vec::new();
    let push = |out: &mut Vec<Marker>, n: Node<'_>, kind: MarkerKind, what: &str| {
        out.push(Marker {
            byte: n.start_byte(),
            kind,
            key: format!("{what}:{}", key_text(n, text)),
        });
    };
    let root = file.tree().root_node();
    // First pass: holders (imports and requires, wherever they are written).
    crate::walk::preorder(root, |cursor, _| {
        let n = cursor.node();
        match n.kind() {
            "import_statement" => {
                let module = n
                    .child_by_field_name("source")
                    .and_then(|s| literal_value(s, text))
                    .unwrap_or_default();
                let test_module = TEST_MODULES.contains(&module.as_str());
                crate::walk::preorder(n, |c, _| {
                    let m = c.node();
                    let bound = match m.kind() {
                        "namespace_import" => {
                            let mut w = m.walk();
                            let id = m.named_children(&mut w).find(|x| x.kind() == "identifier");
                            id
                        }
                        "import_clause" => {
                            let mut w = m.walk();
                            let id = m.named_children(&mut w).find(|x| x.kind() == "identifier");
                            id
                        }
                        _ => None,
                    };
                    if let Some(name) = bound.and_then(|b| name_of(b, text)) {
                        holders.insert(name, test_module);
                    }
                    true
                });
                false
            }
            "variable_declarator" => {
                if let (Some(name), Some(value)) = (
                    n.child_by_field_name("name"),
                    n.child_by_field_name("value"),
                ) {
                    if let Some(module) = require_of(value, text) {
                        if name.kind() == "identifier" {
                            if let Some(name) = name_of(name, text) {
                                holders.insert(name, TEST_MODULES.contains(&module.as_str()));
                            }
                        }
                    }
                }
                true
            }
            _ => true,
        }
    });
    crate::walk::preorder(root, |cursor, _| {
        let n = cursor.node();
        let kind = n.kind();
        if is_name(kind) {
            let name = name_of(n, text);
            let Some(name) = name else {
                // An escape that is no character: it could spell anything.
                push(&mut out, n, MarkerKind::Exclusive, "escape");
                return false;
            };
            if FOCUS.contains(&name.as_str()) {
                push(&mut out, n, MarkerKind::Exclusive, "focus");
            }
            // `parent()` walks down from the root: asked only for names that matter.
            let parent = || n.parent();
            match kind {
                "identifier" => {
                    refs.push((name.clone(), n));
                    // A name declared around the reference is that declaration (`const
                    // context = {}` then `f(context)`), not mocha's global of that name.
                    // A parameter named like a test function may be handed one (`f(it)`,
                    // itself a marker): only declarations count for those.
                    let opaque = if tests.contains(&name.as_str()) {
                        chain_use(n, text) == Use::Opaque
                            && !declared_in_scope(n, &name, text, false)
                    } else if GLOBALS.contains(&name.as_str()) {
                        holder_use(n, text, tests, true) == Use::Opaque
                            && !declared_in_scope(n, &name, text, true)
                    } else if let Some(bare) = holders.get(&name) {
                        holder_use(n, text, tests, *bare) == Use::Opaque
                    } else if DYNAMIC.contains(&name.as_str()) {
                        !parent().is_some_and(|p| declares(n, p))
                    } else {
                        false
                    };
                    if opaque {
                        let what = if GLOBALS.contains(&name.as_str()) {
                            GLOBAL_OBJECT
                        } else {
                            "test-function"
                        };
                        push(&mut out, n, MarkerKind::Exclusive, what);
                    }
                    // A hook is its suite's when called straight from a suite's callback;
                    // in a test's callback or a nested function it lands elsewhere (mocha:
                    // on the root suite, while the run is on).
                    if HOOKS.contains(&name.as_str()) && in_test(n.start_byte()) {
                        let called = parent().is_some_and(|p| {
                            p.kind() == "call_expression"
                                && p.child_by_field_name("function") == Some(n)
                        });
                        let mut f = n.parent();
                        while let Some(x) = f.filter(|x| !FUNCTIONS.contains(&x.kind())) {
                            f = x.parent();
                        }
                        let own = f
                            .and_then(|f| f.child_by_field_name("body"))
                            .is_some_and(|b| suite_body(b.byte_range()));
                        if !(called && own) {
                            push(&mut out, n, MarkerKind::Reach, "hook");
                        }
                    }
                }
                "shorthand_property_identifier" => {
                    // `{ it }`: the test function as a value.
                    refs.push((name.clone(), n));
                    if tests.contains(&name.as_str()) {
                        push(&mut out, n, MarkerKind::Exclusive, "test-function");
                    } else if GLOBALS.contains(&name.as_str()) {
                        push(&mut out, n, MarkerKind::Exclusive, GLOBAL_OBJECT);
                    }
                }
                "property_identifier" => {
                    // `x.it` on any object (a module namespace, `import("vitest")`'s value, a
                    // parameter): the test function's chain from there.
                    if tests.contains(&name.as_str())
                        && parent().is_some_and(|p| {
                            p.kind() == "member_expression"
                                && p.child_by_field_name("property") == Some(n)
                                && p.child_by_field_name("object")
                                    .is_some_and(|o| may_hold_tests(o, text, tests, &holders))
                                && chain_use_with(p, text, false) == Use::Opaque
                        })
                    {
                        push(&mut out, n, MarkerKind::Exclusive, "test-function");
                    }
                    // `vi.mock(...)` is hoisted to the top of the file (jest's within its
                    // scope): written anywhere, it mocks for every test of the file.
                    if HOISTED.contains(&name.as_str())
                        && parent().is_some_and(|p| {
                            p.kind() == "member_expression"
                                && p.child_by_field_name("object").is_some_and(|o| {
                                    o.kind() == "identifier"
                                        && name_of(o, text)
                                            .is_some_and(|o| o == "vi" || o == "jest")
                                })
                        })
                    {
                        push(&mut out, n, MarkerKind::Reach, "hoisted");
                    }
                    // `const { it: t } = g`: a renaming of a test function.
                    if tests.contains(&name.as_str())
                        && parent().is_some_and(|p| {
                            p.kind() == "pair_pattern" && p.child_by_field_name("key") == Some(n)
                        })
                    {
                        push(&mut out, n, MarkerKind::Exclusive, "test-function");
                    }
                    if REACH.contains(&name.as_str())
                        && in_test(n.start_byte())
                        && parent().is_some_and(|p| p.kind() == "member_expression")
                    {
                        push(&mut out, n, MarkerKind::Reach, "reach");
                    }
                }
                _ => {}
            }
            return false;
        }
        match kind {
            "string" | "template_string" => {
                if let Some(value) = literal_value(n, text) {
                    if FOCUS.contains(&value.as_str()) {
                        push(&mut out, n, MarkerKind::Exclusive, "focus");
                    }
                    // `const { "it": t } = g`, `g["it"]` aside its holder.
                    if tests.contains(&value.as_str())
                        && n.parent().is_some_and(|p| {
                            p.kind() == "pair_pattern" && p.child_by_field_name("key") == Some(n)
                        })
                    {
                        push(&mut out, n, MarkerKind::Exclusive, "test-function");
                    }
                    if REACH.contains(&value.as_str())
                        && in_test(n.start_byte())
                        && n.parent()
                            .is_some_and(|p| p.kind() == "subscript_expression")
                    {
                        push(&mut out, n, MarkerKind::Reach, "reach");
                    }
                }
                kind == "template_string"
            }
            "call_expression" => {
                // `require("m").it`, `require("m")[k]`: a holder.
                if let Some(module) = require_of(n, text) {
                    let bare = TEST_MODULES.contains(&module.as_str());
                    let declared = n.parent().is_some_and(|p| {
                        p.kind() == "variable_declarator"
                            && p.child_by_field_name("value") == Some(n)
                    });
                    if !declared && holder_use(n, text, tests, bare) == Use::Opaque {
                        push(&mut out, n, MarkerKind::Exclusive, "test-function");
                    }
                }
                true
            }
            "this" => {
                // Outside a test block: a plain function's `this.parent`, `this.test`,
                // `this.currentTest` (one passed to a hook or a test as its callback, where
                // mocha's `this` is the suite's context); a class's or object's method aside.
                // A cheap look at the text first: `this.` and a member that matters.
                let next: String = text[n.end_byte()..]
                    .trim_start()
                    .strip_prefix('.')
                    .map(|r| {
                        r.trim_start()
                            .chars()
                            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '$')
                            .collect()
                    })
                    .unwrap_or_default();
                let named =
                    REACH.contains(&next.as_str()) || CONTEXT_REACH.contains(&next.as_str());
                if named && !in_test(n.start_byte()) {
                    let member = n.parent().filter(|p| {
                        p.kind() == "member_expression"
                            && p.child_by_field_name("object") == Some(n)
                    });
                    let reach = member
                        .and_then(|p| p.child_by_field_name("property"))
                        .and_then(|q| name_of(q, text))
                        .is_some_and(|m| {
                            REACH.contains(&m.as_str()) || CONTEXT_REACH.contains(&m.as_str())
                        });
                    let mut f = n.parent();
                    while let Some(x) = f.filter(|x| !FUNCTIONS.contains(&x.kind())) {
                        f = x.parent();
                    }
                    let plain = f.is_some_and(|f| {
                        matches!(
                            f.kind(),
                            "function_declaration"
                                | "function_expression"
                                | "function"
                                | "generator_function"
                                | "generator_function_declaration"
                        ) && !f
                            .parent()
                            .is_some_and(|p| matches!(p.kind(), "pair" | "class_body"))
                    });
                    if reach && plain {
                        push(&mut out, n, MarkerKind::Reach, "this");
                    }
                }
                if in_test(n.start_byte()) {
                    let own = n.parent().is_some_and(|p| {
                        p.kind() == "member_expression"
                            && p.child_by_field_name("object") == Some(n)
                            && p.child_by_field_name("property").is_some_and(|q| {
                                name_of(q, text).is_some_and(|m| OWN_CONTEXT.contains(&m.as_str()))
                            })
                    });
                    if !own {
                        push(&mut out, n, MarkerKind::Reach, "this");
                    }
                }
                false
            }
            "variable_declarator" => {
                if let (Some(name), Some(value)) = (
                    n.child_by_field_name("name"),
                    n.child_by_field_name("value"),
                ) {
                    let mut names = Vec::new();
                    pattern_names(name, text, &mut names);
                    decls.push(Decl {
                        names,
                        from: value.byte_range(),
                        body: false,
                    });
                }
                true
            }
            "assignment_expression" => {
                if let (Some(left), Some(right)) = (
                    n.child_by_field_name("left"),
                    n.child_by_field_name("right"),
                ) {
                    let mut names = Vec::new();
                    if left.kind() == "member_expression" || left.kind() == "subscript_expression" {
                        // `o.f = it.only`: `o` holds it.
                        let mut root = left;
                        while let Some(o) = root.child_by_field_name("object") {
                            root = o;
                        }
                        if root.kind() == "identifier" {
                            names.extend(name_of(root, text));
                        }
                    } else {
                        pattern_names(left, text, &mut names);
                    }
                    decls.push(Decl {
                        names,
                        from: right.byte_range(),
                        body: false,
                    });
                }
                true
            }
            "function_declaration"
            | "generator_function_declaration"
            | "class_declaration"
            | "method_definition" => {
                if let Some(name) = n.child_by_field_name("name").and_then(|m| name_of(m, text)) {
                    decls.push(Decl {
                        names: vec![name],
                        from: n.byte_range(),
                        body: true,
                    });
                }
                true
            }
            _ => true,
        }
    });
    // Tainted names, to a fixed point: a declaration from code that holds a marker taints
    // its names, and every reference to a tainted name is a marker. A bare global object
    // passed on as a value (`fetch.bind(globalThis)`) is a *weak* marker: it taints a
    // variable declared from it (weakly: `const g = f(globalThis)` may be the global, so
    // `g` is a marker), but not a function, class or method that merely holds it (calling
    // one runs no test function; what it returns is a call, and a member of a call result,
    // `f().it`, is a marker by itself). Strong markers (test functions, focus names, their
    // strong aliases) taint both.
    let weak = |m: &Marker| m.key.starts_with(GLOBAL_OBJECT) || m.key.starts_with(WEAK_ALIAS);
    let mut tainted: HashMap<String, bool> = HashMap::new();
    let mut done = vec![0u8; decls.len()];
    let mut marked = vec![0u8; refs.len()];
    loop {
        let mut all: Vec<usize> = Vec::new();
        let mut strong: Vec<usize> = Vec::new();
        for m in out.iter().filter(|m| m.kind == MarkerKind::Exclusive) {
            all.push(m.byte);
            if !weak(m) {
                strong.push(m.byte);
            }
        }
        all.sort_unstable();
        strong.sort_unstable();
        let holds = |bytes: &[usize], r: &std::ops::Range<usize>| {
            let i = bytes.partition_point(|b| *b < r.start);
            bytes.get(i).is_some_and(|b| *b < r.end)
        };
        let mut grew = false;
        for (d, decl) in decls.iter().enumerate() {
            let level = if holds(&strong, &decl.from) {
                2
            } else if !decl.body && holds(&all, &decl.from) {
                1
            } else {
                0
            };
            if level > done[d] {
                done[d] = level;
                for name in &decl.names {
                    let was = tainted.get(name).copied();
                    if level == 2 && was != Some(true) {
                        tainted.insert(name.clone(), true);
                        grew = true;
                    } else if was.is_none() {
                        tainted.insert(name.clone(), false);
                        grew = true;
                    }
                }
            }
        }
        if !grew {
            break;
        }
        for (r, (name, node)) in refs.iter().enumerate() {
            let level = match tainted.get(name) {
                Some(true) => 2,
                Some(false) => 1,
                None => 0,
            };
            if level > marked[r] {
                marked[r] = level;
                let what = if level == 2 { "alias" } else { WEAK_ALIAS };
                push(&mut out, *node, MarkerKind::Exclusive, what);
            }
        }
    }
    out.sort_by_key(|m| m.byte);
    out
}

/// Whether `object` (the object of a member access `object.it`) can hold the test
/// functions: a global object (`globalThis.it`), a module (`require("m").it`,
/// `import("m")`, an imported name), anything this file cannot name (`this`, a call, a
/// subscript, a parenthesised or cast expression), or a chain whose head is one of them
/// (`globalThis.mocha.it`), or a name the file declares nowhere (a run-time global). A
/// member of a declared local, parameter or property chain of one (`options.context`) is
/// an ordinary property: the holder would have had to reach that
/// value first, and passing a holder on as a value is a marker itself. A local declared from
/// a value this file cannot name (`const h = root()`, `const { g } = await load()`, `const
/// h = other` where `other` may hold them) may hold them too: a call can return the global
/// object.
fn may_hold_tests(
    object: Node<'_>,
    text: &str,
    tests: &[&str],
    holders: &HashMap<String, bool>,
) -> bool {
    may_hold_tests_at(object, text, tests, holders, 0)
}

fn may_hold_tests_at(
    object: Node<'_>,
    text: &str,
    tests: &[&str],
    holders: &HashMap<String, bool>,
    depth: usize,
) -> bool {
    let mut head = object;
    loop {
        match head.kind() {
            "member_expression" => match head.child_by_field_name("object") {
                Some(o) => head = o,
                None => return true,
            },
            "identifier" => {
                return match name_of(head, text) {
                    Some(name) => {
                        GLOBALS.contains(&name.as_str())
                            || DYNAMIC.contains(&name.as_str())
                            || holders.contains_key(&name)
                            || tests.contains(&name.as_str())
                            || !declared_in_scope(head, &name, text, true)
                            || declared_values(head, &name, text)
                                .into_iter()
                                .any(|v| opaque_value(v, text, tests, holders, depth))
                    }
                    None => true,
                }
            }
            // Another spelling of a plain name is still a plain name.
            "shorthand_property_identifier" | "property_identifier" => return false,
            _ => return true,
        }
    }
}

/// Whether a declared local's value may be one this file cannot name: anything but a fresh
/// object, array, function, class or literal (a call, `await`, a subscript), or a name or
/// chain that may hold the test functions.
fn opaque_value(
    value: Node<'_>,
    text: &str,
    tests: &[&str],
    holders: &HashMap<String, bool>,
    depth: usize,
) -> bool {
    let mut v = value;
    while v.kind() == "parenthesized_expression" {
        match v.named_child(0) {
            Some(c) => v = c,
            None => return true,
        }
    }
    match v.kind() {
        "object"
        | "array"
        | "function_expression"
        | "function"
        | "arrow_function"
        | "generator_function"
        | "class"
        | "string"
        | "template_string"
        | "number"
        | "regex"
        | "true"
        | "false"
        | "null"
        | "undefined"
        | "binary_expression"
        | "unary_expression" => false,
        "identifier" | "member_expression" => {
            depth >= 16 || may_hold_tests_at(v, text, tests, holders, depth + 1)
        }
        _ => true,
    }
}

/// The values of the declarations of `name` (a `let`/`const`/`var` declarator, also a
/// destructuring one) in the innermost block around `at` that declares it.
fn declared_values<'t>(at: Node<'t>, name: &str, text: &str) -> Vec<Node<'t>> {
    let mut out = Vec::new();
    let mut cur = at;
    while let Some(p) = cur.parent() {
        if matches!(
            p.kind(),
            "statement_block" | "program" | "switch_case" | "switch_default"
        ) {
            let mut c = p.walk();
            for s in p.named_children(&mut c) {
                let s = if s.kind() == "export_statement" {
                    match s.child_by_field_name("declaration") {
                        Some(d) => d,
                        None => continue,
                    }
                } else {
                    s
                };
                if !matches!(s.kind(), "lexical_declaration" | "variable_declaration") {
                    continue;
                }
                let mut c2 = s.walk();
                for d in s.named_children(&mut c2) {
                    if d.kind() != "variable_declarator" {
                        continue;
                    }
                    let mut names = Vec::new();
                    if let Some(n) = d.child_by_field_name("name") {
                        pattern_names(n, text, &mut names);
                    }
                    if names.iter().any(|n| n == name) {
                        if let Some(v) = d.child_by_field_name("value") {
                            out.push(v);
                        }
                    }
                }
            }
            if !out.is_empty() {
                return out;
            }
        }
        cur = p;
    }
    out
}

/// Whether a scope around `at` declares `name`: a `let`/`const`/`var`, function or class
/// declaration directly in an enclosing block or the program (not an import), a parameter of an
/// enclosing function (with `params`), a `for` or `catch` binding. A `var` in a nested
/// block, and anything else this does not look for, counts as undeclared (a global: which
/// can only mark more).
fn declared_in_scope(at: Node<'_>, name: &str, text: &str, params: bool) -> bool {
    let binds = |pattern: Option<Node<'_>>| {
        pattern.is_some_and(|p| {
            let mut names = Vec::new();
            pattern_names(p, text, &mut names);
            names.iter().any(|n| n == name)
        })
    };
    let declares = |statement: Node<'_>| -> bool {
        match statement.kind() {
            "lexical_declaration" | "variable_declaration" => {
                let mut c = statement.walk();
                let found = statement
                    .named_children(&mut c)
                    .filter(|d| d.kind() == "variable_declarator")
                    .any(|d| binds(d.child_by_field_name("name")));
                found
            }
            "function_declaration"
            | "generator_function_declaration"
            | "class_declaration"
            | "abstract_class_declaration" => statement
                .child_by_field_name("name")
                .is_some_and(|n| name_of(n, text).as_deref() == Some(name)),
            // An import is what the module exports: `import { it } from "vitest"` is the
            // test function (imported names are holders, [`may_hold_tests`]).
            _ => false,
        }
    };
    let mut cur = at;
    while let Some(p) = cur.parent() {
        match p.kind() {
            "statement_block" | "program" | "switch_case" | "switch_default" => {
                let mut c = p.walk();
                let found = p.named_children(&mut c).any(|s| {
                    declares(s)
                        || (s.kind() == "export_statement"
                            && s.child_by_field_name("declaration").is_some_and(declares))
                });
                if found {
                    return true;
                }
            }
            "function_declaration"
            | "function_expression"
            | "function"
            | "generator_function_declaration"
            | "generator_function"
            | "arrow_function"
            | "method_definition" => {
                if params
                    && (binds(p.child_by_field_name("parameters"))
                        || binds(p.child_by_field_name("parameter")))
                {
                    return true;
                }
                if matches!(
                    p.kind(),
                    "function_expression" | "function" | "generator_function"
                ) && p
                    .child_by_field_name("name")
                    .is_some_and(|n| name_of(n, text).as_deref() == Some(name))
                {
                    return true;
                }
            }
            "for_statement" if p.child_by_field_name("initializer").is_some_and(declares) => {
                return true;
            }
            "for_in_statement"
                if binds(p.child_by_field_name("left"))
                    && p.child_by_field_name("kind").is_some() =>
            {
                return true;
            }
            "catch_clause" if params && binds(p.child_by_field_name("parameter")) => {
                return true;
            }
            _ => {}
        }
        cur = p;
    }
    false
}

/// The module of a `require("m")` or `import("m")` call (`None`: not such a call; `""` for
/// a module that is no literal).
fn require_of(node: Node<'_>, text: &str) -> Option<String> {
    if node.kind() != "call_expression" {
        return None;
    }
    let f = node.child_by_field_name("function")?;
    let dynamic_import = f.kind() == "import";
    if !dynamic_import
        && (f.kind() != "identifier" || name_of(f, text).as_deref() != Some("require"))
    {
        return None;
    }
    let args = node.child_by_field_name("arguments")?;
    let mut c = args.walk();
    let first = args.named_children(&mut c).next();
    Some(
        first
            .and_then(|a| literal_value(a, text))
            .unwrap_or_default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;

    fn count(text: &str) -> (usize, usize) {
        let f = SourceFile::parse(Language::JavaScript, text).unwrap();
        let m = markers(&f);
        (
            m.iter().filter(|m| m.kind == MarkerKind::Exclusive).count(),
            m.iter().filter(|m| m.kind == MarkerKind::Reach).count(),
        )
    }

    #[test]
    fn decodes_identifier_and_string_escapes() {
        assert_eq!(decode_identifier("\\u006fnly").as_deref(), Some("only"));
        assert_eq!(decode_identifier("\\u{6f}nly").as_deref(), Some("only"));
        assert_eq!(decode_identifier("o\\x6e"), None);
        assert_eq!(decode_string("\\x6fnly").as_deref(), Some("only"));
        assert_eq!(decode_string("\\157nly").as_deref(), Some("only"));
        assert_eq!(decode_string("o\\\nnly").as_deref(), Some("only"));
        assert_eq!(decode_string("\\o\\n\\l\\y").as_deref(), Some("o\nly"));
        assert_eq!(
            decode_string("\\uD83D\\uDE00").as_deref(),
            Some("\u{fffd}\u{fffd}")
        );
    }

    #[test]
    fn exclusive_markers_see_through_escapes_aliases_and_computed_members() {
        for text in [
            "it.only('a', () => {});\n",
            "it.\\u006fnly('a', () => {});\n",
            "it['\\x6fnly']('a', () => {});\n",
            "it[`only`]('a', () => {});\n",
            "const {only} = it;\nonly('a', () => {});\n",
            "const focus = fit;\nfocus('a', () => {});\n",
            "const t = it;\nt[k]('a', () => {});\n",
            "it?.only('a', () => {});\n",
            "(it).only('a', () => {});\n",
            "it.only.each([1])('a', () => {});\n",
            "globalThis['i' + 't'][k]('a', () => {});\n",
            "Reflect.get(it, k)('a', () => {});\n",
            "const { it: t } = require('mocha');\nt[k]('a', () => {});\n",
            "require('mocha')[k]('a', () => {});\n",
            "test('a', { only: true }, () => {});\n",
            "eval(code);\n",
            "import('vitest').then((v) => v.it[k]('a', () => {}));\n",
            "(await import('vitest'))[k]('a', () => {});\n",
            "const t = ns.it;\n",
            "function f(n, b) { it[k](n, b); }\nf('a', () => {});\n",
        ] {
            assert!(count(text).0 > 0, "{text}");
        }
        for text in [
            "it('a', () => {});\n",
            "it.skip('a', () => {});\nxit('b', () => {});\n",
            "test.each([1])('a %i', () => {});\n",
            "it('a', () => {}).timeout(5);\n",
            "describe('s', function () { this.timeout(5); it('a', () => {}); });\n",
            "describe('s', () => { beforeEach(() => {}); afterAll(function () {}); });\n",
            "const o = { x: 1 };\nitems[i] = 2;\nbenefit();\nwindow.location.reload();\n",
            "if (typeof it === 'undefined') {}\n",
            "import { it, describe } from 'vitest';\nsinon.stub(fs, 'readFile');\n",
            "if (/x/.test(s)) { schema.describe('d'); ns.it('a', () => {}); }\n",
            "class Node { up() { return this.parent; } }\nconst o = { up() { return this.parent; } };\n",
        ] {
            assert_eq!(count(text), (0, 0), "{text}");
        }
    }

    #[test]
    fn reach_markers_are_this_and_suite_members_in_test_blocks() {
        for text in [
            "describe('s', function () { this.parent.beforeEach(() => {}); });\n",
            "describe('s', function () { const s = this; });\n",
            "it('a', function () { this.test.parent.tests.length = 0; });\n",
            "it('a', ({ task }) => { task.suite.tasks.length = 0; });\n",
            "it('a', () => { beforeEach(() => {}); });\n",
            "describe('s', () => { setTimeout(() => afterEach(() => {})); });\n",
            "describe('s', () => { const h = beforeEach; });\n",
            "it('a', () => { vi.mock('./math', () => ({})); });\n",
            "function install() { this.parent.beforeEach(() => {}); }\n",
        ] {
            assert!(count(text).1 > 0, "{text}");
        }
    }

    #[test]
    fn a_changed_marker_key_is_an_added_marker() {
        let js = |t: &str| markers(&SourceFile::parse(Language::JavaScript, t).unwrap());
        let (a, b) = (
            js("const o = { only: 1 };\n"),
            js("it.only('a', () => {});\n"),
        );
        assert!(added_marker(&a, &b).is_some());
        let (a, b) = (
            js("it.only('a', () => { x(); });\nit('b', () => {});\n"),
            js("it('a', () => { y(); });\nit.only('b', () => {});\n"),
        );
        assert!(added_marker(&a, &b).is_none());
    }
}
