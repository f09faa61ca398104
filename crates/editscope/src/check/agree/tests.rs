use super::*;

#[test]
fn trivia_skips_whitespace_and_the_second_parsers_comments_only() {
    let text = "  /* a */ // b\n  code /* c */  \n";
    let comments = vec![2..9, 10..14, 22..29];
    let t = Trivia::new(text, &comments);
    assert_eq!(t.forward(0), 17);
    assert_eq!(t.backward(text.len()), 21);
    assert_eq!(t.span(0..text.len()), (17, 21));
    // Text the second parser does not call a comment is code, whatever it looks like.
    let t = Trivia::new(text, &[]);
    assert_eq!(t.forward(0), 2);
}

#[test]
fn line_map_follows_kept_lines_only() {
    let old = "a\nb\nc\nd\n";
    let new = "x\na\nb\nC\nd\n";
    let map = LineMap::new(old, new);
    assert_eq!(map.forward(0..3), Some(2..5));
    assert_eq!(map.forward(4..5), None);
    assert_eq!(map.backward(8..9), Some(6..7));
    assert_eq!(map.backward(0..1), None);
}

#[test]
fn line_of_counts_from_one() {
    assert_eq!(line_of("a\nb\n", 0), 1);
    assert_eq!(line_of("a\nb\n", 2), 2);
    assert_eq!(line_of("a\nb\n", 99), 3);
}

// The rule with readings written by hand (the outlines of the second parsers are tested with
// the parsers): what tree-sitter reads, plus what only the "compiler" reads.

use crate::check::{check, CheckOptions, Formatting, Grants, Status};
use crate::{Language, SourceFile};

/// A reading that agrees with tree-sitter's outside `skip`, with `extra` definitions, and the
/// top-level items `top` (byte ranges) where given, else the root's named children.
fn reading(file: &SourceFile, extra: &[Def], top: Option<Vec<Range<usize>>>) -> Outline {
    let mut defs: Vec<Def> = file
        .symbols()
        .iter()
        .map(|s| Def {
            extent: s.extent.range(),
            body: s.body.map(|b| b.range()),
            name: s.name.clone(),
        })
        .collect();
    defs.extend(extra.iter().cloned());
    let root = file.tree().root_node();
    let top_level = top.unwrap_or_else(|| {
        let mut c = root.walk();
        root.named_children(&mut c)
            .filter(|n| n.kind() != "comment")
            .map(|n| n.start_byte()..n.end_byte())
            .collect()
    });
    Outline {
        defs,
        imports: file.imports().iter().map(|(s, _)| s.range()).collect(),
        top_level,
        comments: vec![],
        masks: vec![],
        cuts: vec![],
    }
}

fn parse(language: Language, text: &str) -> SourceFile {
    SourceFile::parse(language, text).expect("parses")
}

fn at(text: &str, needle: &str) -> usize {
    text.find(needle).expect("needle in text")
}

fn verdict(
    before: SourceFile,
    after: SourceFile,
    grants: &Grants,
    allow_syntax_errors: bool,
) -> crate::check::Verdict {
    let options = CheckOptions {
        formatting: Formatting::Exact,
        allow_syntax_errors,
        ..CheckOptions::default()
    };
    check(&before, &after, grants, &options).expect("grants fit")
}

/// `helper = ]` stands for a statement only the compiler reads (tree-sitter makes it
/// an `ERROR` and no symbol), defining `helper`.
const HIDDEN: &str = "helper = ]";

fn hidden_reading(file: &SourceFile) -> Outline {
    let text = file.text();
    let h = at(text, HIDDEN);
    let hidden = Def {
        extent: h..h + HIDDEN.len(),
        body: None,
        name: "helper".into(),
    };
    let mut top: Vec<Range<usize>> = file
        .symbols()
        .iter()
        .filter(|s| s.parent.is_none())
        .map(|s| s.extent.range())
        .collect();
    top.push(hidden.extent.clone());
    top.sort_by_key(|r| r.start);
    reading(file, &[hidden], Some(top))
}

fn with_hidden(text: &str) -> SourceFile {
    let f = parse(Language::Python, text);
    assert!(!f.syntax_errors().is_empty(), "tree-sitter reads {text:?}");
    let h = at(text, HIDDEN);
    assert!(
        f.symbols()
            .iter()
            .all(|s| s.name != "helper" || s.extent.start_byte >= h + HIDDEN.len()),
        "tree-sitter knows `helper`"
    );
    let r = hidden_reading(&f);
    f.with_second(Some(Ok(r)))
}

#[test]
fn a_definition_only_the_compiler_reads_in_an_opaque_item_is_not_shadowed_by_an_addition() {
    // Python: the later `def helper` replaces the one tree-sitter cannot read.
    let before = format!("def run():\n    return helper()\n\n{HIDDEN}\n");
    let after = format!("{before}\n\ndef helper():\n    return 'evil'\n");
    let v = verdict(
        with_hidden(&before),
        with_hidden(&after),
        &Grants::new().add_top_level(),
        false,
    );
    assert_ne!(v.status, Status::Allowed, "{v:?}");
}

#[test]
fn a_definition_only_the_compiler_reads_in_an_opaque_item_is_not_rebound_from_a_body() {
    let before = format!("def run():\n    return helper()\n\n{HIDDEN}\n");
    let after = format!(
        "def run():\n    global helper\n    helper = 'evil'\n    return helper()\n\n{HIDDEN}\n"
    );
    let v = verdict(
        with_hidden(&before),
        with_hidden(&after),
        &Grants::new().body("run"),
        false,
    );
    assert_ne!(v.status, Status::Allowed, "{v:?}");
}

#[test]
fn an_opaque_item_whose_definitions_tree_sitter_knows_still_lets_other_bodies_change() {
    // tree-sitter reads `class Helper` (with an error in its bases): the rule applies.
    let item = "class Helper(]:\n    pass";
    let before = format!("def run():\n    return 1\n\n{item}\n");
    let after = format!("def run():\n    return 2\n\n{item}\n");
    let read = |text: &str| {
        let f = parse(Language::Python, text);
        assert!(!f.syntax_errors().is_empty());
        let h = at(text, item);
        let top = vec![0..at(text, "\n\n"), h..h + item.len()];
        let r = reading(&f, &[], Some(top));
        f.with_second(Some(Ok(r)))
    };
    let v = verdict(
        read(&before),
        read(&after),
        &Grants::new().body("run"),
        false,
    );
    assert_eq!(v.status, Status::Allowed, "{v:?}");
}

#[test]
fn allow_syntax_errors_does_not_skip_the_valid_file_rule_when_the_compiler_reads_both() {
    // The error lies in the granted function, so the valid-file rule does not hold (the
    // change touches the item tree-sitter cannot read); the compiler reads both versions, so
    // the file is not broken: tree-sitter's reading of that item is what cannot be trusted.
    let before = "def f():\n    x = (]\n    return 1\n";
    let after = "def f():\n    x = (]\n    return 2\n";
    let read = |text: &str| {
        let f = parse(Language::Python, text);
        assert!(!f.syntax_errors().is_empty());
        let r = reading(&f, &[], Some(std::iter::once(0..text.len() - 1).collect()));
        f.with_second(Some(Ok(r)))
    };
    let v = verdict(read(before), read(after), &Grants::new().body("f"), true);
    assert_eq!(v.status, Status::Unverifiable, "{v:?}");
    // The same file that the compiler refuses too: a broken file, checked as before.
    let refused = |text: &str| {
        parse(Language::Python, text).with_second(Some(Err(Refusal {
            byte: 17,
            message: "unexpected `]`".into(),
        })))
    };
    let v = verdict(
        refused(before),
        refused(after),
        &Grants::new().body("f"),
        true,
    );
    assert_eq!(v.status, Status::Unverifiable, "{v:?}");
    let outside = "def f():\n    x = (]\n    return 1\nY = 2\n";
    let v = verdict(
        refused(before),
        refused(outside),
        &Grants::new().body("f"),
        true,
    );
    assert_eq!(v.status, Status::Rejected, "{v:?}");
}

/// `~` in a `macro_rules!` token tree: tree-sitter-rust reports an error, rustc reads it.
const MACRO: &str = "macro_rules! m {\n    (~ $x:expr) => { $x };\n}";

/// A Rust file read by a "compiler" that agrees with tree-sitter and draws the top-level
/// items as tree-sitter's top-level symbols.
fn rust(text: &str) -> SourceFile {
    let f = parse(Language::Rust, text);
    let top = f
        .symbols()
        .iter()
        .filter(|s| s.parent.is_none())
        .map(|s| s.extent.range())
        .collect();
    let r = reading(&f, &[], Some(top));
    f.with_second(Some(Ok(r)))
}

#[test]
fn an_opaque_item_cannot_be_granted_changed_or_hidden_behind_on_its_line() {
    let before = format!("fn a() -> u32 {{\n    1\n}}\n\n{MACRO}\n\nfn b() -> u32 {{\n    2\n}}\n");
    assert!(!parse(Language::Rust, &before).syntax_errors().is_empty());
    // A body elsewhere: allowed.
    let inside = before.replace("    1\n", "    10\n");
    let v = verdict(
        rust(&before),
        rust(&inside),
        &Grants::new().body("a"),
        false,
    );
    assert_eq!(v.status, Status::Allowed, "{v:?}");
    // A new function after it, under `add`: allowed.
    let added = format!("{before}\nfn c() -> u32 {{\n    3\n}}\n");
    let v = verdict(
        rust(&before),
        rust(&added),
        &Grants::new().add_top_level(),
        false,
    );
    assert_eq!(v.status, Status::Allowed, "{v:?}");
    // Changing the item: a `macro_rules!` only declares, so under an `edit` grant on it the
    // whole item is granted (rule 6); without one, or under another grant, never allowed.
    let changed = before.replace("{ $x }", "{ $x + 1 }");
    let v = verdict(
        rust(&before),
        rust(&changed),
        &Grants::new().edit("m!"),
        false,
    );
    assert_eq!(v.status, Status::Allowed, "{v:?}");
    for grants in [Grants::new().body("a"), Grants::new().edit("a")] {
        let v = verdict(rust(&before), rust(&changed), &grants, false);
        assert_ne!(v.status, Status::Allowed, "{v:?}");
    }
    // Unchanged under an `edit` grant on it, with a change elsewhere: the grant covers the
    // unchanged item whole (rule 7), so allowed; a `body` grant cannot reach it.
    let v = verdict(
        rust(&before),
        rust(&inside),
        &Grants::new().edit("m!").body("a"),
        false,
    );
    assert_eq!(v.status, Status::Allowed, "{v:?}");
    // An addition on the item's own line changes that line: never allowed.
    let glued = before.replace("$x };\n}\n", "$x };\n} fn c() {}\n");
    let v = verdict(
        rust(&before),
        rust(&glued),
        &Grants::new().add_top_level(),
        false,
    );
    assert_ne!(v.status, Status::Allowed, "{v:?}");
    // Deleting it.
    let deleted = before.replace(&format!("{MACRO}\n\n"), "");
    let v = verdict(
        rust(&before),
        rust(&deleted),
        &Grants::new().delete("m!"),
        false,
    );
    assert_ne!(v.status, Status::Allowed, "{v:?}");
}

mod trivia_props {
    use super::super::Trivia;
    use proptest::prelude::*;
    use std::ops::Range;

    /// A text of code, spaces and comments, and the comments' ranges.
    fn texts() -> impl Strategy<Value = (String, Vec<Range<usize>>)> {
        prop::collection::vec((0u8..4, "[a-z]{1,3}"), 0..12).prop_map(|parts| {
            let (mut text, mut comments) = (String::new(), Vec::new());
            for (kind, word) in parts {
                match kind {
                    0 => text.push_str(&word),
                    1 => text.push_str([" ", "\n", "\t", "\r\n"][word.len() % 4]),
                    _ => {
                        let start = text.len();
                        text.push_str(&format!("/*{word}*/"));
                        comments.push(start..text.len());
                    }
                }
            }
            (text, comments)
        })
    }

    proptest! {
        /// Trivia skips only whitespace and whole comments of the second parser: the bytes it
        /// steps over, either way, are spaces or lie in a comment.
        #[test]
        fn trivia_skips_only_whitespace_and_comments((text, comments) in texts(), at in any::<usize>()) {
            let t = Trivia::new(&text, &comments);
            let at = at % (text.len() + 1);
            let skipped = |r: Range<usize>| {
                r.clone().all(|i| {
                    super::super::is_space(text.as_bytes()[i])
                        || comments.iter().any(|c| c.start <= i && i < c.end)
                })
            };
            let f = t.forward(at);
            prop_assert!(f >= at && skipped(at..f));
            prop_assert!(f == text.len() || !super::super::is_space(text.as_bytes()[f]));
            let b = t.backward(at);
            prop_assert!(b <= at && skipped(b..at));
            let (s, e) = t.span(0..at);
            prop_assert!(s <= e && e <= at.max(s));
            prop_assert!(skipped(0..s.min(at)));
        }
    }
}

#[test]
fn allowed_needs_both_versions_confirmed() {
    let before = "def a():\n    return 1\n\ndef b():\n    return 2\n";
    let after = "def a():\n    return 10\n\ndef b():\n    return 2\n";
    let agreeing = |text: &str| {
        let f = parse(Language::Python, text);
        let r = reading(&f, &[], None);
        f.with_second(Some(Ok(r)))
    };
    let refusing = |text: &str| {
        parse(Language::Python, text).with_second(Some(Err(Refusal {
            byte: 0,
            message: "no".into(),
        })))
    };
    // The compiler reads `b`'s body as ending early (a lone `\r` in a comment, say).
    let disagreeing = |text: &str| {
        let f = parse(Language::Python, text);
        let mut r = reading(&f, &[], None);
        for d in &mut r.defs {
            if d.name == "a" {
                d.body = d.body.clone().map(|b| b.start..b.end - 1);
            }
        }
        f.with_second(Some(Ok(r)))
    };
    let grants = Grants::new().body("a");
    let v = verdict(agreeing(before), agreeing(after), &grants, false);
    assert_eq!(v.status, Status::Allowed, "{v:?}");
    for (b, a, version) in [
        (
            refusing(before),
            agreeing(after),
            crate::check::Version::Before,
        ),
        (
            agreeing(before),
            refusing(after),
            crate::check::Version::After,
        ),
        (
            disagreeing(before),
            agreeing(after),
            crate::check::Version::Before,
        ),
        (
            agreeing(before),
            disagreeing(after),
            crate::check::Version::After,
        ),
    ] {
        let v = verdict(b, a, &grants, false);
        assert_eq!(v.status, Status::Unverifiable, "{v:?}");
        match v.unverifiable {
            Some(crate::check::Unverifiable::ParsersDisagree { version: got, .. }) => {
                assert_eq!(got, version)
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn spans_of_nothing_but_trivia_compare_by_the_code_before_them() {
    // A body that is only a docstring: one parser ends it after the docstring, the other
    // after the comments that follow (`email/errors.py`, click's tests).
    let text = "def f():\n    \"\"\"doc\"\"\"\n    # note\n\nx = 1\n";
    let doc_end = text.find("\"\"\"\n").unwrap() + 3;
    let comment = text.find('#').unwrap();
    let comment_end = comment + "# note".len();
    let t = Trivia::new(text, std::slice::from_ref(&(comment..comment_end)));
    assert_eq!(t.span(doc_end..doc_end), t.span(doc_end..comment_end));
    assert_eq!(t.span(doc_end..comment_end + 1), (doc_end, doc_end));
    // Code inside is never trivia.
    assert_ne!(t.span(doc_end..text.len()), t.span(doc_end..doc_end));
}

#[test]
fn a_body_only_the_compiler_draws_is_matched_by_extent_alone() {
    // tree-sitter's constant has no body; the second parser draws one (as for a generic arrow
    // function tree-sitter read as a type assertion): nothing is granted through it.
    let text = "const X: u8 = { 1 };\n";
    let f = parse(Language::Rust, text);
    assert!(f.symbols()[0].body.is_none());
    let mut r = reading(&f, &[], None);
    r.defs[0].body = Some(at(text, "{")..text.len() - 2);
    assert_eq!(compare(&f, &r, "test", &[]), Ok(()));
    // The other way round, a body only tree-sitter draws is a hole the compiler does not
    // confirm: a disagreement.
    let text = "fn f() { 1 }\n";
    let f = parse(Language::Rust, text);
    let mut r = reading(&f, &[], None);
    r.defs[0].body = None;
    assert!(compare(&f, &r, "test", &[]).is_err());
    // And a different body is still a disagreement.
    let mut r = reading(&f, &[], None);
    r.defs[0].body = Some(at(text, "1")..at(text, "1") + 1);
    assert!(compare(&f, &r, "test", &[]).is_err());
}

/// Rule 7: `m!` defined twice (once per `cfg`), the second with `~` tree-sitter cannot read.
const TWINS: &str = "#[cfg(doc)]\nmacro_rules! m {\n    ($x:expr) => { $x };\n}\n\n\
                     #[cfg(not(doc))]\nmacro_rules! m {\n    (~ $x:expr) => { $x };\n}\n";

#[test]
fn a_kept_declaration_tree_sitter_cannot_read_may_lie_in_its_edit_grant() {
    let after = TWINS.replacen("=> { $x }", "=> { ($x) }", 1);
    let (b, a) = (parse(Language::Rust, TWINS), parse(Language::Rust, &after));
    assert!(
        !b.syntax_errors().is_empty(),
        "the `~` is an error for tree-sitter"
    );
    crate::check::agree::read_both(&b, &a);
    let t = tolerate(&b, &a).expect("the valid-file rule applies");
    let second = at(TWINS, "#[cfg(not(doc))]");
    assert_eq!(t.kept.len(), 1, "{t:?}");
    assert_eq!(t.kept[0].0.start, second);
    assert_eq!(t.kept[0].2, "m!");
    let v = verdict(b, a, &Grants::new().edit("m!"), false);
    assert_eq!(v.status, crate::Status::Allowed, "{v:?}");
}

#[test]
fn a_changed_twin_tree_sitter_cannot_read_stays_unverifiable() {
    // The item tree-sitter cannot read changes: rule 6 wants the only symbol of its path,
    // rule 7 an unchanged item.
    let after = TWINS.replacen("(~ $x:expr) => { $x }", "(~ $x:expr) => { ($x) }", 1);
    let (b, a) = (parse(Language::Rust, TWINS), parse(Language::Rust, &after));
    let v = verdict(b, a, &Grants::new().edit("m!"), false);
    assert_eq!(v.status, crate::Status::Unverifiable, "{v:?}");
    // Unchanged, but no grant reaches it and another symbol's grant does not either.
    let with_f = format!("{TWINS}\nfn f() {{}}\n");
    let after = with_f.replacen("fn f() {}", "fn f() { 1; }", 1);
    let (b, a) = (
        parse(Language::Rust, &with_f),
        parse(Language::Rust, &after),
    );
    crate::check::agree::read_both(&b, &a);
    let t = tolerate(&b, &a).expect("applies");
    assert_eq!(t.kept.len(), 1);
    let v = verdict(b, a, &Grants::new().edit("f"), false);
    assert_eq!(v.status, crate::Status::Allowed, "{v:?}");
}
