//! OpenAI Codex `apply_patch` (`*** Begin Patch` ... `*** End Patch`), applied as Codex does,
//! and the OpenAI Agents SDK's single-file `ApplyPatchOperation`, applied as the SDK's
//! `apply_diff` does.
//!
//! # Codex
//!
//! [`parse`] follows `codex-rs/apply-patch/src/parser.rs` (lenient mode):
//! - the whole text is trimmed and split into lines (`\r\n` counts as one line end); the
//!   first line, trimmed, must be `*** Begin Patch` and the last, trimmed, `*** End Patch`;
//!   `*** Begin Patch\n*** End Patch` is a patch of no files;
//! - the text may be wrapped as GPT-4.1 sends it (`<<EOF` / `<<'EOF'` / `<<"EOF"` as the first
//!   line, a last line ending in `EOF`), or be a shell script `apply_patch <<'EOF' ... EOF`,
//!   optionally `cd DIR && apply_patch <<'EOF' ...` ([`unwrap_heredoc`]); with `cd DIR`, the
//!   paths are joined to `DIR` as Codex resolves them there;
//! - file headers are matched after trimming: `*** Add File: P` followed by `+` lines (the
//!   content is those lines without the `+`, each followed by `\n`: [`Action::Create`]),
//!   `*** Delete File: P` ([`Action::Delete`]), `*** Update File: P`, optionally followed
//!   on the very next line by `*** Move to: Q` (not trimmed; an empty `Q` is refused), then
//!   chunks;
//! - a chunk starts with `@@` or `@@ context` (the first chunk may omit it) and holds lines
//!   starting with ` ` (context), `-` (removed), `+` (added); an empty line is an empty
//!   context line, so blank lines after a chunk's lines belong to it; `*** End of File` ends
//!   it and pins it to the end of the file; a line starting with `*` ends the file's chunks;
//!   blank lines before a chunk are skipped.
//!
//! [`Chunks::apply`] follows `lib.rs` and `seek_sequence.rs`: the file is split on `\n`
//! (dropping the empty piece after a final `\n`); for each chunk in order, `@@ context`
//! moves the cursor past the first line at or after it that matches `context`; a chunk with
//! no old lines is **appended at the end of the file** (before a final blank line, if any,
//! which the result then loses);
//! otherwise the first occurrence of the old lines at or after the cursor is found with four
//! passes of decreasing strictness (exact, `trim_end`, `trim`, then with Unicode dashes,
//! quotes and spaces mapped to ASCII), and if there is none and the old lines end with an
//! empty line, again without it. A chunk marked `*** End of File` is matched **only** at the
//! end of the file: Codex's `seek_sequence` starts its search there, whatever its comment
//! says about falling back. New lines go in verbatim, replacements are applied from the
//! last to the first, and a non-empty result always ends with `\n`. No uniqueness check: the
//! first match wins. (The search is Knuth-Morris-Pratt rather than Codex's scan of every
//! position, with the same result in linear time.) Line ends are not special: a CRLF file
//! keeps its `\r`s, matched by the `trim_end` pass, and added lines get none, as Codex on
//! Unix writes them.
//!
//! # OpenAI Agents SDK
//!
//! [`parse_single_file_diff`] reads `{type, path, diff}` and applies it as
//! `agents/apply_diff.py` does (the helper the SDK's own editor example calls), which is
//! **not** quite Codex: `create_file` joins the `+` lines *without* a final newline (with
//! `\r\n` if the diff uses it); an update keeps the file's line ends (CRLF if it has any),
//! adds no final newline, inserts a chunk of pure additions **at the cursor** rather than at
//! the end, accepts stacked `@@` headers, ignores a header it cannot find, and with
//! `*** End of File` tries the end first, then falls back to the cursor. Matching has three
//! passes (exact, `rstrip`, `strip`), no Unicode mapping.

use super::replace::{check_size, find_lines};
use super::text::{py_rstrip, py_strip};
use super::{Action, Edit, FilePatch, GitMeta, PatchError, PatchErrorKind};

const BEGIN_PATCH: &str = "*** Begin Patch";
const END_PATCH: &str = "*** End Patch";
const ADD_FILE: &str = "*** Add File: ";
const DELETE_FILE: &str = "*** Delete File: ";
const UPDATE_FILE: &str = "*** Update File: ";
const MOVE_TO: &str = "*** Move to: ";
const END_OF_FILE: &str = "*** End of File";

/// The update chunks of one file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Chunks {
    /// 1-based line of the `*** Update File:` header in the patch.
    pub line: usize,
    /// The chunks, and whose rules apply them.
    pub body: Body,
}

/// Parsed chunks, with the tool whose rules apply them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Body {
    /// Codex `apply_patch` chunks, in patch order.
    Codex(Vec<Chunk>),
    /// An OpenAI Agents SDK `update_file` diff.
    AgentsSdk(SdkDiff),
}

impl Default for Body {
    fn default() -> Body {
        Body::Codex(Vec::new())
    }
}

/// One Codex chunk: an optional `@@` context line, then lines to replace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Chunk {
    /// 1-based line of the chunk's first line (its `@@`, or its first diff line).
    pub line: usize,
    /// The text after `@@ `: the cursor moves past the first line matching it.
    pub context: Option<String>,
    /// Context and removed lines, in order: what must be in the file.
    pub old_lines: Vec<String>,
    /// Context and added lines, in order: what replaces them.
    pub new_lines: Vec<String>,
    /// `*** End of File`: the old lines must be at the end of the file.
    pub end_of_file: bool,
}

/// An Agents SDK (V4A) update diff for one file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SdkDiff {
    /// The hunks, in order.
    pub sections: Vec<SdkSection>,
    /// The diff text uses `\r\n` (the output's line end when the file has no line end).
    pub crlf: bool,
}

/// One hunk of an Agents SDK diff.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SdkSection {
    /// 1-based line of the hunk's first line in the diff.
    pub line: usize,
    /// The non-blank `@@ ` headers, outermost first.
    pub anchors: Vec<String>,
    /// Whether a header counted as one (`@@`, or `@@ ` with text after it).
    pub has_anchor: bool,
    /// Context and removed lines: what must be in the file.
    pub context: Vec<String>,
    /// The changes, at offsets into `context`.
    pub changes: Vec<SdkChange>,
    /// `*** End of File`: try matching at the end of the file first.
    pub end_of_file: bool,
}

/// One run of removed and added lines in an [`SdkSection`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SdkChange {
    /// Where the removed lines start, counted in the section's context lines.
    pub offset: usize,
    /// The removed lines.
    pub delete: Vec<String>,
    /// The added lines.
    pub insert: Vec<String>,
}

fn malformed(line: usize, message: impl Into<String>) -> PatchError {
    PatchError::new(PatchErrorKind::Malformed, line, message)
}

/// `text` without surrounding whitespace, and the number of lines before it in `text`.
fn trim_counting(text: &str) -> (&str, usize) {
    let start = text.trim_start();
    let skipped = text.len() - start.len();
    let lines_before = text.as_bytes()[..skipped]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    (start.trim_end(), lines_before)
}

/// Parses an `apply_patch` text into file patches.
///
/// Accepts the patch itself, the GPT-4.1 `<<'EOF'` wrapping, and the shell forms
/// `apply_patch <<'EOF' ... EOF` and `cd DIR && apply_patch <<'EOF' ... EOF` (paths are then
/// joined to `DIR`, absolute paths left alone, as Codex resolves them).
pub fn parse(text: &str) -> Result<Vec<FilePatch>, PatchError> {
    check_size(text, "the patch")?;
    if let Some(h) = heredoc(text) {
        let mut patches = parse_body(h.body, h.lines_before)?;
        if let Some(dir) = h.cd {
            for p in &mut patches {
                p.path = join_dir(&dir, &p.path);
                if let Action::Update {
                    move_to: Some(m), ..
                } = &mut p.action
                {
                    *m = join_dir(&dir, m);
                }
            }
        }
        return Ok(patches);
    }
    parse_body(text, 0)
}

/// `path` resolved against `dir` as `Path::join` does (an absolute path stays as it is).
fn join_dir(dir: &str, path: &str) -> String {
    if path.starts_with('/') || dir.is_empty() {
        return path.to_string();
    }
    match dir.trim_end_matches('/') {
        "" => format!("/{path}"),
        d => format!("{d}/{path}"),
    }
}

/// Parses the patch proper. `base`: lines of the original text before `text`.
fn parse_body(text: &str, base: usize) -> Result<Vec<FilePatch>, PatchError> {
    let (trimmed, skipped) = trim_counting(text);
    let base = base + skipped;
    let all: Vec<&str> = trimmed.lines().collect();
    let (lines, base) = match check_boundaries(&all) {
        Ok(()) => (&all[..], base),
        Err(e) => {
            // GPT-4.1's `<<'EOF'` wrapping, read literally.
            let wrapped = matches!(all.first(), Some(&"<<EOF" | &"<<'EOF'" | &"<<\"EOF\""))
                && all.len() >= 4
                && all.last().is_some_and(|l| l.ends_with("EOF"));
            if !wrapped {
                return Err(PatchError {
                    line: if e.line == 0 { 0 } else { base + e.line },
                    ..e
                });
            }
            let inner = &all[1..all.len() - 1];
            check_boundaries(inner).map_err(|e| PatchError {
                line: base + 1 + e.line,
                ..e
            })?;
            (inner, base + 1)
        }
    };
    // `lines[0]` is `*** Begin Patch`, the last `*** End Patch`; line `i` of `lines` is line
    // `base + i + 1` of the text.
    let body = &lines[1..lines.len() - 1];
    let mut patches = Vec::new();
    let mut i = 0;
    while i < body.len() {
        let (patch, used) = parse_hunk(body, i, base + 2)?;
        patches.push(patch);
        i += used;
    }
    Ok(patches)
}

/// Checks the first and last lines; an error's line is 1-based in `lines`.
fn check_boundaries(lines: &[&str]) -> Result<(), PatchError> {
    let first = lines.first().map(|l| l.trim());
    let last = lines.last().map(|l| l.trim());
    if lines.len() >= 2 && first == Some(BEGIN_PATCH) && last == Some(END_PATCH) {
        return Ok(());
    }
    if first != Some(BEGIN_PATCH) {
        let line = usize::from(!lines.is_empty());
        return Err(malformed(
            line,
            "the first line of the patch must be `*** Begin Patch`",
        ));
    }
    Err(malformed(
        lines.len(),
        "the last line of the patch must be `*** End Patch`",
    ))
}

/// Parses the hunk starting at `lines[at]`; `first_line` is the text line of `lines[0]`.
/// Returns the patch and the number of lines used.
fn parse_hunk(
    lines: &[&str],
    at: usize,
    first_line: usize,
) -> Result<(FilePatch, usize), PatchError> {
    let line_no = |i: usize| first_line + i;
    let header = lines[at].trim();
    let file_patch = |path: &str, action: Action| FilePatch {
        path: path.to_string(),
        line: line_no(at),
        action,
        modes: GitMeta::default(),
    };
    if let Some(path) = header.strip_prefix(ADD_FILE) {
        let mut content = String::new();
        let mut used = 1;
        for l in &lines[at + 1..] {
            let Some(added) = l.strip_prefix('+') else {
                break;
            };
            content.push_str(added);
            content.push('\n');
            used += 1;
        }
        return Ok((file_patch(path, Action::Create { content }), used));
    }
    if let Some(path) = header.strip_prefix(DELETE_FILE) {
        return Ok((file_patch(path, Action::Delete), 1));
    }
    let Some(path) = header.strip_prefix(UPDATE_FILE) else {
        return Err(malformed(
            line_no(at),
            format!(
                "`{}` is not a file header (`*** Add File: P`, `*** Delete File: P`, `*** Update File: P`)",
                shorten(header)
            ),
        ));
    };
    let mut i = at + 1;
    let move_to = lines.get(i).and_then(|l| l.strip_prefix(MOVE_TO));
    if let Some(m) = move_to {
        if m.is_empty() {
            return Err(malformed(line_no(i), "`*** Move to:` names no path"));
        }
        i += 1;
    }
    let mut chunks = Vec::new();
    while i < lines.len() {
        if lines[i].trim().is_empty() {
            i += 1;
            continue;
        }
        if lines[i].starts_with('*') {
            break;
        }
        let (chunk, used) = parse_chunk(lines, i, first_line, chunks.is_empty())?;
        chunks.push(chunk);
        i += used;
    }
    if chunks.is_empty() {
        return Err(malformed(
            line_no(at),
            format!("the update of `{}` has no chunks", shorten(path)),
        ));
    }
    let edit = Edit::Codex(Chunks {
        line: line_no(at),
        body: Body::Codex(chunks),
    });
    let action = Action::Update {
        edit: Some(edit),
        move_to: move_to.map(str::to_string),
    };
    Ok((file_patch(path, action), i - at))
}

/// Parses the chunk starting at `lines[at]`. Returns the chunk and the number of lines used.
fn parse_chunk(
    lines: &[&str],
    at: usize,
    first_line: usize,
    first_chunk: bool,
) -> Result<(Chunk, usize), PatchError> {
    let line_no = |i: usize| first_line + i;
    let head = lines[at];
    let (context, start) = if head == "@@" {
        (None, at + 1)
    } else if let Some(c) = head.strip_prefix("@@ ") {
        (Some(c.to_string()), at + 1)
    } else if first_chunk {
        (None, at)
    } else {
        return Err(malformed(
            line_no(at),
            format!(
                "expected a chunk starting with `@@`, got `{}`",
                shorten(head)
            ),
        ));
    };
    if start >= lines.len() {
        return Err(malformed(line_no(at), "the chunk has no lines"));
    }
    let mut chunk = Chunk {
        line: line_no(at),
        context,
        ..Chunk::default()
    };
    let mut i = start;
    while i < lines.len() {
        let l = lines[i];
        if l == END_OF_FILE {
            if i == start {
                return Err(malformed(
                    line_no(i),
                    "the chunk has no lines before `*** End of File`",
                ));
            }
            chunk.end_of_file = true;
            i += 1;
            break;
        }
        match l.as_bytes().first() {
            None => {
                chunk.old_lines.push(String::new());
                chunk.new_lines.push(String::new());
            }
            Some(b' ') => {
                chunk.old_lines.push(l[1..].to_string());
                chunk.new_lines.push(l[1..].to_string());
            }
            Some(b'+') => chunk.new_lines.push(l[1..].to_string()),
            Some(b'-') => chunk.old_lines.push(l[1..].to_string()),
            Some(_) if i == start => {
                return Err(malformed(
                    line_no(i),
                    format!(
                        "unexpected line `{}` in a chunk: every line starts with ` `, `+` or `-`",
                        shorten(l)
                    ),
                ));
            }
            // The start of the next chunk or file.
            Some(_) => break,
        }
        i += 1;
    }
    Ok((chunk, i - at))
}

/// At most 80 characters of `s`, for messages.
fn shorten(s: &str) -> String {
    match s.char_indices().nth(80) {
        Some((at, _)) => format!("{}...", &s[..at]),
        None => s.to_string(),
    }
}

/// A shell heredoc invocation of `apply_patch`, as found in `text`.
struct Heredoc<'a> {
    cd: Option<String>,
    body: &'a str,
    /// Lines of `text` before `body`.
    lines_before: usize,
}

/// The patch inside `apply_patch <<'EOF' ... EOF` or `cd DIR && apply_patch <<'EOF' ... EOF`
/// (also `applypatch`, any delimiter word, quoted or not, and `<<-`), with the `cd`
/// directory. The script must be that one statement and nothing else, as Codex requires;
/// the body is returned with its final newlines removed, as Codex takes it.
pub fn unwrap_heredoc(text: &str) -> Option<(Option<String>, String)> {
    heredoc(text).map(|h| (h.cd, h.body.to_string()))
}

fn is_blank(c: char) -> bool {
    c == ' ' || c == '\t'
}

fn heredoc(text: &str) -> Option<Heredoc<'_>> {
    let start = text.len() - text.trim_start().len();
    let mut rest = &text[start..];
    let mut cd = None;
    if let Some(after) = rest.strip_prefix("cd") {
        if !after.starts_with(is_blank) {
            return None;
        }
        let after = after.trim_start_matches(is_blank);
        let (dir, after) = shell_word(after)?;
        let after = after.trim_start_matches(is_blank).strip_prefix("&&")?;
        rest = after.trim_start();
        cd = Some(dir);
    }
    let after = rest
        .strip_prefix("apply_patch")
        .or_else(|| rest.strip_prefix("applypatch"))?;
    let after = after.trim_start_matches(is_blank).strip_prefix("<<")?;
    let (strip_tabs, after) = match after.strip_prefix('-') {
        Some(a) => (true, a),
        None => (false, after),
    };
    let after = after.trim_start_matches(is_blank);
    let (delimiter, after) = heredoc_delimiter(after)?;
    // Nothing else on the line.
    let newline = after.find('\n')?;
    if !after[..newline]
        .trim_matches(|c| is_blank(c) || c == '\r')
        .is_empty()
    {
        return None;
    }
    let body_start = text.len() - after.len() + newline + 1;
    let mut at = body_start;
    loop {
        let end = text[at..].find('\n').map_or(text.len(), |n| at + n);
        let mut line = &text[at..end];
        line = line.strip_suffix('\r').unwrap_or(line);
        if strip_tabs {
            line = line.trim_start_matches('\t');
        }
        if line == delimiter {
            // Only blank space may follow.
            if !text[end..].trim().is_empty() {
                return None;
            }
            let body = text[body_start..at].trim_end_matches('\n');
            let lines_before = text.as_bytes()[..body_start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            return Some(Heredoc {
                cd,
                body,
                lines_before,
            });
        }
        if end >= text.len() {
            return None;
        }
        at = end + 1;
    }
}

/// A `cd` argument: a plain word, `'raw'` or `"plain string"`. Returns it and the rest.
fn shell_word(s: &str) -> Option<(String, &str)> {
    if let Some(inner) = s.strip_prefix('\'') {
        let end = inner.find('\'')?;
        if inner[..end].contains('\n') {
            return None;
        }
        return Some((inner[..end].to_string(), &inner[end + 1..]));
    }
    if let Some(inner) = s.strip_prefix('"') {
        let end = inner.find('"')?;
        let word = &inner[..end];
        if word.is_empty() || word.contains(['$', '`', '\\', '\n']) {
            return None;
        }
        return Some((word.to_string(), &inner[end + 1..]));
    }
    let end = s.find(|c: char| c.is_whitespace()).unwrap_or(s.len());
    let word = &s[..end];
    if word.is_empty()
        || word.contains([';', '&', '|', '<', '>', '(', ')', '$', '`', '\'', '"', '\\'])
    {
        return None;
    }
    Some((word.to_string(), &s[end..]))
}

/// A heredoc delimiter: `WORD`, `'WORD'` or `"WORD"`. Returns the word and the rest.
fn heredoc_delimiter(s: &str) -> Option<(&str, &str)> {
    let word_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.';
    for quote in ['\'', '"'] {
        if let Some(inner) = s.strip_prefix(quote) {
            let end = inner.find(quote)?;
            let word = &inner[..end];
            if word.is_empty() || !word.chars().all(word_char) {
                return None;
            }
            return Some((word, &inner[end + 1..]));
        }
    }
    let end = s.find(|c: char| !word_char(c)).unwrap_or(s.len());
    if end == 0 {
        return None;
    }
    Some((&s[..end], &s[end..]))
}

/// Parses one OpenAI Agents SDK `ApplyPatchOperation`: `kind` is its `type`
/// (`create_file`, `update_file` or `delete_file`), `diff` its V4A diff for that one file,
/// without the `*** Begin Patch` envelope (empty for `delete_file`).
pub fn parse_single_file_diff(path: &str, kind: &str, diff: &str) -> Result<FilePatch, PatchError> {
    check_size(diff, "the diff")?;
    let action = match kind {
        "create_file" => Action::Create {
            content: sdk_create(diff)?,
        },
        "update_file" => {
            let body = Body::AgentsSdk(sdk_parse_update(diff)?);
            Action::Update {
                edit: Some(Edit::Codex(Chunks { line: 1, body })),
                move_to: None,
            }
        }
        "delete_file" => Action::Delete,
        other => {
            return Err(malformed(
                0,
                format!(
                    "unknown operation type `{}` (create_file, update_file, delete_file)",
                    shorten(other)
                ),
            ));
        }
    };
    Ok(FilePatch {
        path: path.to_string(),
        line: 1,
        action,
        modes: GitMeta::default(),
    })
}

/// The diff's lines as the SDK splits them: on `\n` (with `\r` before it removed, and every
/// `\r` ending a line), without the empty piece after a final line end.
fn sdk_lines(diff: &str) -> Vec<&str> {
    let mut lines: Vec<&str> = diff.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    lines
}

const SDK_TERMINATORS: [&str; 4] = [
    END_PATCH,
    "*** Update File:",
    "*** Delete File:",
    "*** Add File:",
];

fn sdk_create(diff: &str) -> Result<String, PatchError> {
    let newline = if diff.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = Vec::new();
    for (i, l) in sdk_lines(diff).into_iter().enumerate() {
        if SDK_TERMINATORS.iter().any(|t| l.starts_with(t)) {
            break;
        }
        let Some(added) = l.strip_prefix('+') else {
            return Err(malformed(
                i + 1,
                format!("`{}`: every line of a new file starts with `+`", shorten(l)),
            ));
        };
        out.push(added);
    }
    Ok(out.join(newline))
}

fn sdk_parse_update(diff: &str) -> Result<SdkDiff, PatchError> {
    let lines = sdk_lines(diff);
    // The SDK appends `*** End Patch` and stops at any section marker.
    let at = |i: usize| lines.get(i).copied().unwrap_or(END_PATCH);
    let mut sections = Vec::new();
    let mut i = 0;
    loop {
        let l = at(i);
        if i >= lines.len()
            || SDK_TERMINATORS.iter().any(|t| l.starts_with(t))
            || l.starts_with(END_OF_FILE)
        {
            break;
        }
        let mut section = SdkSection {
            line: i + 1,
            ..SdkSection::default()
        };
        loop {
            let l = at(i);
            if let Some(anchor) = l.strip_prefix("@@ ") {
                section.has_anchor |= !anchor.is_empty();
                if !py_strip(anchor).is_empty() {
                    section.anchors.push(anchor.to_string());
                }
            } else if l == "@@" {
                section.has_anchor = true;
            } else {
                break;
            }
            i += 1;
        }
        let start = i;
        let (mut deleted, mut inserted) = (Vec::new(), Vec::new());
        let mut keeping = true;
        while i < lines.len() {
            let raw = lines[i];
            if raw.starts_with("@@")
                || SDK_TERMINATORS.iter().any(|t| raw.starts_with(t))
                || raw.starts_with(END_OF_FILE)
                || raw == "***"
            {
                break;
            }
            let invalid = || malformed(i + 1, format!("invalid line `{}`", shorten(raw)));
            if raw.starts_with("***") {
                return Err(invalid());
            }
            let line = if raw.is_empty() { " " } else { raw };
            let was_keeping = keeping;
            match line.as_bytes()[0] {
                b'+' | b'-' => keeping = false,
                b' ' => keeping = true,
                _ => return Err(invalid()),
            }
            // The first byte is ASCII.
            let content = &line[1..];
            if keeping && !was_keeping && !(deleted.is_empty() && inserted.is_empty()) {
                section.changes.push(SdkChange {
                    offset: section.context.len() - deleted.len(),
                    delete: std::mem::take(&mut deleted),
                    insert: std::mem::take(&mut inserted),
                });
            }
            match line.as_bytes()[0] {
                b'+' => inserted.push(content.to_string()),
                b'-' => {
                    deleted.push(content.to_string());
                    section.context.push(content.to_string());
                }
                _ => section.context.push(content.to_string()),
            }
            i += 1;
        }
        if !(deleted.is_empty() && inserted.is_empty()) {
            section.changes.push(SdkChange {
                offset: section.context.len() - deleted.len(),
                delete: deleted,
                insert: inserted,
            });
        }
        if lines.get(i) == Some(&END_OF_FILE) {
            section.end_of_file = true;
            i += 1;
        } else if i == start {
            let line = (i + 1).min(lines.len()).max(1);
            return Err(malformed(
                line,
                format!("nothing in this hunk, at `{}`", shorten(at(i))),
            ));
        }
        sections.push(section);
    }
    Ok(SdkDiff {
        sections,
        crlf: diff.contains("\r\n"),
    })
}

impl Chunks {
    /// Applies the chunks to `current`.
    pub fn apply(&self, current: &str) -> Result<String, PatchError> {
        check_size(current, "the file")?;
        match &self.body {
            Body::Codex(chunks) => apply_codex(chunks, current),
            Body::AgentsSdk(diff) => apply_sdk(diff, current),
        }
    }
}

fn no_match(line: usize, message: impl Into<String>) -> PatchError {
    PatchError::new(PatchErrorKind::NoMatch, line, message)
}

fn apply_codex(chunks: &[Chunk], current: &str) -> Result<String, PatchError> {
    let mut lines: Vec<&str> = current.split('\n').collect();
    if lines.last() == Some(&"") {
        lines.pop();
    }
    // (start, old length, new lines), as Codex's `compute_replacements` builds them.
    let mut replacements: Vec<(usize, usize, &[String])> = Vec::new();
    let mut cursor = 0;
    for chunk in chunks {
        if let Some(context) = &chunk.context {
            match seek_sequence(&lines, std::slice::from_ref(context), cursor, false) {
                Some(i) => cursor = i + 1,
                None => {
                    return Err(no_match(
                        chunk.line,
                        format!("context line `{}` not found", shorten(context)),
                    ));
                }
            }
        }
        if chunk.old_lines.is_empty() {
            let at = if lines.last() == Some(&"") {
                lines.len() - 1
            } else {
                lines.len()
            };
            replacements.push((at, 0, &chunk.new_lines));
            continue;
        }
        let mut pattern = &chunk.old_lines[..];
        let mut new = &chunk.new_lines[..];
        let mut found = seek_sequence(&lines, pattern, cursor, chunk.end_of_file);
        if found.is_none() && pattern.last().is_some_and(String::is_empty) {
            pattern = &pattern[..pattern.len() - 1];
            if new.last().is_some_and(String::is_empty) {
                new = &new[..new.len() - 1];
            }
            found = seek_sequence(&lines, pattern, cursor, chunk.end_of_file);
        }
        let Some(start) = found else {
            let what = if chunk.end_of_file {
                " at the end of the file"
            } else {
                ""
            };
            return Err(no_match(
                chunk.line,
                format!(
                    "the chunk's {} old line(s) (`{}`...) are not in the file{what}",
                    chunk.old_lines.len(),
                    shorten(&chunk.old_lines[0])
                ),
            ));
        };
        replacements.push((start, pattern.len(), new));
        cursor = start + pattern.len();
    }
    replacements.sort_by_key(|r| r.0);
    let disjoint = replacements.windows(2).all(|w| w[1].0 >= w[0].0 + w[0].1);
    if disjoint {
        // One pass, front to back: the same result as Codex's back-to-front splices when no
        // two replacements overlap, without their quadratic cost.
        let mut out = Vec::with_capacity(lines.len());
        let mut at = 0;
        for &(start, old_len, new) in &replacements {
            out.extend_from_slice(&lines[at..start]);
            out.extend(new.iter().map(String::as_str));
            at = start + old_len;
        }
        out.extend_from_slice(&lines[at..]);
        lines = out;
    } else {
        for &(start, old_len, new) in replacements.iter().rev() {
            let end = (start + old_len).min(lines.len());
            lines.splice(start..end, new.iter().map(String::as_str));
        }
    }
    if lines.last() != Some(&"") {
        lines.push("");
    }
    Ok(lines.join("\n"))
}

/// Codex's `seek_sequence`: where `pattern` starts in `lines` at or after `start` (only at
/// the end when `eof`), trying exact, `trim_end`, `trim`, then Unicode-normalised matches.
fn seek_sequence(lines: &[&str], pattern: &[String], start: usize, eof: bool) -> Option<usize> {
    if pattern.is_empty() {
        return Some(start);
    }
    if pattern.len() > lines.len() {
        return None;
    }
    let last = lines.len() - pattern.len();
    let passes: [fn(&str, &str) -> bool; 4] = [
        |a, b| a == b,
        |a, b| a.trim_end() == b.trim_end(),
        |a, b| a.trim() == b.trim(),
        |a, b| normalise(a).eq(normalise(b)),
    ];
    if eof {
        // Codex starts its search at the end, where only one position fits.
        let at_end = |same: fn(&str, &str) -> bool| {
            lines[last..].iter().zip(pattern).all(|(l, p)| same(l, p))
        };
        return passes.into_iter().any(at_end).then_some(last);
    }
    passes
        .into_iter()
        .find_map(|same| find_lines(lines, pattern, start, same, |_| true))
}

/// Codex's last-pass normalisation: trimmed, typographic dashes, quotes and spaces as ASCII.
fn normalise(s: &str) -> impl Iterator<Item = char> + '_ {
    s.trim().chars().map(|c| match c {
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' => '-',
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' => '"',
        '\u{00A0}' | '\u{2002}' | '\u{2003}' | '\u{2004}' | '\u{2005}' | '\u{2006}'
        | '\u{2007}' | '\u{2008}' | '\u{2009}' | '\u{200A}' | '\u{202F}' | '\u{205F}'
        | '\u{3000}' => ' ',
        other => other,
    })
}

fn apply_sdk(diff: &SdkDiff, current: &str) -> Result<String, PatchError> {
    let newline = match (current.contains('\n'), current.contains("\r\n"), diff.crlf) {
        (true, true, _) | (false, _, true) => "\r\n",
        _ => "\n",
    };
    let normalised = current.replace("\r\n", "\n");
    let lines: Vec<&str> = normalised.split('\n').collect();
    // (index in `lines`, removed lines, added lines)
    let mut changes: Vec<(usize, usize, &[String])> = Vec::new();
    let mut cursor = 0;
    for section in &diff.sections {
        if !section.has_anchor && cursor != 0 {
            return Err(malformed(
                section.line,
                "a hunk after the first must start with `@@`",
            ));
        }
        for anchor in &section.anchors {
            let before = &lines[..cursor];
            let mut found = false;
            if !before.iter().any(|l| l == anchor) {
                if let Some(i) = (cursor..lines.len()).find(|&i| lines[i] == anchor) {
                    cursor = i + 1;
                    found = true;
                }
            }
            let a = py_strip(anchor);
            if !found && !lines[..cursor].iter().any(|l| py_strip(l) == a) {
                if let Some(i) = (cursor..lines.len()).find(|&i| py_strip(lines[i]) == a) {
                    cursor = i + 1;
                }
            }
        }
        let ctx = &section.context;
        let find = |start: usize| -> Option<usize> {
            if ctx.is_empty() {
                return Some(start);
            }
            let passes: [fn(&str, &str) -> bool; 3] = [
                |a, b| a == b,
                |a, b| py_rstrip(a) == py_rstrip(b),
                |a, b| py_strip(a) == py_strip(b),
            ];
            passes
                .into_iter()
                .find_map(|same| find_lines(&lines, ctx, start, same, |_| true))
        };
        let found = if section.end_of_file {
            find(lines.len().saturating_sub(ctx.len())).or_else(|| find(cursor))
        } else {
            find(cursor)
        };
        let Some(at) = found else {
            let what = if section.end_of_file {
                " (at the end of the file or after the cursor)"
            } else {
                ""
            };
            return Err(no_match(
                section.line,
                format!("the hunk's context is not in the file{what}"),
            ));
        };
        cursor = at + ctx.len();
        for c in &section.changes {
            changes.push((at + c.offset, c.delete.len(), &c.insert));
        }
    }
    let mut out: Vec<&str> = Vec::with_capacity(lines.len());
    let mut cursor = 0;
    for &(at, deleted, inserted) in &changes {
        if at > lines.len() || cursor > at {
            return Err(no_match(0, format!("the hunks overlap at line {}", at + 1)));
        }
        out.extend_from_slice(&lines[cursor..at]);
        out.extend(inserted.iter().map(String::as_str));
        cursor = at + deleted;
    }
    out.extend_from_slice(lines.get(cursor..).unwrap_or(&[]));
    Ok(out.join(newline))
}

#[cfg(test)]
mod tests;
