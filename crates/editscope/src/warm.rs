//! The warm path: a baseline parsed once, checked against each new version at the cost of an
//! incremental reparse plus the comparison.
//!
//! [`WarmFile`] owns the parsed baseline (its tree, its symbols and, once read, its second
//! parser's reading) and the last versions parsed against it. [`WarmFile::check_edit`]
//! parses a new version incrementally from the closest of them (tree-sitter's `InputEdit`
//! from the common prefix and suffix of the bytes) and runs [`check`](crate::check) on the
//! pair: the verdict is the cold [`check_text`](crate::check_text)'s, on the same bytes.
//! [`WarmCache`] keeps one per path for [`check_changes_with`](crate::check_changes_with)
//! (the Python `Session` uses one).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::check::{check_until, unverifiable_or, CheckOptions, Deadline, Verdict};
use crate::error::Error;
use crate::source::{Limits, SourceFile};
use crate::{Grants, Language};

/// How many recent versions a [`WarmFile`] keeps parsed besides the baseline.
const RECENT: usize = 2;

/// A baseline parsed once, for checking many later versions of the same file against it.
///
/// ```
/// use editscope::{check_text, CheckOptions, Grants, Language, Status, WarmFile};
/// let before = "def a():\n    return 1\n\ndef b():\n    return 2\n";
/// let warm = WarmFile::new(Language::Python, before, Default::default())?;
/// let grants = Grants::new().body("a");
/// let opts = CheckOptions::default();
/// // Each check costs an incremental reparse of the new text plus the comparison.
/// let inside = "def a():\n    return 10\n\ndef b():\n    return 2\n";
/// assert_eq!(warm.check_edit(inside, &grants, &opts)?.status, Status::Allowed);
/// let outside = "def a():\n    return 10\n\ndef b():\n    return 20\n";
/// let verdict = warm.check_edit(outside, &grants, &opts)?;
/// assert_eq!(verdict, check_text(Language::Python, before, outside, &grants, &opts)?);
/// # Ok::<(), editscope::Error>(())
/// ```
///
/// The verdict of [`WarmFile::check_edit`] is the verdict of [`check_text`](crate::check_text)
/// on the baseline and the same text (a property test holds the two to it on random edits):
/// the new version is parsed incrementally from the most recent version parsed (the same
/// tree as a fresh parse), or, where the result has syntax errors or masked modifiers (where
/// error recovery could depend on the tree it started from), again from the baseline, as
/// [`check_text`](crate::check_text) parses it. The time budget
/// ([`CheckOptions::budget`]) counts from the call, so the baseline's parse is not in it.
///
/// `WarmFile` is `Send` and `Sync`: checks take `&self` and may run at once; the baseline
/// is shared, never reparsed.
#[derive(Debug)]
pub struct WarmFile {
    baseline: Arc<SourceFile>,
    /// Versions parsed recently, the most recent last (at most [`RECENT`]).
    recent: Mutex<Vec<Arc<SourceFile>>>,
}

impl WarmFile {
    /// Parses `baseline` as `language` (the file's version the later ones are checked
    /// against). Fails with [`Error::TooLarge`] above `limits.max_bytes`, and where
    /// tree-sitter gives up ([`Error::ParseFailed`]): [`check_text`](crate::check_text) then
    /// answers [`Status::Unverifiable`](crate::Status::Unverifiable).
    pub fn new(
        language: Language,
        baseline: impl Into<String>,
        limits: Limits,
    ) -> Result<WarmFile, Error> {
        Ok(Self::from_parsed(SourceFile::parse_with_limits(
            language,
            baseline.into(),
            limits,
        )?))
    }

    /// A warm file whose baseline is `baseline`, already parsed.
    pub fn from_parsed(baseline: SourceFile) -> WarmFile {
        WarmFile {
            baseline: Arc::new(baseline),
            recent: Mutex::new(Vec::new()),
        }
    }

    /// The parsed baseline.
    pub fn baseline(&self) -> &SourceFile {
        &self.baseline
    }

    /// Reads the baseline with the second parser now (it is read on the first check that
    /// gets to *allowed* otherwise), so that the first check costs what the later ones do.
    pub fn prepare(&self) {
        let _ = self.baseline.second();
    }

    /// `text` parsed as a version of the baseline: incrementally from the most recent
    /// version parsed, or taken as it is when it is one of them (the baseline included).
    pub fn parse(&self, text: &str, limits: Limits) -> Result<Arc<SourceFile>, Error> {
        self.parse_until(text, limits, None)
    }

    pub(crate) fn parse_until(
        &self,
        text: &str,
        limits: Limits,
        deadline: Option<std::time::Instant>,
    ) -> Result<Arc<SourceFile>, Error> {
        let language = self.baseline.language();
        if text.len() > limits.max_bytes {
            return Err(Error::TooLarge {
                size: text.len(),
                limit: limits.max_bytes,
            });
        }
        let from = {
            let recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(hit) = recent.iter().rev().find(|f| f.text() == text) {
                return Ok(Arc::clone(hit));
            }
            recent.last().cloned()
        };
        if self.baseline.text() == text {
            return Ok(Arc::clone(&self.baseline));
        }
        let from = from.unwrap_or_else(|| Arc::clone(&self.baseline));
        let mut parsed =
            SourceFile::parse_until(language, text.to_string(), limits, Some(&from), deadline)?;
        // Where error recovery ran (or modifiers were masked), the tree could depend on the
        // tree it started from: parsed again as the cold check parses it, from the baseline.
        let recovered = parsed.tree().root_node().has_error()
            || !parsed.syntax_errors().is_empty()
            || !parsed.masked().is_empty();
        if recovered && !Arc::ptr_eq(&from, &self.baseline) {
            parsed = SourceFile::parse_until(
                language,
                text.to_string(),
                limits,
                Some(&self.baseline),
                deadline,
            )?;
        }
        let parsed = Arc::new(parsed);
        let mut recent = self.recent.lock().unwrap_or_else(|e| e.into_inner());
        recent.push(Arc::clone(&parsed));
        if recent.len() > RECENT {
            recent.remove(0);
        }
        Ok(parsed)
    }

    /// Checks the change from the baseline to `after` against `grants`: the verdict of
    /// [`check_text`](crate::check_text)`(language, baseline, after, grants, options)`, for
    /// an incremental reparse of `after` plus the comparison.
    pub fn check_edit(
        &self,
        after: &str,
        grants: &Grants,
        options: &CheckOptions,
    ) -> Result<Verdict, Error> {
        let deadline = Deadline::start(options.budget);
        self.check_until(after, grants, options, &deadline)
    }

    pub(crate) fn check_until(
        &self,
        after: &str,
        grants: &Grants,
        options: &CheckOptions,
        deadline: &Deadline,
    ) -> Result<Verdict, Error> {
        let before = self.baseline.text();
        // As `check_text` would parse it: the baseline under these limits first.
        if deadline.exceeded() || before.len() > options.limits.max_bytes {
            return crate::check::check_text_until(
                self.baseline.language(),
                before,
                after,
                grants,
                options,
                deadline,
            );
        }
        // The second parser's reading, started while tree-sitter parses: of the baseline
        // where it is not read yet and `after`'s is spliced from it, else of `after`.
        let language = self.baseline.language();
        let early: &[&str] = match (
            crate::second::splices(language),
            self.baseline.second_unread(),
        ) {
            (true, true) => &[before],
            (true, false) => &[],
            (false, _) => &[after],
        };
        let _early = crate::second::early(language, early, options.limits.max_bytes);
        let parsed = match self.parse_until(after, options.limits, deadline.instant()) {
            Ok(f) => f,
            Err(e) => return unverifiable_or(e, deadline),
        };
        check_until(&self.baseline, &parsed, grants, options, deadline)
    }
}

/// Warm files by path, for checks of change sets against the same baselines
/// ([`CheckChangesOptions::warm`](crate::CheckChangesOptions::warm)): the first check of a
/// path parses its `before`; later checks with the same `before` text reuse it (a different
/// `before` replaces it). `Send` and `Sync`.
#[derive(Debug, Default)]
pub struct WarmCache {
    files: Mutex<HashMap<(String, Language), Arc<WarmFile>>>,
}

impl WarmCache {
    /// An empty cache.
    pub fn new() -> WarmCache {
        WarmCache::default()
    }

    /// How many files it holds.
    pub fn len(&self) -> usize {
        self.files.lock().map_or(0, |m| m.len())
    }

    /// Whether it holds none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The warm file for `path` with baseline `before`, parsed (within `deadline`) when
    /// the cache has none with exactly these bytes.
    pub(crate) fn get(
        &self,
        path: &str,
        language: Language,
        before: &str,
        limits: Limits,
        deadline: Option<std::time::Instant>,
    ) -> Result<Arc<WarmFile>, Error> {
        let key = (path.to_string(), language);
        if let Some(w) = self
            .files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            if w.baseline.text() == before {
                return Ok(Arc::clone(w));
            }
        }
        let parsed = SourceFile::parse_until(language, before.to_string(), limits, None, deadline)?;
        let w = Arc::new(WarmFile::from_parsed(parsed));
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, Arc::clone(&w));
        Ok(w)
    }
}
