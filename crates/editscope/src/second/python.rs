//! The Python outline, read by `ruff_python_parser` as CPython reads the module.
//!
//! ruff's lexer follows CPython where tree-sitter's does not: a lone carriage return ends a
//! line (and so a `#` comment), a form feed resets the indentation count, a backslash before
//! any line ending continues the line, and f-strings nest as in PEP 701. Its parser accepts
//! the syntax of every Python 3 version it knows (the newest included, as tree-sitter
//! does); version-gated errors are not refusals, since editscope does not know which Python
//! runs the file. Python 2 code (`print "x"`, `exec "x"`, backticks) is refused.
//!
//! Besides ruff's own errors, the file is refused where CPython would not read the same
//! text: a NUL byte (CPython refuses the file), an encoding declaration
//! (`# -*- coding: … -*-` on one of the first two lines) naming anything but UTF-8 or a
//! single-byte superset of ASCII (under `utf-7` a comment's `+AAo-` is a line break, and a
//! multi-byte encoding can swallow a backslash or a quote), more than
//! [`MAX_BRACKETS`] nested brackets or [`MAX_INDENT`] levels of indentation (CPython's own
//! limits), and expressions nested deeper than [`MAX_NESTING`] (CPython 3.11 stops compiling
//! at about 3,000 levels), so no reading recurses without bound.
//!
//! The outline mirrors the Python profile (`language/python.rs`) and the extraction rules
//! of `symbols.rs`:
//! - every `def` and `class`, at any depth (in `if`, `try`, `with`, `for`, `while` and
//!   `match` blocks too), its extent from its first decorator to the end of its last
//!   statement; its body from its first statement to its last, after the docstring when the
//!   first statement is a single, unparenthesised string literal (tree-sitter's `string`:
//!   plain, bytes, f- or t-string, not an implicit concatenation);
//! - assignments `x = …` / `x = y = …` (named by the first target) and annotated
//!   assignments `x: T [= …]` whose (first) target is a bare, unparenthesised name, and
//!   `type X = …`, where the nearest enclosing definition is none or a class
//!   (`Placement::Declaration`);
//! - every `import`, `from … import` and `from __future__ import` statement, at any depth;
//! - the module's statements, and the comments from ruff's tokens.

use std::ops::Range;

use ruff_python_ast::token::TokenKind;
use ruff_python_ast::{ExceptHandler, Expr, ModModule, Stmt};
use ruff_python_parser::lexer::lex;
use ruff_python_parser::{Mode, Parsed};
use ruff_text_size::{Ranged, TextRange};

use super::{Def, Outline, Refusal};

/// CPython's limit on nested brackets (`MAXLEVEL` of its tokenizer: "too many nested
/// parentheses").
pub(crate) const MAX_BRACKETS: usize = 200;

/// CPython's limit on levels of indentation (`MAXINDENT` of its tokenizer: "too many levels
/// of indentation").
pub(crate) const MAX_INDENT: usize = 100;

/// The deepest expression nesting read, as estimated from the tokens (an overestimate):
/// CPython 3.11 refuses to compile about 3,000 levels ("maximum recursion depth exceeded
/// during compilation").
pub(crate) const MAX_NESTING: usize = 3_000;

/// The stack of the thread that parses and drops the tree (ruff grows its own stack while
/// parsing; dropping a deep tree recurses).
const STACK_BYTES: usize = 64 * 1024 * 1024;

pub(super) fn outline(text: &str) -> Option<Result<Outline, Refusal>> {
    Some(read(text))
}

fn refusal(byte: usize, message: impl Into<String>) -> Refusal {
    Refusal {
        byte,
        message: message.into(),
    }
}

fn read(text: &str) -> Result<Outline, Refusal> {
    if u32::try_from(text.len()).is_err() {
        return Err(refusal(
            0,
            "the file is too large for ruff's 32-bit offsets",
        ));
    }
    if let Some(at) = text.find('\0') {
        return Err(refusal(
            at,
            "the file holds a NUL byte, which CPython refuses in source code",
        ));
    }
    encoding(text)?;
    nesting(text)?;
    let joined = std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("editscope-ruff".into())
            .stack_size(STACK_BYTES)
            .spawn_scoped(scope, || parse(text))
            .map(|handle| handle.join())
    });
    match joined {
        Ok(Ok(result)) => result,
        Ok(Err(_)) => Err(refusal(0, "ruff_python_parser failed on the file")),
        Err(e) => Err(refusal(
            0,
            format!("could not start the parser thread: {e}"),
        )),
    }
}

fn parse(text: &str) -> Result<Outline, Refusal> {
    let parsed: Parsed<ModModule> = ruff_python_parser::parse_module(text)
        .map_err(|e| refusal(e.location.start().to_usize(), e.error.to_string()))?;
    let mut walk = Walk {
        text,
        out: Outline::default(),
    };
    let module = parsed.syntax();
    walk.out.top_level = module.body.iter().map(|s| range(s.range())).collect();
    walk.suite(&module.body, Scope::Module);
    walk.out.comments = parsed
        .tokens()
        .iter()
        .filter(|t| t.kind() == TokenKind::Comment)
        .map(|t| range(t.range()))
        .collect();
    Ok(walk.out)
}

fn range(r: TextRange) -> Range<usize> {
    r.start().to_usize()..r.end().to_usize()
}

/// The nearest enclosing definition.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Scope {
    Module,
    Class,
    Function,
}

struct Walk<'a> {
    text: &'a str,
    out: Outline,
}

impl Walk<'_> {
    fn name(&self, r: TextRange) -> String {
        self.text.get(range(r)).unwrap_or("").to_string()
    }

    /// Statement nesting is bounded by [`MAX_INDENT`], so this recursion is too.
    fn suite(&mut self, body: &[Stmt], scope: Scope) {
        for stmt in body {
            self.stmt(stmt, scope);
        }
    }

    fn def(&mut self, extent: TextRange, body: &[Stmt], name: TextRange) {
        self.out.defs.push(Def {
            extent: range(extent),
            body: body_range(body),
            name: self.name(name),
        });
    }

    /// A variable: when the nearest enclosing definition is none or a class, and its target
    /// is a bare name that starts the statement (tree-sitter's `assignment` with an
    /// `identifier` on the left; `(x) = 1` is a `tuple_pattern` there).
    fn variable(&mut self, stmt: TextRange, target: &Expr, scope: Scope) {
        if scope == Scope::Function {
            return;
        }
        if let Expr::Name(n) = target {
            if n.range.start() == stmt.start() {
                self.out.defs.push(Def {
                    extent: range(stmt),
                    body: None,
                    name: self.name(n.range),
                });
            }
        }
    }

    fn stmt(&mut self, stmt: &Stmt, scope: Scope) {
        match stmt {
            Stmt::FunctionDef(f) => {
                self.def(f.range, &f.body, f.name.range);
                self.suite(&f.body, Scope::Function);
            }
            Stmt::ClassDef(c) => {
                self.def(c.range, &c.body, c.name.range);
                self.suite(&c.body, Scope::Class);
            }
            Stmt::Assign(a) => {
                if let Some(first) = a.targets.first() {
                    self.variable(a.range, first, scope);
                }
            }
            Stmt::AnnAssign(a) => self.variable(a.range, &a.target, scope),
            Stmt::TypeAlias(t) => {
                if scope != Scope::Function {
                    self.out.defs.push(Def {
                        extent: range(t.range),
                        body: None,
                        name: self.name(t.name.range()),
                    });
                }
            }
            Stmt::Import(i) => self.out.imports.push(range(i.range)),
            Stmt::ImportFrom(i) => self.out.imports.push(range(i.range)),
            Stmt::If(i) => {
                self.suite(&i.body, scope);
                for clause in &i.elif_else_clauses {
                    self.suite(&clause.body, scope);
                }
            }
            Stmt::For(f) => {
                self.suite(&f.body, scope);
                self.suite(&f.orelse, scope);
            }
            Stmt::While(w) => {
                self.suite(&w.body, scope);
                self.suite(&w.orelse, scope);
            }
            Stmt::With(w) => self.suite(&w.body, scope),
            Stmt::Try(t) => {
                self.suite(&t.body, scope);
                for handler in &t.handlers {
                    let ExceptHandler::ExceptHandler(h) = handler;
                    self.suite(&h.body, scope);
                }
                self.suite(&t.orelse, scope);
                self.suite(&t.finalbody, scope);
            }
            Stmt::Match(m) => {
                for case in &m.cases {
                    self.suite(&case.body, scope);
                }
            }
            Stmt::Return(_)
            | Stmt::Delete(_)
            | Stmt::AugAssign(_)
            | Stmt::Raise(_)
            | Stmt::Assert(_)
            | Stmt::Global(_)
            | Stmt::Nonlocal(_)
            | Stmt::Expr(_)
            | Stmt::Pass(_)
            | Stmt::Break(_)
            | Stmt::Continue(_)
            | Stmt::IpyEscapeCommand(_) => {}
        }
    }
}

/// A body as `symbols.rs` draws it: its statements, after a leading docstring.
fn body_range(body: &[Stmt]) -> Option<Range<usize>> {
    let (first, last) = (body.first()?, body.last()?);
    let start = if is_docstring(first) {
        first.range().end()
    } else {
        first.range().start()
    };
    let end = last.range().end().max(start);
    Some(start.to_usize()..end.to_usize())
}

/// tree-sitter's docstring: an expression statement whose value is a string literal (plain,
/// bytes, f- or t-string), an implicit concatenation of them (`"a" "b"`), parenthesised or
/// not (`("a")`): every form CPython takes as a docstring, and the f-string and bytes forms
/// it does not (frozen too: fail closed).
fn is_docstring(stmt: &Stmt) -> bool {
    let Stmt::Expr(e) = stmt else {
        return false;
    };
    matches!(
        &*e.value,
        Expr::StringLiteral(_) | Expr::BytesLiteral(_) | Expr::FString(_) | Expr::TString(_)
    )
}

/// Refuses an encoding declaration that would make CPython read other characters than the
/// UTF-8 text: only UTF-8 and single-byte supersets of ASCII keep every ASCII byte (and so
/// every line break, quote, backslash and `#`) where it is.
fn encoding(text: &str) -> Result<(), Refusal> {
    let mut at = 0usize;
    let mut rest = text;
    for _ in 0..2 {
        let end = rest.find(['\r', '\n']).unwrap_or(rest.len());
        let line = &rest[..end];
        if let Some(name) = coding_name(line) {
            if !ascii_compatible(&name) {
                return Err(refusal(
                    at,
                    format!(
                        "the encoding declaration names `{name}`, which CPython would decode \
                         differently from UTF-8 (only UTF-8 and single-byte ASCII supersets \
                         are read)"
                    ),
                ));
            }
            return Ok(());
        }
        let mut next = end;
        if rest[end..].starts_with("\r\n") {
            next += 2;
        } else if end < rest.len() {
            next += 1;
        } else {
            return Ok(());
        }
        at += next;
        rest = &rest[next..];
    }
    Ok(())
}

/// The name in a line matching CPython's `^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)`.
fn coding_name(line: &str) -> Option<String> {
    let trimmed = line.trim_start_matches([' ', '\t', '\x0c']);
    let comment = trimmed.strip_prefix('#')?;
    let mut search = comment;
    while let Some(i) = search.find("coding") {
        let after = &search[i + "coding".len()..];
        if let Some(value) = after.strip_prefix([':', '=']) {
            let value = value.trim_start_matches([' ', '\t']);
            let name: String = value
                .chars()
                .take_while(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
                .collect();
            if !name.is_empty() {
                return Some(name);
            }
        }
        search = &search[i + 1..];
    }
    None
}

fn ascii_compatible(name: &str) -> bool {
    let n = name.to_ascii_lowercase().replace('_', "-");
    let utf8 = n == "utf-8" || n.starts_with("utf-8-") || n == "utf8" || n == "utf8-sig";
    let latin = matches!(
        n.as_str(),
        "latin-1"
            | "latin1"
            | "l1"
            | "iso-latin-1"
            | "iso8859-1"
            | "iso-8859-1"
            | "ascii"
            | "us-ascii"
            | "646"
    ) || n.starts_with("latin-1-")
        || n.starts_with("iso-8859-1-")
        || n.starts_with("iso-latin-1-");
    let single = ["iso-8859-", "iso8859-", "cp125", "windows-125"]
        .iter()
        .any(|p| {
            n.strip_prefix(p)
                .is_some_and(|d| !d.is_empty() && d.chars().all(|c| c.is_ascii_digit()))
        });
    utf8 || latin || single
}

/// Refuses nesting past CPython's limits, estimated from ruff's tokens without parsing.
///
/// Per bracket level: `run` counts the tokens since the last comma that can each open one
/// more level of the tree (operators, `not`, `await`, `if`/`else`, `.`, calls and
/// subscripts, f-strings); a `lambda` moves the run into `held`, which only the end of the
/// statement or of the bracket clears (a lambda's parameters and body span commas). The
/// estimate is the sum over the open levels plus the brackets and twice the indentation.
fn nesting(text: &str) -> Result<(), Refusal> {
    struct Level {
        run: usize,
        held: usize,
    }
    let mut levels = vec![Level { run: 0, held: 0 }];
    let mut indent = 0usize;
    let mut sum = 0usize; // Σ run + held over `levels`
    let mut lexer = lex(text, Mode::Module);
    let mut steps = 0usize;
    loop {
        let kind = lexer.next_token();
        steps += 1;
        if kind == TokenKind::EndOfFile || steps > 2 * text.len() + 256 {
            return Ok(());
        }
        let top = levels.len() - 1;
        match kind {
            TokenKind::Lpar | TokenKind::Lsqb | TokenKind::Lbrace => {
                levels[top].run += 1;
                sum += 1;
                levels.push(Level { run: 0, held: 0 });
                if levels.len() - 1 > MAX_BRACKETS {
                    return Err(refusal(
                        0,
                        format!(
                            "more than {MAX_BRACKETS} nested brackets (CPython: too many nested \
                             parentheses)"
                        ),
                    ));
                }
            }
            TokenKind::Rpar | TokenKind::Rsqb | TokenKind::Rbrace if levels.len() > 1 => {
                if let Some(l) = levels.pop() {
                    sum = sum.saturating_sub(l.run + l.held);
                }
            }
            TokenKind::Comma => {
                sum = sum.saturating_sub(levels[top].run);
                levels[top].run = 0;
            }
            TokenKind::Newline | TokenKind::Semi => {
                levels.truncate(1);
                levels[0] = Level { run: 0, held: 0 };
                sum = 0;
            }
            TokenKind::Indent => {
                indent += 1;
                if indent >= MAX_INDENT {
                    return Err(refusal(
                        0,
                        format!(
                            "{MAX_INDENT} or more levels of indentation (CPython: too many \
                             levels of indentation)"
                        ),
                    ));
                }
            }
            TokenKind::Dedent => indent = indent.saturating_sub(1),
            TokenKind::Lambda => {
                let l = &mut levels[top];
                l.held += l.run + 1;
                l.run = 0;
                sum += 1;
            }
            TokenKind::Plus
            | TokenKind::Minus
            | TokenKind::Star
            | TokenKind::Slash
            | TokenKind::Vbar
            | TokenKind::Amper
            | TokenKind::Percent
            | TokenKind::Tilde
            | TokenKind::CircumFlex
            | TokenKind::LeftShift
            | TokenKind::RightShift
            | TokenKind::DoubleStar
            | TokenKind::DoubleSlash
            | TokenKind::At
            | TokenKind::ColonEqual
            | TokenKind::Colon
            | TokenKind::Equal
            | TokenKind::Dot
            | TokenKind::Not
            | TokenKind::Await
            | TokenKind::If
            | TokenKind::Else
            | TokenKind::Yield
            | TokenKind::For
            | TokenKind::Rarrow
            | TokenKind::FStringStart
            | TokenKind::TStringStart => {
                levels[top].run += 1;
                sum += 1;
            }
            _ => {}
        }
        if sum + (levels.len() - 1) + 2 * indent > MAX_NESTING {
            return Err(refusal(
                0,
                format!(
                    "expressions nested deeper than {MAX_NESTING} levels (CPython stops \
                     compiling at about 3,000)"
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests;
