//! Bidirectional control characters ("Trojan Source", CVE-2021-42574): invisible
//! characters that make code display in another order than the compiler reads it.
//!
//! A change *adds* one when a line of `after` containing it is not a line that a line diff
//! of `before` and `after` keeps in place. A bidi control acts only within its paragraph,
//! which a line break ends, so a line kept byte for byte displays as before; but a line
//! moved elsewhere (from a docstring into code) is read in another context, and a control
//! moved to another line, or a line it is on that changed, is new.

/// The characters rejected: the embeddings, overrides and isolates that rustc's
/// `text_direction_codepoint_in_literal` lint names (U+202A–U+202E, U+2066–U+2069), and the
/// implicit marks U+200E (LRM), U+200F (RLM) and U+061C (ALM), which reorder neutral
/// characters such as operators and punctuation.
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// One line of `after` with bidi controls the change added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// 1-based line in `after`.
    pub line: usize,
    /// The controls on it, in order, each once.
    pub chars: Vec<char>,
}

/// The lines of `after` with bidi controls that `before` does not have in the same place
/// (see the module docs): a line with a control counts as unchanged only where a line diff
/// of the two texts keeps it, so a line moved (out of a string or comment into code, say) is
/// added even though it displays as before. The diff skips the common prefix and suffix and
/// stops refining after half a second; a coarser diff keeps fewer lines, never more.
#[cfg(test)]
pub(crate) fn added(before: &str, after: &str) -> Vec<Found> {
    added_in(None, before, after)
}

/// [`added`], and for source code in `language` also by token: a control on a line the
/// diff keeps counts as unchanged only if the token holding it (a string literal, a comment)
/// is the same token, kind and text, in `before`. So a line kept in place while the lines
/// around it move it from a docstring or comment into code is added: its meaning changed
/// even though it displays as before. Both versions are parsed only when a control-bearing
/// line is kept (rare); text that does not parse keeps the line rule alone for `before`
/// tokens it cannot find, which counts the line as added.
pub(crate) fn added_in(language: Option<crate::Language>, before: &str, after: &str) -> Vec<Found> {
    if !after.chars().any(is_bidi_control) {
        return Vec::new();
    }
    let old: Vec<&str> = before.split('\n').collect();
    let new: Vec<&str> = after.split('\n').collect();
    let deadline = std::time::Instant::now() + std::time::Duration::from_millis(500);
    // For a kept line of `after`, its line in `before` (the diff's pairing).
    let mut old_line = vec![usize::MAX; new.len()];
    for op in
        similar::capture_diff_slices_deadline(similar::Algorithm::Myers, &old, &new, Some(deadline))
    {
        if let similar::DiffOp::Equal {
            old_index,
            new_index,
            len,
        } = op
        {
            for k in 0..len {
                old_line[new_index + k] = old_index + k;
            }
        }
    }
    let mut kept: Vec<bool> = old_line.iter().map(|&o| o != usize::MAX).collect();
    if let Some(language) = language {
        context_changed(language, before, after, &old, &new, &old_line, &mut kept);
    }
    let mut out = Vec::new();
    for (i, line) in new.iter().enumerate() {
        if kept[i] || !line.chars().any(is_bidi_control) {
            continue;
        }
        let mut chars: Vec<char> = Vec::new();
        for c in line.chars().filter(|c| is_bidi_control(*c)) {
            if !chars.contains(&c) {
                chars.push(c);
            }
        }
        out.push(Found { line: i + 1, chars });
    }
    out
}

/// Unmarks in `kept` every kept line of `after` holding a control whose token differs from
/// the token at the same place of its `before` line (see [`added_in`]).
fn context_changed(
    language: crate::Language,
    before: &str,
    after: &str,
    old: &[&str],
    new: &[&str],
    old_line: &[usize],
    kept: &mut [bool],
) {
    let candidates: Vec<usize> = (0..new.len())
        .filter(|&i| kept[i] && new[i].chars().any(is_bidi_control))
        .collect();
    if candidates.is_empty() {
        return;
    }
    let starts = |lines: &[&str]| -> Vec<usize> {
        let mut at = 0;
        lines
            .iter()
            .map(|l| {
                let s = at;
                at += l.len() + 1;
                s
            })
            .collect()
    };
    let (starts_b, starts_a) = (starts(old), starts(new));
    let (Ok(b), Ok(a)) = (
        crate::SourceFile::parse(language, before),
        crate::SourceFile::parse(language, after),
    ) else {
        for i in candidates {
            kept[i] = false;
        }
        return;
    };
    let leaf = |file: &crate::SourceFile, byte: usize| -> Option<(u16, std::ops::Range<usize>)> {
        let node = file
            .tree()
            .root_node()
            .descendant_for_byte_range(byte, byte + 1)?;
        Some((node.kind_id(), node.byte_range()))
    };
    for i in candidates {
        let (la, lb) = (starts_a[i], starts_b[old_line[i]]);
        let same = new[i]
            .char_indices()
            .filter(|(_, c)| is_bidi_control(*c))
            .all(|(off, _)| match (leaf(&a, la + off), leaf(&b, lb + off)) {
                (Some((ka, ra)), Some((kb, rb))) => {
                    ka == kb && a.text().get(ra) == b.text().get(rb)
                }
                _ => false,
            });
        if !same {
            kept[i] = false;
        }
    }
}

/// The violation's sentence, naming each character by its code point (never raw).
pub(crate) fn message(found: &Found) -> String {
    let names: Vec<String> = found
        .chars
        .iter()
        .map(|c| format!("U+{:04X} ({})", *c as u32, name(*c)))
        .collect();
    format!(
        "line {} adds the bidirectional control character{} {}, which can make code display differently from how it is read (Trojan Source); remove it or write it as an escape (`\\u{{{:04X}}}`), or allow it with `allow_bidi = true`",
        found.line,
        if names.len() == 1 { "" } else { "s" },
        names.join(", "),
        found.chars.first().map_or(0, |c| *c as u32),
    )
}

fn name(c: char) -> &'static str {
    match c {
        '\u{202A}' => "LEFT-TO-RIGHT EMBEDDING",
        '\u{202B}' => "RIGHT-TO-LEFT EMBEDDING",
        '\u{202C}' => "POP DIRECTIONAL FORMATTING",
        '\u{202D}' => "LEFT-TO-RIGHT OVERRIDE",
        '\u{202E}' => "RIGHT-TO-LEFT OVERRIDE",
        '\u{2066}' => "LEFT-TO-RIGHT ISOLATE",
        '\u{2067}' => "RIGHT-TO-LEFT ISOLATE",
        '\u{2068}' => "FIRST STRONG ISOLATE",
        '\u{2069}' => "POP DIRECTIONAL ISOLATE",
        '\u{200E}' => "LEFT-TO-RIGHT MARK",
        '\u{200F}' => "RIGHT-TO-LEFT MARK",
        '\u{061C}' => "ARABIC LETTER MARK",
        _ => "bidirectional control",
    }
}

/// Whether `c` is invisible or reorders what a terminal shows: a bidi control, a control
/// character (C0, DEL, C1), a zero-width or other invisible format character.
fn hidden(c: char) -> bool {
    is_bidi_control(c)
        || c.is_control()
        || matches!(
            c,
            '\u{200B}'..='\u{200D}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{2060}'..='\u{2064}'
                | '\u{180E}'
                | '\u{FEFF}'
                | '\u{00AD}'
        )
}

fn escape_with(text: &str, keep: impl Fn(char, Option<char>) -> bool) -> std::borrow::Cow<'_, str> {
    let mut chars = text.chars().peekable();
    let mut out: Option<String> = None;
    let mut at = 0;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        if hidden(c) && !keep(c, next) {
            let o = out.get_or_insert_with(|| {
                let mut o = String::with_capacity(text.len() + 16);
                o.push_str(&text[..at]);
                o
            });
            o.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else if let Some(o) = &mut out {
            o.push(c);
        }
        at += c.len_utf8();
    }
    match out {
        Some(o) => std::borrow::Cow::Owned(o),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// `text` with every bidi control, control character and invisible format character
/// written as `\u{XXXX}`, for showing source in diagnostics. Kept as they are: tab, line
/// feed, and a carriage return that ends a line (`\r\n`); a bare carriage return is
/// escaped, since a terminal would return to the line's start and overwrite what it showed.
pub fn escape_invisible(text: &str) -> std::borrow::Cow<'_, str> {
    escape_with(text, |c, next| {
        matches!(c, '\t' | '\n') || (c == '\r' && next == Some('\n'))
    })
}

/// `text` for one line of output (a file name, a symbol name, a message): as
/// [`escape_invisible`], and line breaks and tabs escaped too, so that a name holding a
/// newline cannot add a line of its own (a fake `allowed:`) to a report.
pub fn escape_line(text: &str) -> std::borrow::Cow<'_, str> {
    escape_with(text, |_, _| false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_control_and_invisible_character() {
        // Snippets: tab, line feed and a CRLF's CR kept; a bare CR, C0, DEL, C1, bidi and
        // zero-width characters escaped.
        assert_eq!(escape_invisible("a\tb\r\nc\n"), "a\tb\r\nc\n");
        assert_eq!(escape_invisible("x //\r4"), "x //\\u{000D}4");
        assert_eq!(escape_invisible("a\r"), "a\\u{000D}");
        for (c, hex) in [
            ('\u{1b}', "001B"),
            ('\u{7f}', "007F"),
            ('\u{85}', "0085"),
            ('\u{9b}', "009B"),
            ('\u{202E}', "202E"),
            ('\u{2066}', "2066"),
            ('\u{200B}', "200B"),
            ('\u{2060}', "2060"),
            ('\u{FEFF}', "FEFF"),
        ] {
            let shown = format!("a\\u{{{hex}}}b");
            assert_eq!(escape_invisible(&format!("a{c}b")), shown);
            assert_eq!(escape_line(&format!("a{c}b")), shown);
        }
        // One line: line breaks and tabs too.
        assert_eq!(
            escape_line("x\n\nallowed:\r\t"),
            "x\\u{000A}\\u{000A}allowed:\\u{000D}\\u{0009}"
        );
        assert!(matches!(
            escape_line("plain größe"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn added_lines_only() {
        let rlo = '\u{202E}';
        let before = format!("a\nb {rlo} c\nd\n");
        // Unchanged: nothing added.
        assert!(added(&before, &before).is_empty());
        // The same line moved past others is read in another context: added.
        let longer = format!("a\nb {rlo} c\nd\ne\nf\n");
        let moved = format!("a\nd\ne\nf\nb {rlo} c\n");
        assert_eq!(added(&longer, &moved).len(), 1);
        // Lines inserted around it leave it in place.
        let around = format!("a\nnew\nb {rlo} c\nd\nmore\n");
        assert!(added(&before, &around).is_empty());
        // A second copy is an addition.
        let twice = format!("a\nb {rlo} c\nb {rlo} c\nd\n");
        assert_eq!(added(&before, &twice).len(), 1);
        // Moved within its line: added.
        let shifted = format!("a\nb c {rlo}\nd\n");
        assert_eq!(
            added(&before, &shifted),
            vec![Found {
                line: 2,
                chars: vec![rlo]
            }]
        );
        // Every control of the family, and the marks.
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{2066}', '\u{2067}', '\u{2068}',
            '\u{2069}', '\u{200E}', '\u{200F}', '\u{061C}',
        ] {
            assert_eq!(
                added("x\n", &format!("x{c}\n")).len(),
                1,
                "{:04X}",
                c as u32
            );
        }
        assert!(
            added("x\n", "x\u{05D0}\n").is_empty(),
            "Hebrew letters are fine"
        );
    }

    #[test]
    fn message_names_code_points_never_raw() {
        let m = message(&Found {
            line: 3,
            chars: vec!['\u{202E}', '\u{2066}'],
        });
        assert!(m.contains("U+202E") && m.contains("U+2066"), "{m}");
        assert!(!m.chars().any(is_bidi_control));
        assert_eq!(escape_invisible("a\u{202E}b"), "a\\u{202E}b");
    }
}
