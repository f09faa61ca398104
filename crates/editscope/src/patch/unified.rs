//! Unified diffs as `git diff` writes them, applied strictly as `git apply` does.
//!
//! [`parse`] reads patches the way git's own reader (`apply.c`) does:
//!
//! - Text before the first file header (a commit message, mail headers) and between files (a
//!   `-- ` signature) is skipped. A file starts at a `diff --git a/P b/P` line followed by
//!   extended headers (`old mode`, `new mode`, `deleted file mode`, `new file mode`,
//!   `copy from/to`, `rename from/to`, `similarity index`, `dissimilarity index`,
//!   `index H..H [mode]`, `---`, `+++`), or at a `---` line directly followed by a `+++` line
//!   and an `@@ -` line (a plain `diff -u`).
//! - Paths may be C-quoted (`"a/sp\303\251cial"`); one leading component (`a/`, `b/`) is
//!   stripped, as `git apply -p1` does, except in a plain diff whose first file's names have no
//!   slash at all (git then guesses `-p0`). In a plain diff, `/dev/null` or an epoch timestamp
//!   marks a created or deleted file; so does a single `@@ -0,0 ...` hunk (git decides by
//!   whether the file exists; this is what diff tools write for a new file).
//! - A hunk `@@ -l[,s] +l[,s] @@` holds exactly the lines its counts announce (an empty line
//!   counts as an empty context line, as GNU diff writes it); `\ No newline at end of file`
//!   after a line removes that line's newline.
//!
//! [`Hunks::apply`] then applies the hunks as `git apply` without options does: each hunk's
//! preimage (context and removed lines) must match byte for byte. git looks for it first at
//! the hunk's new-side line (`+l`, where it lands once the earlier hunks are applied), then one
//! line after, one line before, two after, and so on; a hunk starting at old line 0 or 1 must
//! match at the top of the file, and a hunk without trailing context must match at its end
//! (so, as with `git apply` without `--unidiff-zero`, a `-U0` insertion lands at the end).
//! Lines an earlier hunk produced cannot be matched again (hunks never overlap).
//!
//! Where this module is stricter than git (git accepts the patch and does something the patch
//! author cannot have meant), it says so in an error:
//!
//! - lines after a hunk's announced count that look like hunk lines (`+`, `-`, ` `, `\`), or a
//!   bad `@@` header after a hunk: git silently drops them; here the patch is malformed.
//! - `\ No newline at end of file` after a line that is not the last of its side, or in a hunk
//!   that is not the file's last: git would glue two lines together.
//! - a preimage whose last line has no newline only matches the file's last line (git compares
//!   it as a byte prefix and can glue the next line onto it).
//! - `--- /dev/null` in a `diff --git` without `new file mode` (git looks for a file named
//!   `dev/null`).
//!
//! And where it is more lenient: a patch whose last line lacks its newline is read as if it
//! had one (git calls such a patch corrupt).
//!
//! Not supported: copies (`copy from`/`copy to`) are refused, binary changes become
//! [`Action::Binary`], and a deleted file's hunks are not checked against its content.

use std::collections::VecDeque;

use super::{Action, Edit, FilePatch, GitMeta, PatchError, PatchErrorKind};

/// Patches larger than this (in bytes) are refused with [`PatchErrorKind::TooLarge`]
/// ([`crate::limits::MAX_PATCH_BYTES`]).
pub const MAX_PATCH_BYTES: usize = crate::limits::MAX_PATCH_BYTES;

/// The hunks of one file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hunks {
    /// The hunks, in order.
    pub hunks: Vec<Hunk>,
}

/// One `@@ -a,b +c,d @@` hunk.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Hunk {
    /// 1-based line of the `@@` header in the patch.
    pub line: usize,
    /// The first old line (`a` in `-a,b`); 0 for a hunk that adds to an empty file.
    pub old_start: usize,
    /// The number of old lines (`b` in `-a,b`; 1 when omitted).
    pub old_count: usize,
    /// The first new line (`c` in `+c,d`).
    pub new_start: usize,
    /// The number of new lines (`d` in `+c,d`; 1 when omitted).
    pub new_count: usize,
    /// The text after the closing `@@` (the function heading git adds), without the space
    /// that separates it.
    pub heading: String,
    /// The hunk's lines, in order.
    pub lines: Vec<HunkLine>,
}

/// One line of a hunk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HunkLine {
    /// Context, removed or added.
    pub kind: LineKind,
    /// The line as it is in the file, with its line terminator (`\n`, or `\r\n` in a CRLF
    /// file), or without `\n` when `\ No newline at end of file` follows it.
    pub text: String,
    /// 1-based line of the patch.
    pub line: usize,
}

/// What a hunk line does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// ` `: in both the old and the new file.
    Context,
    /// `-`: only in the old file.
    Remove,
    /// `+`: only in the new file.
    Add,
}

impl Hunk {
    /// The lines the hunk expects in the file (context and removed), in order.
    pub fn preimage(&self) -> impl Iterator<Item = &str> {
        self.lines
            .iter()
            .filter(|l| l.kind != LineKind::Add)
            .map(|l| l.text.as_str())
    }

    /// The lines the hunk leaves in the file (context and added), in order.
    pub fn postimage(&self) -> impl Iterator<Item = &str> {
        self.lines
            .iter()
            .filter(|l| l.kind != LineKind::Remove)
            .map(|l| l.text.as_str())
    }

    /// The number of context lines before the first change.
    pub fn leading_context(&self) -> usize {
        self.lines
            .iter()
            .take_while(|l| l.kind == LineKind::Context)
            .count()
    }

    /// The number of context lines after the last change.
    pub fn trailing_context(&self) -> usize {
        self.lines
            .iter()
            .rev()
            .take_while(|l| l.kind == LineKind::Context)
            .count()
    }

    /// The header with both counts written out, without the heading: `@@ -a,b +c,d @@`.
    pub fn header(&self) -> String {
        format!(
            "@@ -{},{} +{},{} @@",
            self.old_start, self.old_count, self.new_start, self.new_count
        )
    }
}

fn malformed(line: usize, message: impl Into<String>) -> PatchError {
    PatchError::new(PatchErrorKind::Malformed, line, message)
}

/// Parses a unified diff into file patches.
///
/// Errors carry the 1-based line of the patch at fault; a text with no file diff at all is
/// [`PatchErrorKind::Malformed`] at line 1, one over [`MAX_PATCH_BYTES`] is
/// [`PatchErrorKind::TooLarge`].
pub fn parse(text: &str) -> Result<Vec<FilePatch>, PatchError> {
    if text.len() > MAX_PATCH_BYTES {
        return Err(PatchError::new(
            PatchErrorKind::TooLarge,
            0,
            format!(
                "the patch is {} bytes, over the limit of {MAX_PATCH_BYTES}",
                text.len()
            ),
        ));
    }
    let mut parser = Parser {
        rest: text.split_inclusive('\n'),
        window: VecDeque::new(),
        base: 0,
        p_value: 1,
        p_known: false,
    };
    parser.run()
}

// ---------------------------------------------------------------------------------------
// Reading the patch
// ---------------------------------------------------------------------------------------

struct Parser<'t> {
    /// The patch's lines not read yet, each with its `\n` (the last one perhaps without).
    rest: std::str::SplitInclusive<'t, char>,
    /// The lines read and not released yet: lines `base..` of the patch (0-based).
    window: VecDeque<&'t str>,
    base: usize,
    /// How many leading path components to strip (git's `-p`).
    p_value: usize,
    /// Whether `p_value` was guessed from a plain diff already.
    p_known: bool,
}

/// What the header of one file says.
struct Header {
    /// 1-based line where the file's part starts.
    line: usize,
    /// A `diff --git` header (explicit creation/deletion, modes).
    git: bool,
    old_name: Option<Vec<u8>>,
    new_name: Option<Vec<u8>>,
    /// 1: created, 0: not, -1: unknown yet (plain diffs).
    is_new: i8,
    /// 1: deleted, 0: not, -1: unknown yet (plain diffs).
    is_delete: i8,
    is_rename: bool,
    is_copy: bool,
    /// The line of the first `copy from`/`copy to`.
    copy_line: usize,
    /// The line of the first creation/deletion/rename/copy header.
    extension_line: usize,
    old_mode: Option<u32>,
    new_mode: Option<u32>,
}

impl Header {
    fn new(line: usize, git: bool) -> Header {
        let unknown = if git { 0 } else { -1 };
        Header {
            line,
            git,
            old_name: None,
            new_name: None,
            is_new: unknown,
            is_delete: unknown,
            is_rename: false,
            is_copy: false,
            copy_line: 0,
            extension_line: 0,
            old_mode: None,
            new_mode: None,
        }
    }
}

fn strip_nl(line: &str) -> &str {
    line.strip_suffix('\n').unwrap_or(line)
}

impl<'t> Parser<'t> {
    /// Line `i` (0-based) of the patch. Lines before the last [`Parser::release`] are gone:
    /// the parser only looks at the current line and two ahead.
    fn line(&mut self, i: usize) -> Option<&'t str> {
        let k = i.checked_sub(self.base)?;
        while self.window.len() <= k {
            let line = self.rest.next()?;
            self.window.push_back(line);
        }
        self.window.get(k).copied()
    }

    /// Forgets the lines before line `i`.
    fn release(&mut self, i: usize) {
        while self.base < i && self.window.pop_front().is_some() {
            self.base += 1;
        }
    }

    fn run(&mut self) -> Result<Vec<FilePatch>, PatchError> {
        let mut out = Vec::new();
        let mut i = 0;
        while let Some(line) = self.line(i) {
            self.release(i);
            if line.starts_with("@@ -") && parse_hunk_header(strip_nl(line)).is_some() {
                return Err(malformed(
                    i + 1,
                    "a hunk header before any file header: a file's hunks follow a `diff --git` line or `---`/`+++` lines",
                ));
            }
            if line.starts_with("diff --git ") {
                match self.git_header(i)? {
                    Some((header, next)) => {
                        let (patch, next) = self.file_body(header, next)?;
                        out.push(patch);
                        i = next;
                    }
                    None => i += 1,
                }
                continue;
            }
            if line.starts_with("--- ")
                && self.line(i + 1).is_some_and(|l| l.starts_with("+++ "))
                && self.line(i + 2).is_some_and(|l| l.starts_with("@@ -"))
            {
                let header = self.traditional_header(i)?;
                let (patch, next) = self.file_body(header, i + 2)?;
                out.push(patch);
                i = next;
                continue;
            }
            i += 1;
        }
        if out.is_empty() {
            return Err(malformed(
                1,
                "no file diff found: expected a `diff --git` header, or `---`/`+++` lines followed by `@@ -l,s +l,s @@` hunks",
            ));
        }
        Ok(out)
    }

    /// Reads a `diff --git` line and its extended headers. `None`: a `diff --git` line with
    /// no extended header after it, which git skips.
    fn git_header(&mut self, i: usize) -> Result<Option<(Header, usize)>, PatchError> {
        let first = self.line(i).unwrap_or_default();
        let mut rest = first
            .as_bytes()
            .get("diff --git ".len()..)
            .unwrap_or_default()
            .to_vec();
        if rest.last() != Some(&b'\n') {
            rest.push(b'\n');
        }
        let def_name = git_header_name(self.p_value, &rest);
        let mut h = Header::new(i + 1, true);
        let p = self.p_value;
        let mut j = i + 1;
        while let Some(line) = self.line(j) {
            let no = j + 1;
            if line.starts_with("@@ -") {
                break;
            }
            let body = strip_nl(line);
            if let Some(v) = body.strip_prefix("--- ") {
                verify_name(&mut h.old_name, v.as_bytes(), h.is_new == 1, "old", p, no)?;
            } else if let Some(v) = body.strip_prefix("+++ ") {
                verify_name(
                    &mut h.new_name,
                    v.as_bytes(),
                    h.is_delete == 1,
                    "new",
                    p,
                    no,
                )?;
            } else if let Some(v) = body.strip_prefix("old mode ") {
                h.old_mode = Some(parse_mode(v, no)?);
            } else if let Some(v) = body.strip_prefix("new mode ") {
                h.new_mode = Some(parse_mode(v, no)?);
            } else if let Some(v) = body.strip_prefix("deleted file mode ") {
                h.is_delete = 1;
                h.old_name.clone_from(&def_name);
                h.old_mode = Some(parse_mode(v, no)?);
            } else if let Some(v) = body.strip_prefix("new file mode ") {
                h.is_new = 1;
                h.new_name.clone_from(&def_name);
                h.new_mode = Some(parse_mode(v, no)?);
            } else if let Some(v) = body.strip_prefix("copy from ") {
                h.is_copy = true;
                h.copy_line = if h.copy_line == 0 { no } else { h.copy_line };
                h.old_name = find_name(v.as_bytes(), p.saturating_sub(1), 0);
            } else if let Some(v) = body.strip_prefix("copy to ") {
                h.is_copy = true;
                h.copy_line = if h.copy_line == 0 { no } else { h.copy_line };
                h.new_name = find_name(v.as_bytes(), p.saturating_sub(1), 0);
            } else if let Some(v) = body
                .strip_prefix("rename old ")
                .or_else(|| body.strip_prefix("rename from "))
            {
                h.is_rename = true;
                h.old_name = find_name(v.as_bytes(), p.saturating_sub(1), 0);
            } else if let Some(v) = body
                .strip_prefix("rename new ")
                .or_else(|| body.strip_prefix("rename to "))
            {
                h.is_rename = true;
                h.new_name = find_name(v.as_bytes(), p.saturating_sub(1), 0);
            } else if body.starts_with("similarity index ")
                || body.starts_with("dissimilarity index ")
            {
                // The score only matters to `git apply --summary`.
            } else if let Some(v) = body.strip_prefix("index ") {
                if let Some(mode) = index_mode(v, no)? {
                    h.old_mode = Some(mode);
                }
            } else {
                break;
            }
            let extensions = usize::from(h.is_delete == 1)
                + usize::from(h.is_new == 1)
                + usize::from(h.is_rename)
                + usize::from(h.is_copy);
            if extensions > 1 {
                return Err(malformed(
                    no,
                    format!(
                        "inconsistent header lines {} and {no}: a file is created, deleted, renamed or copied, not several at once",
                        h.extension_line
                    ),
                ));
            }
            if extensions > 0 && h.extension_line == 0 {
                h.extension_line = no;
            }
            j += 1;
        }
        if h.old_name.is_none() && h.new_name.is_none() {
            let Some(name) = def_name else {
                return Err(malformed(
                    i + 1,
                    "the `diff --git` header lacks filename information (the two names differ and no `rename`/`---`/`+++` line names the file)",
                ));
            };
            h.old_name = Some(name.clone());
            h.new_name = Some(name);
        }
        if (h.new_name.is_none() && h.is_delete != 1) || (h.old_name.is_none() && h.is_new != 1) {
            return Err(malformed(
                i + 1,
                "the `diff --git` header lacks filename information",
            ));
        }
        if j == i + 1 {
            return Ok(None);
        }
        Ok(Some((h, j)))
    }

    /// Reads the `---`/`+++` pair at `i` of a plain diff.
    fn traditional_header(&mut self, i: usize) -> Result<Header, PatchError> {
        let first = strip_nl(self.line(i).unwrap_or_default()).as_bytes();
        let second = strip_nl(self.line(i + 1).unwrap_or_default()).as_bytes();
        let first = first.get(4..).unwrap_or_default();
        let second = second.get(4..).unwrap_or_default();
        if !self.p_known {
            let p = guess_p_value(first);
            let q = guess_p_value(second);
            let p = if p.is_none() { q } else { p };
            if p.is_some() && p == q {
                self.p_value = p.unwrap_or(1);
                self.p_known = true;
            }
        }
        let p = self.p_value;
        let mut h = Header::new(i + 1, false);
        let name;
        if is_dev_null(first) {
            h.is_new = 1;
            h.is_delete = 0;
            name = find_name_traditional(second, None, p);
            h.new_name.clone_from(&name);
        } else if is_dev_null(second) {
            h.is_new = 0;
            h.is_delete = 1;
            name = find_name_traditional(first, None, p);
            h.old_name.clone_from(&name);
        } else {
            let first_name = find_name_traditional(first, None, p);
            name = find_name_traditional(second, first_name.as_deref(), p);
            if has_epoch_timestamp(first) {
                h.is_new = 1;
                h.is_delete = 0;
                h.new_name.clone_from(&name);
            } else if has_epoch_timestamp(second) {
                h.is_new = 0;
                h.is_delete = 1;
                h.old_name.clone_from(&name);
            } else {
                h.old_name.clone_from(&name);
                h.new_name.clone_from(&name);
            }
        }
        if name.is_none() {
            return Err(malformed(
                i + 1,
                "cannot find the file name in the `---`/`+++` lines",
            ));
        }
        Ok(h)
    }

    /// Reads the hunks (or binary notice) after a header that ends before line index `start`.
    fn file_body(&mut self, mut h: Header, start: usize) -> Result<(FilePatch, usize), PatchError> {
        let mut hunks: Vec<Hunk> = Vec::new();
        let mut j = start;
        while let Some(line) = self.line(j) {
            if !line.starts_with("@@ -") {
                break;
            }
            let (hunk, next) = self.hunk(j)?;
            hunks.push(hunk);
            j = next;
        }
        let mut binary = false;
        if hunks.is_empty() {
            if let Some(line) = self.line(j) {
                let body = strip_nl(line);
                if body == "GIT binary patch" {
                    binary = true;
                    j = self.skip_binary_data(j + 1);
                } else if body.ends_with(" differ")
                    && (body.starts_with("Binary files ") || body.starts_with("Files "))
                {
                    binary = true;
                    j += 1;
                }
            }
            let mode_change = matches!((h.old_mode, h.new_mode), (Some(a), Some(b)) if a != b);
            let metadata =
                h.is_rename || h.is_copy || h.is_new == 1 || h.is_delete == 1 || mode_change;
            if !binary && !metadata {
                return Err(malformed(
                    h.line,
                    "a file header with neither hunks nor a creation, deletion, rename or mode change",
                ));
            }
        } else if let Some(line) = self.line(j) {
            // Lines that look like hunk lines right after a hunk's announced length: git would
            // drop them silently; they almost always mean a miscounted hunk header.
            let looks_like_hunk_line =
                matches!(line.as_bytes().first(), Some(b'+' | b'-' | b' ' | b'\\'));
            let next_header =
                line.starts_with("--- ") && self.line(j + 1).is_some_and(|l| l.starts_with("+++ "));
            let signature = matches!(line.trim_end_matches(['\n', '\r']), "--" | "-- ");
            if line.starts_with("@@") {
                return Err(malformed(
                    j + 1,
                    "bad hunk header: expected `@@ -l,s +l,s @@` (`,s` may be omitted when it is 1)",
                ));
            }
            if looks_like_hunk_line && !next_header && !signature {
                let last = hunks.last().map_or(0, |h| h.line);
                return Err(malformed(
                    j + 1,
                    format!(
                        "this line follows the hunk at line {last} but the hunk's header counts do not include it (the header announces more or fewer lines than the hunk has)"
                    ),
                ));
            }
        }

        // A `\ No newline at end of file` can only be in the file's last hunk.
        let before_last = hunks.len().saturating_sub(1);
        if let Some(hk) = hunks
            .iter()
            .take(before_last)
            .find(|hk| hk.lines.iter().any(|l| !l.text.ends_with('\n')))
        {
            return Err(malformed(
                hk.line,
                "`\\ No newline at end of file` in a hunk that is not the file's last",
            ));
        }

        let old_lines: usize = hunks.iter().map(|hk| hk.old_count).sum();
        let new_lines: usize = hunks.iter().map(|hk| hk.new_count).sum();
        if h.is_new < 0 && (old_lines > 0 || hunks.len() > 1) {
            h.is_new = 0;
        }
        if h.is_delete < 0 && (new_lines > 0 || hunks.len() > 1) {
            h.is_delete = 0;
        }
        if h.is_new > 0 && old_lines > 0 {
            let at = hunks
                .iter()
                .find(|hk| hk.old_count > 0)
                .map_or(h.line, |hk| hk.line);
            return Err(malformed(
                at,
                "a new file's hunk has old lines (context or `-` lines)",
            ));
        }
        if h.is_delete > 0 && new_lines > 0 {
            let at = hunks
                .iter()
                .find(|hk| hk.new_count > 0)
                .map_or(h.line, |hk| hk.line);
            return Err(malformed(
                at,
                "a deleted file's hunk has new lines (context or `+` lines)",
            ));
        }
        if let (Some(a), Some(b)) = (h.old_mode, h.new_mode) {
            if (a ^ b) & S_IFMT != 0 && h.is_new != 1 && h.is_delete != 1 {
                return Err(malformed(
                    h.line,
                    format!("the file type changes (mode {a:06o} to {b:06o}); git writes that as a deletion and a creation"),
                ));
            }
        }
        if h.git && h.is_delete != 1 && h.new_mode.is_none() {
            h.new_mode = h.old_mode;
        }

        let line = h.line;
        let old_name = h
            .old_name
            .take()
            .map(|n| path_string(n, line))
            .transpose()?;
        let new_name = h
            .new_name
            .take()
            .map(|n| path_string(n, line))
            .transpose()?;
        let modes = GitMeta {
            old_mode: if h.is_new == 1 {
                None
            } else {
                h.old_mode.map(|m| format!("{m:06o}"))
            },
            new_mode: if h.is_delete == 1 {
                None
            } else {
                h.new_mode.map(|m| format!("{m:06o}"))
            },
        };
        let missing = || malformed(line, "the header lacks a file name");

        if h.is_copy {
            return Err(malformed(
                if h.copy_line > 0 { h.copy_line } else { line },
                "copies (`copy from`/`copy to`) are not supported",
            ));
        }
        if binary {
            let path = old_name.or(new_name).ok_or_else(missing)?;
            return Ok((
                FilePatch {
                    path,
                    line,
                    action: Action::Binary,
                    modes,
                },
                j,
            ));
        }
        // A plain diff with one hunk adding to line 0 and no `/dev/null`: git decides by whether
        // the file exists; it is what diff tools write for a new file.
        let inferred_new =
            h.is_new < 0 && hunks.len() == 1 && hunks.first().is_some_and(|hk| hk.old_start == 0);
        if h.is_new == 1 || inferred_new {
            let path = new_name.or(old_name).ok_or_else(missing)?;
            let content = Hunks { hunks }.apply("").map_err(|e| {
                malformed(
                    e.line,
                    format!(
                        "the new file's hunks do not build its content: {}",
                        e.message
                    ),
                )
            })?;
            return Ok((
                FilePatch {
                    path,
                    line,
                    action: Action::Create { content },
                    modes,
                },
                j,
            ));
        }
        if h.is_delete == 1 {
            let path = old_name.or(new_name).ok_or_else(missing)?;
            // The hunks must remove exactly the file's content, as `git apply` checks.
            let action = if hunks.is_empty() {
                Action::Delete
            } else {
                Action::DeleteChecked {
                    edit: Edit::Unified(Hunks { hunks }),
                }
            };
            return Ok((
                FilePatch {
                    path,
                    line,
                    action,
                    modes,
                },
                j,
            ));
        }
        let path = old_name.ok_or_else(missing)?;
        let new_name = new_name.ok_or_else(missing)?;
        let move_to = (new_name != path).then_some(new_name);
        let edit = (!hunks.is_empty()).then_some(Edit::Unified(Hunks { hunks }));
        Ok((
            FilePatch {
                path,
                line,
                action: Action::Update { edit, move_to },
                modes,
            },
            j,
        ))
    }

    /// Skips the data of a `GIT binary patch`: one or two blocks, each a `literal N` or
    /// `delta N` line and base85 lines up to an empty line.
    fn skip_binary_data(&mut self, mut j: usize) -> usize {
        for _ in 0..2 {
            match self.line(j) {
                Some(l) if l.starts_with("literal ") || l.starts_with("delta ") => {}
                _ => break,
            }
            j += 1;
            while let Some(l) = self.line(j) {
                j += 1;
                if l.trim_end_matches(['\n', '\r']).is_empty() {
                    break;
                }
            }
        }
        j
    }

    /// Reads the hunk whose header is at line index `j`; returns it and the index after it.
    fn hunk(&mut self, j: usize) -> Result<(Hunk, usize), PatchError> {
        let no = j + 1;
        let header = strip_nl(self.line(j).unwrap_or_default());
        let (old_start, old_count, new_start, new_count, heading) =
            parse_hunk_header(header).ok_or_else(|| {
                malformed(no, "bad hunk header: expected `@@ -l,s +l,s @@` (`,s` may be omitted when it is 1)")
            })?;
        let mut hunk = Hunk {
            line: no,
            old_start,
            old_count,
            new_start,
            new_count,
            heading: heading.to_string(),
            lines: Vec::new(),
        };
        let (mut old_left, mut new_left) = (old_count, new_count);
        let mut k = j + 1;
        let mut last_was_marker = false;
        let too_many = |what: &str, at: usize| {
            malformed(
                at,
                format!("the hunk at line {no} has more {what} lines than its header `{header}` announces"),
            )
        };
        while old_left > 0 || new_left > 0 {
            let Some(line) = self.line(k) else {
                return Err(malformed(
                    no,
                    format!(
                        "the patch ends inside the hunk: its header `{header}` announces {old_left} more old and {new_left} more new lines"
                    ),
                ));
            };
            let at = k + 1;
            let first = line.as_bytes().first().copied().unwrap_or(b'\n');
            let kind = match first {
                b' ' | b'\n' => {
                    if old_left == 0 || new_left == 0 {
                        return Err(too_many("context", at));
                    }
                    old_left -= 1;
                    new_left -= 1;
                    LineKind::Context
                }
                b'-' => {
                    if old_left == 0 {
                        return Err(too_many("removed (`-`)", at));
                    }
                    old_left -= 1;
                    LineKind::Remove
                }
                b'+' => {
                    if new_left == 0 {
                        return Err(too_many("added (`+`)", at));
                    }
                    new_left -= 1;
                    LineKind::Add
                }
                b'\\' => {
                    self.no_newline_marker(&mut hunk, at, last_was_marker)?;
                    last_was_marker = true;
                    k += 1;
                    continue;
                }
                _ => {
                    return Err(malformed(
                        at,
                        format!(
                            "the hunk at line {no} ends early: its header `{header}` announces {old_left} more old and {new_left} more new lines, but this line does not start with ` `, `-`, `+` or `\\`"
                        ),
                    ));
                }
            };
            last_was_marker = false;
            let mut text = if first == b'\n' {
                String::from("\n")
            } else {
                line.get(1..).unwrap_or_default().to_string()
            };
            if !text.ends_with('\n') {
                // The patch's last line without its newline: read as if it had one.
                text.push('\n');
            }
            hunk.lines.push(HunkLine {
                kind,
                text,
                line: at,
            });
            k += 1;
        }
        if let Some(line) = self.line(k) {
            if line.starts_with('\\') {
                self.no_newline_marker(&mut hunk, k + 1, last_was_marker)?;
                k += 1;
            }
        }
        if !hunk.lines.iter().any(|l| l.kind != LineKind::Context) {
            return Err(malformed(
                no,
                "the hunk changes nothing (it has no `-` or `+` line)",
            ));
        }
        check_no_newline(&hunk)?;
        Ok((hunk, k))
    }

    /// Handles a `\ No newline at end of file` line at `at` (1-based) in `hunk`.
    fn no_newline_marker(
        &mut self,
        hunk: &mut Hunk,
        at: usize,
        last_was_marker: bool,
    ) -> Result<(), PatchError> {
        let line = self.line(at - 1).unwrap_or_default();
        // git accepts any text after `\ ` (the message is translated), at least 12 bytes long.
        if !line.starts_with("\\ ") || strip_nl(line).len() < 11 {
            return Err(malformed(
                at,
                "a line starting with `\\` must be `\\ No newline at end of file`",
            ));
        }
        let misplaced = || {
            malformed(
                at,
                "`\\ No newline at end of file` must follow the last old or new line of the file",
            )
        };
        if last_was_marker {
            return Err(misplaced());
        }
        let Some(last) = hunk.lines.last_mut() else {
            return Err(misplaced());
        };
        if last.text.pop() != Some('\n') {
            return Err(misplaced());
        }
        Ok(())
    }
}

/// Checks that every line `\ No newline at end of file` follows ends its side(s) of the
/// hunk: no later line of that side follows.
fn check_no_newline(hunk: &Hunk) -> Result<(), PatchError> {
    let mut old_ended = None;
    let mut new_ended = None;
    for l in &hunk.lines {
        let (old, new) = match l.kind {
            LineKind::Context => (true, true),
            LineKind::Remove => (true, false),
            LineKind::Add => (false, true),
        };
        let ended = if old { old_ended } else { None }.or(if new { new_ended } else { None });
        if let Some(at) = ended {
            return Err(malformed(
                at + 1,
                "`\\ No newline at end of file` must follow the last old or new line of the file",
            ));
        }
        if !l.text.ends_with('\n') {
            if old {
                old_ended = Some(l.line);
            }
            if new {
                new_ended = Some(l.line);
            }
        }
    }
    Ok(())
}

/// Parses `@@ -a[,b] +c[,d] @@heading`: (a, b, c, d, heading).
fn parse_hunk_header(line: &str) -> Option<(usize, usize, usize, usize, &str)> {
    let rest = line.strip_prefix("@@ -")?;
    let (old_start, old_count, rest) = parse_range(rest)?;
    let rest = rest.strip_prefix(" +")?;
    let (new_start, new_count, rest) = parse_range(rest)?;
    let heading = rest.strip_prefix(" @@")?;
    Some((
        old_start,
        old_count,
        new_start,
        new_count,
        heading.strip_prefix(' ').unwrap_or(heading),
    ))
}

fn parse_range(s: &str) -> Option<(usize, usize, &str)> {
    let (start, rest) = parse_num(s)?;
    match rest.strip_prefix(',') {
        Some(r) => {
            let (count, rest) = parse_num(r)?;
            Some((start, count, rest))
        }
        None => Some((start, 1, rest)),
    }
}

fn parse_num(s: &str) -> Option<(usize, &str)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let n = s.get(..digits)?.parse().ok()?;
    Some((n, s.get(digits..)?))
}

// ---------------------------------------------------------------------------------------
// File names, as git's apply.c reads them
// ---------------------------------------------------------------------------------------

const TERM_SPACE: u8 = 1;
const TERM_TAB: u8 = 2;
const S_IFMT: u32 = 0o170000;

/// C `isspace` in the C locale.
fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn path_string(name: Vec<u8>, line: usize) -> Result<String, PatchError> {
    let bad = |m: &str| PatchError::new(PatchErrorKind::BadPath, line, m);
    if name.is_empty() {
        return Err(bad("an empty file name"));
    }
    if name.contains(&0) {
        return Err(bad("a file name with a NUL byte"));
    }
    String::from_utf8(name).map_err(|_| bad("a file name that is not UTF-8"))
}

/// Unquotes a C-quoted string at the start of `s` (which starts with `"`): the bytes and the
/// index just after the closing quote.
fn unquote_c(s: &[u8]) -> Option<(Vec<u8>, usize)> {
    if s.first() != Some(&b'"') {
        return None;
    }
    let mut out = Vec::new();
    let mut k = 1;
    loop {
        let c = *s.get(k)?;
        k += 1;
        match c {
            b'"' => return Some((out, k)),
            b'\\' => {
                let e = *s.get(k)?;
                k += 1;
                let ch = match e {
                    b'a' => 0x07,
                    b'b' => 0x08,
                    b'f' => 0x0c,
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    b'v' => 0x0b,
                    b'\\' | b'"' => e,
                    b'0'..=b'3' => {
                        let d2 = *s.get(k)?;
                        let d3 = *s.get(k + 1)?;
                        if !(b'0'..=b'7').contains(&d2) || !(b'0'..=b'7').contains(&d3) {
                            return None;
                        }
                        k += 2;
                        ((e - b'0') << 6) | ((d2 - b'0') << 3) | (d3 - b'0')
                    }
                    _ => return None,
                };
                out.push(ch);
            }
            _ => out.push(c),
        }
    }
}

/// Collapses runs of `/`.
fn squash_slash(name: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(name.len());
    for &c in name {
        if c == b'/' && out.last() == Some(&b'/') {
            continue;
        }
        out.push(c);
    }
    out
}

/// git's `skip_tree_prefix`: the index after `p` leading components, `None` for an absolute
/// path or too few components.
fn skip_tree_prefix(p: usize, s: &[u8]) -> Option<usize> {
    if p == 0 {
        return if s.first() == Some(&b'/') {
            None
        } else {
            Some(0)
        };
    }
    let mut left = p;
    for (i, &c) in s.iter().enumerate() {
        if c == b'/' {
            left -= 1;
            if left == 0 {
                return if i == 0 { None } else { Some(i + 1) };
            }
        }
    }
    None
}

/// The name on a `diff --git` line when both sides name the same file (git's
/// `git_header_name`). `line` is the text after `diff --git `, ending with `\n`.
fn git_header_name(p: usize, line: &[u8]) -> Option<Vec<u8>> {
    let llen = line.len();
    if line.first() == Some(&b'"') {
        let (mut first, after) = unquote_c(line)?;
        let cp = skip_tree_prefix(p, &first)?;
        first.drain(..cp);
        let mut second = after;
        while second < llen && line.get(second).is_some_and(|&c| is_space(c)) {
            second += 1;
        }
        let rest = line.get(second..).filter(|r| !r.is_empty())?;
        if rest.first() == Some(&b'"') {
            let (sp, _) = unquote_c(rest)?;
            let cp = skip_tree_prefix(p, &sp)?;
            return (sp.get(cp..)? == first.as_slice()).then_some(first);
        }
        // git compares the unquoted second name including its newline, so a quoted and an
        // unquoted name never match.
        let cp = skip_tree_prefix(p, rest)?;
        return (rest.get(cp..)? == first.as_slice()).then_some(first);
    }
    let name = skip_tree_prefix(p, line)?;
    let name_part = line.get(name..)?;
    if let Some(q) = name_part.iter().position(|&c| c == b'"') {
        let (sp, _) = unquote_c(name_part.get(q..)?)?;
        let np = skip_tree_prefix(p, &sp)?;
        let tail = sp.get(np..)?;
        let len = tail.len();
        if len < q
            && name_part.get(..len)? == tail
            && name_part.get(len).is_some_and(|&c| is_space(c))
        {
            return Some(tail.to_vec());
        }
        return None;
    }
    let line_len = name_part.iter().position(|&c| c == b'\n')?;
    let nm = name_part.get(..line_len)?;
    // For each separator (space or tab) at `s`, the second name starts after `p` components
    // of what follows; the two must be equal and the second must end the line. `next_slash`
    // only moves forward, which keeps this linear.
    let mut next_slash = 0;
    for (s, &c) in nm.iter().enumerate() {
        if c != b' ' && c != b'\t' {
            continue;
        }
        let tail_start = s + 1;
        let second = match p {
            0 => {
                if nm.get(tail_start) == Some(&b'/') {
                    continue;
                }
                tail_start
            }
            1 => {
                if next_slash < tail_start {
                    next_slash = tail_start;
                    while next_slash < nm.len() && nm.get(next_slash) != Some(&b'/') {
                        next_slash += 1;
                    }
                }
                if next_slash >= nm.len() || next_slash == tail_start {
                    continue;
                }
                next_slash + 1
            }
            _ => match skip_tree_prefix(p, nm.get(tail_start..)?) {
                Some(off) => tail_start + off,
                None => continue,
            },
        };
        if second + s == line_len && nm.get(..s)? == nm.get(second..)? {
            return Some(nm.get(..s)?.to_vec());
        }
    }
    None
}

/// git's `name_terminate`: whether whitespace `c` ends a name.
fn name_terminate(c: u8, terminate: u8) -> bool {
    if c == b' ' && terminate & TERM_SPACE == 0 {
        return false;
    }
    if c == b'\t' && terminate & TERM_TAB == 0 {
        return false;
    }
    true
}

/// git's `find_name_common`: the name in `line` (up to `end`, or up to terminating
/// whitespace) after `p` components; `def` when none, or when `def` is a prefix of it.
fn find_name_common(
    line: &[u8],
    def: Option<&[u8]>,
    p: usize,
    end: Option<usize>,
    terminate: u8,
) -> Option<Vec<u8>> {
    let stop = end.unwrap_or(line.len()).min(line.len());
    let mut left = p;
    let mut start = (p == 0).then_some(0);
    let mut k = 0;
    while k < stop {
        let c = line.get(k).copied().unwrap_or(b'\n');
        if end.is_none() && is_space(c) && (c == b'\n' || name_terminate(c, terminate)) {
            break;
        }
        k += 1;
        if c == b'/' && left > 0 {
            left -= 1;
            if left == 0 {
                start = Some(k);
            }
        }
    }
    let Some(start) = start else {
        return def.map(squash_slash);
    };
    let name = line.get(start..k).unwrap_or_default();
    if name.is_empty() {
        return def.map(squash_slash);
    }
    if let Some(d) = def {
        if d.len() < name.len() && name.starts_with(d) {
            return Some(squash_slash(d));
        }
    }
    Some(squash_slash(name))
}

/// git's `find_name_gnu`: a C-quoted name with `p` components stripped.
fn find_name_gnu(line: &[u8], p: usize) -> Option<Vec<u8>> {
    let (name, _) = unquote_c(line)?;
    let mut cp = 0;
    for _ in 0..p {
        cp += name.get(cp..)?.iter().position(|&c| c == b'/')? + 1;
    }
    Some(squash_slash(name.get(cp..)?))
}

/// git's `find_name` (names in `---`/`+++` and `rename`/`copy` lines of a git diff).
fn find_name(line: &[u8], p: usize, terminate: u8) -> Option<Vec<u8>> {
    if line.first() == Some(&b'"') {
        if let Some(name) = find_name_gnu(line, p) {
            return Some(name);
        }
    }
    find_name_common(line, None, p, None, terminate)
}

/// git's `find_name_traditional` (names in the `---`/`+++` lines of a plain diff, perhaps
/// followed by a timestamp).
fn find_name_traditional(line: &[u8], def: Option<&[u8]>, p: usize) -> Option<Vec<u8>> {
    if line.first() == Some(&b'"') {
        if let Some(name) = find_name_gnu(line, p) {
            return Some(name);
        }
    }
    let len = line.len();
    let date = diff_timestamp_len(line, len);
    if date == 0 {
        find_name_common(line, def, p, None, TERM_TAB)
    } else {
        find_name_common(line, def, p, Some(len - date), 0)
    }
}

fn is_dev_null(s: &[u8]) -> bool {
    s.strip_prefix(b"/dev/null")
        .is_some_and(|rest| rest.first().is_none_or(|&c| is_space(c)))
}

/// git's `guess_p_value` (no prefix: we are at the top of the tree): 0 for a name without
/// a slash, `None` when unknown.
fn guess_p_value(nameline: &[u8]) -> Option<usize> {
    if is_dev_null(nameline) {
        return None;
    }
    let name = find_name_traditional(nameline, None, 0)?;
    (!name.contains(&b'/')).then_some(0)
}

fn digit(line: &[u8], i: usize) -> bool {
    line.get(i).is_some_and(u8::is_ascii_digit)
}

fn byte_is(line: &[u8], i: usize, c: u8) -> bool {
    line.get(i) == Some(&c)
}

/// ` +0500` at the end of `line[..len]`.
fn sane_tz_len(line: &[u8], len: usize) -> usize {
    if len < 6 || !byte_is(line, len - 6, b' ') {
        return 0;
    }
    let tz = len - 6;
    if !byte_is(line, tz + 1, b'+') && !byte_is(line, tz + 1, b'-') {
        return 0;
    }
    if (tz + 2..len).all(|i| digit(line, i)) {
        6
    } else {
        0
    }
}

/// ` +08:00` at the end of `line[..len]`.
fn tz_with_colon_len(line: &[u8], len: usize) -> usize {
    if len < 7 || !byte_is(line, len - 3, b':') {
        return 0;
    }
    let tz = len - 7;
    if !byte_is(line, tz, b' ') || (!byte_is(line, tz + 1, b'+') && !byte_is(line, tz + 1, b'-')) {
        return 0;
    }
    let p = tz + 2;
    if digit(line, p)
        && digit(line, p + 1)
        && byte_is(line, p + 2, b':')
        && digit(line, p + 3)
        && digit(line, p + 4)
    {
        7
    } else {
        0
    }
}

/// `72-02-05` or `1972-02-05` at the end of `line[..len]`.
fn date_len(line: &[u8], len: usize) -> usize {
    if len < 8 || !byte_is(line, len - 3, b'-') {
        return 0;
    }
    let mut date = len - 8;
    let p = date;
    if !(digit(line, p)
        && digit(line, p + 1)
        && byte_is(line, p + 2, b'-')
        && digit(line, p + 3)
        && digit(line, p + 4)
        && byte_is(line, p + 5, b'-')
        && digit(line, p + 6)
        && digit(line, p + 7))
    {
        return 0;
    }
    if date >= 2 && digit(line, date - 1) && digit(line, date - 2) {
        date -= 2;
    }
    len - date
}

/// ` 07:01:32` at the end of `line[..len]`.
fn short_time_len(line: &[u8], len: usize) -> usize {
    if len < 9 || !byte_is(line, len - 3, b':') {
        return 0;
    }
    let p = len - 9;
    if byte_is(line, p, b' ')
        && digit(line, p + 1)
        && digit(line, p + 2)
        && byte_is(line, p + 3, b':')
        && digit(line, p + 4)
        && digit(line, p + 5)
        && byte_is(line, p + 6, b':')
        && digit(line, p + 7)
        && digit(line, p + 8)
    {
        9
    } else {
        0
    }
}

/// ` 19:41:17.620000023` at the end of `line[..len]`.
fn fractional_time_len(line: &[u8], len: usize) -> usize {
    if len == 0 || !digit(line, len - 1) {
        return 0;
    }
    let mut p = len - 1;
    while p > 0 && digit(line, p) {
        p -= 1;
    }
    if !byte_is(line, p, b'.') {
        return 0;
    }
    let n = short_time_len(line, p);
    if n == 0 {
        return 0;
    }
    len - p + n
}

fn trailing_spaces_len(line: &[u8], len: usize) -> usize {
    if len == 0 || !byte_is(line, len - 1, b' ') {
        return 0;
    }
    let mut p = len;
    while p != 0 {
        p -= 1;
        if !byte_is(line, p, b' ') {
            return len - (p + 1);
        }
    }
    len
}

/// git's `diff_timestamp_len`: the length of a timestamp (with the whitespace before it) at
/// the end of a `---`/`+++` name line, 0 when there is none.
fn diff_timestamp_len(line: &[u8], len: usize) -> usize {
    let mut end = len;
    if end == 0 || !digit(line, end - 1) {
        return 0;
    }
    let mut n = sane_tz_len(line, end);
    if n == 0 {
        n = tz_with_colon_len(line, end);
    }
    end -= n;
    n = short_time_len(line, end);
    if n == 0 {
        n = fractional_time_len(line, end);
    }
    end -= n;
    n = date_len(line, end);
    if n == 0 {
        return 0;
    }
    end -= n;
    if end == 0 {
        return 0;
    }
    if byte_is(line, end - 1, b'\t') {
        return len - (end - 1);
    }
    if !byte_is(line, end - 1, b' ') {
        return 0;
    }
    end -= trailing_spaces_len(line, end);
    len - end
}

/// git's `has_epoch_timestamp`: whether the timestamp after the last tab is the epoch (GNU
/// diff's mark of a created or deleted file).
fn has_epoch_timestamp(nameline: &[u8]) -> bool {
    let Some(tab) = nameline.iter().rposition(|&c| c == b'\t') else {
        return false;
    };
    let ts = nameline.get(tab + 1..).unwrap_or_default();
    let (epoch_hour, ts) = if let Some(rest) = ts.strip_prefix(b"1969-12-31 ") {
        (24, rest)
    } else if let Some(rest) = ts.strip_prefix(b"1970-01-01 ") {
        (0, rest)
    } else {
        return false;
    };
    // ^[0-2][0-9]:([0-5][0-9]):00(\.0+)? ([-+][0-2][0-9]:?[0-5][0-9])$
    let in_range = |i: usize, lo: u8, hi: u8| ts.get(i).is_some_and(|c| (lo..=hi).contains(c));
    if !(in_range(0, b'0', b'2')
        && digit(ts, 1)
        && byte_is(ts, 2, b':')
        && in_range(3, b'0', b'5')
        && digit(ts, 4)
        && byte_is(ts, 5, b':')
        && byte_is(ts, 6, b'0')
        && byte_is(ts, 7, b'0'))
    {
        return false;
    }
    let mut i = 8;
    if byte_is(ts, i, b'.') {
        i += 1;
        if !byte_is(ts, i, b'0') {
            return false;
        }
        while byte_is(ts, i, b'0') {
            i += 1;
        }
    }
    if !byte_is(ts, i, b' ') {
        return false;
    }
    i += 1;
    let negative = match ts.get(i) {
        Some(b'-') => true,
        Some(b'+') => false,
        _ => return false,
    };
    if !(in_range(i + 1, b'0', b'2') && digit(ts, i + 2)) {
        return false;
    }
    let mut m = i + 3;
    if byte_is(ts, m, b':') {
        m += 1;
    }
    if !(in_range(m, b'0', b'5') && digit(ts, m + 1) && m + 2 == ts.len()) {
        return false;
    }
    let num = |a: usize| i32::from(ts.get(a).copied().unwrap_or(b'0').wrapping_sub(b'0'));
    let hour = num(0) * 10 + num(1);
    let minute = num(3) * 10 + num(4);
    let mut zone = (num(i + 1) * 10 + num(i + 2)) * 60 + num(m) * 10 + num(m + 1);
    if negative {
        zone = -zone;
    }
    hour * 60 + minute - zone == epoch_hour * 60
}

/// Checks a `---`/`+++` name of a git diff against what the header said so far (git's
/// `gitdiff_verify_name`).
fn verify_name(
    slot: &mut Option<Vec<u8>>,
    value: &[u8],
    is_null: bool,
    side: &str,
    p: usize,
    line: usize,
) -> Result<(), PatchError> {
    match slot {
        None if !is_null => {
            if is_dev_null(value) {
                let need = if side == "old" {
                    "new file mode"
                } else {
                    "deleted file mode"
                };
                return Err(malformed(
                    line,
                    format!("`/dev/null` as the {side} name needs a `{need}` line in the `diff --git` header"),
                ));
            }
            *slot = find_name(value, p, TERM_TAB);
        }
        Some(name) => {
            if is_null {
                return Err(malformed(
                    line,
                    format!(
                        "expected `/dev/null` as the {side} name, got `{}`",
                        String::from_utf8_lossy(name)
                    ),
                ));
            }
            if find_name(value, p, TERM_TAB).as_deref() != Some(name.as_slice()) {
                return Err(malformed(
                    line,
                    format!(
                        "inconsistent {side} file name: the header said `{}`",
                        String::from_utf8_lossy(name)
                    ),
                ));
            }
        }
        None => {
            if !is_dev_null(value) {
                return Err(malformed(
                    line,
                    format!("expected `/dev/null` as the {side} name"),
                ));
            }
        }
    }
    Ok(())
}

/// git's `canon_mode`.
fn canon_mode(mode: u32) -> u32 {
    match mode & S_IFMT {
        0o100000 => 0o100000 | if mode & 0o100 != 0 { 0o755 } else { 0o644 },
        0o120000 => 0o120000,
        0o040000 => 0o040000,
        _ => 0o160000,
    }
}

/// An octal mode as `old mode`/`new mode`/`... file mode` lines write it.
fn parse_mode(value: &str, line: usize) -> Result<u32, PatchError> {
    let v = value.trim_start_matches(|c: char| c.is_ascii() && is_space(c as u8));
    let digits = v.bytes().take_while(|c| (b'0'..=b'7').contains(c)).count();
    let rest = v.as_bytes().get(digits..).unwrap_or_default();
    let bad = || malformed(line, format!("invalid mode `{value}`"));
    if digits == 0 || rest.first().is_some_and(|&c| !is_space(c)) {
        return Err(bad());
    }
    let mode = u32::from_str_radix(v.get(..digits).ok_or_else(bad)?, 8).map_err(|_| bad())?;
    Ok(canon_mode(mode))
}

/// The mode at the end of an `index H..H mode` line, if any (git's `gitdiff_index`).
fn index_mode(value: &str, line: usize) -> Result<Option<u32>, PatchError> {
    const MAX_HEX: usize = 64;
    let Some(dot) = value.find('.') else {
        return Ok(None);
    };
    if value.as_bytes().get(dot + 1) != Some(&b'.') || dot > MAX_HEX {
        return Ok(None);
    }
    let rest = value.get(dot + 2..).unwrap_or_default();
    let space = rest.find(' ');
    if space.unwrap_or(rest.len()) > MAX_HEX {
        return Ok(None);
    }
    match space {
        Some(sp) => parse_mode(rest.get(sp + 1..).unwrap_or_default(), line).map(Some),
        None => Ok(None),
    }
}

// ---------------------------------------------------------------------------------------
// Applying hunks
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
struct ImageLine<'a> {
    text: &'a str,
    /// Produced by an earlier hunk: later hunks cannot match it.
    patched: bool,
}

/// The file being patched, as lines, in a gap buffer: `front` holds the lines before the
/// cursor, `back` the lines after it in reverse order. Hunks apply roughly in order, so the
/// cursor moves little.
struct Image<'a> {
    front: Vec<ImageLine<'a>>,
    back: Vec<ImageLine<'a>>,
}

impl<'a> Image<'a> {
    fn new(text: &'a str) -> Image<'a> {
        let mut back: Vec<ImageLine<'a>> = text
            .split_inclusive('\n')
            .map(|text| ImageLine {
                text,
                patched: false,
            })
            .collect();
        back.reverse();
        Image {
            front: Vec::new(),
            back,
        }
    }

    fn len(&self) -> usize {
        self.front.len() + self.back.len()
    }

    fn get(&self, i: usize) -> Option<&ImageLine<'a>> {
        if i < self.front.len() {
            self.front.get(i)
        } else {
            let k = i - self.front.len();
            self.back
                .len()
                .checked_sub(k + 1)
                .and_then(|at| self.back.get(at))
        }
    }

    fn seek(&mut self, pos: usize) {
        while self.front.len() > pos {
            match self.front.pop() {
                Some(l) => self.back.push(l),
                None => break,
            }
        }
        while self.front.len() < pos {
            match self.back.pop() {
                Some(l) => self.front.push(l),
                None => break,
            }
        }
    }

    /// Replaces `remove` lines at `pos` with `insert`, marked as patched.
    fn replace(&mut self, pos: usize, remove: usize, insert: &[&'a str]) {
        self.seek(pos);
        for _ in 0..remove {
            self.back.pop();
        }
        self.front.extend(insert.iter().map(|&text| ImageLine {
            text,
            patched: true,
        }));
    }

    fn into_string(self) -> String {
        let len = self
            .front
            .iter()
            .chain(&self.back)
            .map(|l| l.text.len())
            .sum();
        let mut out = String::with_capacity(len);
        for l in self.front.iter().chain(self.back.iter().rev()) {
            out.push_str(l.text);
        }
        out
    }
}

fn hash_line(s: &str) -> u64 {
    // FNV-1a.
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

const ROLL_BASE: u64 = 0x9e37_79b9_7f4a_7c15;

/// Finds where a preimage matches, as git's `find_pos`/`match_fragment` do.
struct Matcher<'p, 'a> {
    img: &'p Image<'a>,
    pre: &'p [&'a str],
    match_beginning: bool,
    match_end: bool,
    /// Line comparisons left before switching to rolling hashes.
    budget: usize,
    /// Prefix hashes of the image's lines and prefix counts of patched lines, built when the
    /// budget runs out (highly repetitive files).
    rolling: Option<Rolling>,
}

struct Rolling {
    prefix: Vec<u64>,
    patched: Vec<usize>,
    pre_hash: u64,
    base_pow: u64,
}

impl<'p, 'a> Matcher<'p, 'a> {
    fn new(img: &'p Image<'a>, pre: &'p [&'a str], match_beginning: bool, match_end: bool) -> Self {
        Matcher {
            img,
            pre,
            match_beginning,
            match_end,
            budget: 8 * (img.len() + pre.len()) + 4096,
            rolling: None,
        }
    }

    fn matches_at(&mut self, at: usize) -> bool {
        let (nr, pn) = (self.img.len(), self.pre.len());
        if at + pn > nr || (self.match_end && at + pn != nr) || (self.match_beginning && at != 0) {
            return false;
        }
        if self.rolling.is_none() && self.budget < pn {
            self.build_rolling();
        }
        if let Some(r) = &self.rolling {
            let (Some(&h_end), Some(&h_start), Some(&p_end), Some(&p_start)) = (
                r.prefix.get(at + pn),
                r.prefix.get(at),
                r.patched.get(at + pn),
                r.patched.get(at),
            ) else {
                return false;
            };
            let window = h_end.wrapping_sub(h_start.wrapping_mul(r.base_pow));
            if window != r.pre_hash || p_end != p_start {
                return false;
            }
        }
        for (k, pre) in self.pre.iter().enumerate() {
            self.budget = self.budget.saturating_sub(1);
            match self.img.get(at + k) {
                Some(l) if !l.patched && l.text == *pre => {}
                _ => return false,
            }
        }
        true
    }

    fn build_rolling(&mut self) {
        let nr = self.img.len();
        let mut prefix = Vec::with_capacity(nr + 1);
        let mut patched = Vec::with_capacity(nr + 1);
        prefix.push(0u64);
        patched.push(0usize);
        let (mut h, mut p) = (0u64, 0usize);
        for i in 0..nr {
            let line = self.img.get(i);
            h = h
                .wrapping_mul(ROLL_BASE)
                .wrapping_add(line.map_or(0, |l| hash_line(l.text)));
            p += usize::from(line.is_some_and(|l| l.patched));
            prefix.push(h);
            patched.push(p);
        }
        let pre_hash = self.pre.iter().fold(0u64, |h, l| {
            h.wrapping_mul(ROLL_BASE).wrapping_add(hash_line(l))
        });
        let base_pow = (0..self.pre.len()).fold(1u64, |b, _| b.wrapping_mul(ROLL_BASE));
        self.rolling = Some(Rolling {
            prefix,
            patched,
            pre_hash,
            base_pow,
        });
    }

    /// The first position where the preimage matches, trying `line` first, then one after,
    /// one before, two after, ... (git's order).
    fn find(&mut self, line: usize) -> Option<usize> {
        let (nr, pn) = (self.img.len(), self.pre.len());
        if self.match_beginning {
            return self.matches_at(0).then_some(0);
        }
        if self.match_end {
            let at = nr.checked_sub(pn)?;
            return self.matches_at(at).then_some(at);
        }
        let line = line.min(nr);
        if self.matches_at(line) {
            return Some(line);
        }
        let (mut backwards, mut forwards) = (line, line);
        let mut i = 0usize;
        loop {
            let current = loop {
                if backwards == 0 && forwards == nr {
                    return None;
                }
                if i % 2 == 1 {
                    if backwards == 0 {
                        i += 1;
                        continue;
                    }
                    backwards -= 1;
                    break backwards;
                }
                if forwards == nr {
                    i += 1;
                    continue;
                }
                forwards += 1;
                break forwards;
            };
            i += 1;
            if self.matches_at(current) {
                return Some(current);
            }
        }
    }
}

/// A short, quoted form of a line for messages.
fn show(line: &str) -> String {
    const MAX: usize = 60;
    let mut s: String = line.chars().take(MAX).collect();
    if line.chars().nth(MAX).is_some() {
        s.push('…');
    }
    format!("{s:?}")
}

impl Hunks {
    /// Applies the hunks to `current`, as `git apply` does (no fuzz, no whitespace leniency).
    ///
    /// A hunk whose preimage is not found is [`PatchErrorKind::NoMatch`] at the hunk's header
    /// line.
    pub fn apply(&self, current: &str) -> Result<String, PatchError> {
        for hunk in &self.hunks {
            check_no_newline(hunk)?;
        }
        let mut img = Image::new(current);
        for (n, hunk) in self.hunks.iter().enumerate() {
            let pre: Vec<&str> = hunk.preimage().collect();
            let post: Vec<&str> = hunk.postimage().collect();
            let match_beginning = hunk.old_start <= 1;
            let match_end = hunk.trailing_context() == 0;
            let pos = hunk.new_start.saturating_sub(1);
            let found = Matcher::new(&img, &pre, match_beginning, match_end).find(pos);
            match found {
                Some(at) => img.replace(at, pre.len(), &post),
                None => return Err(no_match(n, hunk, &img, &pre, pos)),
            }
        }
        Ok(img.into_string())
    }
}

/// Explains why hunk `n` does not apply, comparing it where git first tries it.
fn no_match(n: usize, hunk: &Hunk, img: &Image<'_>, pre: &[&str], pos: usize) -> PatchError {
    let match_beginning = hunk.old_start <= 1;
    let match_end = hunk.trailing_context() == 0;
    let nr = img.len();
    let at = if match_beginning {
        0
    } else if match_end {
        nr.saturating_sub(pre.len())
    } else {
        pos.min(nr)
    };
    let mut why = None;
    for (k, expected) in pre.iter().enumerate() {
        let file_line = at + k + 1;
        match img.get(at + k) {
            None => {
                why = Some(format!(
                    "the file has {nr} lines but the hunk expects {} at line {file_line}",
                    show(expected)
                ));
                break;
            }
            Some(l) if l.patched => {
                why = Some(format!(
                    "line {file_line} was already changed by an earlier hunk"
                ));
                break;
            }
            Some(l) if l.text != *expected => {
                why = Some(format!(
                    "line {file_line} is {} but the hunk expects {}",
                    show(l.text),
                    show(expected)
                ));
                break;
            }
            Some(_) => {}
        }
    }
    let anchor = match (match_beginning, match_end) {
        (true, true) => " (starting at old line 0 or 1 and without trailing context, it must match the whole file)",
        (true, false) => " (starting at old line 0 or 1, it must match at the top of the file)",
        (false, true) => " (without trailing context, it must match at the end of the file)",
        (false, false) => "",
    };
    let detail = why.unwrap_or_else(|| {
        if match_end && at + pre.len() != nr {
            "the file has lines after where the hunk must end".to_string()
        } else {
            "its lines are not there".to_string()
        }
    });
    PatchError::new(
        PatchErrorKind::NoMatch,
        hunk.line,
        format!(
            "hunk #{} `{}` does not apply{anchor}: {detail}; its context and `-` lines are nowhere in the file (they must match exactly)",
            n + 1,
            hunk.header()
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> FilePatch {
        let mut patches = parse(text).unwrap_or_else(|e| panic!("parse failed: {e}"));
        assert_eq!(patches.len(), 1, "{patches:?}");
        patches.remove(0)
    }

    fn hunks(fp: &FilePatch) -> &Hunks {
        match &fp.action {
            Action::Update {
                edit: Some(Edit::Unified(h)),
                ..
            } => h,
            other => panic!("not an update with hunks: {other:?}"),
        }
    }

    fn err(text: &str) -> PatchError {
        match parse(text) {
            Ok(p) => panic!("parsed: {p:?}"),
            Err(e) => e,
        }
    }

    fn apply(fp: &FilePatch, current: Option<&str>) -> Result<Option<String>, PatchError> {
        fp.apply(current)
    }

    const MODIFY: &str = "diff --git a/src/lib.rs b/src/lib.rs
index 3b18e51..a0b2c4d 100644
--- a/src/lib.rs
+++ b/src/lib.rs
@@ -1,4 +1,4 @@ fn main() {
 one
-two
+TWO
 three
 four
";

    #[test]
    fn modify_with_index_mode() {
        let fp = one(MODIFY);
        assert_eq!(fp.path, "src/lib.rs");
        assert_eq!(fp.line, 1);
        assert_eq!(fp.modes.old_mode.as_deref(), Some("100644"));
        assert_eq!(fp.modes.new_mode.as_deref(), Some("100644"));
        let h = hunks(&fp);
        assert_eq!(h.hunks.len(), 1);
        let hunk = &h.hunks[0];
        assert_eq!(
            (
                hunk.line,
                hunk.old_start,
                hunk.old_count,
                hunk.new_start,
                hunk.new_count
            ),
            (5, 1, 4, 1, 4)
        );
        assert_eq!(hunk.heading, "fn main() {");
        assert_eq!(hunk.lines[1].kind, LineKind::Remove);
        assert_eq!(hunk.lines[1].text, "two\n");
        assert_eq!(hunk.lines[1].line, 7);
        assert_eq!(hunk.leading_context(), 1);
        assert_eq!(hunk.trailing_context(), 2);
        let out = apply(&fp, Some("one\ntwo\nthree\nfour\n")).unwrap();
        assert_eq!(out.as_deref(), Some("one\nTWO\nthree\nfour\n"));
        assert!(matches!(&fp.action, Action::Update { move_to: None, .. }));
    }

    #[test]
    fn new_file_content_from_added_lines() {
        let fp = one("diff --git a/new.txt b/new.txt
new file mode 100755
index 0000000..3b18e51
--- /dev/null
+++ b/new.txt
@@ -0,0 +1,2 @@
+hello
+world
\\ No newline at end of file
");
        assert_eq!(fp.path, "new.txt");
        assert_eq!(
            fp.action,
            Action::Create {
                content: "hello\nworld".into()
            }
        );
        assert_eq!(fp.modes.old_mode, None);
        assert_eq!(fp.modes.new_mode.as_deref(), Some("100755"));
    }

    #[test]
    fn new_empty_file_and_deleted_empty_file() {
        let patches = parse(
            "diff --git a/empty b/empty
new file mode 100644
index 0000000..e69de29
diff --git a/gone b/gone
deleted file mode 100644
index e69de29..0000000
",
        )
        .unwrap();
        assert_eq!(patches.len(), 2);
        assert_eq!(
            patches[0].action,
            Action::Create {
                content: String::new()
            }
        );
        assert_eq!(patches[0].path, "empty");
        assert_eq!(patches[1].action, Action::Delete);
        assert_eq!(patches[1].path, "gone");
        assert_eq!(patches[1].line, 4);
        assert_eq!(patches[1].modes.old_mode.as_deref(), Some("100644"));
        assert_eq!(patches[1].modes.new_mode, None);
    }

    #[test]
    fn deleted_file() {
        let fp = one("diff --git a/old.txt b/old.txt
deleted file mode 100644
index 3b18e51..0000000
--- a/old.txt
+++ /dev/null
@@ -1,2 +0,0 @@
-a
-b
");
        assert!(matches!(fp.action, Action::DeleteChecked { .. }));
        assert_eq!(fp.path, "old.txt");
        assert_eq!(apply(&fp, Some("a\nb\n")).unwrap(), None);
        // git apply refuses to delete a file whose content differs from the hunks.
        assert_eq!(
            apply(&fp, Some("a\nc\n")).unwrap_err().kind,
            PatchErrorKind::NoMatch
        );
    }

    #[test]
    fn deleted_file_with_new_lines_is_malformed() {
        let e = err("diff --git a/old.txt b/old.txt
deleted file mode 100644
--- a/old.txt
+++ /dev/null
@@ -1,2 +1,1 @@
-a
-b
+c
");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 5));
    }

    #[test]
    fn pure_rename_and_rename_with_edit() {
        let patches = parse(
            "diff --git a/old name.rs b/new name.rs
similarity index 100%
rename from old name.rs
rename to new name.rs
diff --git a/a.rs b/dir/b.rs
similarity index 80%
rename from a.rs
rename to dir/b.rs
index 1111111..2222222 100644
--- a/a.rs
+++ b/dir/b.rs
@@ -1,3 +1,3 @@
 x
-y
+Y
 z
",
        )
        .unwrap();
        assert_eq!(patches[0].path, "old name.rs");
        assert_eq!(
            patches[0].action,
            Action::Update {
                edit: None,
                move_to: Some("new name.rs".into())
            }
        );
        assert_eq!(patches[1].path, "a.rs");
        match &patches[1].action {
            Action::Update {
                edit: Some(Edit::Unified(h)),
                move_to: Some(to),
            } => {
                assert_eq!(to, "dir/b.rs");
                assert_eq!(h.apply("x\ny\nz\n").unwrap(), "x\nY\nz\n");
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn rewrite_and_old_rename_forms() {
        let fp = one("diff --git a/r.txt b/r.txt
dissimilarity index 100%
index 1111111..2222222 100644
--- a/r.txt
+++ b/r.txt
@@ -1,2 +1,2 @@
-a
-b
+c
+d
");
        assert_eq!(hunks(&fp).apply("a\nb\n").unwrap(), "c\nd\n");
        let fp = one("diff --git a/x b/y
rename old x
rename new y
");
        assert_eq!(
            (fp.path.as_str(), &fp.action),
            (
                "x",
                &Action::Update {
                    edit: None,
                    move_to: Some("y".into())
                }
            )
        );
        // An index line without mode, and one with: the mode is kept on both sides.
        let fp = one(
            "diff --git a/f b/f\nindex 1111111..2222222\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n",
        );
        assert_eq!(fp.modes, GitMeta::default());
        let fp = one("diff --git a/f b/f\nindex 1111111..2222222 120000\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n");
        assert_eq!(fp.modes.old_mode.as_deref(), Some("120000"));
        assert_eq!(fp.modes.new_mode.as_deref(), Some("120000"));
        // A type change in one patch is refused (git writes a deletion and a creation).
        let e = err("diff --git a/f b/f\nold mode 100644\nnew mode 120000\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 1));
    }

    #[test]
    fn mode_change_only() {
        let fp = one("diff --git a/run.sh b/run.sh
old mode 100644
new mode 100755
");
        assert_eq!(
            fp.action,
            Action::Update {
                edit: None,
                move_to: None
            }
        );
        assert_eq!(fp.modes.old_mode.as_deref(), Some("100644"));
        assert_eq!(fp.modes.new_mode.as_deref(), Some("100755"));
    }

    #[test]
    fn same_mode_without_hunks_is_garbage() {
        let e = err("diff --git a/x b/x
old mode 100644
new mode 100644
");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 1));
    }

    #[test]
    fn copies_are_refused() {
        let e = err("diff --git a/a.rs b/b.rs
similarity index 100%
copy from a.rs
copy to b.rs
");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 3));
        assert!(e.message.contains("copies"), "{e}");
    }

    #[test]
    fn inconsistent_header_lines() {
        let e = err("diff --git a/a b/a
new file mode 100644
deleted file mode 100644
");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 3));
    }

    #[test]
    fn binary_changes() {
        let patches = parse(
            "diff --git a/img.png b/img.png
index 1111111..2222222 100644
Binary files a/img.png and b/img.png differ
diff --git a/logo.bin b/logo.bin
new file mode 100644
index 0000000000000000000000000000000000000000..19102815663d23f8b75a47e7a01965dcdc96468c
GIT binary patch
literal 4
LcmZQzWMT#Y01f~L

literal 0
HcmV?d00001

diff --git a/t.txt b/t.txt
--- a/t.txt
+++ b/t.txt
@@ -1 +1 @@
-a
+b
",
        )
        .unwrap();
        assert_eq!(patches.len(), 3);
        assert_eq!(patches[0].action, Action::Binary);
        assert_eq!(patches[0].path, "img.png");
        assert_eq!(patches[1].action, Action::Binary);
        assert_eq!(patches[1].path, "logo.bin");
        assert_eq!(patches[2].path, "t.txt");
        assert_eq!(patches[2].line, 14);
        let e = patches[0].apply(Some("x")).unwrap_err();
        assert_eq!(e.kind, PatchErrorKind::Binary);
    }

    #[test]
    fn quoted_paths() {
        let fp = one(
            r#"diff --git "a/sp\303\251cial name" "b/sp\303\251cial name"
index 1111111..2222222 100644
--- "a/sp\303\251cial name"
+++ "b/sp\303\251cial name"
@@ -1 +1 @@
-a
+b
"#,
        );
        assert_eq!(fp.path, "spécial name");
        let fp = one(
            r#"diff --git "a/t\tab \"q\" b\\s\nl" "b/t\tab \"q\" b\\s\nl"
old mode 100644
new mode 100755
"#,
        );
        assert_eq!(fp.path, "t\tab \"q\" b\\s\nl");
        // Renames with quoted names.
        let fp = one(r#"diff --git "a/\303\244" "b/\303\266"
similarity index 100%
rename from "\303\244"
rename to "\303\266"
"#);
        assert_eq!(fp.path, "ä");
        assert!(matches!(&fp.action, Action::Update { move_to: Some(to), .. } if to == "ö"));
        // A name that is not UTF-8.
        let e = err(r#"diff --git "a/\377" "b/\377"
old mode 100644
new mode 100755
"#);
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::BadPath, 1));
        // A bad escape: no name from the header line.
        let e = err(r#"diff --git "a/\q" "b/\q"
old mode 100644
new mode 100755
"#);
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 1));
    }

    #[test]
    fn names_with_spaces_and_trailing_tab() {
        let fp = one("diff --git a/my file.txt b/my file.txt
index 1111111..2222222 100644
--- a/my file.txt\t
+++ b/my file.txt\t
@@ -1 +1 @@
-a
+b
");
        assert_eq!(fp.path, "my file.txt");
        // Only the header line names the file (mode change): split where both halves agree.
        let fp = one("diff --git a/x b/y b/x b/y
old mode 100644
new mode 100755
");
        assert_eq!(fp.path, "x b/y");
        // Differing names and nothing else: no file name.
        let e = err("diff --git a/x b/y
old mode 100644
new mode 100755
");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 1));
    }

    #[test]
    fn no_newline_markers() {
        // Old side lacks the newline.
        let fp = one("--- a/f
+++ b/f
@@ -1,2 +1,2 @@
 a
-b
\\ No newline at end of file
+b
");
        assert_eq!(apply(&fp, Some("a\nb")).unwrap().as_deref(), Some("a\nb\n"));
        assert_eq!(
            apply(&fp, Some("a\nb\n")).unwrap_err().kind,
            PatchErrorKind::NoMatch
        );
        // New side lacks it.
        let fp = one("--- a/f
+++ b/f
@@ -1,2 +1,2 @@
 a
-b
+b
\\ No newline at end of file
");
        assert_eq!(apply(&fp, Some("a\nb\n")).unwrap().as_deref(), Some("a\nb"));
        // Both: a context line without newline.
        let fp = one("--- a/f
+++ b/f
@@ -1,2 +1,2 @@
-a
+A
 b
\\ No newline at end of file
");
        assert_eq!(apply(&fp, Some("a\nb")).unwrap().as_deref(), Some("A\nb"));
        // git would glue `x` and `y` here (it compares the preimage as a byte prefix).
        assert_eq!(
            apply(&fp, Some("a\nby\n")).unwrap_err().kind,
            PatchErrorKind::NoMatch
        );
    }

    #[test]
    fn misplaced_no_newline_markers() {
        // After a line that is not the last of its side.
        let e = err("--- a/f
+++ b/f
@@ -1,2 +1,2 @@
-a
\\ No newline at end of file
-b
+c
+d
");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 5));
        // Right after the header.
        let e = err("--- a/f
+++ b/f
@@ -1 +1 @@
\\ No newline at end of file
-a
+b
");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 4));
        // Too short to be the marker.
        let e = err("--- a/f
+++ b/f
@@ -1 +1 @@
-a
\\ x
+b
");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 5));
        // In a hunk that is not the last.
        let e = err("--- a/f
+++ b/f
@@ -1 +1 @@
-a
+b
\\ No newline at end of file
@@ -5 +5 @@
-c
+d
");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 3));
    }

    #[test]
    fn crlf_lines_keep_their_carriage_return() {
        let fp = one("--- a/w.txt\r\n+++ b/w.txt\r\n@@ -1,2 +1,2 @@\r\n a\r\n-b\r\n+c\r\n");
        assert_eq!(fp.path, "w.txt");
        let h = hunks(&fp);
        assert_eq!(h.hunks[0].lines[2].text, "c\r\n");
        assert_eq!(h.apply("a\r\nb\r\n").unwrap(), "a\r\nc\r\n");
        assert_eq!(h.apply("a\nb\n").unwrap_err().kind, PatchErrorKind::NoMatch);
        // A CRLF file without its final newline.
        let fp = one("--- a/w\n+++ b/w\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n\\ No newline at end of file\n+c\r\n\\ No newline at end of file\n");
        assert_eq!(hunks(&fp).apply("a\r\nb\r").unwrap(), "a\r\nc\r");
    }

    #[test]
    fn empty_line_is_empty_context() {
        let fp = one("--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n");
        assert_eq!(hunks(&fp).apply("a\n\nb\n").unwrap(), "a\n\nc\n");
    }

    #[test]
    fn miscounted_hunks() {
        // Too few lines: the next file header comes early.
        let e = err("diff --git a/f b/f
--- a/f
+++ b/f
@@ -1,3 +1,3 @@
 a
-b
+c
diff --git a/g b/g
");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 8));
        // Too few lines: the patch ends.
        let e = err("--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 3));
        // Too many lines: a line the counts do not include.
        let e = err("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n+d\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 7));
        let e = err("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n z\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 7));
        // Too many of one kind while the other is still expected.
        let e = err("--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n-b\n-c\n+d\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 6));
        // A hunk that changes nothing.
        let e = err("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n b\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 3));
        // A bad hunk header after a file header.
        let e = err("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -x +1 @@\n-a\n+b\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 4));
        // Counts that overflow.
        let e = err(
            "diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,99999999999999999999999 +1 @@\n-a\n+b\n",
        );
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 4));
        // A second hunk header without numbers: git would skip that hunk silently.
        let e = err("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n@@ @@\n x\n-y\n+z\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 7));
        // A header with `@@` hunks but no numbers, as models sometimes write.
        let e = err("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ @@\n-a\n+b\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 1));
    }

    #[test]
    fn garbage() {
        for text in [
            "",
            "hello\nworld\n",
            "diff --git\n",
            "--- a\n+++ b\n",
            "\u{0}\u{1}@@",
        ] {
            let e = err(text);
            assert_eq!(
                (e.kind.clone(), e.line),
                (PatchErrorKind::Malformed, 1),
                "{text:?}: {e}"
            );
        }
        let e = err("some text\n@@ -1 +1 @@\n-a\n+b\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 2));
        let e = err("diff --git a/f b/f\n@@ -1 +1 @@\n-a\n+b\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 2));
        let e = err("diff --git a/f b/f\nindex 1..2 100644\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 1));
        let e = err("diff --git a/f b/f\nold mode 10x644\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 2));
    }

    #[test]
    fn too_large() {
        let text = "x".repeat(MAX_PATCH_BYTES + 1);
        assert_eq!(err(&text).kind, PatchErrorKind::TooLarge);
    }

    #[test]
    fn plain_diffs() {
        // diff -u with timestamps, -p1.
        let fp = one("diff -u a/src/x.c b/src/x.c
--- a/src/x.c\t2024-01-02 10:00:00.000000000 +0100
+++ b/src/x.c\t2024-01-02 11:00:00.000000000 +0100
@@ -1 +1 @@
-a
+b
");
        assert_eq!(fp.path, "src/x.c");
        assert_eq!(fp.line, 2);
        assert_eq!(fp.modes, GitMeta::default());
        // Names without a slash: -p0.
        let fp = one("--- x.c\n+++ x.c\n@@ -1 +1 @@\n-a\n+b\n");
        assert_eq!(fp.path, "x.c");
        // /dev/null: creation and deletion.
        let fp = one("--- /dev/null\n+++ b/new\n@@ -0,0 +1 @@\n+n\n");
        assert_eq!(fp.path, "new");
        assert_eq!(
            fp.action,
            Action::Create {
                content: "n\n".into()
            }
        );
        let fp = one("--- a/old\n+++ /dev/null\n@@ -1 +0,0 @@\n-o\n");
        assert_eq!(fp.path, "old");
        assert!(matches!(fp.action, Action::DeleteChecked { .. }));
        // GNU diff -N: epoch timestamps.
        let fp = one("--- a/new\t1970-01-01 00:00:00.000000000 +0000\n+++ b/new\t2024-01-02 11:00:00.000000000 +0100\n@@ -0,0 +1 @@\n+n\n");
        assert_eq!(
            fp.action,
            Action::Create {
                content: "n\n".into()
            }
        );
        let fp = one("--- a/old\t2024-01-02 11:00:00.000000000 +0100\n+++ b/old\t1969-12-31 19:00:00.000000000 -0500\n@@ -1 +0,0 @@\n-o\n");
        assert!(matches!(fp.action, Action::DeleteChecked { .. }));
        // No /dev/null, one hunk from line 0: what diff tools write for a new file.
        let fp = one("--- a/n.py\n+++ b/n.py\n@@ -0,0 +1,2 @@\n+a\n+b\n");
        assert_eq!(
            fp.action,
            Action::Create {
                content: "a\nb\n".into()
            }
        );
        // ... but a -U0 insertion further down is an edit.
        let fp = one("--- a/n.py\n+++ b/n.py\n@@ -2,0 +3 @@\n+c\n");
        assert_eq!(hunks(&fp).apply("a\nb\n").unwrap(), "a\nb\nc\n");
        // Emptying a file without /dev/null keeps it.
        let fp = one("--- a/e\n+++ b/e\n@@ -1 +0,0 @@\n-x\n");
        assert_eq!(hunks(&fp).apply("x\n").unwrap(), "");
    }

    #[test]
    fn commit_message_and_signature_are_skipped() {
        let patches = parse(
            "From 1234 Mon Sep 17 00:00:00 2001
From: A <a@example.com>
Subject: [PATCH] fix

--- a/x is a dash line in the message
---
 f | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/f b/f
index 1111111..2222222 100644
--- a/f
+++ b/f
@@ -1 +1 @@
-a
+b
-- 
2.47.3

",
        )
        .unwrap();
        assert_eq!(patches.len(), 1);
        assert_eq!(patches[0].line, 10);
    }

    #[test]
    fn dev_null_without_new_file_mode() {
        let e = err("diff --git a/n b/n\n--- /dev/null\n+++ b/n\n@@ -0,0 +1 @@\n+x\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 2));
    }

    #[test]
    fn inconsistent_names() {
        let e = err(
            "diff --git a/n b/n\nnew file mode 100644\n--- /dev/null\n+++ b/m\n@@ -0,0 +1 @@\n+x\n",
        );
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 4));
        let e =
            err("diff --git a/n b/n\nnew file mode 100644\n--- a/n\n+++ b/n\n@@ -0,0 +1 @@\n+x\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 3));
        let e = err("diff --git a/n b/n\nnew file mode 100644\n--- /dev/null\n+++ b/n\n@@ -1 +1 @@\n-y\n+x\n");
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 5));
    }

    #[test]
    fn last_line_without_newline_is_read_as_complete() {
        let fp = one("--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b");
        assert_eq!(hunks(&fp).apply("a\n").unwrap(), "b\n");
    }

    fn hunk_patch(header: &str, body: &str) -> Hunks {
        let fp = one(&format!(
            "diff --git a/f b/f\n--- a/f\n+++ b/f\n{header}\n{body}"
        ));
        hunks(&fp).clone()
    }

    #[test]
    fn search_order_follows_git() {
        // `p X q` at lines 2-4 and 10-12.
        let file = "0\np\nX\nq\n4\n5\n6\n7\n8\np\nX\nq\nz\n";
        let body = " p\n-X\n+Y\n q\n";
        let at_2 = "0\np\nY\nq\n4\n5\n6\n7\n8\np\nX\nq\nz\n";
        let at_10 = "0\np\nX\nq\n4\n5\n6\n7\n8\np\nY\nq\nz\n";
        // Equally far: forwards first.
        assert_eq!(
            hunk_patch("@@ -6,3 +6,3 @@", body).apply(file).unwrap(),
            at_10
        );
        // At the stated line.
        assert_eq!(
            hunk_patch("@@ -2,3 +2,3 @@", body).apply(file).unwrap(),
            at_2
        );
        assert_eq!(
            hunk_patch("@@ -10,3 +10,3 @@", body).apply(file).unwrap(),
            at_10
        );
        // Nearer after.
        assert_eq!(
            hunk_patch("@@ -7,3 +7,3 @@", body).apply(file).unwrap(),
            at_10
        );
        // Nearer before.
        assert_eq!(
            hunk_patch("@@ -5,3 +5,3 @@", body).apply(file).unwrap(),
            at_2
        );
        // The new-side line is where git starts.
        assert_eq!(
            hunk_patch("@@ -10,3 +2,3 @@", body).apply(file).unwrap(),
            at_2
        );
    }

    #[test]
    fn anchors_at_beginning_and_end() {
        // No trailing context: must match at the end.
        let h = hunk_patch("@@ -3,2 +3,2 @@", " b\n-c\n+C\n");
        assert_eq!(h.apply("a\nb\nc\n").unwrap(), "a\nb\nC\n");
        let e = h.apply("a\nb\nc\nd\n").unwrap_err();
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::NoMatch, 4));
        // Starting at line 1: must match at the top.
        let h = hunk_patch("@@ -1,2 +1,2 @@", "-b\n+B\n c\n");
        assert_eq!(h.apply("b\nc\nd\n").unwrap(), "B\nc\nd\n");
        assert_eq!(
            h.apply("a\nb\nc\nd\n").unwrap_err().kind,
            PatchErrorKind::NoMatch
        );
        // Adding to an empty file.
        let h = hunk_patch("@@ -0,0 +1 @@", "+x\n");
        assert_eq!(h.apply("").unwrap(), "x\n");
        assert_eq!(h.apply("y\n").unwrap_err().kind, PatchErrorKind::NoMatch);
    }

    #[test]
    fn hunks_apply_in_order_without_overlap() {
        let h = hunk_patch(
            "@@ -1,3 +1,3 @@",
            " a\n-b\n+B\n c\n@@ -5,3 +5,3 @@\n e\n-f\n+F\n g\n",
        );
        assert_eq!(
            h.apply("a\nb\nc\nd\ne\nf\ng\nh\n").unwrap(),
            "a\nB\nc\nd\ne\nF\ng\nh\n"
        );
        // The second hunk's context is what the first produced: not matched again.
        let h = hunk_patch(
            "@@ -2,3 +2,3 @@",
            " a\n-b\n+c\n x\n@@ -3,2 +3,2 @@\n c\n-x\n+y\n",
        );
        let e = h.apply("0\na\nb\nx\n").unwrap_err();
        assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::NoMatch, 9));
        assert!(e.message.contains("hunk #2"), "{e}");
    }

    #[test]
    fn no_match_reports_the_hunk_line_and_why() {
        let fp = one(MODIFY);
        let e = fp.apply(Some("one\ntwo\nthree\nFOUR\n")).unwrap_err();
        assert_eq!(e.kind, PatchErrorKind::NoMatch);
        assert_eq!(e.line, 5);
        assert_eq!(e.path.as_deref(), Some("src/lib.rs"));
        assert!(e.message.contains("line 4 is \"FOUR\\n\""), "{e}");
        // No whitespace leniency.
        assert_eq!(
            fp.apply(Some("one\ntwo \nthree\nfour\n")).unwrap_err().kind,
            PatchErrorKind::NoMatch
        );
    }

    #[test]
    fn p_value_guess_is_kept_for_later_files() {
        let patches =
            parse("--- f\n+++ f\n@@ -1 +1 @@\n-a\n+b\n--- d/g\n+++ d/g\n@@ -1 +1 @@\n-a\n+b\n")
                .unwrap();
        assert_eq!(patches[0].path, "f");
        assert_eq!(patches[1].path, "d/g");
    }

    #[test]
    fn timestamps_helpers() {
        assert_eq!(diff_timestamp_len(b"a/x 2010-07-05 19:41:17", 23), 20);
        assert_eq!(
            diff_timestamp_len(b"a/x\t2010-07-05 19:41:17.620000023 -0500", 39),
            36
        );
        assert_eq!(diff_timestamp_len(b"a/x", 3), 0);
        assert!(has_epoch_timestamp(b"a/x\t1970-01-01 01:00:00 +0100"));
        assert!(!has_epoch_timestamp(b"a/x\t1970-01-01 01:00:00 +0000"));
        assert!(has_epoch_timestamp(
            b"a/x\t1969-12-31 16:00:00.000000000 -08:00"
        ));
    }

    #[test]
    fn git_header_names() {
        assert_eq!(git_header_name(1, b"a/x b/x\n").as_deref(), Some(&b"x"[..]));
        assert_eq!(
            git_header_name(1, b"a/x y b/x y\n").as_deref(),
            Some(&b"x y"[..])
        );
        assert_eq!(git_header_name(1, b"a/x b/y\n"), None);
        assert_eq!(git_header_name(1, b"a/d/ b/d/ x b/d/ x\n"), None);
        assert_eq!(
            git_header_name(1, b"a/x \"b/x\"\n").as_deref(),
            Some(&b"x"[..])
        );
        assert_eq!(git_header_name(0, b"x x\n").as_deref(), Some(&b"x"[..]));
        assert_eq!(git_header_name(1, b"/x b/x\n"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn never_panics(pieces in proptest::collection::vec(proptest::sample::select(vec![
            "diff --git a/f b/f\n", "--- a/f\n", "+++ b/f\n", "--- /dev/null\n", "+++ /dev/null\n",
            "@@ -1 +1 @@\n", "@@ -0,0 +1,2 @@\n", "@@ -1,2 +1 @@ x\n", "@@ -3,0 +4 @@\n", "@@ -1,3 +1,3 @@\n",
            " a\n", "-a\n", "+b\n", "\n", " \n", "\\ No newline at end of file\n", "\\\n",
            "new file mode 100644\n", "deleted file mode 100644\n", "old mode 100644\n", "new mode 100755\n",
            "rename from f\n", "rename to g\n", "copy from f\n", "index 1..2 100644\n", "similarity index 90%\n",
            "GIT binary patch\n", "literal 0\n", "Binary files a/f and b/f differ\n", "diff --git \"a/\\303\" \"b/\\303\"\n",
            "diff --git a/x y b/x y\n", "-- \n", "garbage\n", "+", "-", " ", "@@ -", "\"", "\t", "\r\n", "é",
        ]), 0..40), current in "[ab\\n\\r ]{0,12}") {
            let text: String = pieces.concat();
            if let Ok(patches) = parse(&text) {
                for fp in &patches {
                    let _ = fp.apply(Some(&current));
                    let _ = fp.apply(None);
                    let _ = fp.apply(Some(""));
                }
            }
        }

        #[test]
        fn never_panics_on_bytes(text in "\\PC{0,200}") {
            if let Ok(patches) = parse(&text) {
                for fp in &patches {
                    let _ = fp.apply(Some("a\nb\n"));
                }
            }
        }
    }
}
