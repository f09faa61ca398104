//! Names as the language sees them: one canonical spelling per identifier.
//!
//! Two definitions whose names differ byte for byte can still be one name to the compiler:
//! - Python applies NFKC to every identifier when it parses it (PEP 3131): `ｃreate_user`
//!   *is* `create_user`.
//! - ECMAScript compares identifiers by code points after decoding `\uXXXX` and `\u{X}`
//!   escapes (no Unicode normalisation): `cre\u0061te` is `create`. A class member named by a
//!   string literal (`"delete"() {}`, `["delete"]() {}`) has the string's value as its key.
//! - Rust reads `r#parse` as `parse` and normalises identifiers to NFC.
//! - JavaScript is ECMAScript (as TypeScript); Go and Java compare identifiers byte for byte.
//! - C# drops the `@` prefix (`@class` is `class`) and formatting characters (Cf).
//!
//! Symbol paths are built from canonical names, so pairing, redefinition detection, grants
//! and selectors all compare what the language compares. Paths are *reported* in canonical
//! form too (`ｃreate_user` is reported as `create_user`).

use std::borrow::Cow;

use unicode_normalization::UnicodeNormalization;

use crate::Language;

/// The canonical spelling of identifier text (or a symbol path made of identifiers, or a
/// selector pattern) in `language`. ASCII-only text without escapes is returned unchanged.
pub(crate) fn canonical(language: Language, name: &str) -> Cow<'_, str> {
    match language {
        Language::Python => nfkc(name),
        Language::Rust => {
            let stripped = strip_raw(name);
            match nfc(&stripped) {
                Cow::Borrowed(_) => stripped,
                Cow::Owned(s) => Cow::Owned(s),
            }
        }
        Language::TypeScript | Language::Tsx | Language::JavaScript => {
            if name.contains('\\') {
                Cow::Owned(decode_escapes(name).unwrap_or_else(|| name.to_string()))
            } else {
                Cow::Borrowed(name)
            }
        }
        // Go compares identifiers byte for byte (no escapes, no normalisation; format
        // characters are no identifier characters there, nor in Rust, whose identifiers are
        // XID: the compiler refuses them).
        Language::Go => Cow::Borrowed(name),
        Language::Java => java(name),
        Language::CSharp => csharp(name),
    }
}

/// C# (ECMA-334, "Identifiers"): two identifiers are the same after the `@` prefix is
/// removed, unicode escapes are decoded and formatting characters (category Cf) are
/// removed. A file with an escape outside literals and comments is refused before names
/// matter (`crate::lexical`), so only `@` and Cf remain: `@class` is `class`, `Na\u{200B}me`
/// (with a zero-width space) is `Name`.
fn csharp(name: &str) -> Cow<'_, str> {
    if name.is_ascii() && !name.contains('@') {
        return Cow::Borrowed(name);
    }
    let mut out = String::with_capacity(name.len());
    // Whether the next character starts an identifier (after a `.`, `<`, a space, ...).
    let mut start = true;
    for c in name.chars() {
        if c == '@' && start {
            continue;
        }
        if is_format_char(c) {
            continue;
        }
        start = !(c.is_alphanumeric() || c == '_');
        out.push(c);
    }
    Cow::Owned(out)
}

/// Java (JLS 3.8): javac compares identifiers after dropping the characters
/// `Character.isIdentifierIgnorable` names (U+0000-U+0008, U+000E-U+001B, U+007F-U+009F and
/// the format characters, category Cf), so `dele\u{200D}te` is `delete`. Its unicode escapes
/// are translated before that (a file whose escapes tree-sitter would read otherwise is
/// refused before names matter: `crate::lexical`).
fn java(name: &str) -> Cow<'_, str> {
    let ignorable =
        |c: char| matches!(c as u32, 0x0..=0x8 | 0xE..=0x1B | 0x7F..=0x9F) || is_format_char(c);
    if !name.chars().any(ignorable) {
        return Cow::Borrowed(name);
    }
    Cow::Owned(name.chars().filter(|c| !ignorable(*c)).collect())
}

/// Unicode general category Cf (format characters), as of Unicode 15.
fn is_format_char(c: char) -> bool {
    matches!(
        c as u32,
        0xAD | 0x600..=0x605
            | 0x61C
            | 0x6DD
            | 0x70F
            | 0x890..=0x891
            | 0x8E2
            | 0x180E
            | 0x200B..=0x200F
            | 0x202A..=0x202E
            | 0x2060..=0x2064
            | 0x2066..=0x206F
            | 0xFEFF
            | 0xFFF9..=0xFFFB
            | 0x110BD
            | 0x110CD
            | 0x13430..=0x1343F
            | 0x1BCA0..=0x1BCA3
            | 0x1D173..=0x1D17A
            | 0xE0001
            | 0xE0020..=0xE007F
    )
}

/// A selector pattern in canonical form: like [`canonical`], but wildcard characters and
/// separators the contract author typed stay what they are (NFKC maps `＊` to `*`; a
/// pattern segment is only normalised where the result has no ASCII punctuation that the
/// original did not have).
pub(crate) fn canonical_pattern(language: Language, pattern: &str) -> Cow<'_, str> {
    let normal = canonical(language, pattern);
    let punct = |s: &str| {
        s.chars()
            .filter(|c| c.is_ascii_punctuation() && *c != '_' && *c != '$')
            .collect::<String>()
    };
    if matches!(normal, Cow::Borrowed(_)) || punct(&normal) == punct(pattern) {
        normal
    } else {
        Cow::Borrowed(pattern)
    }
}

fn nfkc(name: &str) -> Cow<'_, str> {
    if name.is_ascii() {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(name.nfkc().collect())
    }
}

fn nfc(name: &str) -> Cow<'_, str> {
    if name.is_ascii() {
        Cow::Borrowed(name)
    } else {
        Cow::Owned(name.nfc().collect())
    }
}

/// `r#name` is `name` (a raw identifier), wherever an identifier starts in `text`.
fn strip_raw(text: &str) -> Cow<'_, str> {
    if !text.contains("r#") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut prev: Option<char> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let at_start = prev.is_none_or(|p| !(p.is_alphanumeric() || p == '_'));
        if c == 'r' && at_start && text[i + 1..].starts_with('#') {
            let next = text[i + 2..].chars().next();
            if next.is_some_and(|n| n.is_alphabetic() || n == '_') {
                chars.next(); // the `#`
                prev = Some('#');
                continue;
            }
        }
        out.push(c);
        prev = Some(c);
    }
    Cow::Owned(out)
}

/// Decodes ECMAScript `\uXXXX` and `\u{X...}` escapes; `None` if an escape is malformed.
fn decode_escapes(text: &str) -> Option<String> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('\\') {
        out.push_str(&rest[..at]);
        let after = rest[at + 1..].strip_prefix('u')?;
        let (hex, tail) = if let Some(braced) = after.strip_prefix('{') {
            let end = braced.find('}')?;
            (&braced[..end], &braced[end + 1..])
        } else {
            (after.get(..4)?, after.get(4..)?)
        };
        if hex.is_empty() || !hex.chars().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        out.push(char::from_u32(u32::from_str_radix(hex, 16).ok()?)?);
        rest = tail;
    }
    out.push_str(rest);
    Some(out)
}

/// The value of an ECMAScript string literal (quotes included in `literal`), when it is an
/// identifier name: `"delete"` and `'d\u0065lete'` are `delete`. `None` for anything else
/// (which then stays as written, quotes included).
pub(crate) fn string_key(literal: &str) -> Option<String> {
    let quote = literal.chars().next()?;
    if !(quote == '"' || quote == '\'') || literal.len() < 2 || !literal.ends_with(quote) {
        return None;
    }
    let inner = &literal[1..literal.len() - 1];
    let value = if inner.contains('\\') {
        decode_string(inner)?
    } else {
        inner.to_string()
    };
    if is_canonical_integer(&value) {
        return Some(value);
    }
    let mut chars = value.chars();
    let first = chars.next()?;
    let ident_start = |c: char| c.is_alphabetic() || c == '_' || c == '$';
    (ident_start(first) && chars.all(|c| ident_start(c) || c.is_alphanumeric())).then_some(value)
}

/// The name of a test block from its title literal as written, delimiters included (`'adds'`,
/// `"adds"`, `` `adds` ``): the title between double quotes, as it is spelled in the source
/// (escapes stay as written), with a `"` the literal holds unescaped escaped as `\"` and a
/// control character as `\u{..}`. `it('say "hi"', ...)` is `"say \"hi\""`, `it("a.b/c")` is
/// `"a.b/c"`. Both parsers name a test block through this one function, from the same bytes.
pub(crate) fn test_title(literal: &str) -> Option<String> {
    let mut chars = literal.chars();
    let open = chars.next()?;
    if !matches!(open, '"' | '\'' | '`') || !literal.ends_with(open) || literal.len() < 2 {
        return None;
    }
    let inner = &literal[open.len_utf8()..literal.len() - open.len_utf8()];
    let mut out = String::with_capacity(inner.len() + 2);
    out.push('"');
    let mut it = inner.chars();
    while let Some(c) = it.next() {
        match c {
            '\\' => {
                out.push('\\');
                match it.next() {
                    Some(n) if n.is_control() => out.push_str(&format!("u{{{:x}}}", n as u32)),
                    Some(n) => out.push(n),
                    None => return None,
                }
            }
            '"' => out.push_str("\\\""),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    Some(out)
}

/// `0` or a decimal integer without leading zeros: the property key a number literal of
/// that value has.
fn is_canonical_integer(s: &str) -> bool {
    s == "0"
        || (s.len() <= 15
            && s.starts_with(|c: char| ('1'..='9').contains(&c))
            && s.chars().all(|c| c.is_ascii_digit()))
}

/// The property key of an ECMAScript integer literal (`0x10`, `1_000`, `0o7`, `0b1`, `16`):
/// its decimal value, when it is an integer below 2^53; `None` otherwise (kept as written).
pub(crate) fn number_key(literal: &str) -> Option<String> {
    let digits: String = literal.chars().filter(|c| *c != '_').collect();
    let lower = digits.to_ascii_lowercase();
    let value = if let Some(h) = lower.strip_prefix("0x") {
        u64::from_str_radix(h, 16).ok()?
    } else if let Some(o) = lower.strip_prefix("0o") {
        u64::from_str_radix(o, 8).ok()?
    } else if let Some(b) = lower.strip_prefix("0b") {
        u64::from_str_radix(b, 2).ok()?
    } else if lower.chars().all(|c| c.is_ascii_digit()) && !lower.is_empty() {
        if lower.len() > 1 && lower.starts_with('0') {
            return None; // legacy octal: leave as written
        }
        lower.parse().ok()?
    } else {
        return None;
    };
    (value < (1u64 << 53)).then(|| value.to_string())
}

/// The string value of an ECMAScript string literal's text (between the quotes), as the
/// language defines it (sloppy mode, the most permissive): `\uXXXX` (surrogate pairs
/// joined), `\u{X}`, `\xHH`, `\b \f \n \r \t \v`, `\0`, legacy octal `\1`-`\377`,
/// `\8` and `\9`, a line continuation (`\` before a line break: nothing), and an identity
/// escape (`\d` is `d`). `None` when it is malformed or not a string of scalar values (a
/// lone surrogate), so the caller fails closed.
fn decode_string(inner: &str) -> Option<String> {
    let mut out = String::new();
    let chars: Vec<char> = inner.chars().collect();
    let mut i = 0;
    let hex = |s: &[char]| -> Option<u32> {
        if s.is_empty() || !s.iter().all(|c| c.is_ascii_hexdigit()) {
            return None;
        }
        u32::from_str_radix(&s.iter().collect::<String>(), 16).ok()
    };
    // One `\u` escape at `chars[at]` (just after the `u`): its code unit and length.
    let unicode = |at: usize| -> Option<(u32, usize)> {
        if chars.get(at) == Some(&'{') {
            let end = chars[at..].iter().position(|c| *c == '}')? + at;
            let v = hex(&chars[at + 1..end])?;
            (v <= 0x10FFFF).then_some((v, end + 1 - at))
        } else {
            Some((hex(chars.get(at..at + 4)?)?, 4))
        }
    };
    while i < chars.len() {
        let c = chars[i];
        i += 1;
        if c != '\\' {
            out.push(c);
            continue;
        }
        let e = *chars.get(i)?;
        i += 1;
        match e {
            'u' => {
                let (v, used) = unicode(i)?;
                i += used;
                let v = if (0xD800..0xDC00).contains(&v)
                    && chars.get(i) == Some(&'\\')
                    && chars.get(i + 1) == Some(&'u')
                {
                    match unicode(i + 2) {
                        Some((lo, used)) if (0xDC00..0xE000).contains(&lo) => {
                            i += 2 + used;
                            0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00)
                        }
                        _ => v,
                    }
                } else {
                    v
                };
                out.push(char::from_u32(v)?);
            }
            'x' => {
                let v = hex(chars.get(i..i + 2)?)?;
                i += 2;
                out.push(char::from_u32(v)?);
            }
            'b' => out.push('\u{8}'),
            'f' => out.push('\u{c}'),
            'n' => out.push('\n'),
            'r' => out.push('\r'),
            't' => out.push('\t'),
            'v' => out.push('\u{b}'),
            '0'..='7' => {
                // `\0`, or a legacy octal escape: up to three digits while below 256.
                let mut v = e.to_digit(8)?;
                let max = if e <= '3' { 2 } else { 1 };
                for _ in 0..max {
                    match chars.get(i).and_then(|d| d.to_digit(8)) {
                        Some(d) => {
                            v = v * 8 + d;
                            i += 1;
                        }
                        None => break,
                    }
                }
                out.push(char::from_u32(v)?);
            }
            // A line continuation: no character.
            '\r' => {
                if chars.get(i) == Some(&'\n') {
                    i += 1;
                }
            }
            '\n' | '\u{2028}' | '\u{2029}' => {}
            // An identity escape (also `\8`, `\9`): the character itself.
            other => out.push(other),
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_drops_identifier_ignorable_characters() {
        assert_eq!(canonical(Language::Java, "dele\u{200D}te"), "delete");
        assert_eq!(canonical(Language::Java, "A.\u{FEFF}b\u{7}c\u{85}"), "A.bc");
        assert!(matches!(
            canonical(Language::Java, "Main.delete"),
            Cow::Borrowed(_)
        ));
        // Go keeps every byte.
        assert_eq!(canonical(Language::Go, "dele\u{200D}te"), "dele\u{200D}te");
    }

    #[test]
    fn python_identifiers_are_nfkc() {
        assert_eq!(canonical(Language::Python, "ｃreate_user"), "create_user");
        assert_eq!(
            canonical(Language::Python, "ＵserService.create"),
            "UserService.create"
        );
        assert_eq!(canonical(Language::Python, "ﬁle"), "file");
        assert!(matches!(
            canonical(Language::Python, "plain"),
            Cow::Borrowed("plain")
        ));
    }

    #[test]
    fn ecmascript_escapes_are_decoded() {
        assert_eq!(canonical(Language::TypeScript, "cre\\u0061te"), "create");
        assert_eq!(canonical(Language::Tsx, "\\u{61}b"), "ab");
        assert_eq!(canonical(Language::TypeScript, "\\u{1F600}x"), "\u{1F600}x");
        // No normalisation: ECMAScript compares code points.
        assert_eq!(canonical(Language::TypeScript, "ｃ"), "ｃ");
        assert_eq!(string_key("\"delete\"").as_deref(), Some("delete"));
        assert_eq!(string_key("'d\\u0065lete'").as_deref(), Some("delete"));
        assert_eq!(string_key("'\\x64elete'").as_deref(), Some("delete"));
        assert_eq!(string_key("\"a b\""), None);
        assert_eq!(string_key("\"16\"").as_deref(), Some("16"));
        assert_eq!(string_key("\"016\""), None);
        assert_eq!(number_key("0x10").as_deref(), Some("16"));
        assert_eq!(number_key("1_6").as_deref(), Some("16"));
        assert_eq!(number_key("1.5"), None);
        assert_eq!(string_key("\"a.b\""), None);
        // Identity escapes and line continuations (the attack: `'\delete'() {}`).
        assert_eq!(string_key("'\\delete'").as_deref(), Some("delete"));
        assert_eq!(string_key("'del\\\nete'").as_deref(), Some("delete"));
        assert_eq!(string_key("'del\\\r\nete'").as_deref(), Some("delete"));
        assert_eq!(string_key("'\\u{64}elete'").as_deref(), Some("delete"));
        assert_eq!(string_key("'\\144elete'").as_deref(), Some("delete"));
        assert_eq!(
            string_key("'\\uD835\\uDC9Ca'").as_deref(),
            Some("\u{1D49C}a")
        );
        assert_eq!(string_key("'\\uD835'"), None);
        assert_eq!(string_key("'\\x6'"), None);
        assert_eq!(string_key("'a\\nb'"), None);
    }

    proptest::proptest! {
        /// Any spelling of an identifier name as an ECMAScript string literal (each character
        /// plain, `\uXXXX`, `\u{X}`, `\xHH`, an identity escape, or with a line continuation
        /// before it) has that name as its value.
        #[test]
        fn every_string_spelling_of_a_name_is_that_name(
            name in "[a-zA-Z_$][a-zA-Z0-9_$]{0,12}",
            how in proptest::collection::vec(0u8..6, 13),
        ) {
            let mut lit = String::from("'");
            for (c, h) in name.chars().zip(how.iter().cycle()) {
                match h {
                    1 => lit.push_str(&format!("\\u{:04x}", c as u32)),
                    2 => lit.push_str(&format!("\\u{{{:x}}}", c as u32)),
                    3 => lit.push_str(&format!("\\x{:02x}", c as u32)),
                    // Identity escape: not for the letters and digits with a meaning.
                    4 if !"bfnrtvux0123456789".contains(c) => {
                        lit.push('\\');
                        lit.push(c);
                    }
                    5 => {
                        lit.push_str("\\\n");
                        lit.push(c);
                    }
                    _ => lit.push(c),
                }
            }
            lit.push('\'');
            proptest::prop_assert_eq!(string_key(&lit), Some(name.clone()), "{}", lit);
        }
    }

    #[test]
    fn rust_raw_identifiers_are_plain() {
        assert_eq!(canonical(Language::Rust, "r#parse"), "parse");
        assert_eq!(
            canonical(Language::Rust, "<r#Foo as r#Bar>::r#type"),
            "<Foo as Bar>::type"
        );
        assert_eq!(canonical(Language::Rust, "bar#x"), "bar#x");
        // NFC: `e` + combining acute is `é`.
        assert_eq!(canonical(Language::Rust, "caf\u{65}\u{301}"), "caf\u{e9}");
    }

    #[test]
    fn patterns_keep_their_wildcards() {
        assert_eq!(canonical_pattern(Language::Python, "Ｕser*"), "User*");
        assert_eq!(canonical_pattern(Language::Python, "＊"), "＊");
    }
}
