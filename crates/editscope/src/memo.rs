//! A process-wide memo of parsed files, for long-lived processes (`editscope serve`).
//!
//! Off unless [`enable`]d: a one-shot process gains nothing from it. When on, the check of
//! a change set ([`check_changes`](crate::check_changes) and everything built on it: git
//! sources, sessions, tool calls) takes each version of a file from the memo when a
//! [`SourceFile`] of exactly those bytes was parsed before, and stores the ones it parses.
//!
//! The key is (language, [`Limits`], SHA-256 of the text): an entry can only ever stand for
//! the very bytes it was parsed from, so the memo cannot serve stale state whatever changes
//! on disk. A [`SourceFile`] is a pure function of that key (an incremental parse gives the
//! same tree as a fresh one, and the second parser's reading memoised in it is a function of
//! the text too), so a check reads the same files with or without the memo; only the time
//! differs. The memo is bounded by the bytes of text it holds; past the bound the entries
//! used least recently are dropped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use sha2::{Digest, Sha256};

use crate::error::Error;
use crate::source::{Limits, SourceFile};
use crate::Language;

type Key = (Language, usize, [u8; 32]);

struct Memo {
    /// Most bytes of text held.
    max_bytes: usize,
    bytes: usize,
    /// Each entry with the tick of its last use.
    entries: HashMap<Key, (Arc<SourceFile>, u64)>,
    tick: u64,
    hits: u64,
    misses: u64,
}

static MEMO: Mutex<Option<Memo>> = Mutex::new(None);

/// What the memo holds and how it served ([`stats`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MemoStats {
    /// Files held.
    pub entries: usize,
    /// Bytes of text held.
    pub bytes: usize,
    /// Parses answered from the memo.
    pub hits: u64,
    /// Parses made and stored.
    pub misses: u64,
}

/// Turns the memo on (or resizes it), holding at most `max_bytes` bytes of text; a file
/// larger than that is parsed and not stored.
pub fn enable(max_bytes: usize) {
    let mut m = MEMO.lock().unwrap_or_else(|p| p.into_inner());
    match m.as_mut() {
        Some(memo) => {
            memo.max_bytes = max_bytes;
            memo.evict();
        }
        None => {
            *m = Some(Memo {
                max_bytes,
                bytes: 0,
                entries: HashMap::new(),
                tick: 0,
                hits: 0,
                misses: 0,
            })
        }
    }
}

/// Turns the memo off and drops what it holds.
pub fn disable() {
    *MEMO.lock().unwrap_or_else(|p| p.into_inner()) = None;
}

/// What the memo holds now (all zero when it is off).
pub fn stats() -> MemoStats {
    let m = MEMO.lock().unwrap_or_else(|p| p.into_inner());
    m.as_ref().map_or_else(MemoStats::default, |m| MemoStats {
        entries: m.entries.len(),
        bytes: m.bytes,
        hits: m.hits,
        misses: m.misses,
    })
}

impl Memo {
    fn evict(&mut self) {
        while self.bytes > self.max_bytes {
            let Some(oldest) = self
                .entries
                .iter()
                .min_by_key(|(_, (_, t))| *t)
                .map(|(k, _)| *k)
            else {
                break;
            };
            if let Some((f, _)) = self.entries.remove(&oldest) {
                self.bytes -= f.text().len();
            }
        }
    }
}

/// Parses `text` as [`SourceFile::parse_until`] does, through the memo when it is on.
pub(crate) fn parse_until(
    language: Language,
    text: &str,
    limits: Limits,
    old: Option<&SourceFile>,
    deadline: Option<std::time::Instant>,
) -> Result<Arc<SourceFile>, Error> {
    let on = MEMO.lock().map(|m| m.is_some()).unwrap_or(false);
    if !on || text.len() > limits.max_bytes {
        return SourceFile::parse_until(language, text.to_string(), limits, old, deadline)
            .map(Arc::new);
    }
    let key: Key = (
        language,
        limits.max_bytes,
        Sha256::digest(text.as_bytes()).into(),
    );
    if let Ok(mut g) = MEMO.lock() {
        if let Some(m) = g.as_mut() {
            m.tick += 1;
            let tick = m.tick;
            if let Some((f, t)) = m.entries.get_mut(&key) {
                *t = tick;
                let f = f.clone();
                m.hits += 1;
                return Ok(f);
            }
        }
    }
    // Parsed outside the lock: other checks go on meanwhile.
    let file = Arc::new(SourceFile::parse_until(
        language,
        text.to_string(),
        limits,
        old,
        deadline,
    )?);
    if let Ok(mut g) = MEMO.lock() {
        if let Some(m) = g.as_mut() {
            m.misses += 1;
            if text.len() <= m.max_bytes && !m.entries.contains_key(&key) {
                m.tick += 1;
                let tick = m.tick;
                m.bytes += text.len();
                m.entries.insert(key, (file.clone(), tick));
                m.evict();
            }
        }
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    // One test: the memo is process-wide, and tests run in parallel.
    #[test]
    fn the_memo_serves_the_same_bytes_only_and_stays_bounded() {
        let limits = Limits::default();
        let a = "def f():\n    return 1\n";
        let b = "def f():\n    return 2\n";
        enable(a.len() + b.len());
        let before = stats();
        let fa = parse_until(Language::Python, a, limits, None, None).unwrap();
        let fa2 = parse_until(Language::Python, a, limits, None, None).unwrap();
        assert!(Arc::ptr_eq(&fa, &fa2));
        // Another text, another language, other limits: never the same entry.
        let fb = parse_until(Language::Python, b, limits, Some(&fa), None).unwrap();
        assert_eq!(fb.text(), b);
        let small = Limits { max_bytes: 1000 };
        let fa3 = parse_until(Language::Python, a, small, None, None).unwrap();
        assert!(!Arc::ptr_eq(&fa, &fa3));
        let s = stats();
        assert!(s.hits > before.hits);
        assert!(s.bytes <= a.len() + b.len(), "{s:?}");
        // Over the limit: parsed, not stored, and still refused as it would be.
        let big = "x = 1\n".repeat(10);
        assert!(matches!(
            parse_until(Language::Python, &big, Limits { max_bytes: 10 }, None, None),
            Err(Error::TooLarge { .. })
        ));
        disable();
        assert_eq!(stats(), MemoStats::default());
    }
}
