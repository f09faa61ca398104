//! Bidirectional control characters ("Trojan Source", CVE-2021-42574): invisible
//! characters that make code display in another order than the compiler reads it.
//!
//! A change *adds* one when a line of `after` containing it is not an unchanged line of
//! `before` (lines matched as a multiset, each `before` line used once). A bidi control acts
//! only within its paragraph, which a line break ends, so a line kept byte for byte displays
//! as before; a control moved to another line, or a line it is on that changed, is new.

use std::collections::HashMap;

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

/// The lines of `after` with bidi controls that `before` does not have (see the module
/// docs). Linear in the input.
pub(crate) fn added(before: &str, after: &str) -> Vec<Found> {
    if !after.chars().any(is_bidi_control) {
        return Vec::new();
    }
    let mut old: HashMap<&str, usize> = HashMap::new();
    for line in before
        .split('\n')
        .filter(|l| l.chars().any(is_bidi_control))
    {
        *old.entry(line).or_default() += 1;
    }
    let mut out = Vec::new();
    for (i, line) in after.split('\n').enumerate() {
        if !line.chars().any(is_bidi_control) {
            continue;
        }
        match old.get_mut(line) {
            Some(n) if *n > 0 => *n -= 1,
            _ => {
                let mut chars: Vec<char> = Vec::new();
                for c in line.chars().filter(|c| is_bidi_control(*c)) {
                    if !chars.contains(&c) {
                        chars.push(c);
                    }
                }
                out.push(Found { line: i + 1, chars });
            }
        }
    }
    out
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

/// `text` with every bidi control (and other invisible format or control character except
/// tab and line breaks) written as `\u{XXXX}`, for showing source in diagnostics.
pub fn escape_invisible(text: &str) -> std::borrow::Cow<'_, str> {
    let hidden = |c: char| {
        is_bidi_control(c)
            || (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
            || matches!(
                c,
                '\u{200B}'..='\u{200D}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{00AD}'
            )
    };
    if !text.chars().any(hidden) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn added_lines_only() {
        let rlo = '\u{202E}';
        let before = format!("a\nb {rlo} c\nd\n");
        // Unchanged: nothing added.
        assert!(added(&before, &before).is_empty());
        // The same line elsewhere is still the one line: moved lines keep their display.
        let moved = format!("b {rlo} c\na\nd\n");
        assert!(added(&before, &moved).is_empty());
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
