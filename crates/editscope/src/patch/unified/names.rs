//! File names, modes and timestamps in patch headers, as git's `apply.c` reads them.

use super::*;

// ---------------------------------------------------------------------------------------
// File names, as git's apply.c reads them
// ---------------------------------------------------------------------------------------

pub(super) const TERM_SPACE: u8 = 1;
pub(super) const TERM_TAB: u8 = 2;
pub(super) const S_IFMT: u32 = 0o170000;

/// C `isspace` in the C locale.
pub(super) fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

pub(super) fn path_string(name: Vec<u8>, line: usize) -> Result<String, PatchError> {
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
pub(super) fn unquote_c(s: &[u8]) -> Option<(Vec<u8>, usize)> {
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
pub(super) fn squash_slash(name: &[u8]) -> Vec<u8> {
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
pub(super) fn skip_tree_prefix(p: usize, s: &[u8]) -> Option<usize> {
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
pub(super) fn git_header_name(p: usize, line: &[u8]) -> Option<Vec<u8>> {
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
pub(super) fn name_terminate(c: u8, terminate: u8) -> bool {
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
pub(super) fn find_name_common(
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
pub(super) fn find_name_gnu(line: &[u8], p: usize) -> Option<Vec<u8>> {
    let (name, _) = unquote_c(line)?;
    let mut cp = 0;
    for _ in 0..p {
        cp += name.get(cp..)?.iter().position(|&c| c == b'/')? + 1;
    }
    Some(squash_slash(name.get(cp..)?))
}

/// git's `find_name` (names in `---`/`+++` and `rename`/`copy` lines of a git diff).
pub(super) fn find_name(line: &[u8], p: usize, terminate: u8) -> Option<Vec<u8>> {
    if line.first() == Some(&b'"') {
        if let Some(name) = find_name_gnu(line, p) {
            return Some(name);
        }
    }
    find_name_common(line, None, p, None, terminate)
}

/// git's `find_name_traditional` (names in the `---`/`+++` lines of a plain diff, perhaps
/// followed by a timestamp).
pub(super) fn find_name_traditional(line: &[u8], def: Option<&[u8]>, p: usize) -> Option<Vec<u8>> {
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

pub(super) fn is_dev_null(s: &[u8]) -> bool {
    s.strip_prefix(b"/dev/null")
        .is_some_and(|rest| rest.first().is_none_or(|&c| is_space(c)))
}

/// git's `guess_p_value` (no prefix: we are at the top of the tree): 0 for a name without
/// a slash, `None` when unknown.
pub(super) fn guess_p_value(nameline: &[u8]) -> Option<usize> {
    if is_dev_null(nameline) {
        return None;
    }
    let name = find_name_traditional(nameline, None, 0)?;
    (!name.contains(&b'/')).then_some(0)
}

pub(super) fn digit(line: &[u8], i: usize) -> bool {
    line.get(i).is_some_and(u8::is_ascii_digit)
}

pub(super) fn byte_is(line: &[u8], i: usize, c: u8) -> bool {
    line.get(i) == Some(&c)
}

/// ` +0500` at the end of `line[..len]`.
pub(super) fn sane_tz_len(line: &[u8], len: usize) -> usize {
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
pub(super) fn tz_with_colon_len(line: &[u8], len: usize) -> usize {
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
pub(super) fn date_len(line: &[u8], len: usize) -> usize {
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
pub(super) fn short_time_len(line: &[u8], len: usize) -> usize {
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
pub(super) fn fractional_time_len(line: &[u8], len: usize) -> usize {
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

pub(super) fn trailing_spaces_len(line: &[u8], len: usize) -> usize {
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
pub(super) fn diff_timestamp_len(line: &[u8], len: usize) -> usize {
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
pub(super) fn has_epoch_timestamp(nameline: &[u8]) -> bool {
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
pub(super) fn verify_name(
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
pub(super) fn canon_mode(mode: u32) -> u32 {
    match mode & S_IFMT {
        0o100000 => 0o100000 | if mode & 0o100 != 0 { 0o755 } else { 0o644 },
        0o120000 => 0o120000,
        0o040000 => 0o040000,
        _ => 0o160000,
    }
}

/// An octal mode as `old mode`/`new mode`/`... file mode` lines write it.
pub(super) fn parse_mode(value: &str, line: usize) -> Result<u32, PatchError> {
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
pub(super) fn index_mode(value: &str, line: usize) -> Result<Option<u32>, PatchError> {
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
