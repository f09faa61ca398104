//! The Rust outline, read with `syn` (full) over `proc-macro2`'s lexer with span locations.
//!
//! The file is read as `syn::parse_file` reads it (a byte order mark and a shebang line are
//! stripped first, exactly as rustc does), on a thread of its own: the lexer's source map is
//! thread-local and grows with every file read, so it dies with the thread (and the thread's
//! stack is sized for the parser's recursion, see [`guard`]).
//!
//! The outline mirrors the Rust profile (`language/rust.rs`):
//! - definitions: `fn` anywhere (nested in bodies, blocks, closures, `const` blocks), `fn`
//!   signatures in traits and `extern` blocks, `struct`, `enum`, `union`, `trait`, `impl`,
//!   `type` (associated and foreign too), `const`, `static`, `mod` (with or without a body),
//!   `macro_rules!`; each extent from its first outer attribute (doc comments are
//!   attributes to the compiler) to its last token; bodies are the block or the field,
//!   variant or member list;
//! - imports: every `use` and `extern crate` item, wherever it is (its visibility
//!   included, its attributes not, as tree-sitter draws `use_declaration`);
//! - top level: the file's inner attributes and items, in order;
//! - comments: every stretch of text between two tokens that is not whitespace, as the
//!   lexer skips it (so only the compiler's own comments), and the shebang line.

use std::ops::Range;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{mpsc, Arc, Mutex};

use proc_macro2::{Delimiter, Span, TokenStream, TokenTree};
use syn::buffer::Cursor;
use syn::visit::Visit;

use super::{Cut, Def, Outline, Refusal};

mod splice;
pub(super) use splice::{splice, splice_enabled};

#[cfg(test)]
mod tests;

/// The stack of the parsing thread. Only the pages the parser touches are committed.
const STACK_BYTES: usize = 256 * 1024 * 1024;

/// At most this much nesting ([`guard`]): each enclosing delimiter group counts 1, each
/// prefix token in the enclosing groups' current statements 2.
const MAX_NEST: usize = 8192;

/// At most this many tokens, summed over the enclosing groups ([`guard`]).
const MAX_RUN: usize = 65_536;

/// Reads `text` on one of the parsing threads ([`start`]) and waits for the reading.
pub(super) fn outline(text: &str) -> Option<Result<Outline, Refusal>> {
    Some(start(text).wait())
}

/// A reading under way on a parsing thread.
pub(super) struct Pending(Result<mpsc::Receiver<Result<Outline, Refusal>>, Refusal>);

impl Pending {
    /// The reading, once the parsing thread has made it.
    pub(super) fn wait(self) -> Result<Outline, Refusal> {
        let rx = self.0?;
        rx.recv().unwrap_or_else(|_| {
            Err(Refusal {
                byte: 0,
                message: "the parser failed".into(),
            })
        })
    }
}

/// What a reading reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Kind {
    /// A whole file, as `syn::parse_file` reads it.
    File,
    /// A run of items cut out of a file ([`splice`]): no byte order mark, shebang or inner
    /// attribute; the text is the file's from byte `offset` on, and every range of the
    /// reading is an offset into the file.
    Items { offset: usize },
}

/// One text to read, and where to send the reading.
struct Job {
    text: Arc<str>,
    kind: Kind,
    reply: mpsc::Sender<Result<Outline, Refusal>>,
}

/// The parsing threads waiting for work, and the process they belong to (a forked child
/// inherits the list, not the threads).
static IDLE: Mutex<(u32, Vec<mpsc::Sender<Job>>)> = Mutex::new((0, Vec::new()));

/// At most this many parsing threads wait for work (a check reads two files at once).
const MAX_IDLE: usize = 2;

/// A thread whose reading nested deeper than this ([`guard`]'s measure) ends after it, so
/// that the stack pages the recursion touched go back to the system.
const RETIRE_NEST: usize = 512;

/// Starts reading `text` on a parsing thread: the reading [`early`] started of the same
/// bytes if there is one, else on an idle thread, or a new one. The threads live on between
/// readings (a new thread, with its stack and its allocator arena touched anew, costs about
/// a tenth of a reading), each on a stack of [`STACK_BYTES`]; the lexer's source map is
/// thread-local and is cleared after every reading, and the syntax tree is dropped after
/// the reading has been sent, off the caller's path.
pub(super) fn start(text: &str) -> Pending {
    if let Some(rx) = take_early(text) {
        return Pending(Ok(rx));
    }
    start_kind(text, Kind::File)
}

/// Starts reading `text` as `kind` on a parsing thread (never one [`early`] started).
pub(super) fn start_kind(text: &str, kind: Kind) -> Pending {
    let (reply, rx) = mpsc::channel();
    let job = Job {
        text: text.into(),
        kind,
        reply,
    };
    let Err(job) = send_idle(job) else {
        return Pending(Ok(rx));
    };
    Pending(match spawn(job) {
        Ok(()) => Ok(rx),
        Err(e) => Err(Refusal {
            byte: 0,
            message: format!("cannot start the parsing thread: {e}"),
        }),
    })
}

/// Gives `job` to an idle parsing thread, or gives it back.
fn send_idle(mut job: Job) -> Result<(), Job> {
    while let Some(worker) = idle_worker() {
        match worker.send(job) {
            Ok(()) => return Ok(()),
            Err(mpsc::SendError(back)) => job = back,
        }
    }
    Err(job)
}

/// The parsing threads alive.
static LIVE: AtomicUsize = AtomicUsize::new(0);

fn spawn(job: Job) -> std::io::Result<()> {
    LIVE.fetch_add(1, Ordering::SeqCst);
    let spawned = std::thread::Builder::new()
        .name("editscope-syn".into())
        .stack_size(STACK_BYTES)
        .spawn(move || {
            work(job);
            LIVE.fetch_sub(1, Ordering::SeqCst);
        });
    if spawned.is_err() {
        LIVE.fetch_sub(1, Ordering::SeqCst);
    }
    spawned.map(drop)
}

/// Readings started before they are asked for ([`early`]), with the bytes they read.
type Started = Vec<(u64, Arc<str>, mpsc::Receiver<Result<Outline, Refusal>>)>;

/// The readings started early, the last id given, and the process they belong to (a
/// forked child inherits the list, not the threads).
static EARLY: Mutex<(u32, u64, Started)> = Mutex::new((0, 0, Vec::new()));

fn early_list() -> std::sync::MutexGuard<'static, (u32, u64, Started)> {
    let mut early = EARLY.lock().unwrap_or_else(|e| e.into_inner());
    let pid = std::process::id();
    if early.0 != pid {
        *early = (pid, 0, Vec::new());
    }
    early
}

/// Readings [`early`] started; dropping it forgets those nobody asked for (their threads
/// finish them and go back to waiting).
pub(super) struct Early(Vec<u64>);

/// Starts reading `texts` on parsing threads that are idle (or not yet started, while fewer
/// than [`MAX_IDLE`] live), before the check needs the readings: `check_text` starts them
/// before tree-sitter parses, so that both parsers work at once. A later [`start`] of the
/// same bytes (compared in full) takes the reading: it is the reading of the same input.
/// Never more threads than that, so a run of checks that never get to the readings (a
/// rejection needs none) cannot pile them up.
pub(super) fn early(texts: &[&str]) -> Early {
    let mut ids = Vec::new();
    for text in texts {
        let text: Arc<str> = (*text).into();
        let (reply, rx) = mpsc::channel();
        let job = Job {
            text: text.clone(),
            kind: Kind::File,
            reply,
        };
        let sent = match send_idle(job) {
            Ok(()) => true,
            Err(job) => LIVE.load(Ordering::SeqCst) < MAX_IDLE && spawn(job).is_ok(),
        };
        if !sent {
            break;
        }
        let mut early = early_list();
        early.1 += 1;
        let id = early.1;
        early.2.push((id, text, rx));
        ids.push(id);
    }
    Early(ids)
}

impl Drop for Early {
    fn drop(&mut self) {
        if self.0.is_empty() {
            return;
        }
        early_list().2.retain(|(id, _, _)| !self.0.contains(id));
    }
}

/// The reading [`early`] started of exactly `text`, if any.
fn take_early(text: &str) -> Option<mpsc::Receiver<Result<Outline, Refusal>>> {
    let mut early = early_list();
    let at = early.2.iter().position(|(_, t, _)| **t == *text)?;
    Some(early.2.swap_remove(at).2)
}

fn idle() -> std::sync::MutexGuard<'static, (u32, Vec<mpsc::Sender<Job>>)> {
    let mut idle = IDLE.lock().unwrap_or_else(|e| e.into_inner());
    let pid = std::process::id();
    if idle.0 != pid {
        *idle = (pid, Vec::new());
    }
    idle
}

fn idle_worker() -> Option<mpsc::Sender<Job>> {
    idle().1.pop()
}

/// A parsing thread: reads `job`, then waits for the next one while fewer than
/// [`MAX_IDLE`] others wait, and its readings stay shallow ([`RETIRE_NEST`]).
fn work(mut job: Job) {
    let (tx, rx) = mpsc::channel::<Job>();
    loop {
        let Job { text, kind, reply } = job;
        let read = std::panic::catch_unwind(|| {
            let mut tree = None;
            let out = read(&text, kind, &mut tree);
            (out, tree)
        });
        let keep = match read {
            Ok((out, tree)) => {
                let deep = out.as_ref().map_or(true, |(_, peak)| *peak > RETIRE_NEST);
                let _ = reply.send(out.map(|(o, _)| o));
                drop(tree);
                !deep
            }
            Err(_) => {
                let _ = reply.send(Err(Refusal {
                    byte: 0,
                    message: "the parser failed".into(),
                }));
                false
            }
        };
        proc_macro2::extra::invalidate_current_thread_spans();
        if !keep {
            return;
        }
        {
            let mut idle = idle();
            if idle.1.len() >= MAX_IDLE {
                return;
            }
            idle.1.push(tx.clone());
        }
        match rx.recv() {
            Ok(next) => job = next,
            Err(_) => return,
        }
    }
}

/// Where the lexer's input starts in `text`: after a byte order mark and a shebang line,
/// as `syn::parse_file` (and rustc) strip them.
fn content_start(text: &str) -> (usize, Option<Range<usize>>) {
    let mut at = 0;
    if text.starts_with('\u{feff}') {
        at = '\u{feff}'.len_utf8();
    }
    let rest = &text[at..];
    if rest.starts_with("#!") && !skip_trivia(&rest[2..]).starts_with('[') {
        let end = rest.find('\n').unwrap_or(rest.len());
        return (at + end, Some(at..at + end));
    }
    (at, None)
}

/// `syn`'s `whitespace::skip`: whitespace and comments (doc comments included), as rustc
/// skips them when it looks for the `[` that makes `#!` an inner attribute.
fn skip_trivia(mut s: &str) -> &str {
    loop {
        let trimmed = s.trim_start_matches(is_rust_whitespace);
        if let Some(rest) = trimmed.strip_prefix("//") {
            s = rest.find('\n').map_or("", |i| &rest[i..]);
        } else if trimmed.starts_with("/*") {
            match block_comment_len(trimmed) {
                Some(n) => s = &trimmed[n..],
                None => return trimmed,
            }
        } else {
            return trimmed;
        }
    }
}

/// Rust's whitespace (Pattern_White_Space).
fn is_rust_whitespace(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n'
            | '\u{b}'
            | '\u{c}'
            | '\r'
            | ' '
            | '\u{85}'
            | '\u{200e}'
            | '\u{200f}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Length of the (nested) block comment at the start of `s`.
fn block_comment_len(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while i + 1 < b.len() {
        if b[i] == b'/' && b[i + 1] == b'*' {
            depth += 1;
            i += 2;
        } else if b[i] == b'*' && b[i + 1] == b'/' {
            depth = depth.checked_sub(1)?;
            i += 2;
            if depth == 0 {
                return Some(i);
            }
        } else {
            i += 1;
        }
    }
    None
}

/// At most this many opening delimiters (`(`, `[`, `{` anywhere in the text, so at least
/// as many as the lexer's nested groups) for the token scan to run on `syn`'s token buffer:
/// building that buffer recurses once per nested group, so a file with more is scanned for
/// its depth first ([`depth`]). That many nested groups fit the parsing thread in a debug
/// build (tested), a million do not.
const MAX_OPEN: usize = 100_000;

/// Reads `text` as `kind`: the outline and [`guard`]'s peak measure of nesting, or the
/// refusal. The syntax tree is left in `tree`, for the caller to drop once the outline is
/// sent. A file is parsed exactly as `syn::File` parses it (its inner attributes, then items
/// until the input is empty), with each item's [`Cut`] taken on the way; a run of items
/// ([`Kind::Items`]) the same way without the inner attributes.
fn read(text: &str, kind: Kind, tree: &mut Option<syn::File>) -> Result<(Outline, usize), Refusal> {
    use syn::parse::Parser;
    let (base, start, shebang) = match kind {
        Kind::File => {
            let (start, shebang) = content_start(text);
            (0, start, shebang)
        }
        Kind::Items { offset } => (offset, 0, None),
    };
    let content = &text[start..];
    if content.starts_with('\u{feff}') {
        // The lexer would strip a second byte order mark; rustc reads it as a stray token.
        return Err(Refusal {
            byte: base + start,
            message: "a second byte order mark".into(),
        });
    }
    let bytes = Bytes::new(content, base + start);
    let tokens = TokenStream::from_str(content).map_err(|e| Refusal {
        byte: bytes.range(e.span()).start,
        message: format!("{e}"),
    })?;
    let opening = content
        .bytes()
        .filter(|b| matches!(b, b'(' | b'[' | b'{'))
        .count();
    if opening > MAX_OPEN {
        depth(&tokens, &bytes)?;
    }
    // One token buffer for the scan and the parse: the scan walks it with a cursor (no
    // token is copied), then the items are parsed from it, as `syn::parse2` parses a
    // `syn::File`.
    let mut scan = None;
    let mut cuts = Vec::new();
    let parsed = (|input: syn::parse::ParseStream<'_>| {
        match guard(input.cursor(), &bytes) {
            Ok(s) => scan = Some(Ok(s)),
            Err(r) => {
                scan = Some(Err(r));
                return Ok(None);
            }
        }
        // `syn::File`'s own `parse`, with the cuts.
        let attrs = match kind {
            Kind::File => input.call(syn::Attribute::parse_inner)?,
            Kind::Items { .. } => Vec::new(),
        };
        let mut items = Vec::new();
        while !input.is_empty() {
            let begin = input.cursor();
            let item: syn::Item = input.parse()?;
            cuts.push(cut(begin, input.cursor(), &bytes));
            items.push(item);
        }
        Ok(Some(syn::File {
            shebang: None,
            attrs,
            items,
        }))
    })
    .parse2(tokens);
    let scan = match scan {
        Some(Err(r)) => return Err(r),
        Some(Ok(s)) => s,
        None => {
            return Err(Refusal {
                byte: base + start,
                message: "the parser did not run".into(),
            })
        }
    };
    let file = match parsed {
        Ok(Some(file)) => tree.insert(file),
        Ok(None) => {
            return Err(Refusal {
                byte: base + start,
                message: "the parser did not run".into(),
            })
        }
        Err(e) => {
            return Err(Refusal {
                byte: bytes.range(e.span()).start,
                message: e.to_string(),
            })
        }
    };
    let mut c = Collect {
        bytes,
        out: Outline::default(),
    };
    for a in &file.attrs {
        c.out.top_level.push(c.attr(a));
    }
    for item in &file.items {
        c.out.top_level.push(c.item_extent(item));
    }
    c.visit_file(file);
    let mut out = c.out;
    // In document order: the shebang line first.
    out.comments.extend(shebang);
    out.comments
        .extend(comments(text, base, base + start, &scan.tokens));
    out.cuts = cuts;
    Ok((out, scan.peak))
}

/// The [`Cut`] of the item the parser read from `begin` to `end` (top-level tokens only).
fn cut(begin: Cursor<'_>, end: Cursor<'_>, bytes: &Bytes) -> Cut {
    let mut at = begin;
    let mut range: Option<Range<usize>> = None;
    let (mut closed, mut colon) = (false, false);
    while at != end && !at.eof() {
        let (r, is_closed, is_colon, next) =
            if let Some((_, delimiter, span, next)) = at.any_group() {
                let r = bytes.range(span.open()).start..bytes.range(span.close()).end;
                (r, delimiter == Delimiter::Brace, false, next)
            } else if let Some((p, next)) = at.punct() {
                let c = p.as_char();
                (bytes.range(p.span()), c == ';', c == ':', next)
            } else if let Some((t, next)) = at.token_tree() {
                (bytes.range(t.span()), false, false, next)
            } else {
                break;
            };
        match &mut range {
            None => {
                colon = is_colon;
                range = Some(r);
            }
            Some(all) => all.end = r.end,
        }
        closed = is_closed;
        at = next;
    }
    Cut {
        range: range.unwrap_or(bytes.offset..bytes.offset),
        closed,
        colon,
    }
}

/// Byte offsets of the lexer's spans. `Span::byte_range` converts through a per-file
/// `BTreeMap` cache that cost a third of the whole reading; a span's line and column (a
/// column counts characters, lines end at `\n`, as proc-macro2 counts them) convert with a
/// table of line starts instead, directly on lines that are ASCII.
pub(super) struct Bytes {
    /// The lexer's input.
    text: Box<str>,
    /// Where it starts in the file.
    offset: usize,
    /// Byte offset of each line's start, and whether the line is ASCII.
    lines: Vec<(usize, bool)>,
}

impl Bytes {
    pub(super) fn new(text: &str, offset: usize) -> Bytes {
        let mut lines = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            lines.push((start, line.is_ascii()));
            start += line.len();
        }
        lines.push((start, true));
        Bytes {
            text: text.into(),
            offset,
            lines,
        }
    }

    /// Byte offset in the file of a line and column of the lexer's input.
    fn at(&self, lc: proc_macro2::LineColumn) -> usize {
        let Some(&(start, ascii)) = self.lines.get(lc.line.saturating_sub(1)) else {
            return self.offset + self.text.len();
        };
        let end = self.lines.get(lc.line).map_or(self.text.len(), |&(s, _)| s);
        let within = if ascii {
            lc.column.min(end - start)
        } else {
            self.text[start..end]
                .char_indices()
                .nth(lc.column)
                .map_or(end - start, |(i, _)| i)
        };
        self.offset + start + within
    }

    /// The span's bytes in the file.
    pub(super) fn range(&self, s: Span) -> Range<usize> {
        self.at(s.start())..self.at(s.end())
    }
}

/// What the token scan found: every token's byte range (groups as their two delimiters), in
/// order, and the peak of its measure of nesting (nested groups plus twice the prefixes).
struct Scan {
    tokens: Vec<Range<usize>>,
    peak: usize,
}

/// Scans the token trees (on `syn`'s token buffer, from `begin`) without recursion, collects every token's range, and refuses
/// input the parser's recursion could not take on [`STACK_BYTES`]. `syn` recurses once per
/// nested group, and once per token of a chain that nests in the syntax tree: a prefix
/// (`&`, `*`, `!`, `-`, `|` of a closure, `<` of generics, `return`, `dyn`, `impl`, ...)
/// costs a parser frame, a binary operator or a method call a frame of the tree's drop.
/// The bound: the nested groups plus twice the prefix tokens at most [`MAX_NEST`], and at
/// most [`MAX_RUN`] tokens, summed over the enclosing groups, where a group's counts restart
/// after `;` and `,` and after a `{ }` group followed by what starts a new statement or item
/// (an identifier other than `else` and `as`, a `#`, a literal or another group), never
/// inside an expression. Measured on a debug build: 5,000 nested `&` types, or 4,000
/// closures with blocks, fit; 10,000 `&` types or 8,000 such closures overflow; 20,000
/// nested parentheses, 8,000 nested `fn` items and a binary chain of 80,000 terms fit.
fn guard(begin: Cursor<'_>, bytes: &Bytes) -> Result<Scan, Refusal> {
    struct Level<'a> {
        at: Cursor<'a>,
        run: usize,
        prefix: usize,
        after_brace: bool,
        brace: bool,
        close: Option<Range<usize>>,
    }
    let mut out = Vec::new();
    let mut stack = vec![Level {
        at: begin,
        run: 0,
        prefix: 0,
        after_brace: false,
        brace: false,
        close: None,
    }];
    let (mut sum, mut prefixes, mut peak) = (0usize, 0usize, 0usize);
    let range = |s: Span| bytes.range(s);
    let too_deep = |at: usize, what: &str| Refusal {
        byte: at,
        message: format!("{what} nested too deeply for the parser"),
    };
    loop {
        let depth = stack.len();
        let Some(level) = stack.last_mut() else {
            break;
        };
        if level.at.eof() {
            if let Some(done) = stack.pop() {
                sum -= done.run;
                prefixes -= done.prefix;
                out.extend(done.close);
                if let Some(outer) = stack.last_mut() {
                    outer.after_brace = done.brace;
                }
            }
            continue;
        }
        // The next token: a group (entered below), a punctuation mark, or an identifier or
        // literal (the only tokens copied out of the buffer).
        let tt = if let Some((inside, delimiter, span, next)) = level.at.any_group() {
            level.at = next;
            Token::Group(inside, delimiter, span)
        } else if let Some((p, next)) = level.at.punct() {
            level.at = next;
            Token::Tree(TokenTree::Punct(p))
        } else if let Some((t, next)) = level.at.token_tree() {
            level.at = next;
            Token::Tree(t)
        } else {
            return Err(too_deep(range(level.at.span()).start, "a token"));
        };
        let restart = level.after_brace
            && match &tt {
                Token::Tree(TokenTree::Ident(i)) => i != "else" && i != "as",
                Token::Tree(TokenTree::Punct(p)) => p.as_char() == '#',
                Token::Tree(TokenTree::Literal(_) | TokenTree::Group(_)) | Token::Group(..) => true,
            };
        if restart {
            sum -= level.run;
            prefixes -= level.prefix;
            level.run = 0;
            level.prefix = 0;
        }
        level.after_brace = false;
        level.run += 1;
        sum += 1;
        if matches!(&tt, Token::Tree(t) if is_prefix(t)) {
            level.prefix += 1;
            prefixes += 1;
        }
        peak = peak.max(depth + 2 * prefixes);
        if sum > MAX_RUN || depth + 2 * prefixes > MAX_NEST {
            return Err(too_deep(
                range(tt.span()).start,
                "an expression, type or pattern",
            ));
        }
        match tt {
            Token::Group(inside, delimiter, span) => {
                out.push(range(span.open()));
                if stack.len() + 2 * prefixes >= MAX_NEST {
                    return Err(too_deep(range(span.open()).start, "delimiters"));
                }
                stack.push(Level {
                    at: inside,
                    run: 0,
                    prefix: 0,
                    after_brace: false,
                    brace: delimiter == Delimiter::Brace,
                    close: Some(range(span.close())),
                });
            }
            Token::Tree(TokenTree::Punct(p)) => {
                out.push(range(p.span()));
                if matches!(p.as_char(), ';' | ',') {
                    sum -= level.run;
                    prefixes -= level.prefix;
                    level.run = 0;
                    level.prefix = 0;
                }
            }
            Token::Tree(t) => out.push(range(t.span())),
        }
    }
    Ok(Scan { tokens: out, peak })
}

/// A token of [`guard`]'s scan.
enum Token<'a> {
    /// A group: its inside, its delimiter and its delimiters' spans.
    Group(Cursor<'a>, Delimiter, proc_macro2::extra::DelimSpan),
    /// Any other token (a group only if the buffer gave one as a tree, which it does not).
    Tree(TokenTree),
}

impl Token<'_> {
    fn span(&self) -> Span {
        match self {
            Token::Group(_, _, s) => s.open(),
            Token::Tree(t) => t.span(),
        }
    }
}

/// Refuses a file whose groups nest [`MAX_NEST`] deep or deeper (as [`guard`] does), by a
/// scan of the token trees without recursion: what must hold before `syn`'s token buffer
/// is built, where the text has more than [`MAX_OPEN`] opening delimiters.
fn depth(tokens: &TokenStream, bytes: &Bytes) -> Result<(), Refusal> {
    let mut stack = vec![tokens.clone().into_iter()];
    while let Some(level) = stack.last_mut() {
        match level.next() {
            None => {
                stack.pop();
            }
            Some(TokenTree::Group(g)) => {
                if stack.len() >= MAX_NEST {
                    return Err(Refusal {
                        byte: bytes.range(g.span_open()).start,
                        message: "delimiters nested too deeply for the parser".into(),
                    });
                }
                stack.push(g.stream().into_iter());
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// Whether a token may open a level of syn's recursion ([`guard`]).
fn is_prefix(tt: &TokenTree) -> bool {
    match tt {
        TokenTree::Punct(p) => matches!(p.as_char(), '&' | '*' | '!' | '-' | '|' | '<' | '@' | '^'),
        TokenTree::Ident(i) => {
            let s = i.to_string();
            matches!(
                s.as_str(),
                "return"
                    | "break"
                    | "yield"
                    | "move"
                    | "dyn"
                    | "impl"
                    | "box"
                    | "become"
                    | "raw"
                    | "do"
            )
        }
        _ => false,
    }
}

/// The text between tokens that is not whitespace: the comments the lexer skipped, one
/// range each. `text` is the file's from byte `base` on; `start` (where the lexer's input
/// starts) and every range are offsets into the file.
fn comments(text: &str, base: usize, start: usize, tokens: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = start;
    let gap = |from: usize, to: usize, out: &mut Vec<Range<usize>>| {
        let (Some(f), Some(t)) = (from.checked_sub(base), to.checked_sub(base)) else {
            return;
        };
        let Some(s) = text.get(f..t) else {
            return;
        };
        let mut i = 0;
        while i < s.len() {
            let rest = &s[i..];
            let trimmed = rest.trim_start_matches(is_rust_whitespace);
            i += rest.len() - trimmed.len();
            if trimmed.is_empty() {
                break;
            }
            let len = if trimmed.starts_with("//") {
                trimmed.find('\n').unwrap_or(trimmed.len())
            } else if trimmed.starts_with("/*") {
                block_comment_len(trimmed).unwrap_or(trimmed.len())
            } else {
                // Not a comment by our reading: the whole rest of the gap, as one.
                trimmed.len()
            };
            let len = len.max(1);
            let mut end = i + len;
            // A line comment's text ends before a `\r` of its `\r\n`.
            if s[i..end].ends_with('\r') {
                end -= 1;
            }
            out.push(from + i..from + end.max(i + 1));
            i += len;
        }
    };
    for t in tokens {
        if t.start > at {
            gap(at, t.start, &mut out);
        }
        at = at.max(t.end);
    }
    gap(at, base + text.len(), &mut out);
    out
}

struct Collect {
    bytes: Bytes,
    out: Outline,
}

fn outer(attrs: &[syn::Attribute]) -> Option<&syn::Attribute> {
    attrs
        .iter()
        .find(|a| matches!(a.style, syn::AttrStyle::Outer))
}

fn vis_span(v: &syn::Visibility) -> Option<Span> {
    match v {
        syn::Visibility::Public(p) => Some(p.span),
        syn::Visibility::Restricted(r) => Some(r.pub_token.span),
        syn::Visibility::Inherited => None,
    }
}

fn sig_start(s: &syn::Signature) -> Span {
    s.constness
        .as_ref()
        .map(|t| t.span)
        .or(s.asyncness.as_ref().map(|t| t.span))
        .or(s.unsafety.as_ref().map(|t| t.span))
        .or(s.abi.as_ref().map(|a| a.extern_token.span))
        .unwrap_or(s.fn_token.span)
}

fn brace(b: &syn::token::Brace) -> Span {
    b.span.join()
}

fn mac_end(m: &syn::Macro) -> Span {
    match &m.delimiter {
        syn::MacroDelimiter::Paren(p) => p.span.close(),
        syn::MacroDelimiter::Brace(b) => b.span.close(),
        syn::MacroDelimiter::Bracket(b) => b.span.close(),
    }
}

fn path_start(p: &syn::Path) -> Option<Span> {
    p.leading_colon
        .as_ref()
        .map(|c| c.spans[0])
        .or_else(|| p.segments.first().map(|s| s.ident.span()))
}

/// One definition's pieces: (attributes, first token after them, last token, body, name).
type Parts<'a> = (
    &'a [syn::Attribute],
    Span,
    Span,
    Option<Span>,
    Option<String>,
);

impl Collect {
    fn range(&self, s: Span) -> Range<usize> {
        self.bytes.range(s)
    }

    fn attr(&self, a: &syn::Attribute) -> Range<usize> {
        self.range(a.pound_token.spans[0]).start..self.range(a.bracket_token.span.close()).end
    }

    fn extent(&self, attrs: &[syn::Attribute], first: Span, last: Span) -> Range<usize> {
        let start = outer(attrs).map_or_else(
            || self.range(first).start,
            |a| self.range(a.pound_token.spans[0]).start,
        );
        start..self.range(last).end
    }

    fn def(&mut self, parts: Parts<'_>) {
        let (attrs, first, last, body, name) = parts;
        let Some(name) = name else {
            return;
        };
        let extent = self.extent(attrs, first, last);
        let body = body.map(|b| self.range(b));
        self.out.defs.push(Def { extent, body, name });
    }

    /// The extent of a top-level item (whether or not it is a definition).
    fn item_extent(&self, item: &syn::Item) -> Range<usize> {
        match item_parts(item) {
            Some((attrs, first, last, _, _)) => self.extent(attrs, first, last),
            None => {
                let syn::Item::Verbatim(ts) = item else {
                    return self.bytes.offset..self.bytes.offset;
                };
                let mut it = ts.clone().into_iter();
                let first = it.next().map(|t| self.range(t.span()));
                let last = it.last().map(|t| self.range(t.span()));
                match (first, last) {
                    (Some(f), Some(l)) => f.start..l.end,
                    (Some(f), None) => f,
                    _ => self.bytes.offset..self.bytes.offset,
                }
            }
        }
    }

    /// An item syn keeps as tokens (a shape it does not model: `fn f();` outside a trait,
    /// `const X: u8;`, `use {::a}`): read again as the shapes tree-sitter knows, and when
    /// none fits, as no definition (a tree-sitter symbol there is then a disagreement).
    fn verbatim(&mut self, ts: &TokenStream) {
        use syn::parse::Parser;
        if let Ok(f) = syn::parse2::<syn::ForeignItemFn>(ts.clone()) {
            let first = vis_span(&f.vis).unwrap_or(sig_start(&f.sig));
            self.def((
                &f.attrs,
                first,
                f.semi_token.spans[0],
                None,
                Some(f.sig.ident.to_string()),
            ));
            return;
        }
        if let Ok(f) = syn::parse2::<syn::ForeignItemStatic>(ts.clone()) {
            let first = vis_span(&f.vis).unwrap_or(f.static_token.span);
            self.def((
                &f.attrs,
                first,
                f.semi_token.spans[0],
                None,
                Some(f.ident.to_string()),
            ));
            return;
        }
        if let Ok(f) = syn::parse2::<syn::ForeignItemType>(ts.clone()) {
            let first = vis_span(&f.vis).unwrap_or(f.type_token.span);
            self.def((
                &f.attrs,
                first,
                f.semi_token.spans[0],
                None,
                Some(f.ident.to_string()),
            ));
            return;
        }
        let konst = |input: syn::parse::ParseStream<'_>| {
            let attrs = input.call(syn::Attribute::parse_outer)?;
            let vis: syn::Visibility = input.parse()?;
            let c: syn::TraitItemConst = input.parse()?;
            Ok((attrs, vis, c))
        };
        if let Ok((attrs, vis, c)) = konst.parse2(ts.clone()) {
            let first = vis_span(&vis).unwrap_or(c.const_token.span);
            self.def((
                &attrs,
                first,
                c.semi_token.spans[0],
                None,
                Some(c.ident.to_string()),
            ));
            return;
        }
        // `use` with a tree syn does not model: an import from its visibility or `use` to
        // its last token.
        let import = |input: syn::parse::ParseStream<'_>| {
            input.call(syn::Attribute::parse_outer)?;
            let vis: syn::Visibility = input.parse()?;
            let use_token: syn::Token![use] = input.parse()?;
            let mut last = use_token.span;
            while !input.is_empty() {
                let tt: TokenTree = input.parse()?;
                last = tt.span();
            }
            Ok((vis_span(&vis).unwrap_or(use_token.span), last))
        };
        if let Ok((first, last)) = import.parse2(ts.clone()) {
            let r = self.range(first).start..self.range(last).end;
            self.out.imports.push(r);
        }
    }

    /// Whether the file's bytes between `a` and `b` are whitespace only.
    fn space_between(&self, a: usize, b: usize) -> bool {
        let (a, b) = (a - self.bytes.offset, b - self.bytes.offset);
        self.bytes
            .text
            .get(a..b)
            .is_some_and(|g| g.chars().all(is_rust_whitespace))
    }

    /// A member (a named field, a variant): from its first outer attribute (or `first`) to
    /// `last`, and the `,` after it when only whitespace separates them, as tree-sitter
    /// draws it.
    fn member(
        &mut self,
        attrs: &[syn::Attribute],
        first: Span,
        last: Span,
        comma: Option<&syn::Token![,]>,
        name: String,
    ) {
        let mut extent = self.extent(attrs, first, last);
        if let Some(c) = comma {
            let c = self.range(c.spans[0]);
            if self.space_between(extent.end, c.start) {
                extent.end = c.end;
            }
        }
        self.out.defs.push(Def {
            extent,
            body: None,
            name,
        });
    }

    /// The named fields of a struct or union (the profile's `field` members).
    fn fields(&mut self, fields: &syn::FieldsNamed) {
        use syn::spanned::Spanned;
        for pair in fields.named.pairs() {
            let f = pair.value();
            let Some(ident) = &f.ident else {
                continue;
            };
            let first = vis_span(&f.vis).unwrap_or(ident.span());
            self.member(
                &f.attrs,
                first,
                f.ty.span(),
                pair.punct().copied(),
                ident.to_string(),
            );
        }
    }

    /// The variants of an enum (the profile's `variant` members): each to its discriminant,
    /// or its field list, or its name.
    fn variants(&mut self, variants: &syn::punctuated::Punctuated<syn::Variant, syn::Token![,]>) {
        use syn::spanned::Spanned;
        for pair in variants.pairs() {
            let v = pair.value();
            let last = match (&v.discriminant, &v.fields) {
                (Some((_, e)), _) => e.span(),
                (None, syn::Fields::Named(n)) => n.brace_token.span.close(),
                (None, syn::Fields::Unnamed(u)) => u.paren_token.span.close(),
                (None, syn::Fields::Unit) => v.ident.span(),
            };
            self.member(
                &v.attrs,
                v.ident.span(),
                last,
                pair.punct().copied(),
                v.ident.to_string(),
            );
        }
    }

    fn import(&mut self, vis: &syn::Visibility, keyword: Span, semi: Span) {
        let start = vis_span(vis).unwrap_or(keyword);
        let r = self.range(start).start..self.range(semi).end;
        self.out.imports.push(r);
    }
}

/// The pieces of an item; `None` for `Verbatim` (and unknown future kinds). The name is
/// `None` when the item is not a definition.
fn item_parts(item: &syn::Item) -> Option<Parts<'_>> {
    use syn::Item as I;
    let v = |vis: &syn::Visibility, s: Span| vis_span(vis).unwrap_or(s);
    Some(match item {
        I::Const(i) => (
            &i.attrs,
            v(&i.vis, i.const_token.span),
            i.semi_token.spans[0],
            None,
            Some(i.ident.to_string()),
        ),
        I::Enum(i) => (
            &i.attrs,
            v(&i.vis, i.enum_token.span),
            i.brace_token.span.close(),
            Some(brace(&i.brace_token)),
            Some(i.ident.to_string()),
        ),
        I::ExternCrate(i) => (
            &i.attrs,
            v(&i.vis, i.extern_token.span),
            i.semi_token.spans[0],
            None,
            None,
        ),
        I::Fn(i) => (
            &i.attrs,
            v(&i.vis, sig_start(&i.sig)),
            i.block.brace_token.span.close(),
            Some(brace(&i.block.brace_token)),
            Some(i.sig.ident.to_string()),
        ),
        I::ForeignMod(i) => (
            &i.attrs,
            i.unsafety
                .as_ref()
                .map_or(i.abi.extern_token.span, |u| u.span),
            i.brace_token.span.close(),
            None,
            None,
        ),
        I::Impl(i) => (
            &i.attrs,
            i.defaultness
                .as_ref()
                .map(|d| d.span)
                .or(i.unsafety.as_ref().map(|u| u.span))
                .unwrap_or(i.impl_token.span),
            i.brace_token.span.close(),
            Some(brace(&i.brace_token)),
            Some("impl".to_string()),
        ),
        I::Macro(i) => {
            let is_rules = i.ident.is_some() && i.mac.path.is_ident("macro_rules");
            (
                &i.attrs,
                path_start(&i.mac.path)?,
                i.semi_token
                    .as_ref()
                    .map_or_else(|| mac_end(&i.mac), |s| s.spans[0]),
                None,
                if is_rules {
                    i.ident.as_ref().map(|n| format!("{n}!"))
                } else {
                    None
                },
            )
        }
        I::Mod(i) => (
            &i.attrs,
            v(
                &i.vis,
                i.unsafety.as_ref().map_or(i.mod_token.span, |u| u.span),
            ),
            match (&i.content, &i.semi) {
                (Some((b, _)), _) => b.span.close(),
                (None, Some(s)) => s.spans[0],
                (None, None) => i.ident.span(),
            },
            i.content.as_ref().map(|(b, _)| brace(b)),
            Some(i.ident.to_string()),
        ),
        I::Static(i) => (
            &i.attrs,
            v(&i.vis, i.static_token.span),
            i.semi_token.spans[0],
            None,
            Some(i.ident.to_string()),
        ),
        I::Struct(i) => {
            let (body, end) = fields(&i.fields);
            (
                &i.attrs,
                v(&i.vis, i.struct_token.span),
                i.semi_token
                    .as_ref()
                    .map(|s| s.spans[0])
                    .or(end)
                    .unwrap_or(i.ident.span()),
                body,
                Some(i.ident.to_string()),
            )
        }
        I::Trait(i) => (
            &i.attrs,
            v(
                &i.vis,
                i.unsafety
                    .as_ref()
                    .map(|u| u.span)
                    .or(i.auto_token.as_ref().map(|a| a.span))
                    .unwrap_or(i.trait_token.span),
            ),
            i.brace_token.span.close(),
            Some(brace(&i.brace_token)),
            Some(i.ident.to_string()),
        ),
        I::TraitAlias(i) => (
            &i.attrs,
            v(&i.vis, i.trait_token.span),
            i.semi_token.spans[0],
            None,
            None,
        ),
        I::Type(i) => (
            &i.attrs,
            v(&i.vis, i.type_token.span),
            i.semi_token.spans[0],
            None,
            Some(i.ident.to_string()),
        ),
        I::Union(i) => (
            &i.attrs,
            v(&i.vis, i.union_token.span),
            i.fields.brace_token.span.close(),
            Some(brace(&i.fields.brace_token)),
            Some(i.ident.to_string()),
        ),
        I::Use(i) => (
            &i.attrs,
            v(&i.vis, i.use_token.span),
            i.semi_token.spans[0],
            None,
            None,
        ),
        _ => return None,
    })
}

/// A struct's field list (its span) and its last token.
fn fields(f: &syn::Fields) -> (Option<Span>, Option<Span>) {
    match f {
        syn::Fields::Named(n) => (
            Some(brace(&n.brace_token)),
            Some(n.brace_token.span.close()),
        ),
        syn::Fields::Unnamed(u) => (
            Some(u.paren_token.span.join()),
            Some(u.paren_token.span.close()),
        ),
        syn::Fields::Unit => (None, None),
    }
}

impl<'ast> Visit<'ast> for Collect {
    fn visit_item(&mut self, item: &'ast syn::Item) {
        match item {
            syn::Item::Use(u) => self.import(&u.vis, u.use_token.span, u.semi_token.spans[0]),
            syn::Item::ExternCrate(e) => {
                self.import(&e.vis, e.extern_token.span, e.semi_token.spans[0])
            }
            syn::Item::Verbatim(ts) => self.verbatim(ts),
            _ => {
                if let Some(parts) = item_parts(item) {
                    self.def(parts);
                }
                match item {
                    syn::Item::Struct(i) => {
                        if let syn::Fields::Named(n) = &i.fields {
                            self.fields(n);
                        }
                    }
                    syn::Item::Union(i) => self.fields(&i.fields),
                    syn::Item::Enum(i) => self.variants(&i.variants),
                    _ => {}
                }
            }
        }
        syn::visit::visit_item(self, item);
    }

    fn visit_impl_item(&mut self, item: &'ast syn::ImplItem) {
        use syn::ImplItem as I;
        let v = |vis: &syn::Visibility, d: &Option<syn::token::Default>, s: Span| {
            vis_span(vis).or(d.as_ref().map(|d| d.span)).unwrap_or(s)
        };
        let parts: Option<Parts<'_>> = match item {
            I::Const(i) => Some((
                &i.attrs,
                v(&i.vis, &i.defaultness, i.const_token.span),
                i.semi_token.spans[0],
                None,
                Some(i.ident.to_string()),
            )),
            I::Fn(i) => Some((
                &i.attrs,
                v(&i.vis, &i.defaultness, sig_start(&i.sig)),
                i.block.brace_token.span.close(),
                Some(brace(&i.block.brace_token)),
                Some(i.sig.ident.to_string()),
            )),
            I::Type(i) => Some((
                &i.attrs,
                v(&i.vis, &i.defaultness, i.type_token.span),
                i.semi_token.spans[0],
                None,
                Some(i.ident.to_string()),
            )),
            I::Verbatim(ts) => {
                self.verbatim(ts);
                None
            }
            _ => None,
        };
        if let Some(p) = parts {
            self.def(p);
        }
        syn::visit::visit_impl_item(self, item);
    }

    fn visit_trait_item(&mut self, item: &'ast syn::TraitItem) {
        use syn::TraitItem as I;
        let parts: Option<Parts<'_>> = match item {
            I::Const(i) => Some((
                &i.attrs,
                i.const_token.span,
                i.semi_token.spans[0],
                None,
                Some(i.ident.to_string()),
            )),
            I::Fn(i) => {
                let last = match (&i.default, &i.semi_token) {
                    (Some(b), _) => b.brace_token.span.close(),
                    (None, Some(s)) => s.spans[0],
                    (None, None) => i.sig.ident.span(),
                };
                Some((
                    &i.attrs,
                    sig_start(&i.sig),
                    last,
                    i.default.as_ref().map(|b| brace(&b.brace_token)),
                    Some(i.sig.ident.to_string()),
                ))
            }
            I::Type(i) => Some((
                &i.attrs,
                i.type_token.span,
                i.semi_token.spans[0],
                None,
                Some(i.ident.to_string()),
            )),
            I::Verbatim(ts) => {
                self.verbatim(ts);
                None
            }
            _ => None,
        };
        if let Some(p) = parts {
            self.def(p);
        }
        syn::visit::visit_trait_item(self, item);
    }

    fn visit_foreign_item(&mut self, item: &'ast syn::ForeignItem) {
        use syn::ForeignItem as I;
        let v = |vis: &syn::Visibility, s: Span| vis_span(vis).unwrap_or(s);
        let parts: Option<Parts<'_>> = match item {
            I::Fn(i) => Some((
                &i.attrs,
                v(&i.vis, sig_start(&i.sig)),
                i.semi_token.spans[0],
                None,
                Some(i.sig.ident.to_string()),
            )),
            I::Static(i) => Some((
                &i.attrs,
                v(&i.vis, i.static_token.span),
                i.semi_token.spans[0],
                None,
                Some(i.ident.to_string()),
            )),
            I::Type(i) => Some((
                &i.attrs,
                v(&i.vis, i.type_token.span),
                i.semi_token.spans[0],
                None,
                Some(i.ident.to_string()),
            )),
            I::Verbatim(ts) => {
                self.verbatim(ts);
                None
            }
            _ => None,
        };
        if let Some(p) = parts {
            self.def(p);
        }
        syn::visit::visit_foreign_item(self, item);
    }
}
