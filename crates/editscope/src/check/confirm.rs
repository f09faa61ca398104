//! The second-parser confirmation of an *allowed* answer (crate docs, "Two parsers").

use super::*;

/// The unverifiable reason for a disagreement found in `version`.
pub(super) fn disagree(
    file: &SourceFile,
    version: Version,
    d: super::agree::Difference,
) -> Unverifiable {
    Unverifiable::ParsersDisagree {
        version,
        parser: second::name(file.language())
            .unwrap_or("the second parser")
            .to_string(),
        line: d.line,
        message: d.message,
    }
}

/// Confirms an *allowed* answer with the second parser (crate docs, "Two parsers"): `None`
/// when both versions agree and no granted region lies in an opaque item.
pub(super) fn confirm(
    before: &SourceFile,
    after: &SourceFile,
    opaque: &super::agree::Tolerated,
    (regions_b, regions_a): (&[Region<'_>], &[Region<'_>]),
) -> Option<Unverifiable> {
    super::agree::read_both(before, after);
    for (file, version, regions, is_before) in [
        (before, Version::Before, regions_b, true),
        (after, Version::After, regions_a, false),
    ] {
        // A granted region may reach an opaque item only as the `edit` region of the one
        // declaration-only symbol the item is (rules 6 and 7 of the valid-file rule).
        let overlapping = |r: &Region<'_>, t: &std::ops::Range<usize>| {
            r.range.start < t.end && t.start < r.range.end
        };
        let stray = regions.iter().find(|r| {
            opaque
                .items(is_before)
                .iter()
                .any(|t| overlapping(r, t) && !opaque.granted_whole(is_before, t, &r.range, r.hole))
        });
        let ungranted = opaque.changed.iter().find_map(|(b, a, _)| {
            let t = if is_before { b } else { a };
            (!regions
                .iter()
                .any(|r| opaque.granted_whole(is_before, t, &r.range, r.hole)))
            .then_some(t.start)
        });
        if let Some(at) = ungranted {
            let line = super::agree::line_of(file.text(), at);
            return Some(disagree(
                file,
                version,
                super::agree::Difference {
                    line,
                    message: format!(
                        "the change touches the item at line {line}, which tree-sitter cannot \
                         read, and no `edit` grant covers it whole"
                    ),
                },
            ));
        }
        if let Some(r) = stray {
            let line = super::agree::line_of(file.text(), r.range.start);
            return Some(disagree(
                file,
                version,
                super::agree::Difference {
                    line,
                    message: format!(
                        "a granted region at line {line} lies in an item tree-sitter cannot read"
                    ),
                },
            ));
        }
        let items = if is_before {
            &opaque.before
        } else {
            &opaque.after
        };
        if let Err(d) = super::agree::agree(file, items) {
            return Some(disagree(file, version, d));
        }
    }
    None
}
