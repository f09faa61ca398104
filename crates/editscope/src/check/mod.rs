//! The scope check: does a change of one file stay inside its grants?

use std::collections::HashSet;
use std::fmt;
use std::time::Duration;

use serde::Serialize;

use crate::diff::{self, ChangeKind, FileDiff, LineRange, OutsideChange, SymbolChange};
use crate::error::Error;
use crate::second;
use crate::skeleton::{self, Piece, Region};
use crate::source::{Limits, SourceFile};
use crate::symbols::{SymbolKind, SyntaxError};
use crate::Language;

pub(crate) mod agree;
mod attributes;
pub(crate) mod bindings;
mod confirm;
mod explain;
mod focus;
mod grants;
mod on_demand;
mod overrides;
mod positional;
mod protocol;
mod rebind;
#[cfg(feature = "testing")]
mod reference;
mod resolution;
mod shadow;
mod shape;
mod test_blocks;
#[cfg(test)]
mod tests;
mod verdict;

use attributes::*;
use confirm::*;
use explain::*;
use positional::*;
use rebind::*;
use resolution::*;
use shadow::*;
use shape::*;

pub(crate) use focus::{added_marker, MarkerKind};
pub(crate) use grants::ambiguous as ambiguous_grant;
pub(crate) use grants::GrantIndex;
pub use grants::Grants;
#[cfg(feature = "testing")]
pub use reference::reference_allowed;
pub(crate) use test_blocks::{exclusive_markers, marker_violation};
pub use verdict::{Construct, Unverifiable, Version, Violation, ViolationKind};

/// How text outside the grants is compared.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Formatting {
    /// Byte for byte (the default).
    #[default]
    Exact,
    /// Tree for tree: whitespace and line breaks may change where the syntax tree stays the
    /// same; comments, string contents and layout that changes the parse (Python
    /// indentation, a TypeScript line break after `return`) may not.
    Tolerant,
}

/// Options of [`check`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOptions {
    /// How text outside the grants is compared.
    pub formatting: Formatting,
    /// Check a file whose `before` has syntax errors instead of calling it unverifiable.
    pub allow_syntax_errors: bool,
    /// Size limits.
    pub limits: Limits,
    /// Time one check may take (for [`check_changes`](crate::check_changes): the whole
    /// change set), parsing included. Past it the verdict is [`Status::Unverifiable`] with
    /// [`Unverifiable::BudgetExceeded`], never allowed. Default: [`CheckOptions::DEFAULT_BUDGET`];
    /// [`Duration::MAX`] for none.
    pub budget: Duration,
    /// Allow bidirectional control characters that the change adds (see
    /// [`ViolationKind::BidiControl`]). Default: `false`, they are rejected.
    pub allow_bidi: bool,
}

impl CheckOptions {
    /// The default [`CheckOptions::budget`]: 5 seconds.
    pub const DEFAULT_BUDGET: Duration = Duration::from_secs(5);
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            formatting: Formatting::default(),
            allow_syntax_errors: false,
            limits: Limits::default(),
            budget: CheckOptions::DEFAULT_BUDGET,
            allow_bidi: false,
        }
    }
}

pub(crate) use crate::budget::{Deadline, Exceeded};

/// The overall answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Every byte outside the grants is unchanged (or, in tolerant mode, changed only in
    /// whitespace).
    Allowed,
    /// At least one violation.
    Rejected,
    /// editscope cannot tell; see [`Verdict`]`::unverifiable`. Never treat as allowed.
    Unverifiable,
}

/// The answer for one file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verdict {
    /// Allowed, rejected or unverifiable.
    pub status: Status,
    /// Why it could not be verified, when `status` is `Unverifiable`.
    pub unverifiable: Option<Unverifiable>,
    /// Every rule the change broke (empty when allowed).
    pub violations: Vec<Violation>,
    /// Every symbol that changed, and how.
    pub changes: Vec<SymbolChange>,
    /// Changes outside any symbol.
    pub outside: Vec<OutsideChange>,
}

impl Verdict {
    /// Whether the change is allowed. Unverifiable is not allowed.
    pub fn is_allowed(&self) -> bool {
        self.status == Status::Allowed
    }

    fn unverifiable(reason: Unverifiable) -> Verdict {
        Verdict {
            status: Status::Unverifiable,
            unverifiable: Some(reason),
            violations: vec![],
            changes: vec![],
            outside: vec![],
        }
    }
}

/// Parses both versions (the second incrementally from the first) and checks the change.
/// Oversized input and a `before` with syntax errors give an unverifiable verdict, not an
/// error; an error means the grants do not fit the file.
///
/// ```
/// use editscope::{check_text, CheckOptions, Grants, Language, Status};
/// let before = "def a():\n    return 1\n\ndef b():\n    return 2\n";
/// let inside = "def a():\n    return 10\n\ndef b():\n    return 2\n";
/// let outside = "def a():\n    return 1\n\ndef b():\n    return 20\n";
/// let grants = Grants::new().body("a");
/// let opts = CheckOptions::default();
/// assert_eq!(check_text(Language::Python, before, inside, &grants, &opts)?.status, Status::Allowed);
/// let verdict = check_text(Language::Python, before, outside, &grants, &opts)?;
/// assert_eq!(verdict.status, Status::Rejected);
/// assert_eq!(verdict.violations[0].symbol.as_deref(), Some("b"));
/// # Ok::<(), editscope::Error>(())
/// ```
pub fn check_text(
    language: Language,
    before: &str,
    after: &str,
    grants: &Grants,
    options: &CheckOptions,
) -> Result<Verdict, Error> {
    check_text_until(
        language,
        before,
        after,
        grants,
        options,
        &Deadline::start(options.budget),
    )
}

/// [`check_text`] within `deadline`.
pub(crate) fn check_text_until(
    language: Language,
    before: &str,
    after: &str,
    grants: &Grants,
    options: &CheckOptions,
    deadline: &Deadline,
) -> Result<Verdict, Error> {
    if deadline.exceeded() {
        return Ok(Verdict::unverifiable(Unverifiable::spent(deadline)));
    }
    // The second parser's readings, started while tree-sitter parses (used only on the way
    // to *allowed*): `before`'s alone where `after`'s is spliced from it.
    let texts: &[&str] = if second::splices(language) {
        &[before]
    } else {
        &[before, after]
    };
    let _early = second::early(language, texts, options.limits.max_bytes);
    let parsed_before = match SourceFile::parse_until(
        language,
        before.to_string(),
        options.limits,
        None,
        deadline.instant(),
    ) {
        Ok(f) => f,
        Err(e) => return unverifiable_or(e, deadline),
    };
    let parsed_after = match SourceFile::parse_until(
        language,
        after.to_string(),
        options.limits,
        Some(&parsed_before),
        deadline.instant(),
    ) {
        Ok(f) => f,
        Err(e) => return unverifiable_or(e, deadline),
    };
    check_until(&parsed_before, &parsed_after, grants, options, deadline)
}

pub(crate) fn unverifiable_or(e: Error, deadline: &Deadline) -> Result<Verdict, Error> {
    match e {
        Error::TooLarge { size, limit } => Ok(Verdict::unverifiable(Unverifiable::TooLarge {
            size,
            limit,
        })),
        // A parse cancelled at the deadline.
        Error::ParseFailed if deadline.exceeded() => {
            Ok(Verdict::unverifiable(Unverifiable::spent(deadline)))
        }
        Error::ParseFailed => Ok(Verdict::unverifiable(Unverifiable::ParseFailed)),
        e => Err(e),
    }
}

/// The regions of one side that the definition takes out: granted extents and bodies
/// (holes), granted deletions (`before`) and granted additions (`after`).
pub(crate) fn regions<'a>(
    file: &'a SourceFile,
    other: &HashSet<&str>,
    grants: &GrantIndex<'_>,
    is_before: bool,
    unpaired: &[bool],
) -> Vec<Region<'a>> {
    let mut out = Vec::new();
    let len = file.text().len();
    for (i, s) in file.symbols().iter().enumerate() {
        let limit = s.parent.map_or(len, |p| file.symbols()[p].extent.end_byte);
        // One more (or one fewer) definition of an `edit`-granted path that still exists on
        // the other side (a Python redefinition, a new overload): part of editing it.
        if grants.edits(s)
            && unpaired.get(i).copied().unwrap_or(false)
            && other.contains(s.path.as_str())
        {
            out.push(Region {
                range: s.extent.range(),
                limit,
                hole: None,
            });
            continue;
        }
        if grants.edits(s) {
            out.push(Region {
                range: s.extent.range(),
                limit: len,
                hole: Some(s.path.as_str()),
            });
        } else if grants.bodies(s) {
            if let Some(body) = s.body {
                out.push(Region {
                    range: body.range(),
                    limit: len,
                    hole: Some(s.path.as_str()),
                });
            }
        }
        let gone = !other.contains(s.path.as_str());
        let removable = if is_before {
            gone && grants.deletes(s)
        } else {
            gone && grants.adds_into(file, s.parent)
        };
        if removable {
            let limit = s.parent.map_or(len, |p| file.symbols()[p].extent.end_byte);
            out.push(Region {
                range: s.extent.range(),
                limit,
                hole: None,
            });
        }
    }
    if grants.imports {
        for (span, parent) in module_level_imports(file) {
            let limit = parent.map_or(len, |p| file.symbols()[p].extent.end_byte);
            out.push(Region {
                range: span.range(),
                limit,
                hole: None,
            });
        }
    }
    skeleton::normalize(file.text(), out)
}

/// Which symbols of each side have no counterpart on the other, from [`diff::pair`].
fn unpaired(pairs: &[Option<usize>], after: &SourceFile) -> (Vec<bool>, Vec<bool>) {
    let mut paired_after = vec![false; after.symbols().len()];
    for a in pairs.iter().flatten() {
        paired_after[*a] = true;
    }
    (
        pairs.iter().map(Option::is_none).collect(),
        paired_after.iter().map(|p| !p).collect(),
    )
}

fn paths(file: &SourceFile) -> HashSet<&str> {
    file.symbols().iter().map(|s| s.path.as_str()).collect()
}

fn skeletons<'a>(
    file: &'a SourceFile,
    regions: &[Region<'a>],
    formatting: Formatting,
) -> Vec<Piece<'a>> {
    match formatting {
        Formatting::Exact => skeleton::lines(file.text(), regions),
        Formatting::Tolerant => {
            let profile = file
                .language()
                .profile()
                .expect("a parsed file's language is compiled in");
            let asi = file.language().is_ecmascript();
            skeleton::tokens(
                file.text(),
                file.tree(),
                |k| profile.is_opaque(k),
                regions,
                asi,
            )
        }
    }
}

/// Checks the change from `before` to `after` against `grants`.
///
/// The answer is defined by skeletons: replace every granted region (the extent for `edit`,
/// the body for `body`) in both versions by a placeholder naming its symbol, remove granted
/// deletions from `before` and granted additions from `after` (each with the blank lines
/// that separate it from its neighbours); the change is allowed iff the two skeletons are
/// identical (in [`Formatting::Tolerant`] mode: their syntax trees). On top of that, a
/// syntax error in `after` rejects, and one in `before` makes the change unverifiable unless
/// [`CheckOptions::allow_syntax_errors`].
pub fn check(
    before: &SourceFile,
    after: &SourceFile,
    grants: &Grants,
    options: &CheckOptions,
) -> Result<Verdict, Error> {
    check_until(
        before,
        after,
        grants,
        options,
        &Deadline::start(options.budget),
    )
}

/// [`check`] within `deadline`: past it, the verdict is unverifiable.
pub(crate) fn check_until(
    before: &SourceFile,
    after: &SourceFile,
    grants: &Grants,
    options: &CheckOptions,
    deadline: &Deadline,
) -> Result<Verdict, Error> {
    let spent = || Ok(Verdict::unverifiable(Unverifiable::spent(deadline)));
    if deadline.exceeded() {
        return spent();
    }
    // Text the compiler reads otherwise than tree-sitter (a Java unicode escape): neither
    // version's symbols can be trusted.
    if let Some(reason) = crate::lexical::refusal(before, after) {
        return Ok(Verdict::unverifiable(reason));
    }
    // tree-sitter syntax errors: where the second parser reads both versions and the errors
    // lie in unchanged items no grant touches, the file can still be checked (`opaque`).
    let mut opaque = agree::Tolerated::default();
    if !before.syntax_errors().is_empty() || !after.syntax_errors().is_empty() {
        agree::read_both(before, after);
        match agree::tolerate(before, after) {
            Ok(t) => opaque = t,
            Err(d) => {
                let reads = |f: &SourceFile| matches!(f.second(), Some(Ok(_)));
                // A syntax error can hide the very symbol a grant names: unverifiable comes
                // first.
                if !before.syntax_errors().is_empty() && !options.allow_syntax_errors {
                    return Ok(Verdict::unverifiable(if reads(before) {
                        disagree(before, Version::Before, d)
                    } else {
                        Unverifiable::BeforeHasSyntaxErrors {
                            errors: before.syntax_errors().to_vec(),
                        }
                    }));
                }
                // Errors in `after` that the compiler does not see: not a broken file, but
                // not one tree-sitter can check either.
                if !after.syntax_errors().is_empty() && reads(after) {
                    return Ok(Verdict::unverifiable(disagree(after, Version::After, d)));
                }
            }
        }
    }
    let errors_b: Vec<SyntaxError> = before
        .syntax_errors()
        .iter()
        .filter(|e| !opaque.contains(true, e.byte))
        .cloned()
        .collect();
    let errors_a: Vec<SyntaxError> = after
        .syntax_errors()
        .iter()
        .filter(|e| !opaque.contains(false, e.byte))
        .cloned()
        .collect();
    let grants = &grants.canonical(before.language());
    grants.validate(before)?;
    let grants = &GrantIndex::new(grants, before);
    let (paths_b, paths_a) = (paths(before), paths(after));
    // Pairing symbols across versions, once: for the regions, the shape rule and the diff.
    let pairs = diff::pair(before, after);
    let (unpaired_b, unpaired_a) = unpaired(&pairs, after);
    let regions_b = regions(before, &paths_a, grants, true, &unpaired_b);
    let regions_a = regions(after, &paths_b, grants, false, &unpaired_a);
    let sk_b = skeletons(before, &regions_b, options.formatting);
    let sk_a = skeletons(after, &regions_a, options.formatting);
    if deadline.exceeded() {
        return spent();
    }
    let shape = if skeleton::equal(&sk_b, &sk_a) {
        ungranted_keep_their_shape(
            before,
            after,
            &pairs,
            grants,
            (&regions_b, &regions_a),
            match options.formatting {
                Formatting::Exact => None,
                Formatting::Tolerant => Some((&sk_b, &sk_a)),
            },
            deadline,
        )
    } else {
        Ok(false)
    };
    let Ok(same) = shape else {
        return spent();
    };
    // Bidirectional controls the change adds: rejected anywhere, granted regions included.
    let bidi = if options.allow_bidi {
        Vec::new()
    } else {
        crate::bidi::added_in(Some(before.language()), before.text(), after.text())
    };
    let new_errors: Vec<SyntaxError> = if options.allow_syntax_errors && !errors_b.is_empty() {
        // Only errors that the change introduced count.
        errors_a
            .iter()
            .filter(|e| {
                !errors_b
                    .iter()
                    .any(|b| b.fragment == e.fragment && b.kind == e.kind)
            })
            .cloned()
            .collect()
    } else {
        errors_a
    };
    let file_diff = diff::diff_paired(before, after, &pairs, deadline);
    if deadline.exceeded() {
        return spent();
    }
    let mut rebound = rebindings(before, after, grants);
    // Inner attributes belong to the item, not to its body.
    rebound.extend(inner_attribute_changes(before, after, grants));
    // Test blocks: governing code, shared state, exclusive tests (`check/test_blocks.rs`).
    rebound.extend(test_blocks::test_block_changes(before, after, grants));
    // Protocol members added under `add` (`__bool__`, `then`, `constructor`: `check/protocol.rs`).
    rebound.extend(protocol::protocol_additions(before, after, grants));
    if deadline.exceeded() {
        return spent();
    }
    // Python that CPython reads differently from tree-sitter (indentation CPython refuses
    // or orders otherwise, a lone carriage return): a syntax error tree-sitter does not
    // report.
    let tab_error = match after.language() {
        Language::Python => crate::indent::python_divergence(before, after),
        _ => None,
    };
    let allowed = same
        && new_errors.is_empty()
        && bidi.is_empty()
        && tab_error.is_none()
        && rebound.is_empty();
    let mut violations: Vec<Violation> = bidi.into_iter().map(bidi_violation).collect();
    if let Some((line, why)) = tab_error {
        violations.push(Violation {
            changed_lines: Default::default(),
            kind: ViolationKind::SyntaxError,
            symbol: None,
            symbol_kind: None,
            before: None,
            after: Some(LineRange {
                start_line: line,
                end_line: line,
            }),
            message: format!("the change introduces a syntax error: {why}"),
        });
    }
    if !same || !new_errors.is_empty() || !rebound.is_empty() {
        for e in &new_errors {
            violations.push(Violation {
                changed_lines: Default::default(),
                kind: ViolationKind::SyntaxError,
                symbol: after
                    .innermost(e.byte..e.byte)
                    .map(|i| after.symbols()[i].path.clone()),
                symbol_kind: after
                    .innermost(e.byte..e.byte)
                    .map(|i| after.symbols()[i].kind),
                before: None,
                after: Some(LineRange {
                    start_line: e.line,
                    end_line: e.line,
                }),
                message: format!("the change introduces a syntax error: {e}"),
            });
        }
        // With a syntax error in `after`, error recovery makes its symbols unreliable: the
        // syntax errors are the violations.
        if !same && new_errors.is_empty() {
            // A symbol whose skeleton within its extent is unchanged changed only inside
            // granted regions (an import under `imports`, a granted child): not a violation.
            // Past the deadline it answers `true` at once (the verdict is then unverifiable,
            // below), so that explaining stays within the budget too.
            let same_within = |b: usize, a: usize| match options.formatting {
                _ if deadline.exceeded() => true,
                Formatting::Exact => {
                    let (rb, ra) = (before.symbols()[b].extent, after.symbols()[a].extent);
                    skeleton::reference_string_within(before.text(), &regions_b, rb.range())
                        == skeleton::reference_string_within(after.text(), &regions_a, ra.range())
                }
                Formatting::Tolerant => {
                    let (rb, ra) = (before.symbols()[b].extent, after.symbols()[a].extent);
                    skeleton::keys_within(&sk_b, rb.range())
                        .eq(skeleton::keys_within(&sk_a, ra.range()))
                }
            };
            explain(
                before,
                after,
                grants,
                options,
                &file_diff,
                (&paths_b, &paths_a),
                &same_within,
                &mut violations,
            );
            if deadline.exceeded() {
                return spent();
            }
        }
        if new_errors.is_empty() {
            // One pass over what is there (not one per rebinding: both can be as many as
            // the symbols).
            let mut there: HashSet<(ViolationKind, Option<String>)> = violations
                .iter()
                .map(|o| (o.kind, o.symbol.clone()))
                .collect();
            for v in rebound {
                if there.insert((v.kind, v.symbol.clone())) {
                    violations.push(v);
                }
            }
        }
        if !same
            && new_errors.is_empty()
            && !violations.iter().any(|v| {
                !matches!(
                    v.kind,
                    ViolationKind::SyntaxError | ViolationKind::BidiControl
                )
            })
        {
            violations.push(fallback(before, after, &sk_b, &sk_a, deadline));
        }
    }
    // "Allowed" requires the second parser's agreement on both versions, and no granted
    // region in an item tree-sitter cannot read.
    if allowed {
        if let Some(reason) = confirm(before, after, &opaque, (&regions_b, &regions_a)) {
            return Ok(Verdict::unverifiable(reason));
        }
        if deadline.exceeded() {
            return spent();
        }
    }
    let FileDiff {
        changes, outside, ..
    } = file_diff;
    // Only on the way to "rejected": the lines each violation changed.
    crate::ChangedLines::fill(&mut violations, Some(before.text()), Some(after.text()));
    Ok(Verdict {
        status: if allowed {
            Status::Allowed
        } else {
            Status::Rejected
        },
        unverifiable: None,
        violations,
        changes,
        outside,
    })
}
