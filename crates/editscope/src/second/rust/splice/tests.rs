use super::*;

fn whole(text: &str) -> Outline {
    match super::super::outline(text) {
        Some(Ok(o)) => o,
        other => panic!("not read: {other:?}\n{text}"),
    }
}

/// Splices `after` from `before`: whether it spliced; where it did, the splice must be the
/// whole reading of `after`.
fn spliced(before: &str, after: &str) -> bool {
    let old = whole(before);
    match splice(before, &old, after) {
        Some(s) => {
            assert_eq!(
                Some(Ok(s)),
                super::super::outline(after),
                "spliced differently:\n{before:?}\n->\n{after:?}"
            );
            true
        }
        None => false,
    }
}

fn plan_of(before: &str, after: &str) -> Option<Plan> {
    plan(before, &whole(before), after)
}

const FILE: &str = "//! Module docs.\n\
    use std::fmt;\n\
    \n\
    /// A.\n\
    #[derive(Debug)]\n\
    pub struct A {\n    x: u8,\n}\n\
    \n\
    impl A {\n    fn f(&self) -> u8 {\n        self.x + 1\n    }\n}\n\
    \n\
    macro_rules! m {\n    ($x:expr) => { $x };\n}\n\
    \n\
    /// B.\n\
    fn b() -> u8 {\n    m!(2)\n}\n\
    \n\
    const C: u8 = 3;\n";

#[test]
fn an_edit_in_a_body_reads_only_its_item() {
    let after = FILE.replace("self.x + 1", "self.x + 10");
    let plan = plan_of(FILE, &after).expect("a plan");
    // P ends with `struct A`'s `}`, S starts with `macro_rules!`.
    assert!(FILE[..plan.p].ends_with("    x: u8,\n}"), "{plan:?}");
    assert!(FILE[plan.s_old..].starts_with("macro_rules! m"), "{plan:?}");
    assert!(spliced(FILE, &after));
}

#[test]
fn items_added_removed_and_edited_at_either_end() {
    let cases = [
        // A new item between two others.
        FILE.replace("\nconst C", "\nfn added() {}\n\nconst C"),
        // An item removed.
        FILE.replace("/// B.\nfn b() -> u8 {\n    m!(2)\n}\n", ""),
        // The last item edited: no S.
        FILE.replace("= 3;", "= 4;"),
        // The first item edited: no P, read as a file (inner doc comment, `use`).
        FILE.replace("use std::fmt;", "use std::fmt::Write;"),
        // A doc comment of S's first item is S's first token.
        FILE.replace("/// B.\n", "/// B, changed.\n"),
        // A doc comment added right before S's item.
        FILE.replace("\n/// B.", "\n/// New.\n/// B."),
        // A `macro_rules!` body edited.
        FILE.replace("$x };", "$x + 1 };"),
    ];
    for after in cases {
        assert_ne!(after, FILE);
        assert!(spliced(FILE, &after), "not spliced:\n{after}");
    }
    // Nothing changed: the same reading.
    assert!(spliced(FILE, FILE));
}

#[test]
fn shebang_byte_order_mark_and_inner_attributes_are_kept() {
    let before = format!("\u{feff}#!/usr/bin/env run\n#![allow(dead_code)]\n{FILE}");
    let after = before.replace("self.x + 1", "self.x + 2");
    assert!(spliced(&before, &after));
    // An edit in the first item, with P empty: read as a file, shebang included.
    let after = before.replace("use std::fmt;", "use std::io;");
    assert!(spliced(&before, &after));
}

#[test]
fn a_refused_old_version_is_read_whole() {
    let before = "fn a() {}\nfn b() { let s = \"; }\n";
    let after = "fn a() {}\nfn b() { let s = \"\"; }\n";
    let refused = super::super::outline(before).expect("a reading");
    assert!(refused.is_err());
    let read = crate::second::read_after(crate::Language::Rust, before, Some(&refused), after);
    assert_eq!(read, super::super::outline(after));
}

#[test]
fn nothing_to_keep_is_not_spliced() {
    // One item: neither P nor S.
    let before = "fn a() { 1 }\n";
    assert_eq!(plan_of(before, "fn a() { 2 }\n"), None);
    // Only an item opened by `::` after the change: no S; and the change in the first item.
    let before = "fn a() { 1 }\n::m! {}\n";
    assert_eq!(plan_of(before, "fn a() { 2 }\n::m! {}\n"), None);
}

#[test]
fn a_shebang_read_differently_is_not_spliced() {
    // Whether `#!` starts a shebang line or an inner attribute depends on the first byte
    // after it that is not whitespace or a comment, read from `#!` on (as rustc reads it):
    // here, past P. Before, `/*` closes in the first line comment and `fn b` follows: a
    // shebang. After, one more `/*` in that comment makes the block comment close only in
    // the last line, right before `[`: `#!/* ... */[cfg(all())]` is an inner attribute, and
    // the file is that attribute and `fn c`.
    let before = "#!/*\nfn a() {}\n// */\nfn b() {}\n// */[cfg(all())] fn c() {}\n";
    let after = "#!/*\nfn a() {}\n// /* */\nfn b() {}\n// */[cfg(all())] fn c() {}\n";
    let names = |o: &Outline| o.defs.iter().map(|d| d.name.clone()).collect::<Vec<_>>();
    assert_eq!(names(&whole(before)), ["a", "b"]);
    assert_eq!(names(&whole(after)), ["c"]);
    // Cut after `fn a`, S from `fn b`: M' would read alone as a comment.
    assert_eq!(plan_of(before, after), None);
    assert!(!spliced(before, after));
}

#[test]
fn a_middle_that_does_not_read_alone_is_not_spliced() {
    let base = "fn a() {}\nfn b() { x }\nfn c() {}\n";
    for inserted in [
        "\"",       // an unterminated string
        "r#\"",     // an unterminated raw string
        "b\"",      // an unterminated byte string
        "/*",       // an unterminated block comment
        "/* /* */", // a nested one, still open
        "'",        // a lone quote
        "}",        // an unbalanced delimiter
        "#![allow(x)]",
    ] {
        let after = base.replace("{ x }", &format!("{{ x {inserted} }}"));
        assert!(!spliced(base, &after), "spliced with {inserted:?}");
    }
    // What opens in the middle and closes in S is read whole: the whole reading then sees
    // `fn c` inside a comment (or a string).
    for (open, close) in [("/*", "\"*/\""), ("\"", "'\"'"), ("r#\"", "\"\\\"#\"")] {
        let before = format!("fn a() {{}}\nfn b() {{ x }}\nfn c() {{ let s = {close}; }}\n");
        let after = before.replace("{ x }", &format!("{{ x }} {open}"));
        assert!(!spliced(&before, &after), "spliced with {open:?}");
    }
}

#[test]
fn a_byte_order_mark_starting_the_middle_is_not_spliced() {
    let before = "fn a() {}\nfn b() {}\nfn c() {}\n";
    let after = "fn a() {}\u{feff}\nfn b() { 1 }\nfn c() {}\n";
    let plan = plan_of(before, after).expect("a plan");
    assert!(after[plan.p..].starts_with('\u{feff}'));
    assert!(!spliced(before, after));
    assert!(matches!(super::super::outline(after), Some(Err(_))));
}

#[test]
fn a_middle_opened_by_a_path_after_a_brace_is_not_spliced() {
    let before = "fn a() {}\nfn b() {}\nfn c() {}\n";
    let after = "fn a() {}\n::m! {}\nfn c() {}\n";
    assert!(!spliced(before, after));
    // Not after a `;`, nor where `::` is not first.
    let after = "fn a() {}\nm! {}\nfn c() {}\n";
    assert!(spliced(before, after));
}

#[test]
fn a_middle_left_open_at_its_end_is_not_spliced() {
    let before = "fn a() {}\nfn b() {}\nfn c() {}\n";
    // A line comment that runs on into S: the whole reading has no `fn c`.
    let after = "fn a() {}\nfn b() {} // notefn c() {}\n";
    let plan = plan_of(before, after).expect("a plan");
    assert_eq!(&after[plan.p..plan.s_new], " // note");
    assert!(!spliced(before, after));
    // Trailing whitespace that is not a line feed: declined too (the rule asks for `\n`).
    let after = "fn a() {}\nfn b() { 1 } fn c() {}\n";
    assert!(!spliced(before, after));
    // Ending with the closing token, or with `\n`, or empty: spliced.
    assert!(spliced(before, "fn a() {}\nfn b() { 1 }fn c() {}\n"));
    assert!(spliced(
        before,
        "fn a() {}\nfn b() { 1 } // ok\nfn c() {}\n"
    ));
    assert!(spliced(before, "fn a() {}fn c() {}\n"));
}

#[test]
fn a_middle_ending_in_inner_attributes_is_not_spliced() {
    let before = "#![a]\nfn x() {}\nfn b() {}\n";
    let after = "#![a]\n#![c]\nfn b() {}\n";
    let plan = plan_of(before, after).expect("a plan");
    assert_eq!((plan.p, &after[..plan.s_new]), (0, "#![a]\n#![c]\n"));
    assert!(!spliced(before, after));
}

#[test]
fn ranges_across_a_cut_are_not_spliced() {
    let before = "fn a() {}\nfn b() {}\nfn c() {}\n";
    let after = "fn a() {}\nfn b() { 1 }\nfn c() {}\n";
    let mut old = whole(before);
    // A comment (made up) from `a` into `b`: not wholly in one part.
    old.comments.push(5..15);
    assert_eq!(splice(before, &old, after), None);
    let mut old = whole(before);
    old.cuts[0].range.end = 0;
    assert_eq!(splice(before, &old, after), None);
}

#[test]
fn carriage_returns_are_read_as_the_whole_reading_reads_them() {
    let before = "fn a() {}\r\nfn b() {}\r\nfn c() {}\r\n";
    for after in [
        "fn a() {}\r\nfn b() { 1 }\r\nfn c() {}\r\n",
        "fn a() {}\r\nfn b() {} // x\rfn c() {}\r\n",
        "fn a() {}\r\nfn b() {} /// x\r\nfn c() {}\r\n",
        "fn a() {}\r\nfn b() {}\r\n/// x\rfn c() {}\r\n",
        "fn a() {}\r\nfn b() { \"a\rb\" }\r\nfn c() {}\r\n",
    ] {
        let whole_ok = matches!(super::super::outline(after), Some(Ok(_)));
        let s = spliced(before, after);
        assert!(
            whole_ok || !s,
            "spliced a version the whole reading refuses: {after:?}"
        );
    }
}

#[test]
fn the_spliced_reading_splices_again() {
    let a1 = FILE.replace("self.x + 1", "self.x + 10");
    let a2 = a1.replace("m!(2)", "m!(20)");
    let r1 = splice(FILE, &whole(FILE), &a1).expect("spliced");
    let r2 = splice(&a1, &r1, &a2).expect("spliced");
    assert_eq!(r2, whole(&a2));
}

/// `&` types nested this deep, plus the `->` before them, are just under the bound on
/// prefixes in one statement ([`guard`](super::super::guard)).
fn deep_return(name: &str) -> String {
    format!("fn {name}() -> {}u8 {{ x }}\n", "&".repeat(4094))
}

#[test]
fn a_middle_opened_by_a_path_does_not_inherit_the_nesting_counts() {
    // After a `}`, `::` does not restart the guard's counts: in the whole file the `!` of
    // `::m!` is one prefix too many after `fn a`'s; read alone, `::m! {}` is fine.
    let a = deep_return("a");
    let before = format!("{a}fn b() {{}}\nfn c() {{}}\n");
    let after = format!("{a}::m! {{}}\nfn c() {{}}\n");
    assert!(super::super::outline(&before).is_some_and(|r| r.is_ok()));
    assert!(super::super::outline(&after).is_some_and(|r| r.is_err()));
    assert!(!spliced(&before, &after));
    // Where S would start with `::`, S starts later (here: nowhere).
    let before = "fn a() {}\nfn b() {}\n::m! {}\n".to_string();
    let after = format!("fn a() {{}}\n{}::m! {{}}\n", deep_return("b"));
    assert!(super::super::outline(&after).is_some_and(|r| r.is_err()));
    let plan = plan_of(&before, &after).expect("a plan");
    assert_eq!(plan.s_new, after.len());
    assert!(!spliced(&before, &after));
}
