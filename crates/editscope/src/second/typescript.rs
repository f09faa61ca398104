//! The TypeScript / TSX outline, read by `oxc_parser`.
//!
//! # Module or script
//!
//! tsc parses a file as a module or as a script, and the two readings differ: in a script,
//! `await` outside an async function is an identifier (`await / 2 / x` is two divisions), in a
//! module it is an operator (`await /re/` awaits a regular expression). tsc's default
//! (`moduleDetection: "auto"`) makes a file a module when a top-level statement imports or
//! exports (`import`, `export`, `export =`, `import x = require(...)`) or it uses
//! `import.meta`; other settings and the `.mts`/`.cts` extensions (which [`crate::Language`]
//! does not tell apart from `.ts`) make every file a module. So:
//! - a file with a top-level import or export, or `import.meta`, is read as a module;
//! - any other file is read both ways, and both readings must succeed and give the same
//!   outline (else it is refused): whichever way the project compiles it, tree-sitter is
//!   compared with the compiler's reading.
//!
//! `.tsx` enables JSX. Any diagnostic, and a parser that gave up, is a [`Refusal`].
//!
//! # JavaScript
//!
//! JavaScript and JSX (`.js`, `.mjs`, `.cjs`, `.jsx`: one [`crate::Language`]) are read the
//! same way, as JavaScript with JSX (tree-sitter-javascript reads JSX in every file), module
//! or script as above (Node's choice depends on `package.json`). The outline adds what the
//! JavaScript profile (`language/javascript.rs`) adds: a top-level `a.b = ...` statement is a
//! definition, and a top-level declaration of `x = require("m")` declarators only is an
//! import, not a definition.
//!
//! # The outline
//!
//! It mirrors the TypeScript profile (`language/typescript.rs`) and the symbol walk
//! (`symbols.rs`) over oxc's AST: a definition is a symbol where tree-sitter's rule node
//! would be, with the same placement rule (variables only where the nearest enclosing symbol
//! is none or a container, members only where it is a container), the extent widened to the
//! `export`/`declare` wrapper and the decorators, and a class or interface member's (or
//! declarator's) trailing `;`/`,` when it follows with only whitespace between. A type
//! alias of an object type literal is a container whose property and method signatures
//! are members (and nothing deeper in it, as the profile's `Container` rule says).
//!
//! # Deep nesting
//!
//! oxc parses (and its visitor walks) recursively. The parse runs on its own thread with a
//! 256 MiB stack (committed only as used), and a file nested deeper than [`MAX_NESTING`]
//! levels is refused before parsing. The estimate is on raw bytes (no lexer): brackets in
//! strings and comments count too, and a file of at most 40,000 bytes is never refused for it
//! (it cannot nest deeper than the stack holds). Residual: a larger file whose strings or
//! comments hold closing brackets can hide deeper nesting from the estimate.

use std::ops::Range;

use oxc_allocator::Allocator;
use oxc_ast::ast::*;
use oxc_ast_visit::{walk, Visit};
use oxc_parser::Parser;
use oxc_span::{GetSpan, SourceType};
use oxc_syntax::scope::ScopeFlags;

use super::{Def, Outline, Refusal};

/// Files nested deeper than this are refused: brackets (`(`, `[`, `{`, `<`) counted on the raw
/// bytes, a closer taking one level off, and runs of prefix words and operators (`new new`,
/// `typeof`, `!`, `-`) counted as words.
pub(crate) const MAX_NESTING: usize = 10_000;

/// A file of at most this many bytes cannot nest deeper than the stack holds, whatever its
/// strings and comments hold: parsed without the estimate. (Every construct measured parses
/// 40,000 levels deep on the stack below in a debug build.)
const SURELY_SHALLOW: usize = 40_000;

/// Stack of the parsing thread. Measured: a debug build parses 40,000 nested parentheses,
/// object literals, functions or type arguments in it, and 300,000 nested `!` or `?:`.
const STACK_BYTES: usize = 256 * 1024 * 1024;

/// Which ECMAScript the file is written in.
#[derive(Clone, Copy, PartialEq, Eq)]
#[cfg_attr(not(feature = "typescript"), allow(dead_code))]
enum Dialect {
    Ts,
    Tsx,
    /// JavaScript with JSX.
    Js,
}

#[cfg(feature = "typescript")]
pub(super) fn outline(text: &str, tsx: bool) -> Option<Result<Outline, Refusal>> {
    Some(outline_checked(
        text,
        if tsx { Dialect::Tsx } else { Dialect::Ts },
    ))
}

/// The outline of a JavaScript / JSX file (module docs, "JavaScript").
#[cfg(feature = "javascript")]
pub(super) fn outline_js(text: &str) -> Option<Result<Outline, Refusal>> {
    Some(outline_checked(text, Dialect::Js))
}

fn outline_checked(text: &str, tsx: Dialect) -> Result<Outline, Refusal> {
    if let Some(byte) = too_deep(text) {
        return Err(Refusal {
            byte,
            message: format!(
                "nested more than {MAX_NESTING} levels deep (refused before parsing: \
                 the parser recurses)"
            ),
        });
    }
    std::thread::scope(|s| {
        let worker = std::thread::Builder::new()
            .name("editscope-oxc".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(s, || read(text, tsx));
        match worker {
            Ok(handle) => handle.join().unwrap_or_else(|_| {
                Err(Refusal {
                    byte: 0,
                    message: "the parser failed".into(),
                })
            }),
            Err(e) => Err(Refusal {
                byte: 0,
                message: format!("cannot start the parsing thread: {e}"),
            }),
        }
    })
}

/// The first byte where the nesting estimate exceeds [`MAX_NESTING`], unless the file is
/// too small to nest that deep at all.
fn too_deep(text: &str) -> Option<usize> {
    if text.len() <= SURELY_SHALLOW {
        return None;
    }
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'(' | b'[' | b'{' | b'<' => {
                depth += 1;
                if depth > MAX_NESTING {
                    return Some(i);
                }
            }
            b')' | b']' | b'}' | b'>' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    // Prefix chains: consecutive words that can each open a level.
    const PREFIX: &[&str] = &[
        "new", "typeof", "void", "delete", "await", "yield", "keyof", "readonly", "unique",
        "infer", "async", "abstract",
    ];
    let mut run = 0usize;
    let mut at = 0usize;
    for word in text.split(|c: char| c.is_ascii_whitespace()) {
        if word.is_empty() {
            at += 1;
            continue;
        }
        let chain = PREFIX.contains(&word)
            || word
                .bytes()
                .all(|b| matches!(b, b'!' | b'~' | b'+' | b'-' | b'.'));
        run = if chain { run + word.len().max(1) } else { 0 };
        if run > MAX_NESTING {
            return Some(at.min(text.len()));
        }
        at += word.len() + 1;
    }
    None
}

/// Reads the file the way tsc would (module docs).
fn read(text: &str, tsx: Dialect) -> Result<Outline, Refusal> {
    let module = match parse(text, tsx, true) {
        Ok(m) => m,
        Err(r) => {
            return Err(match parse(text, tsx, false) {
                Ok((_, false)) => Refusal {
                    byte: r.byte,
                    message: format!(
                        "{} when read as a module; the file has no import or export, so tsc \
                         reads it as a script by default but as a module under other settings \
                         (moduleDetection, .mts)",
                        r.message
                    ),
                },
                _ => r,
            })
        }
    };
    if module.1 {
        return Ok(module.0);
    }
    let script = parse(text, tsx, false).map_err(|r| Refusal {
        byte: r.byte,
        message: format!(
            "{} when read as a script (the file has no import or export, so tsc reads it as \
             a script by default, and as a module under other settings)",
            r.message
        ),
    })?;
    if script.0 != module.0 {
        let byte = first_difference(&script.0, &module.0);
        return Err(Refusal {
            byte,
            message: "the file reads differently as a script and as a module (it has no \
                      import or export: tsc's reading depends on moduleDetection and the \
                      file extension)"
                .into(),
        });
    }
    Ok(script.0)
}

fn first_difference(a: &Outline, b: &Outline) -> usize {
    let starts = |o: &Outline| {
        let mut v: Vec<(usize, usize)> = o.top_level.iter().map(|r| (r.start, r.end)).collect();
        v.extend(o.defs.iter().map(|d| (d.extent.start, d.extent.end)));
        v.sort();
        v
    };
    let (x, y) = (starts(a), starts(b));
    x.iter()
        .zip(y.iter())
        .find(|(p, q)| p != q)
        .map(|(p, q)| p.0.min(q.0))
        .unwrap_or(0)
}

/// One parse in one mode: the outline and whether the file has module syntax (tsc's
/// external module indicators).
fn parse(text: &str, tsx: Dialect, module: bool) -> Result<(Outline, bool), Refusal> {
    let allocator = Allocator::default();
    let source_type = match tsx {
        Dialect::Tsx => SourceType::tsx(),
        Dialect::Ts => SourceType::ts(),
        Dialect::Js => SourceType::jsx(),
    };
    let source_type = if module {
        source_type.with_module(true)
    } else {
        source_type.with_script(true)
    };
    let ret = Parser::new(&allocator, text, source_type).parse();
    if let Some(d) = ret.diagnostics.iter().next() {
        let byte = (d.labels.first().map_or(0, |l| l.offset()) as usize).min(text.len());
        return Err(Refusal {
            byte,
            message: d.message.to_string(),
        });
    }
    if ret.panicked {
        return Err(Refusal {
            byte: 0,
            message: "the parser gave up".into(),
        });
    }
    let program = &ret.program;
    let mut comments: Vec<Range<usize>> = program
        .comments
        .iter()
        .map(|c| c.span.start as usize..c.span.end as usize)
        .collect();
    comments.sort_by_key(|r| r.end);
    let mut c = Collector {
        text,
        bytes: text.as_bytes(),
        comments,
        defs: Vec::new(),
        imports: Vec::new(),
        parents: Vec::new(),
        wrapper: None,
        import_meta: false,
        for_head: ForHead::None,
        masks: Vec::new(),
        js: tsx == Dialect::Js,
        top: program
            .body
            .iter()
            .map(|s| s.span().start as usize)
            .collect(),
    };
    let mut top_level: Vec<Range<usize>> = Vec::new();
    for d in &program.directives {
        top_level.push(range(d.span));
    }
    let mut indicator = false;
    for s in &program.body {
        let mut r = range(s.span());
        if let Some(start) = statement_decorators_start(s) {
            r.start = r.start.min(start);
        }
        top_level.push(r);
        indicator |= is_module_indicator(s);
    }
    for r in &mut top_level {
        r.start = c.doc_start(r.start);
    }
    top_level.sort_by_key(|r| (r.start, r.end));
    c.visit_program(program);
    indicator |= c.import_meta;
    c.masks.sort_by_key(|r| (r.start, r.end));
    c.masks.dedup();
    let outline = Outline {
        defs: c.defs,
        imports: c.imports,
        top_level,
        comments: c.comments,
        masks: c.masks,
        cuts: Vec::new(),
    };
    Ok((outline, indicator))
}

fn range(span: oxc_span::Span) -> Range<usize> {
    span.start as usize..span.end as usize
}

/// tsc's `isAnExternalModuleIndicatorNode` for a top-level statement.
fn is_module_indicator(s: &Statement<'_>) -> bool {
    match s {
        Statement::ImportDeclaration(_)
        | Statement::ExportAllDeclaration(_)
        | Statement::ExportDefaultDeclaration(_)
        | Statement::ExportNamedDeclaration(_)
        | Statement::ExportDeclaration(_)
        | Statement::ExportFromDeclaration(_)
        | Statement::TSExportAssignment(_) => true,
        Statement::TSImportEqualsDeclaration(d) => matches!(
            d.module_reference,
            TSModuleReference::ExternalModuleReference(_)
        ),
        _ => false,
    }
}

/// The start of the decorators of a class statement (also under `export`).
fn statement_decorators_start(s: &Statement<'_>) -> Option<usize> {
    let class = match s {
        Statement::ClassDeclaration(c) => Some(&**c),
        Statement::ExportDeclaration(e) => match &e.declaration {
            Declaration::ClassDeclaration(c) => Some(&**c),
            _ => None,
        },
        Statement::ExportDefaultDeclaration(e) => match &e.declaration {
            ExportDefaultDeclarationKind::ClassDeclaration(c) => Some(&**c),
            _ => None,
        },
        _ => None,
    }?;
    class.decorators.first().map(|d| d.span.start as usize)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ForHead {
    None,
    /// The initializer of `for (...;...;...)`: its `;` belongs to the declaration.
    Init,
    /// The left side of `for (... in/of ...)`: tree-sitter has no declaration node there.
    InOf,
}

struct Collector<'t> {
    text: &'t str,
    bytes: &'t [u8],
    /// Sorted by end.
    comments: Vec<Range<usize>>,
    defs: Vec<Def>,
    imports: Vec<Range<usize>>,
    /// The enclosing symbols, innermost last: whether each is a container (class,
    /// interface, namespace).
    parents: Vec<bool>,
    /// Start of the `export` / `export default` statement around the declaration visited next.
    wrapper: Option<usize>,
    import_meta: bool,
    for_head: ForHead,
    /// The variance modifiers read so far ([`Outline::masks`]).
    masks: Vec<Range<usize>>,
    /// JavaScript: member assignments and `require` declarations (module docs).
    js: bool,
    /// Where the program's own statements start (sorted).
    top: Vec<usize>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

impl<'t> Collector<'t> {
    /// Variables are symbols where the nearest enclosing symbol is none or a container.
    fn declaration_placed(&self) -> bool {
        self.parents.last().is_none_or(|c| *c)
    }

    /// Members are symbols where the nearest enclosing symbol is a container.
    fn member_placed(&self) -> bool {
        self.parents.last() == Some(&true)
    }

    fn def(&mut self, extent: Range<usize>, body: Option<Range<usize>>, name: String) {
        self.defs.push(Def { extent, body, name });
    }

    /// Back from `at` over whitespace and comments.
    fn back_over_trivia(&self, mut at: usize) -> usize {
        loop {
            while at > 0 && is_space(self.bytes[at - 1]) {
                at -= 1;
            }
            match self.comments.binary_search_by_key(&at, |r| r.end) {
                Ok(i) if self.comments[i].start < at => at = self.comments[i].start,
                _ => return at,
            }
        }
    }

    /// The start of the JSDoc comments (`/** */`, not `/**/`) right above `at`, each with no
    /// blank line after it, as tree-sitter attaches them to a definition; else `at`.
    fn doc_start(&self, mut at: usize) -> usize {
        loop {
            let mut j = at;
            while j > 0 && is_space(self.bytes[j - 1]) {
                j -= 1;
            }
            let gap = self.bytes.get(j..at).unwrap_or(b"");
            if gap.iter().filter(|b| **b == b'\n').count() > 1 {
                return at;
            }
            match self.comments.binary_search_by_key(&j, |r| r.end) {
                Ok(i) => {
                    let c = self.comments[i].clone();
                    let t = self.bytes.get(c.clone()).unwrap_or(b"");
                    if t.starts_with(b"/**") && !t.starts_with(b"/**/") && c.start < at {
                        at = c.start;
                    } else {
                        return at;
                    }
                }
                Err(_) => return at,
            }
        }
    }

    /// Forward from `at` over whitespace and comments.
    fn forward_over_trivia(&self, mut at: usize) -> usize {
        loop {
            while at < self.bytes.len() && is_space(self.bytes[at]) {
                at += 1;
            }
            match self
                .comments
                .iter()
                .find(|r| r.start == at && r.end > at)
                .map(|r| r.end)
            {
                Some(end) => at = end,
                None => return at,
            }
        }
    }

    /// The end of a member or declarator as tree-sitter draws it: without a separator oxc
    /// included, then with the `;` or `,` that follows after whitespace only.
    fn member_end(&self, raw_end: usize) -> usize {
        let mut end = raw_end.min(self.bytes.len());
        if end > 0 && matches!(self.bytes[end - 1], b';' | b',') {
            end = self.back_over_trivia(end - 1);
        }
        let mut j = end;
        while j < self.bytes.len() && is_space(self.bytes[j]) {
            j += 1;
        }
        if j < self.bytes.len() && matches!(self.bytes[j], b';' | b',') {
            j + 1
        } else {
            end
        }
    }

    /// The end of a statement that takes its own `;` (through comments).
    fn statement_end(&self, raw_end: usize) -> usize {
        let end = raw_end.min(self.bytes.len());
        if end > 0 && self.bytes[end - 1] == b';' {
            return end;
        }
        let j = self.forward_over_trivia(end);
        if j < self.bytes.len() && self.bytes[j] == b';' {
            j + 1
        } else {
            end
        }
    }

    /// The start of an extent: the wrapper's, else `start`.
    fn start(&mut self, start: usize) -> usize {
        match self.wrapper.take() {
            Some(w) => w.min(start),
            None => start,
        }
    }

    fn with_parent(&mut self, container: bool, f: impl FnOnce(&mut Self)) {
        self.parents.push(container);
        f(self);
        self.parents.pop();
    }

    /// A method's decorators as siblings in the class body: the run right before it with
    /// only whitespace between.
    fn decorated_start(&self, decorators: &[Decorator<'_>], own_start: usize) -> usize {
        let mut cur = own_start;
        for d in decorators.iter().rev() {
            let gap = self.bytes.get(d.span.end as usize..cur).unwrap_or(b"x");
            if !gap.iter().all(|b| is_space(*b)) {
                break;
            }
            cur = d.span.start as usize;
        }
        cur
    }

    fn class_def(&mut self, class: &Class<'t>, start: usize, name: String) {
        let decorators = class.decorators.first().map(|d| d.span.start as usize);
        let start = decorators.map_or(start, |d| d.min(start));
        self.def(
            start..class.span.end as usize,
            Some(range(class.body.span)),
            name,
        );
    }

    /// Whether a statement starting at `start` is one of the program's own (top level, not
    /// in a block or under `export`).
    fn is_top(&self, start: u32) -> bool {
        self.parents.is_empty() && self.top.binary_search(&(start as usize)).is_ok()
    }

    /// JavaScript: `const a = require("m"), b = require("n")` at the top level.
    fn is_require(&self, decl: &VariableDeclaration<'t>) -> bool {
        self.js
            && self.wrapper.is_none()
            && self.is_top(decl.span.start)
            && !decl.declarations.is_empty()
            && decl.declarations.iter().all(|d| match &d.init {
                Some(Expression::CallExpression(call)) => {
                    matches!(&call.callee, Expression::Identifier(id) if id.name == "require")
                        && call.type_arguments.is_none()
                        && !call.optional
                        && call.arguments.len() == 1
                        && matches!(call.arguments[0], Argument::StringLiteral(_))
                }
                _ => false,
            })
    }

    /// JavaScript: a top-level `a.b.c = value` statement (module docs): its name and the
    /// value, when the left side is a chain of plain names.
    fn member_assignment<'a>(
        &self,
        it: &'a ExpressionStatement<'t>,
    ) -> Option<(String, &'a Expression<'t>)> {
        if !(self.js && self.is_top(it.span.start)) {
            return None;
        }
        let Expression::AssignmentExpression(a) = &it.expression else {
            return None;
        };
        if a.operator != AssignmentOperator::Assign
            || matches!(a.right, Expression::AssignmentExpression(_))
        {
            return None;
        }
        let AssignmentTarget::StaticMemberExpression(m) = &a.left else {
            return None;
        };
        // `(a.b) = 1`: oxc drops the parentheses of a target, tree-sitter keeps them.
        if m.optional || m.span.start != it.span.start {
            return None;
        }
        let mut parts = vec![m.property.name.to_string()];
        let mut object = &m.object;
        loop {
            match object {
                Expression::StaticMemberExpression(inner) if !inner.optional => {
                    parts.push(inner.property.name.to_string());
                    object = &inner.object;
                }
                Expression::Identifier(id) => {
                    parts.push(id.name.to_string());
                    break;
                }
                _ => return None,
            }
        }
        parts.reverse();
        Some((parts.join("."), &a.right))
    }

    /// A test block, as the profile's `TEST_CALL` rule reads one (`language/ecmascript.rs`):
    /// the statement is a call of `describe`/`it`/`test`/... (through modifiers, or a call
    /// or tagged template of such a chain) whose first argument is a literal title. Its name
    /// and the body of its first function argument after the title.
    fn test_block(&self, it: &ExpressionStatement<'t>) -> Option<(String, Option<Range<usize>>)> {
        use crate::language::{TEST_FUNCTIONS, TEST_MODIFIERS};
        let Expression::CallExpression(call) = &it.expression else {
            return None;
        };
        if call.optional {
            return None;
        }
        fn chain(e: &Expression<'_>) -> bool {
            let mut at = e;
            loop {
                match at {
                    Expression::Identifier(id) => {
                        return TEST_FUNCTIONS.contains(&id.name.as_str())
                    }
                    Expression::StaticMemberExpression(m)
                        if !m.optional && TEST_MODIFIERS.contains(&m.property.name.as_str()) =>
                    {
                        at = &m.object;
                    }
                    _ => return false,
                }
            }
        }
        let member_chain =
            |e: &Expression<'_>| matches!(e, Expression::StaticMemberExpression(_)) && chain(e);
        let callee_ok = match &call.callee {
            Expression::CallExpression(inner) => !inner.optional && member_chain(&inner.callee),
            Expression::TaggedTemplateExpression(t) => member_chain(&t.tag),
            other => chain(other),
        };
        if !callee_ok {
            return None;
        }
        let title = call.arguments.first()?;
        let span = match title {
            Argument::StringLiteral(l) => l.span,
            Argument::TemplateLiteral(t) if t.expressions.is_empty() => t.span,
            _ => return None,
        };
        let name = crate::language::names::test_title(self.text.get(range(span))?)?;
        let body = call.arguments[1..].iter().find_map(|a| match a {
            Argument::ArrowFunctionExpression(f) => Some(Some(arrow_body(f))),
            Argument::FunctionExpression(f) => Some(f.body.as_ref().map(|b| range(b.span))),
            _ => None,
        });
        Some((name, body.flatten()))
    }

    fn variable_declaration(&mut self, decl: &VariableDeclaration<'t>, head: ForHead) {
        if head == ForHead::None && self.is_require(decl) {
            self.imports.push(range(decl.span));
            walk::walk_variable_declaration(self, decl);
            return;
        }
        let start = self.start(decl.span.start as usize);
        let symbolic = matches!(
            decl.kind,
            VariableDeclarationKind::Var
                | VariableDeclarationKind::Let
                | VariableDeclarationKind::Const
        ) && head != ForHead::InOf
            && self.declaration_placed();
        if !symbolic {
            walk::walk_variable_declaration(self, decl);
            return;
        }
        let single = decl.declarations.len() == 1;
        let is_const = decl.kind == VariableDeclarationKind::Const;
        let mut last_container = None;
        for d in &decl.declarations {
            let BindingPattern::BindingIdentifier(id) = &d.id else {
                continue;
            };
            let (container, body) = match &d.init {
                Some(Expression::ArrowFunctionExpression(a)) => (false, Some(arrow_body(a))),
                Some(Expression::FunctionExpression(f)) => {
                    (false, f.body.as_ref().map(|b| range(b.span)))
                }
                Some(Expression::ClassExpression(c)) => (true, Some(range(c.body.span))),
                _ => (false, None),
            };
            let _ = is_const;
            let extent = if single {
                let end = if head == ForHead::Init {
                    self.statement_end(decl.span.end as usize)
                } else {
                    decl.span.end as usize
                };
                start..end
            } else {
                d.span.start as usize..self.member_end(d.span.end as usize)
            };
            self.def(extent, body, id.name.to_string());
            last_container = Some(container);
        }
        match last_container {
            Some(container) => {
                self.with_parent(container, |s| walk::walk_variable_declaration(s, decl))
            }
            None => walk::walk_variable_declaration(self, decl),
        }
    }

    fn namespace(&mut self, ns: &TSNamespaceDeclaration<'t>) {
        let start = self.start(ns.span.start as usize);
        if ns.kind != TSNamespaceDeclarationKind::Namespace {
            // `module X {}`: tree-sitter's `module` node, not a symbol.
            walk::walk_ts_namespace_declaration(self, ns);
            return;
        }
        // `namespace A.B.C {}`: one symbol, its body the innermost block.
        let mut name = ns.id.name.to_string();
        let mut body = &ns.body;
        let block = loop {
            match body {
                TSNamespaceDeclarationBody::TSNamespaceDeclaration(inner) => {
                    name.push('.');
                    name.push_str(&inner.id.name);
                    body = &inner.body;
                }
                TSNamespaceDeclarationBody::TSModuleBlock(b) => break b,
            }
        };
        self.def(start..ns.span.end as usize, Some(range(block.span)), name);
        self.with_parent(true, |s| s.visit_ts_module_block(block));
    }
}

fn arrow_body(a: &ArrowFunctionExpression<'_>) -> Range<usize> {
    range(a.body.span())
}

fn key_name(text: &str, key: &PropertyKey<'_>) -> String {
    let r = range(key.span());
    text.get(r).unwrap_or("").to_string()
}

impl<'t> Collector<'t> {
    /// The bytes of the variance modifiers (`in`, `out`) of a type parameter that has any
    /// ([`Outline::masks`]): between the start of the parameter and its name there must be
    /// only whitespace, the compiler's comments and the words `in`, `out` and `const`, as many
    /// `in` and `out` as the compiler read; else none (tree-sitter then reports its error,
    /// and the file is left to the valid-file rule).
    fn variance(&self, it: &TSTypeParameter<'_>) -> Vec<Range<usize>> {
        if !it.r#in && !it.out {
            return Vec::new();
        }
        let (start, end) = (it.span.start as usize, it.name.span.start as usize);
        if start >= end || end > self.bytes.len() {
            return Vec::new();
        }
        let mut found = Vec::new();
        let (mut ins, mut outs) = (0, 0);
        let mut at = start;
        loop {
            while at < end && is_space(self.bytes[at]) {
                at += 1;
            }
            if at >= end {
                break;
            }
            if let Some(c) = self.comments.iter().find(|r| r.start == at && r.end <= end) {
                at = c.end;
                continue;
            }
            let word_end = (at..end)
                .find(|&i| !self.bytes[i].is_ascii_alphabetic())
                .unwrap_or(end);
            // A keyword ends at whitespace or a comment, never inside a longer name.
            let separated = word_end < end
                && (is_space(self.bytes[word_end])
                    || self.comments.iter().any(|r| r.start == word_end));
            if !separated {
                return Vec::new();
            }
            match &self.bytes[at..word_end] {
                b"in" => ins += 1,
                b"out" => outs += 1,
                b"const" => {
                    at = word_end;
                    continue;
                }
                _ => return Vec::new(),
            }
            found.push(at..word_end);
            at = word_end;
        }
        if ins != usize::from(it.r#in) || outs != usize::from(it.out) {
            return Vec::new();
        }
        found
    }
}

impl<'t> Visit<'t> for Collector<'t> {
    fn visit_ts_type_parameter(&mut self, it: &TSTypeParameter<'t>) {
        let found = self.variance(it);
        self.masks.extend(found);
        walk::walk_ts_type_parameter(self, it);
    }

    fn visit_import_declaration(&mut self, it: &ImportDeclaration<'t>) {
        self.imports.push(range(it.span));
        walk::walk_import_declaration(self, it);
    }

    fn visit_ts_import_equals_declaration(&mut self, it: &TSImportEqualsDeclaration<'t>) {
        self.wrapper = None;
        if matches!(
            it.module_reference,
            TSModuleReference::ExternalModuleReference(_)
        ) {
            self.imports.push(range(it.span));
        }
        walk::walk_ts_import_equals_declaration(self, it);
    }

    fn visit_import_meta(&mut self, it: &ImportMeta) {
        self.import_meta = true;
        walk::walk_import_meta(self, it);
    }

    fn visit_export_declaration(&mut self, it: &ExportDeclaration<'t>) {
        self.wrapper = Some(it.span.start as usize);
        walk::walk_export_declaration(self, it);
        self.wrapper = None;
    }

    fn visit_export_default_declaration(&mut self, it: &ExportDefaultDeclaration<'t>) {
        let start = it.span.start as usize;
        match &it.declaration {
            ExportDefaultDeclarationKind::FunctionDeclaration(f) => match &f.id {
                Some(_) => {
                    self.wrapper = Some(start);
                    self.visit_function(f, ScopeFlags::Function);
                }
                None => {
                    let end = self.statement_end(it.span.end.max(f.span.end) as usize);
                    self.def(
                        start..end,
                        f.body.as_ref().map(|b| range(b.span)),
                        "default".into(),
                    );
                    self.with_parent(false, |s| walk::walk_function(s, f, ScopeFlags::Function));
                }
            },
            ExportDefaultDeclarationKind::ClassDeclaration(c) => match &c.id {
                Some(id) => {
                    self.class_def(c, start, id.name.to_string());
                    self.with_parent(true, |s| walk::walk_class(s, c));
                }
                None => {
                    let decorators = c.decorators.first().map(|d| d.span.start as usize);
                    let s0 = decorators.map_or(start, |d| d.min(start));
                    let end = self.statement_end(it.span.end.max(c.span.end) as usize);
                    self.def(s0..end, Some(range(c.body.span)), "default".into());
                    self.with_parent(true, |s| walk::walk_class(s, c));
                }
            },
            ExportDefaultDeclarationKind::TSInterfaceDeclaration(i) => {
                self.wrapper = Some(start);
                self.visit_ts_interface_declaration(i);
            }
            other => {
                let (container, body) = match other {
                    ExportDefaultDeclarationKind::ArrowFunctionExpression(a) => {
                        (false, Some(arrow_body(a)))
                    }
                    ExportDefaultDeclarationKind::FunctionExpression(f) => {
                        (false, f.body.as_ref().map(|b| range(b.span)))
                    }
                    ExportDefaultDeclarationKind::ClassExpression(c) => {
                        (true, Some(range(c.body.span)))
                    }
                    _ => (false, None),
                };
                let end = self.statement_end(it.span.end as usize);
                self.def(start..end, body, "default".into());
                self.with_parent(container, |s| walk::walk_export_default_declaration(s, it));
            }
        }
        self.wrapper = None;
    }

    fn visit_function(&mut self, it: &Function<'t>, flags: ScopeFlags) {
        let declaration = matches!(
            it.r#type,
            FunctionType::FunctionDeclaration | FunctionType::TSDeclareFunction
        );
        match (&it.id, declaration) {
            (Some(id), true) => {
                let start = self.start(it.span.start as usize);
                self.def(
                    start..it.span.end as usize,
                    it.body.as_ref().map(|b| range(b.span)),
                    id.name.to_string(),
                );
                self.with_parent(false, |s| walk::walk_function(s, it, flags));
            }
            _ => {
                // A function that is no symbol (a callback, an object literal's method): its
                // declarations are locals, no symbols.
                self.wrapper = None;
                self.with_parent(false, |s| walk::walk_function(s, it, flags));
            }
        }
    }

    fn visit_arrow_function_expression(&mut self, it: &ArrowFunctionExpression<'t>) {
        self.with_parent(false, |s| walk::walk_arrow_function_expression(s, it));
    }

    fn visit_class(&mut self, it: &Class<'t>) {
        match (&it.id, it.r#type) {
            (Some(id), ClassType::ClassDeclaration) => {
                let start = self.start(it.span.start as usize);
                self.class_def(it, start, id.name.to_string());
                self.with_parent(true, |s| walk::walk_class(s, it));
            }
            _ => {
                self.wrapper = None;
                walk::walk_class(self, it);
            }
        }
    }

    fn visit_method_definition(&mut self, it: &MethodDefinition<'t>) {
        if !self.member_placed() {
            walk::walk_method_definition(self, it);
            return;
        }
        let own = it.key.span().start as usize;
        let raw_start = (it.span.start as usize).min(own);
        // Modifiers (`static`, `async`, `get`) come before the key: the member's own start
        // is oxc's span start, or after its decorators.
        let own_start = match it.decorators.last() {
            Some(d) => self.forward_over_trivia(d.span.end as usize),
            None => raw_start,
        };
        let start = self.decorated_start(&it.decorators, own_start);
        let end = self.member_end(it.span.end as usize);
        self.def(
            start..end,
            it.value.body.as_ref().map(|b| range(b.span)),
            key_name(self.text, &it.key),
        );
        // Decorators are siblings of the method in tree-sitter's class body.
        self.visit_decorators(&it.decorators);
        self.with_parent(false, |s| {
            s.visit_property_key(&it.key);
            s.visit_function(&it.value, ScopeFlags::Function);
        });
    }

    fn visit_property_definition(&mut self, it: &PropertyDefinition<'t>) {
        if !self.member_placed() {
            walk::walk_property_definition(self, it);
            return;
        }
        let start =
            it.decorators
                .first()
                .map_or(it.span.start, |d| d.span.start.min(it.span.start)) as usize;
        let end = self.member_end(it.span.end as usize);
        self.def(start..end, None, key_name(self.text, &it.key));
        self.with_parent(false, |s| walk::walk_property_definition(s, it));
    }

    fn visit_accessor_property(&mut self, it: &AccessorProperty<'t>) {
        if !self.member_placed() {
            walk::walk_accessor_property(self, it);
            return;
        }
        let start =
            it.decorators
                .first()
                .map_or(it.span.start, |d| d.span.start.min(it.span.start)) as usize;
        let end = self.member_end(it.span.end as usize);
        self.def(start..end, None, key_name(self.text, &it.key));
        self.with_parent(false, |s| walk::walk_accessor_property(s, it));
    }

    fn visit_object_property(&mut self, it: &ObjectProperty<'t>) {
        let method = it.method || matches!(it.kind, PropertyKind::Get | PropertyKind::Set);
        if !(method && self.member_placed()) {
            walk::walk_object_property(self, it);
            return;
        }
        let body = match &it.value {
            Expression::FunctionExpression(f) => f.body.as_ref().map(|b| range(b.span)),
            _ => None,
        };
        let end = self.member_end(it.span.end as usize);
        self.def(
            it.span.start as usize..end,
            body,
            key_name(self.text, &it.key),
        );
        self.with_parent(false, |s| walk::walk_object_property(s, it));
    }

    fn visit_ts_property_signature(&mut self, it: &TSPropertySignature<'t>) {
        if !self.member_placed() {
            walk::walk_ts_property_signature(self, it);
            return;
        }
        let end = self.member_end(it.span.end as usize);
        self.def(
            it.span.start as usize..end,
            None,
            key_name(self.text, &it.key),
        );
        self.with_parent(false, |s| walk::walk_ts_property_signature(s, it));
    }

    fn visit_ts_method_signature(&mut self, it: &TSMethodSignature<'t>) {
        if !self.member_placed() {
            walk::walk_ts_method_signature(self, it);
            return;
        }
        let end = self.member_end(it.span.end as usize);
        self.def(
            it.span.start as usize..end,
            None,
            key_name(self.text, &it.key),
        );
        self.with_parent(false, |s| walk::walk_ts_method_signature(s, it));
    }

    fn visit_ts_interface_declaration(&mut self, it: &TSInterfaceDeclaration<'t>) {
        let start = self.start(it.span.start as usize);
        self.def(
            start..it.span.end as usize,
            Some(range(it.body.span)),
            it.id.name.to_string(),
        );
        self.with_parent(true, |s| walk::walk_ts_interface_declaration(s, it));
    }

    fn visit_ts_type_alias_declaration(&mut self, it: &TSTypeAliasDeclaration<'t>) {
        let start = self.start(it.span.start as usize);
        self.def(start..it.span.end as usize, None, it.id.name.to_string());
        let TSType::TSTypeLiteral(object) = &it.type_annotation else {
            self.with_parent(false, |s| walk::walk_ts_type_alias_declaration(s, it));
            return;
        };
        // An alias of an object type is a container (the profile's `Container` row): its
        // property and method signatures are members; nothing else in it is (not an
        // object type in its type parameters, nor one inside an index signature).
        self.with_parent(false, |s| {
            s.visit_binding_identifier(&it.id);
            if let Some(params) = &it.type_parameters {
                s.visit_ts_type_parameter_declaration(params);
            }
        });
        for member in &object.members {
            let direct = matches!(
                member,
                TSSignature::TSPropertySignature(_) | TSSignature::TSMethodSignature(_)
            );
            self.with_parent(direct, |s| s.visit_ts_signature(member));
        }
    }

    fn visit_ts_enum_declaration(&mut self, it: &TSEnumDeclaration<'t>) {
        let start = self.start(it.span.start as usize);
        self.def(
            start..it.span.end as usize,
            Some(range(it.body.span)),
            it.id.name.to_string(),
        );
        self.with_parent(false, |s| walk::walk_ts_enum_declaration(s, it));
    }

    fn visit_ts_namespace_declaration(&mut self, it: &TSNamespaceDeclaration<'t>) {
        self.namespace(it);
    }

    fn visit_ts_external_module_declaration(&mut self, it: &TSExternalModuleDeclaration<'t>) {
        self.wrapper = None;
        walk::walk_ts_external_module_declaration(self, it);
    }

    fn visit_ts_global_declaration(&mut self, it: &TSGlobalDeclaration<'t>) {
        self.wrapper = None;
        walk::walk_ts_global_declaration(self, it);
    }

    fn visit_variable_declaration(&mut self, it: &VariableDeclaration<'t>) {
        let head = std::mem::replace(&mut self.for_head, ForHead::None);
        self.variable_declaration(it, head);
    }

    fn visit_for_statement_init(&mut self, it: &ForStatementInit<'t>) {
        self.for_head = ForHead::Init;
        walk::walk_for_statement_init(self, it);
        self.for_head = ForHead::None;
    }

    fn visit_for_statement_left(&mut self, it: &ForStatementLeft<'t>) {
        self.for_head = ForHead::InOf;
        walk::walk_for_statement_left(self, it);
        self.for_head = ForHead::None;
    }

    fn visit_expression_statement(&mut self, it: &ExpressionStatement<'t>) {
        if let Some((name, body)) = self.test_block(it) {
            let end = self.statement_end(it.span.end as usize);
            self.def(it.span.start as usize..end, body, name);
            self.with_parent(false, |s| walk::walk_expression_statement(s, it));
            return;
        }
        let Some((name, value)) = self.member_assignment(it) else {
            walk::walk_expression_statement(self, it);
            return;
        };
        let (container, body) = match value {
            Expression::ArrowFunctionExpression(a) => (false, Some(arrow_body(a))),
            Expression::FunctionExpression(f) => (false, f.body.as_ref().map(|b| range(b.span))),
            Expression::ClassExpression(c) => (true, Some(range(c.body.span))),
            _ => (false, None),
        };
        let end = self.statement_end(it.span.end as usize);
        self.def(it.span.start as usize..end, body, name);
        self.with_parent(container, |s| walk::walk_expression_statement(s, it));
    }

    fn visit_expression(&mut self, it: &Expression<'t>) {
        // A for-head flag is only for the declaration right there.
        self.for_head = ForHead::None;
        walk::walk_expression(self, it);
    }
}

#[cfg(all(test, feature = "typescript"))]
mod tests;
