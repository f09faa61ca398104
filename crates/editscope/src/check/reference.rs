//! The reference definition, for tests (cargo feature `testing`).

use super::*;

/// The verdict straight from the definition, without the fast path: fresh parses, skeletons
/// as strings with `\0label\0` placeholders. Exact mode only; for tests. `None` is
/// unverifiable: a syntax error in `before`, text the compiler reads otherwise
/// (`crate::lexical`), or the second parser not confirming (crate docs, "Two parsers"). Only with the cargo feature `testing`.
#[doc(hidden)]
pub fn reference_allowed(
    language: Language,
    before: &str,
    after: &str,
    grants: &Grants,
) -> Result<Option<bool>, Error> {
    let b = SourceFile::parse(language, before)?;
    let a = SourceFile::parse(language, after)?;
    if crate::lexical::refusal(&b, &a).is_some() {
        return Ok(None);
    }
    let mut opaque = crate::check::agree::Tolerated::default();
    if !b.syntax_errors().is_empty() || !a.syntax_errors().is_empty() {
        match crate::check::agree::tolerate(&b, &a) {
            Ok(t) => opaque = t,
            Err(_) if !b.syntax_errors().is_empty() => return Ok(None),
            Err(_) if matches!(a.second(), Some(Ok(_))) => return Ok(None),
            Err(_) => return Ok(Some(false)),
        }
    }
    let grants = &grants.canonical(language);
    grants.validate(&b)?;
    let grants = &GrantIndex::new(grants, &b);
    let tab_error =
        language == Language::Python && crate::indent::python_divergence(&b, &a).is_some();
    if a.syntax_errors()
        .iter()
        .any(|e| !opaque.contains(false, e.byte))
        || tab_error
        || !crate::bidi::added_in(Some(language), before, after).is_empty()
    {
        return Ok(Some(false));
    }
    let pairs = diff::pair(&b, &a);
    let (unpaired_b, unpaired_a) = unpaired(&pairs, &a);
    let rb = regions(&b, &paths(&a), grants, true, &unpaired_b);
    let ra = regions(&a, &paths(&b), grants, false, &unpaired_a);
    let unbounded = Deadline::start(Duration::MAX);
    let allowed = skeleton::reference_string(b.text(), &rb)
        == skeleton::reference_string(a.text(), &ra)
        && ungranted_keep_their_shape(&b, &a, &pairs, grants, (&rb, &ra), None, &unbounded)
            .unwrap_or(false)
        && rebindings(&b, &a, grants).is_empty()
        && inner_attribute_changes(&b, &a, grants).is_empty()
        && test_blocks::test_block_changes(&b, &a, grants).is_empty()
        && protocol::protocol_additions(&b, &a, grants).is_empty();
    if allowed && confirm(&b, &a, &opaque, (&rb, &ra)).is_some() {
        return Ok(None);
    }
    Ok(Some(allowed))
}
