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
pub(crate) const MAX_PATCH_BYTES: usize = crate::limits::MAX_PATCH_BYTES;

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
/// [`PatchErrorKind::Malformed`] at line 1, one over [`MAX_PATCH_BYTES`](crate::limits::MAX_PATCH_BYTES) is
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

mod apply;
mod names;
#[cfg(test)]
mod tests;

use names::*;
