//! Applying hunks as `git apply` does: exact preimage match, searched outwards from the
//! hunk's line.

use super::*;

// ---------------------------------------------------------------------------------------
// Applying hunks
// ---------------------------------------------------------------------------------------

#[derive(Clone, Copy)]
pub(super) struct ImageLine<'a> {
    text: &'a str,
    /// Produced by an earlier hunk: later hunks cannot match it.
    patched: bool,
}

/// The file being patched, as lines, in a gap buffer: `front` holds the lines before the
/// cursor, `back` the lines after it in reverse order. Hunks apply roughly in order, so the
/// cursor moves little.
pub(super) struct Image<'a> {
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

pub(super) fn hash_line(s: &str) -> u64 {
    // FNV-1a.
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

pub(super) const ROLL_BASE: u64 = 0x9e37_79b9_7f4a_7c15;

/// Finds where a preimage matches, as git's `find_pos`/`match_fragment` do.
pub(super) struct Matcher<'p, 'a> {
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

pub(super) struct Rolling {
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
pub(super) fn show(line: &str) -> String {
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
pub(super) fn no_match(
    n: usize,
    hunk: &Hunk,
    img: &Image<'_>,
    pre: &[&str],
    pos: usize,
) -> PatchError {
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
