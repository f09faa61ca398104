//! Text helpers the patch formats share: Python's notion of whitespace, which Aider and
//! Codex (both Python tools) use when they compare lines.

/// Python's `str.isspace` for one character (Rust's `char::is_whitespace` plus the
/// information separators U+001C to U+001F).
pub(crate) fn py_is_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's `str.strip()`.
pub(crate) fn py_strip(s: &str) -> &str {
    s.trim_matches(py_is_space)
}

/// Python's `str.rstrip()`.
pub(crate) fn py_rstrip(s: &str) -> &str {
    s.trim_end_matches(py_is_space)
}
