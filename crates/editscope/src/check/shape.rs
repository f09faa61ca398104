//! The second half of the definition: ungranted symbols keep their skeleton within their
//! extent; which symbols a grant covers.

use super::*;

/// The second half of the definition: every symbol that exists before and after and that no
/// grant covers (no `edit` on it or an ancestor, not inside the body of a body-granted
/// ancestor) has the same skeleton inside its extent. Without it, an addition could cut an
/// ungranted function in two while every byte stays where it was (Python parses an
/// unexpected indent without an error).
#[allow(clippy::too_many_arguments)]
pub(crate) fn ungranted_keep_their_shape(
    before: &SourceFile,
    after: &SourceFile,
    pairs: &[Option<usize>],
    grants: &GrantIndex<'_>,
    (regions_b, regions_a): (&[Region<'_>], &[Region<'_>]),
    tolerant: Option<(&[Piece<'_>], &[Piece<'_>])>,
    deadline: &Deadline,
) -> Result<bool, Exceeded> {
    // Near-linear: coverage in one pass, regions and tokens found by binary search.
    let covered = covered_flags(before, grants);
    for (b, a) in pairs.iter().enumerate() {
        if b % 256 == 0 {
            deadline.check()?;
        }
        let Some(a) = *a else { continue };
        let (sb, sa) = (&before.symbols()[b], &after.symbols()[a]);
        if covered[b] || before.text()[sb.extent.range()] == after.text()[sa.extent.range()] {
            continue;
        }
        let same = match tolerant {
            None => {
                skeleton::reference_string_within(before.text(), regions_b, sb.extent.range())
                    == skeleton::reference_string_within(after.text(), regions_a, sa.extent.range())
            }
            // The tolerant skeletons of the whole files, already built by the caller.
            Some((tb, ta)) => skeleton::keys_within(tb, sb.extent.range())
                .eq(skeleton::keys_within(ta, sa.extent.range())),
        };
        if !same {
            return Ok(false);
        }
    }
    Ok(true)
}

/// For every symbol of `file`: [`covered_by_ancestor`] with `include_self`, in one pass
/// (symbols come in document order, parents first).
pub(super) fn covered_flags(file: &SourceFile, grants: &GrantIndex<'_>) -> Vec<bool> {
    Coverage::of(file, grants).with_self
}

/// [`covered_by_ancestor`] for every symbol of a file, computed in one pass.
pub(super) struct Coverage {
    /// By a strict ancestor: edit-granted, or body-granted with the symbol in its body.
    by_ancestor: Vec<bool>,
    /// The same, or the symbol itself edit-granted.
    with_self: Vec<bool>,
}

impl Coverage {
    pub(super) fn of(file: &SourceFile, grants: &GrantIndex<'_>) -> Coverage {
        let symbols = file.symbols();
        let mut by_ancestor = vec![false; symbols.len()];
        let mut with_self = vec![false; symbols.len()];
        // Protected, or inside a protected symbol: never covered (protect wins over every
        // grant, an enclosing one included).
        let mut shielded = vec![false; symbols.len()];
        for (i, s) in symbols.iter().enumerate() {
            if grants.protects_any() {
                shielded[i] = grants.protects(s)
                    || match s.parent {
                        Some(p) if p < i => shielded[p],
                        Some(_) => protected_ancestor(file, grants, i),
                        None => false,
                    };
                if shielded[i] {
                    continue;
                }
            }
            if let Some(p) = s.parent.filter(|p| *p < i) {
                let ps = &symbols[p];
                by_ancestor[i] = by_ancestor[p]
                    || grants.edits(ps)
                    || (grants.bodies(ps) && ps.body.is_some_and(|b| b.contains(&s.extent)));
            } else if s.parent.is_some() {
                by_ancestor[i] = covered_by_ancestor(file, grants, i, false);
            }
            with_self[i] = by_ancestor[i] || grants.edits(s);
        }
        Coverage {
            by_ancestor,
            with_self,
        }
    }

    pub(super) fn covered(&self, i: usize, include_self: bool) -> bool {
        if include_self {
            self.with_self[i]
        } else {
            self.by_ancestor[i]
        }
    }
}

/// Whether symbol `i` of `file` or one of its ancestors is granted `edit`, or it lies inside
/// the body of a body-granted ancestor.
pub(super) fn covered_by_ancestor(
    file: &SourceFile,
    grants: &GrantIndex<'_>,
    i: usize,
    include_self: bool,
) -> bool {
    let symbols = file.symbols();
    let extent = symbols[i].extent;
    if grants.protects(&symbols[i]) || protected_ancestor(file, grants, i) {
        return false;
    }
    if include_self && grants.edits(&symbols[i]) {
        return true;
    }
    let mut at = symbols[i].parent;
    while let Some(p) = at {
        let s = &symbols[p];
        if grants.edits(s) || (grants.bodies(s) && s.body.is_some_and(|b| b.contains(&extent))) {
            return true;
        }
        at = s.parent;
    }
    false
}

/// Whether a strict ancestor of symbol `i` of `file` is protected ([`Grants::protect`]).
fn protected_ancestor(file: &SourceFile, grants: &GrantIndex<'_>, i: usize) -> bool {
    let symbols = file.symbols();
    let mut at = symbols[i].parent;
    while let Some(p) = at {
        if grants.protects(&symbols[p]) {
            return true;
        }
        at = symbols[p].parent;
    }
    false
}
