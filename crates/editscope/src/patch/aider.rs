//! Aider SEARCH/REPLACE blocks (its `diff` edit format), read and applied as Aider does
//! (`aider/coders/editblock_coder.py`).
//!
//! # Reading ([`parse`])
//!
//! The reply is split into lines as Python's `str.splitlines` does. A block opens with a
//! line that, stripped, is 5 to 9 `<` then ` SEARCH` (optionally `>`), is divided by 5 to 9
//! `=` and closes with 5 to 9 `>` then ` REPLACE` (a second divider also closes it, as in
//! Aider). The file name is read from the line just above the opening marker, looking further
//! up (three lines at most) only past fence lines (```` ``` ````...): stripped, with `:` at
//! its end, `#` at its start, backticks and `*` around it removed. A blank line or prose
//! directly above the marker is not skipped: prose becomes the name, and a blank line means
//! "no name here", so the block belongs to the previous block's file; the first block must
//! have a name ([`PatchErrorKind::Malformed`]). Fenced shell blocks (```` ```bash ```` and
//! the like, not directly followed by a marker) are skipped whole, blocks inside included.
//!
//! Aider then resolves the name against the files in the chat (exact, then by basename, then
//! a fuzzy match). [`parse`] keeps the name as written; [`resolve_name`] resolves it as
//! Aider does against every file of the project (editscope does not know the chat), and
//! refuses a name that could stand for more than one file
//! ([`ChangeSet::from_patch_text`](crate::ChangeSet::from_patch_text) applies it). It also
//! strips a SEARCH or REPLACE text's first line when that line ends with the file's name, and
//! a fence around the whole text; [`Block::search`] and [`Block::replace`] hold the texts after
//! that, ending in `\n` when not empty. If a block fails on its file, Aider tries the other
//! files in the chat: editscope does not (the block fails).
//!
//! # Applying ([`apply`])
//!
//! The file is read as Python reads text (`\r\n` and `\r` become `\n`: Aider on a POSIX
//! system writes the file back with `\n` line ends). For each block in order: an empty
//! (blank) SEARCH appends REPLACE to the file; otherwise, on the file and texts with a `\n`
//! added at their end if missing, Aider tries
//! 1. the first exact occurrence of the SEARCH lines;
//! 2. the first place where the SEARCH lines occur but for a uniform leading-whitespace
//!    offset (after removing the indentation SEARCH and REPLACE share), re-applying that
//!    offset to the non-blank REPLACE lines;
//! 3. both again without a leading blank SEARCH line (SEARCH of 3 lines or more);
//! 4. `...` elision: SEARCH and REPLACE split at lines holding only `...`, each SEARCH piece
//!    replaced by its REPLACE piece where it occurs exactly once.
//!
//! A strategy that yields an empty file counts as failing, and a block that empties the
//! file fails, as in Aider ([`PatchErrorKind::NoMatch`]).
//!
//! # New files
//!
//! Aider creates a missing file a block names (empty, after asking), then applies the blocks
//! to it; an empty SEARCH on an existing file appends to it. [`FilePatch::apply`] refuses to
//! update a missing file, so [`parse`] gives a file whose first block has an empty SEARCH as
//! [`Action::Create`], with the content its blocks give on an empty file: right for a new
//! file, but for an existing one it stands for an overwrite where Aider appends.
//!
//! # Limits
//!
//! Searches run in linear time (Knuth-Morris-Pratt) with the result of Aider's scans. The
//! leading-whitespace strategy checks each candidate place line by line; past about four
//! million line checks for one block it gives up with [`PatchErrorKind::TooLarge`] (a file
//! and block built so that every place agrees but for a non-uniform indentation), and the
//! blocks of one file may rescan at most 4 GiB of text in all.

use std::collections::HashMap;

use super::replace::{check_size, find_lines, Work, MAX_INPUT_BYTES};
use super::text::{py_is_space, py_strip};
use super::{Action, Edit, FilePatch, GitMeta, PatchError, PatchErrorKind};

/// One SEARCH/REPLACE block.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Block {
    /// The SEARCH text, as Aider uses it (after its wrapper stripping; ends in `\n` unless
    /// empty).
    pub search: String,
    /// The REPLACE text, likewise.
    pub replace: String,
    /// 1-based line of the `<<<<<<< SEARCH` marker in the patch.
    pub line: usize,
}

/// Python's `str.lstrip()`.
fn py_lstrip(s: &str) -> &str {
    s.trim_start_matches(py_is_space)
}

/// A line boundary for Python's `str.splitlines`.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r'
            | '\u{0b}'
            | '\u{0c}'
            | '\u{1c}'
            | '\u{1d}'
            | '\u{1e}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}'
    )
}

/// Python's `s.splitlines(keepends=True)`.
fn split_lines_keepends(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_line_break(c) {
            let mut end = i + c.len_utf8();
            if c == '\r' && chars.peek().is_some_and(|&(_, n)| n == '\n') {
                chars.next();
                end += 1;
            }
            out.push(&s[start..end]);
            start = end;
        }
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// A line without its line break.
fn without_break(line: &str) -> &str {
    if let Some(l) = line.strip_suffix("\r\n") {
        return l;
    }
    match line.chars().next_back() {
        Some(c) if is_line_break(c) => &line[..line.len() - c.len_utf8()],
        _ => line,
    }
}

/// The rest of `s` after a run of 5 to 9 `c`.
fn after_run(s: &str, c: char) -> Option<&str> {
    let rest = s.trim_start_matches(c);
    (5..=9).contains(&(s.len() - rest.len())).then_some(rest)
}

/// `^<{5,9} SEARCH>?\s*$` on a stripped line.
fn is_head(stripped: &str) -> bool {
    after_run(stripped, '<').is_some_and(|r| r == " SEARCH" || r == " SEARCH>")
}

/// `^={5,9}\s*$` on a stripped line.
fn is_divider(stripped: &str) -> bool {
    after_run(stripped, '=') == Some("")
}

/// `^>{5,9} REPLACE\s*$` on a stripped line.
fn is_updated(stripped: &str) -> bool {
    after_run(stripped, '>') == Some(" REPLACE")
}

const FENCE: &str = "```";
const SHELL_STARTS: [&str; 12] = [
    "```bash",
    "```sh",
    "```shell",
    "```cmd",
    "```batch",
    "```powershell",
    "```ps1",
    "```zsh",
    "```fish",
    "```ksh",
    "```csh",
    "```tcsh",
];

/// Aider's `strip_filename`: a file name from one line, if any.
fn strip_filename(line: &str) -> Option<&str> {
    let name = py_strip(line);
    if name == "..." || name.starts_with(FENCE) {
        return None;
    }
    let name = name.trim_end_matches(':').trim_start_matches('#');
    let name = py_strip(name).trim_matches('`').trim_matches('*');
    (!name.is_empty()).then_some(name)
}

/// Aider's `find_filename` over the (at most three) lines above a marker: the name and its
/// index in `above`.
fn find_filename<'a>(above: &[&'a str]) -> Option<(&'a str, usize)> {
    for (k, line) in above.iter().enumerate().rev() {
        if let Some(name) = strip_filename(line) {
            return Some((name, k));
        }
        if !line.starts_with(FENCE) {
            return None;
        }
    }
    None
}

/// A block as read, before grouping.
struct RawBlock {
    file: String,
    /// 1-based line of the file name (the marker's line when inherited).
    file_line: usize,
    search: String,
    replace: String,
    line: usize,
}

fn malformed(line: usize, message: impl Into<String>) -> PatchError {
    PatchError::new(PatchErrorKind::Malformed, line, message)
}

/// Parses an Aider reply into file patches (blocks grouped per file, in order of the files'
/// first blocks).
///
/// A file whose first block has an empty SEARCH is created: [`Action::Create`] with the
/// content all of its blocks give when applied to an empty file (Aider creates a missing
/// file empty, then applies the blocks). If the file exists, Aider instead *appends* the
/// REPLACE text to it; `Action::Create` cannot say that (see the module notes). Every other
/// file gets [`Action::Update`] with [`Edit::Aider`].
pub fn parse(text: &str) -> Result<Vec<FilePatch>, PatchError> {
    check_size(text, "the reply")?;
    let lines = split_lines_keepends(text);
    let mut blocks: Vec<RawBlock> = Vec::new();
    let mut current_file: Option<String> = None;
    let mut i = 0;
    while i < lines.len() {
        let stripped = py_strip(lines[i]);
        let next_is_head = lines.get(i + 1).is_some_and(|l| is_head(py_strip(l)));
        if SHELL_STARTS.iter().any(|s| stripped.starts_with(s)) && !next_is_head {
            i += 1;
            while i < lines.len() && !py_strip(lines[i]).starts_with(FENCE) {
                i += 1;
            }
            i = (i + 1).min(lines.len());
            continue;
        }
        if is_head(stripped) {
            let head = i;
            let first_above = head.saturating_sub(3);
            let (file, file_line) = match find_filename(&lines[first_above..head]) {
                Some((name, k)) => (name.to_string(), first_above + k + 1),
                None => match &current_file {
                    Some(f) => (f.clone(), head + 1),
                    None => {
                        return Err(malformed(
                            head + 1,
                            "no file name for this SEARCH/REPLACE block: it must be alone on the line before the block or its opening fence",
                        ));
                    }
                },
            };
            current_file = Some(file.clone());
            i += 1;
            let search_start = i;
            while i < lines.len() && !is_divider(py_strip(lines[i])) {
                i += 1;
            }
            if i >= lines.len() {
                return Err(malformed(
                    head + 1,
                    "this SEARCH block has no `=======` divider",
                ));
            }
            let divider = i;
            let search = lines[search_start..divider].concat();
            i += 1;
            while i < lines.len()
                && !is_updated(py_strip(lines[i]))
                && !is_divider(py_strip(lines[i]))
            {
                i += 1;
            }
            if i >= lines.len() {
                return Err(malformed(
                    divider + 1,
                    "no `>>>>>>> REPLACE` after this `=======`",
                ));
            }
            let replace = lines[divider + 1..i].concat();
            blocks.push(RawBlock {
                file,
                file_line,
                search,
                replace,
                line: head + 1,
            });
        }
        i += 1;
    }

    // Group per file, in order of first appearance.
    let mut order: Vec<(String, usize, Vec<Block>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for raw in blocks {
        let name = basename(&raw.file);
        let wrapped = |text: &str| {
            strip_quoted_wrapping(text, name).ok_or_else(|| {
                malformed(
                    raw.line,
                    format!("a one-line SEARCH or REPLACE text ending with the file name `{name}`: Aider fails on it"),
                )
            })
        };
        let block = Block {
            search: wrapped(&raw.search)?,
            replace: wrapped(&raw.replace)?,
            line: raw.line,
        };
        match index.get(&raw.file) {
            Some(&k) => order[k].2.push(block),
            None => {
                index.insert(raw.file.clone(), order.len());
                order.push((raw.file, raw.file_line, vec![block]));
            }
        }
    }
    order
        .into_iter()
        .map(|(path, line, blocks)| {
            Ok(FilePatch {
                path,
                line,
                action: file_action(blocks)?,
                modes: GitMeta::default(),
            })
        })
        .collect()
}

/// difflib's `SequenceMatcher.quick_ratio` of `a` and `b` (by characters): an upper bound of
/// the `ratio` that `difflib.get_close_matches` compares with its cutoff.
pub(crate) fn quick_ratio(a: &str, b: &str) -> f64 {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la + lb == 0 {
        return 1.0;
    }
    let mut avail: HashMap<char, usize> = HashMap::new();
    for c in b.chars() {
        *avail.entry(c).or_default() += 1;
    }
    let mut matches = 0usize;
    for c in a.chars() {
        if let Some(n) = avail.get_mut(&c).filter(|n| **n > 0) {
            *n -= 1;
            matches += 1;
        }
    }
    2.0 * matches as f64 / (la + lb) as f64
}

/// The cutoff of Aider's fuzzy file-name match (`difflib.get_close_matches(..., cutoff=0.8)`).
const FUZZY_CUTOFF: f64 = 0.8;

/// Which file Aider writes for a block's file name `written`, as its `find_filename` resolves
/// it against the files in the chat: the name itself when it is a chat file, else a chat
/// file whose basename is the name, else a chat file `difflib` finds close to it (ratio 0.8 or
/// more), else the name as written (a new file). editscope does not know the chat, so every
/// file of the project (`files`, root-relative) may be in it, and the answer must not depend
/// on which are:
///
/// - `written` exists (`exists`) and no other file's basename is it: that file;
/// - it does not exist and exactly one file's basename is it: that file, unless the file's
///   first block has an empty SEARCH (`creates`): Aider then either appends to that file
///   (in the chat) or creates `written` (not), two different changes;
/// - it does not exist, no file's basename is it and no file is close to it: `written`;
/// - anything else (several files the name can stand for): `Err` with the candidates.
pub fn resolve_name(
    written: &str,
    exists: bool,
    creates: bool,
    files: &[String],
) -> Result<String, Vec<String>> {
    let by_name: Vec<String> = if written.contains('/') {
        Vec::new()
    } else {
        files
            .iter()
            .filter(|f| f.as_str() != written && f.rsplit('/').next() == Some(written))
            .cloned()
            .collect()
    };
    let with_written = |mut others: Vec<String>| {
        others.insert(0, written.to_string());
        others
    };
    if exists {
        return if by_name.is_empty() {
            Ok(written.to_string())
        } else {
            Err(with_written(by_name))
        };
    }
    match by_name.len() {
        1 if !creates => return Ok(by_name[0].clone()),
        0 => {}
        _ => return Err(with_written(by_name)),
    }
    let close: Vec<String> = files
        .iter()
        .filter(|f| f.as_str() != written && quick_ratio(written, f) >= FUZZY_CUTOFF)
        .cloned()
        .collect();
    if close.is_empty() {
        Ok(written.to_string())
    } else {
        Err(with_written(close))
    }
}

/// What happens to a file with these blocks (see [`parse`]).
fn file_action(blocks: Vec<Block>) -> Result<Action, PatchError> {
    // An empty SEARCH creates the file or appends to it: `FilePatch::apply` applies the
    // blocks to "" when the file does not exist, as Aider does.
    Ok(Action::Update {
        edit: Some(Edit::Aider(blocks)),
        move_to: None,
    })
}

/// The last component of `path` once `.` and `..` are resolved (`Path(..).resolve().name`,
/// without following symbolic links).
fn basename(path: &str) -> &str {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.last().copied().unwrap_or("")
}

/// Aider's `strip_quoted_wrapping`: drops a first line ending with the file's name and a
/// fence around the text; ends the text with `\n`. `None` where Aider raises (the text was
/// that one line).
fn strip_quoted_wrapping(text: &str, name: &str) -> Option<String> {
    if text.is_empty() {
        return Some(String::new());
    }
    let mut lines: Vec<&str> = split_lines_keepends(text)
        .into_iter()
        .map(without_break)
        .collect();
    if !name.is_empty() && py_strip(lines[0]).ends_with(name) {
        lines.remove(0);
    }
    let (first, last) = (lines.first()?, lines.last()?);
    if first.starts_with(FENCE) && last.starts_with(FENCE) {
        lines = if lines.len() >= 2 {
            lines[1..lines.len() - 1].to_vec()
        } else {
            Vec::new()
        };
    }
    let mut out = lines.join("\n");
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    Some(out)
}

/// Applies blocks to `current` in order.
pub fn apply(blocks: &[Block], current: &str) -> Result<String, PatchError> {
    check_size(current, "the file")?;
    // Python's universal newlines, as Aider reads the file.
    let content = current.replace("\r\n", "\n").replace('\r', "\n");
    apply_normalised(blocks, content)
}

fn apply_normalised(blocks: &[Block], mut content: String) -> Result<String, PatchError> {
    let mut work = Work::default();
    for b in blocks {
        work.spend(content.len(), b.line)?;
        let new = if py_strip(&b.search).is_empty() {
            check_len(content.len().saturating_add(b.replace.len()))?;
            Some(content.clone() + &b.replace)
        } else {
            replace_most_similar_chunk(&content, &b.search, &b.replace)?
        };
        match new {
            Some(n) if !n.is_empty() => content = n,
            Some(_) => {
                return Err(PatchError::new(
                    PatchErrorKind::NoMatch,
                    b.line,
                    "the block would leave the file empty, which Aider treats as a failed block",
                ));
            }
            None => {
                let first = search_first_line(&b.search);
                return Err(PatchError::new(
                    PatchErrorKind::NoMatch,
                    b.line,
                    format!("the SEARCH text (`{first}`...) is not in the file"),
                ));
            }
        }
    }
    Ok(content)
}

fn search_first_line(search: &str) -> String {
    let line = search
        .lines()
        .find(|l| !py_strip(l).is_empty())
        .unwrap_or("");
    match line.char_indices().nth(60) {
        Some((at, _)) => format!("{}...", &line[..at]),
        None => line.to_string(),
    }
}

fn check_len(len: usize) -> Result<(), PatchError> {
    if len > MAX_INPUT_BYTES {
        return Err(PatchError::new(
            PatchErrorKind::TooLarge,
            0,
            format!("the file would be {len} bytes, over the limit of {MAX_INPUT_BYTES}"),
        ));
    }
    Ok(())
}

/// `s` ending with `\n` (Aider's `prep`).
fn prep(s: &str) -> String {
    let mut s = s.to_string();
    if !s.is_empty() && !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

/// Aider's `replace_most_similar_chunk` (without the fuzzy pass Aider has switched off).
/// `Ok(None)`: no strategy gave a non-empty result.
fn replace_most_similar_chunk(
    whole: &str,
    part: &str,
    replace: &str,
) -> Result<Option<String>, PatchError> {
    let (whole, part, replace) = (prep(whole), prep(part), prep(replace));
    let whole_lines = split_lines_keepends(&whole);
    let part_lines = split_lines_keepends(&part);
    let replace_lines = split_lines_keepends(&replace);
    let non_empty = |r: Option<String>| r.filter(|s| !s.is_empty());

    if let Some(r) = non_empty(perfect_or_whitespace(
        &whole_lines,
        &part_lines,
        &replace_lines,
    )?) {
        return Ok(Some(r));
    }
    if part_lines.len() > 2 && py_strip(part_lines[0]).is_empty() {
        if let Some(r) = non_empty(perfect_or_whitespace(
            &whole_lines,
            &part_lines[1..],
            &replace_lines,
        )?) {
            return Ok(Some(r));
        }
    }
    Ok(non_empty(try_dotdotdots(&whole, &part, &replace)?))
}

fn perfect_or_whitespace(
    whole: &[&str],
    part: &[&str],
    replace: &[&str],
) -> Result<Option<String>, PatchError> {
    if let Some(r) = perfect_replace(whole, part, replace).filter(|s| !s.is_empty()) {
        return Ok(Some(r));
    }
    replace_part_with_missing_leading_whitespace(whole, part, replace)
}

fn perfect_replace(whole: &[&str], part: &[&str], replace: &[&str]) -> Option<String> {
    let n = part.len();
    let i = find_lines(whole, part, 0, |a, b| a == b, |_| true)?;
    Some([&whole[..i], replace, &whole[i + n..]].concat().concat())
}

fn leading_space(s: &str) -> usize {
    s.chars().take_while(|&c| py_is_space(c)).count()
}

/// `s` without its first `n` characters.
fn skip_chars(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or("", |(at, _)| &s[at..])
}

/// `s[:k]` in Python, `k` counted in characters (negative: from the end, clamped at 0).
fn py_prefix(s: &str, k: isize) -> &str {
    let len = s.chars().count() as isize;
    let take = if k >= 0 { k.min(len) } else { (len + k).max(0) } as usize;
    s.char_indices().nth(take).map_or(s, |(at, _)| &s[..at])
}

/// Not only whitespace (Python's `if line.strip()`).
fn non_blank(line: &str) -> bool {
    !py_strip(line).is_empty()
}

/// The most line checks the leading-whitespace strategy makes for one block (a few tens of
/// milliseconds).
const MAX_OFFSET_CHECKS: u64 = 1 << 22;

fn replace_part_with_missing_leading_whitespace(
    whole: &[&str],
    part: &[&str],
    replace: &[&str],
) -> Result<Option<String>, PatchError> {
    let outdent = part
        .iter()
        .chain(replace)
        .filter(|l| non_blank(l))
        .map(|l| leading_space(l))
        .min()
        .unwrap_or(0);
    let dedent = |lines: &[&str]| -> Vec<String> {
        lines
            .iter()
            .map(|l| {
                if outdent > 0 && non_blank(l) {
                    skip_chars(l, outdent)
                } else {
                    l
                }
                .to_string()
            })
            .collect()
    };
    let (part, replace) = (dedent(part), dedent(replace));
    let n = part.len();
    // The first place where the lines agree but for leading whitespace and the offset is
    // uniform.
    let (mut checks, mut over_budget) = (0u64, false);
    let found = find_lines(
        whole,
        &part,
        0,
        |a, b| py_lstrip(a) == py_lstrip(b),
        |i| {
            // Each candidate costs up to `n` line checks: bound their total, so that a file
            // and block made to agree everywhere but in the offset cannot take minutes.
            checks = checks.saturating_add(n as u64);
            if checks > MAX_OFFSET_CHECKS {
                over_budget = true;
                return true;
            }
            match_but_for_leading_whitespace(&whole[i..i + n], &part).is_some()
        },
    );
    if over_budget {
        return Err(PatchError::new(
            PatchErrorKind::TooLarge,
            0,
            "too many places agree with the SEARCH text but for indentation to check them all",
        ));
    }
    if let Some(i) = found {
        let add = match_but_for_leading_whitespace(&whole[i..i + n], &part).unwrap_or("");
        let kept: usize = whole[..i]
            .iter()
            .chain(&whole[i + n..])
            .map(|l| l.len())
            .sum();
        let added: usize = replace
            .iter()
            .map(|l| {
                if non_blank(l) {
                    add.len() + l.len()
                } else {
                    l.len()
                }
            })
            .sum();
        check_len(kept.saturating_add(added))?;
        let mut out = String::with_capacity(kept + added);
        whole[..i].iter().for_each(|l| out.push_str(l));
        for l in &replace {
            if non_blank(l) {
                out.push_str(add);
            }
            out.push_str(l);
        }
        whole[i + n..].iter().for_each(|l| out.push_str(l));
        return Ok(Some(out));
    }
    Ok(None)
}

/// The one leading-whitespace prefix that turns `part` into `whole`, as Aider computes it.
fn match_but_for_leading_whitespace<'a>(whole: &[&'a str], part: &[String]) -> Option<&'a str> {
    if !whole
        .iter()
        .zip(part)
        .all(|(w, p)| py_lstrip(w) == py_lstrip(p))
    {
        return None;
    }
    let mut add: Option<&str> = None;
    for (w, p) in whole.iter().zip(part) {
        if py_strip(w).is_empty() {
            continue;
        }
        let k = w.chars().count() as isize - p.chars().count() as isize;
        let prefix = py_prefix(w, k);
        match add {
            None => add = Some(prefix),
            Some(a) if a != prefix => return None,
            Some(_) => {}
        }
    }
    add
}

/// `re.split(r"(^\s*\.\.\.\n)", s, flags=re.MULTILINE | re.DOTALL)`: text and separators
/// alternating, starting and ending with text.
fn split_dots(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut last = 0;
    let mut at = 0;
    while at < s.len() {
        let run = s[at..].len() - s[at..].trim_start_matches(py_is_space).len();
        if s[at + run..].starts_with("...\n") {
            let end = at + run + 4;
            out.push(&s[last..at]);
            out.push(&s[at..end]);
            last = end;
            at = end;
            continue;
        }
        match s[at..].find('\n') {
            Some(n) => at += n + 1,
            None => break,
        }
    }
    out.push(&s[last..]);
    out
}

/// Aider's `try_dotdotdots`. `Ok(None)` also where Aider raises `ValueError` (caught there).
fn try_dotdotdots(whole: &str, part: &str, replace: &str) -> Result<Option<String>, PatchError> {
    let part_pieces = split_dots(part);
    let replace_pieces = split_dots(replace);
    if part_pieces.len() != replace_pieces.len() || part_pieces.len() == 1 {
        return Ok(None);
    }
    if (1..part_pieces.len())
        .step_by(2)
        .any(|i| part_pieces[i] != replace_pieces[i])
    {
        return Ok(None);
    }
    let mut whole = whole.to_string();
    for (p, r) in part_pieces.iter().zip(&replace_pieces).step_by(2) {
        if p.is_empty() && r.is_empty() {
            continue;
        }
        check_len(whole.len().saturating_add(r.len()).saturating_add(1))?;
        if p.is_empty() {
            if !whole.ends_with('\n') {
                whole.push('\n');
            }
            whole.push_str(r);
            continue;
        }
        if whole.matches(p).take(2).count() != 1 {
            return Ok(None);
        }
        whole = whole.replacen(p, r, 1);
    }
    Ok(Some(whole))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks_of(p: &FilePatch) -> &[Block] {
        match &p.action {
            Action::Update {
                edit: Some(Edit::Aider(b)),
                move_to: None,
            } => b,
            other => panic!("not an Aider update: {other:?}"),
        }
    }

    fn one(search: &str, replace: &str) -> Vec<Block> {
        vec![Block {
            search: search.into(),
            replace: replace.into(),
            line: 1,
        }]
    }

    #[test]
    fn parses_blocks_with_file_names() {
        let reply = "Here is the fix.\n\nsrc/app.py\n```python\n<<<<<<< SEARCH\ndef f():\n    return 1\n=======\ndef f():\n    return 2\n>>>>>>> REPLACE\n```\n\n```python\n<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n>>>>>>> REPLACE\n```\n\n**README.md**:\n<<<<<<<< SEARCH>\nold\n========\nnew\n>>>>>>>>> REPLACE\n";
        let p = parse(reply).unwrap();
        assert_eq!(p.len(), 2);
        assert_eq!((p[0].path.as_str(), p[0].line), ("src/app.py", 3));
        let b = blocks_of(&p[0]);
        assert_eq!(b.len(), 2, "the second block inherits the file");
        assert_eq!(
            b[0],
            Block {
                search: "def f():\n    return 1\n".into(),
                replace: "def f():\n    return 2\n".into(),
                line: 5
            }
        );
        assert_eq!(b[1].line, 15);
        assert_eq!((p[1].path.as_str(), p[1].line), ("README.md", 22));
        assert_eq!(blocks_of(&p[1])[0].search, "old\n");
        let file = "def f():\n    return 1\nx = 1\n";
        assert_eq!(
            p[0].apply(Some(file)).unwrap().unwrap(),
            "def f():\n    return 2\nx = 2\n"
        );
    }

    #[test]
    fn file_name_decorations() {
        for above in [
            "# src/a.py",
            "`src/a.py`",
            "src/a.py:",
            "**src/a.py**",
            "### `src/a.py`:",
        ] {
            let reply = format!("{above}\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n");
            assert_eq!(parse(&reply).unwrap()[0].path, "src/a.py", "{above}");
        }
        // Past fences, up to three lines up.
        let reply = "```python\nsrc/a.py\n```\n```python\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n```";
        assert_eq!(parse(reply).unwrap()[0].path, "src/a.py");
    }

    #[test]
    fn missing_file_name_and_unfinished_blocks() {
        let e = parse("\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n").unwrap_err();
        assert_eq!((e.kind, e.line), (PatchErrorKind::Malformed, 2));
        let e = parse("a.py\n<<<<<<< SEARCH\na\nb\n").unwrap_err();
        assert_eq!((e.kind, e.line), (PatchErrorKind::Malformed, 2));
        let e = parse("a.py\n<<<<<<< SEARCH\na\n=======\nb\n").unwrap_err();
        assert_eq!((e.kind, e.line), (PatchErrorKind::Malformed, 4));
        // A blank line right above the marker: the previous block's file.
        let reply = "a.py\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n\n<<<<<<< SEARCH\nc\n=======\nd\n>>>>>>> REPLACE\n";
        let p = parse(reply).unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(blocks_of(&p[0]).len(), 2);
    }

    #[test]
    fn markers_are_exact() {
        // 4 or 10 `<`, missing space: not a marker, so no blocks.
        for head in [
            "<<<< SEARCH",
            "<<<<<<<<<< SEARCH",
            "<<<<<<<SEARCH",
            "<<<<<<< search",
        ] {
            let reply = format!("a.py\n{head}\na\n=======\nb\n>>>>>>> REPLACE\n");
            assert_eq!(parse(&reply).unwrap(), vec![], "{head}");
        }
        // Whitespace around markers is fine.
        let p = parse("a.py\n  <<<<<<< SEARCH  \na\n =====\nb\n>>>>> REPLACE\t\n").unwrap();
        assert_eq!(blocks_of(&p[0])[0].replace, "b\n");
        // A second divider closes the block.
        let p =
            parse("a.py\n<<<<<<< SEARCH\na\n=======\nb\n=======\nc\n>>>>>>> REPLACE\n").unwrap();
        assert_eq!(blocks_of(&p[0]).len(), 1);
        assert_eq!(blocks_of(&p[0])[0].replace, "b\n");
    }

    #[test]
    fn shell_fences_are_skipped() {
        let reply = "```bash\na.py\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n```\n";
        assert_eq!(parse(reply).unwrap(), vec![]);
        // ... unless a marker follows directly.
        let reply = "a.py\n```bash\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n```\n";
        assert_eq!(parse(reply).unwrap()[0].path, "a.py");
    }

    #[test]
    fn garbage_and_empty() {
        assert_eq!(parse("").unwrap(), vec![]);
        assert_eq!(parse("no blocks here\n=======\n").unwrap(), vec![]);
        assert_eq!(parse(">>>>>>> REPLACE\n").unwrap(), vec![]);
    }

    #[test]
    fn exact_first_occurrence() {
        assert_eq!(apply(&one("x\n", "y\n"), "x\nx\n").unwrap(), "y\nx\n");
        assert_eq!(apply(&one("a\nb\n", "c\n"), "a\nb\nz").unwrap(), "c\nz\n");
        let e = apply(
            &[Block {
                search: "q\n".into(),
                replace: "r\n".into(),
                line: 7,
            }],
            "x\n",
        )
        .unwrap_err();
        assert_eq!((e.kind, e.line), (PatchErrorKind::NoMatch, 7));
    }

    #[test]
    fn blocks_apply_in_order() {
        let blocks = vec![
            Block {
                search: "a\n".into(),
                replace: "b\n".into(),
                line: 1,
            },
            Block {
                search: "b\n".into(),
                replace: "c\n".into(),
                line: 2,
            },
        ];
        assert_eq!(apply(&blocks, "a\n").unwrap(), "c\n");
    }

    #[test]
    fn leading_whitespace_offset() {
        let file = "class A:\n    def f(self):\n        return 1\n";
        // SEARCH without the indentation: the offset is re-applied to REPLACE.
        let out = apply(
            &one(
                "def f(self):\n    return 1\n",
                "def f(self):\n    return 2\n",
            ),
            file,
        )
        .unwrap();
        assert_eq!(out, "class A:\n    def f(self):\n        return 2\n");
        // SEARCH and REPLACE over-indented alike: outdented first.
        let out = apply(
            &one("            return 1\n", "            return 3\n"),
            file,
        )
        .unwrap();
        assert_eq!(out, "class A:\n    def f(self):\n        return 3\n");
        // A non-uniform offset does not match.
        let e = apply(&one("def f(self):\nreturn 1\n", "x\n"), file).unwrap_err();
        assert_eq!(e.kind, PatchErrorKind::NoMatch);
    }

    #[test]
    fn leading_blank_search_line_is_dropped() {
        let out = apply(&one("\n    a\n    b\n", "    c\n"), "x\n    a\n    b\n").unwrap();
        assert_eq!(out, "x\n    c\n");
    }

    #[test]
    fn elision() {
        let file = "def f():\n    a = 1\n    b = 2\n    c = 3\n";
        let out = apply(
            &one("def f():\n...\n    c = 3\n", "def g():\n...\n    c = 4\n"),
            file,
        )
        .unwrap();
        assert_eq!(out, "def g():\n    a = 1\n    b = 2\n    c = 4\n");
        // Each piece must occur exactly once.
        let twice = "x\nmid\nx\n";
        assert_eq!(
            apply(&one("x\n...\nmid\n", "y\n...\nmid\n"), twice)
                .unwrap_err()
                .kind,
            PatchErrorKind::NoMatch
        );
        // Unpaired dots.
        assert_eq!(
            apply(&one("def f():\n...\n    c = 3\n", "def g():\n"), file)
                .unwrap_err()
                .kind,
            PatchErrorKind::NoMatch
        );
    }

    #[test]
    fn empty_search_appends_or_creates() {
        assert_eq!(apply(&one("", "new\n"), "old\n").unwrap(), "old\nnew\n");
        // Appended as is, even without a newline in between.
        assert_eq!(apply(&one("", "new\n"), "old").unwrap(), "oldnew\n");
        let p = parse("new.py\n```python\n<<<<<<< SEARCH\n=======\nprint(1)\n>>>>>>> REPLACE\n```\n\nnew.py\n<<<<<<< SEARCH\nprint(1)\n=======\nprint(2)\n>>>>>>> REPLACE\n").unwrap();
        assert_eq!(p.len(), 1);
        // A missing file is created empty, then the blocks apply; an existing one is
        // appended to.
        assert_eq!(p[0].apply(None).unwrap().as_deref(), Some("print(2)\n"));
        assert_eq!(
            p[0].apply(Some("x = 0\n")).unwrap().as_deref(),
            Some("x = 0\nprint(2)\n")
        );
        // A block that empties the file fails, as in Aider.
        assert_eq!(
            apply(&one("x\n", ""), "x\n").unwrap_err().kind,
            PatchErrorKind::NoMatch
        );
    }

    #[test]
    fn wrapper_stripping() {
        // A first line ending with the file name is dropped; so is a fence around the text.
        let p = parse("a.py\n<<<<<<< SEARCH\n# a.py\nx\n=======\n```\ny\n```\n>>>>>>> REPLACE\n")
            .unwrap();
        assert_eq!(
            blocks_of(&p[0])[0],
            Block {
                search: "x\n".into(),
                replace: "y\n".into(),
                line: 2
            }
        );
        // Aider fails on a one-line text that ends with the file name.
        let e = parse("a.py\n<<<<<<< SEARCH\nx\n=======\nsee a.py\n>>>>>>> REPLACE\n").unwrap_err();
        assert_eq!((e.kind, e.line), (PatchErrorKind::Malformed, 2));
    }

    #[test]
    fn crlf_is_read_as_python_does() {
        assert_eq!(
            apply(&one("a\nb\n", "c\n"), "a\r\nb\r\nd\r\n").unwrap(),
            "c\nd\n"
        );
        let p =
            parse("a.py\r\n<<<<<<< SEARCH\r\na\r\n=======\r\nb\r\n>>>>>>> REPLACE\r\n").unwrap();
        assert_eq!(p[0].apply(Some("a\r\n")).unwrap().unwrap(), "b\n");
    }

    #[test]
    fn python_helpers() {
        assert_eq!(
            split_lines_keepends("a\r\nb\rc\u{2028}d\n\ne"),
            vec!["a\r\n", "b\r", "c\u{2028}", "d\n", "\n", "e"]
        );
        assert_eq!(
            split_dots("a\n  ...\nb\n...\n"),
            vec!["a\n", "  ...\n", "b\n", "...\n", ""]
        );
        assert_eq!(split_dots("a\n\n...\nb"), vec!["a\n", "\n...\n", "b"]);
        assert_eq!(split_dots("a ...\n"), vec!["a ...\n"]);
        assert_eq!(py_prefix("  ab", -2), "  ");
        assert_eq!(py_prefix("ab", -5), "");
        assert_eq!(py_strip("\u{1f} x \n"), "x");
        assert_eq!(basename("a/b/../c.py"), "c.py");
    }

    #[test]
    fn names_resolve_as_aider_finds_them() {
        let files: Vec<String> = [
            "README.md",
            "src/pkg/core.py",
            "lib/util.py",
            "lib/b/util.py",
        ]
        .map(String::from)
        .to_vec();
        // A full path that exists, or a bare name no other file has: as written.
        assert_eq!(
            resolve_name("src/pkg/core.py", true, false, &files),
            Ok("src/pkg/core.py".into())
        );
        assert_eq!(
            resolve_name("README.md", true, false, &files),
            Ok("README.md".into())
        );
        // A bare name of one file: that file, unless the block could create the name instead.
        assert_eq!(
            resolve_name("core.py", false, false, &files),
            Ok("src/pkg/core.py".into())
        );
        assert_eq!(
            resolve_name("core.py", false, true, &files),
            Err(vec!["core.py".into(), "src/pkg/core.py".into()])
        );
        // Several files with the name: refused, naming them.
        assert_eq!(
            resolve_name("util.py", false, false, &files),
            Err(vec![
                "util.py".into(),
                "lib/util.py".into(),
                "lib/b/util.py".into()
            ])
        );
        // A new name close to an existing one (difflib ratio >= 0.8): Aider may pick that one.
        assert!(resolve_name("src/pkg/core2.py", false, true, &files).is_err());
        assert_eq!(
            resolve_name("tests/test_new.py", false, true, &files),
            Ok("tests/test_new.py".into())
        );
        // quick_ratio is difflib's (an upper bound of ratio).
        assert!((quick_ratio("tools/generate.py", "src/pkg/core.py") - 0.5625).abs() < 1e-9);
        assert!((quick_ratio("abc", "abc") - 1.0).abs() < 1e-9);
    }

    #[test]
    fn too_large() {
        let big = "x".repeat(MAX_INPUT_BYTES + 1);
        assert_eq!(parse(&big).unwrap_err().kind, PatchErrorKind::TooLarge);
        assert_eq!(
            apply(&one("x\n", "y\n"), &big).unwrap_err().kind,
            PatchErrorKind::TooLarge
        );
        // The whitespace offset re-applied to many REPLACE lines.
        let file = format!("{}x\n", " ".repeat(1 << 20));
        let replace = "y\n".repeat(100);
        let e = apply(&one("x\n", &replace), &file).unwrap_err();
        assert_eq!(e.kind, PatchErrorKind::TooLarge);
    }

    #[test]
    fn indentation_search_is_bounded() {
        // Every window of the file agrees with SEARCH but for indentation, and every one has
        // a non-uniform offset: Aider would check them all; editscope gives up.
        let mut file = String::new();
        for i in 0..6_000 {
            file.push_str(if i % 1000 == 999 { "  a\n" } else { " a\n" });
        }
        let e = apply(&one(&"a\n".repeat(1000), "b\n"), &file).unwrap_err();
        assert_eq!(e.kind, PatchErrorKind::TooLarge);
        // The same search with a uniform offset somewhere is found.
        let file = format!("{file}{}", "    a\n".repeat(1000));
        let out = apply(&one(&"a\n".repeat(1000), "b\n"), &file[file.len() - 6000..]).unwrap();
        assert_eq!(out, "    b\n");
    }

    #[test]
    fn hostile_text_does_not_panic() {
        let pieces = [
            "<<<<<<< SEARCH",
            "=======",
            ">>>>>>> REPLACE",
            "a.py",
            "```",
            "```bash",
            "...",
            "  ...",
            "é",
            "",
            " ",
            "\t",
            "\r",
            "\u{2028}",
            "\u{1f}",
            "x",
            "# é.py",
            "*",
        ];
        let mut seed = 11u64;
        for _ in 0..3000 {
            let mut text = String::new();
            for _ in 0..(seed % 16) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
                text.push(if seed & 3 == 0 { ' ' } else { '\n' });
            }
            if let Ok(ps) = parse(&text) {
                for p in ps {
                    let _ = p.apply(Some(&text));
                    let _ = p.apply(Some(" é\n\té\n"));
                }
            }
        }
    }
}
