use super::*;

fn read_ok(text: &str) -> Outline {
    match outline(text) {
        Some(Ok(o)) => o,
        other => panic!("not read: {other:?}"),
    }
}

fn names(o: &Outline, text: &str) -> Vec<(String, String, Option<String>)> {
    let mut v: Vec<_> = o
        .defs
        .iter()
        .map(|d| {
            (
                d.name.clone(),
                text[d.extent.clone()].to_string(),
                d.body.clone().map(|b| text[b].to_string()),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn definitions_anywhere_with_attributes_and_docs() {
    let text = "/// d\n#[inline]\npub fn f() { fn g() {} let c = || { fn h() {} }; const { fn k() {} }; }\n\
        trait T { /// m\n fn m(&self); type A; const C: u8; }\n\
        extern \"C\" { fn e(); static S: u8; type O; }\n\
        impl T for () { type A = u8; const C: u8 = 1; fn m(&self) {} }\n\
        struct P(u8);\nstruct U;\nunion N { a: u8 }\nenum E { A }\nmod m;\nmod n { }\n\
        macro_rules! mr { () => {} }\nstatic X: u8 = 1;\ntype Y = u8;\n";
    let o = read_ok(text);
    let got = names(&o, text);
    let find = |n: &str| got.iter().find(|g| g.0 == n).cloned();
    assert_eq!(
        find("f").map(|f| (
            f.1.starts_with("/// d\n#[inline]\npub fn f()"),
            f.2.unwrap().starts_with("{ fn g")
        )),
        Some((true, true))
    );
    for n in [
        "g", "h", "k", "m", "A", "C", "e", "S", "O", "P", "U", "N", "E", "n", "mr!", "X", "Y", "T",
        "impl",
    ] {
        assert!(find(n).is_some(), "{n} missing: {got:?}");
    }
    assert_eq!(find("m").unwrap().1, "/// m\n fn m(&self);");
    assert_eq!(find("P").unwrap().2.as_deref(), Some("(u8)"));
    assert_eq!(find("U").unwrap().2, None);
    assert_eq!(find("n").unwrap().2.as_deref(), Some("{ }"));
    assert_eq!(o.top_level.len(), 13);
}

#[test]
fn imports_wherever_they_are_without_attributes() {
    let text = "#[cfg(x)]\npub use a::b;\nextern crate c;\nfn f() { use d::e; }\n";
    let o = read_ok(text);
    let got: Vec<&str> = o.imports.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(got, ["pub use a::b;", "extern crate c;", "use d::e;"]);
}

#[test]
fn byte_order_mark_shebang_and_inner_attributes_keep_offsets() {
    let text = "\u{feff}#!/usr/bin/env run\n#![allow(x)]\n// c\nfn f() {}\n";
    let o = read_ok(text);
    assert_eq!(&text[o.defs[0].extent.clone()], "fn f() {}");
    assert_eq!(&text[o.top_level[0].clone()], "#![allow(x)]");
    let comments: Vec<&str> = o.comments.iter().map(|r| &text[r.clone()]).collect();
    assert!(comments.contains(&"// c"), "{comments:?}");
    assert!(comments.contains(&"#!/usr/bin/env run"), "{comments:?}");
    // `#!` followed by `[` (past comments) is an inner attribute, not a shebang.
    let text = "#! /* x */ [allow(y)]\nfn f() {}\n";
    let o = read_ok(text);
    assert_eq!(&text[o.top_level[0].clone()], "#! /* x */ [allow(y)]");
    // Two byte order marks: rustc strips one.
    assert!(matches!(outline("\u{feff}\u{feff}fn f() {}"), Some(Err(_))));
}

#[test]
fn comments_are_what_the_lexer_skips() {
    let text = "fn f() /* a /* nested */ */ {} // b\r\nconst X: &str = \"// not\";\n";
    let o = read_ok(text);
    let comments: Vec<&str> = o.comments.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(comments, ["/* a /* nested */ */", "// b"]);
}

#[test]
fn syntax_errors_are_refusals() {
    assert!(matches!(outline("fn f( {}"), Some(Err(_))));
    assert!(matches!(outline("fn f() { \"unterminated }"), Some(Err(_))));
    // A bare carriage return in a doc comment is an error for rustc.
    assert!(matches!(outline("/// a\rb\nfn f() {}"), Some(Err(_))));
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    let n = 10_000;
    assert!(n > MAX_NEST);
    let cases = [
        format!("fn f() {{ {}1{} }}", "(".repeat(n), ")".repeat(n)),
        format!("fn f() {{ {}1{} }}", "[".repeat(n), "]".repeat(n)),
        format!("fn f() {{ {}{} }}", "{".repeat(n), "}".repeat(n)),
        format!("fn f() {{ {}x; }}", "!".repeat(n)),
        format!("fn f() {{ {}0; }}", "|_| ".repeat(n)),
        format!("type T = {}u8;", "&".repeat(n)),
        format!("type T = {}u8{};", "V<".repeat(n), ">".repeat(n)),
        format!("fn f() {{ let {}x = 1; }}", "&".repeat(n)),
        format!("fn f() {{ {}x; }}", "return ".repeat(n)),
        // Cheap per level, refused past the run of tokens.
        format!("fn f() {{ x{}; }}", "+x".repeat(4 * n)),
        format!("fn f() {{ x{}; }}", "+{0}".repeat(4 * n)),
        format!("fn f() {{ x{}; }}", ".a()".repeat(3 * n)),
        format!("fn f() {{ if a {{}}{} }}", " else if a {}".repeat(2 * n)),
        format!("fn f() {{ x{}; }}", " = x".repeat(4 * n)),
    ];
    for text in &cases {
        match outline(text) {
            Some(Err(r)) => assert!(r.message.contains("nested too deeply"), "{}", r.message),
            other => panic!("not refused: {other:?}"),
        }
    }
}

#[test]
fn chains_under_the_limit_do_not_overflow() {
    // Just under the bound, every shape that nests in syn's tree parses (or is refused by
    // syn) on the parsing thread's stack, in debug builds too.
    let n = MAX_NEST / 2 - 8;
    let r = MAX_RUN / 4 - 8;
    let cases = [
        format!("fn f() {{ {}x; }}", "!".repeat(n)),
        format!("type T = {}u8;", "&".repeat(n)),
        format!("fn f() {{ let {}x = 1; }}", "&".repeat(n)),
        format!("type T = {}u8{};", "V<".repeat(n), ">".repeat(n)),
        format!("fn f() {{ {}0; }}", "|_| ".repeat(n / 2)),
        format!("fn f() {{ {}x; }}", "return ".repeat(n)),
        format!("fn f() {{ {}x; }}", "- ".repeat(n)),
        format!("type T = {}u8;", "fn() -> ".repeat(n / 2)),
        format!("type T = {}u8;", "*const ".repeat(n / 2)),
        format!("fn f() {{ x{}; }}", "+x".repeat(r * 2)),
        format!("fn f() {{ x{}; }}", ".a()".repeat(r * 2)),
        format!("fn f() {{ if a {{}}{} }}", " else if a {}".repeat(r)),
        format!("fn f() {{ x{}; }}", " = x".repeat(r * 2)),
        format!("fn f() {{ x{}; }}", " as u8".repeat(r * 2)),
        format!("fn f() {{ x{}; }}", "?".repeat(r * 4)),
    ];
    for text in &cases {
        assert!(outline(text).is_some());
    }
    // Groups: just under the bound on nested groups.
    let g = MAX_NEST - 8;
    let text = format!("fn f() {{ {}1{} }}", "(".repeat(g), ")".repeat(g));
    assert!(matches!(outline(&text), Some(Ok(_))));
    // 3,000 nested functions (tests/hostile.rs) are read.
    let text = format!("{}let x = 1;{}", "fn f() {".repeat(3000), "}".repeat(3000));
    assert!(matches!(outline(&text), Some(Ok(o)) if o.defs.len() == 3000));
}

#[test]
fn long_files_of_short_statements_are_read() {
    let mut text = String::new();
    for i in 0..3000 {
        text.push_str(&format!(
            "#[test]\nfn f{i}() {{ let x = {i}; if x > 1 {{}} else {{}} }}\n"
        ));
    }
    text.push_str("fn g() {");
    for i in 0..3000 {
        text.push_str(&format!(
            " let y{i} = match a {{ A => {{}} B => {{}} }}; h(); {{ }} g(); "
        ));
    }
    text.push('}');
    assert!(matches!(outline(&text), Some(Ok(o)) if o.defs.len() == 3001));
}

#[test]
fn verbatim_items_are_read_as_tree_sitter_knows_them() {
    let text =
        "#[eii(x)]\npub(crate) fn f(a: u8) -> u8;\nconst C: u8;\npub static S: u8;\ntype T;\n\
        mod m { #[allow(unused)] pub use {::core::{self}, ::std::*}; }\nimpl X { fn g(&self); }\n";
    let o = read_ok(text);
    let got = names(&o, text);
    let extents: Vec<&str> = got.iter().map(|g| g.1.as_str()).collect();
    for e in [
        "#[eii(x)]\npub(crate) fn f(a: u8) -> u8;",
        "const C: u8;",
        "pub static S: u8;",
        "type T;",
        "fn g(&self);",
    ] {
        assert!(extents.contains(&e), "{e:?} missing from {extents:?}");
    }
    let imports: Vec<&str> = o.imports.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(imports, ["pub use {::core::{self}, ::std::*};"]);
}

/// Stack probe (run by hand): `EDITSCOPE_PROBE=shape:n cargo test -p editscope --lib probe -- --ignored`.
#[test]
#[ignore]
fn probe() {
    let Ok(spec) = std::env::var("EDITSCOPE_PROBE") else {
        return;
    };
    let (shape, n) = spec.split_once(':').unwrap();
    let n: usize = n.parse().unwrap();
    let text = match shape {
        "not" => format!("fn f() {{ {}x; }}", "!".repeat(n)),
        "plus" => format!("fn f() {{ x{}; }}", "+x".repeat(n)),
        "method" => format!("fn f() {{ x{}; }}", ".a()".repeat(n)),
        "elseif" => format!("fn f() {{ if a {{}}{} }}", " else if a {}".repeat(n)),
        "closure" => format!("fn f() {{ {}0; }}", "|_| ".repeat(n)),
        "generic" => format!("type T = {}u8{};", "V<".repeat(n), ">".repeat(n)),
        "assign" => format!("fn f() {{ x{}; }}", " = x".repeat(n)),
        "return" => format!("fn f() {{ {}x; }}", "return ".repeat(n)),
        "ref" => format!("type T = {}u8;", "&".repeat(n)),
        "orpat" => format!(
            "fn f() {{ match c {{ 'a'{} => {{}} }} }}",
            " | 'a'..='b'".repeat(n)
        ),
        "paren" => format!("fn f() {{ {}1{} }}", "(".repeat(n), ")".repeat(n)),
        "fnnest" => format!("{}let x = 1;{}", "fn f() {".repeat(n), "}".repeat(n)),
        "block" => format!("fn f() {{ {}{} }}", "{".repeat(n), "}".repeat(n)),
        "refparen" => format!("fn f() {{ {}x{} }}", "&(".repeat(n), ")".repeat(n)),
        "closureblock" => format!("fn f() {{ {}0{} }}", "|_| {".repeat(n), "}".repeat(n)),
        "array" => format!("fn f() {{ {}0{} }}", "[".repeat(n), "]".repeat(n)),
        _ => panic!("shape"),
    };
    let t = std::thread::Builder::new()
        .stack_size(STACK_BYTES)
        .spawn(move || {
            let ts = TokenStream::from_str(&text).unwrap();
            let file: syn::File = syn::parse2(ts).unwrap();
            let mut c = Collect {
                bytes: Bytes::new(&text, 0),
                out: Outline::default(),
            };
            c.visit_file(&file);
            drop(file);
        })
        .unwrap();
    t.join().unwrap();
    eprintln!("{shape}:{n} ok");
}

#[test]
fn line_and_column_give_the_lexers_byte_offsets() {
    // Non-ASCII lines, CRLF, a lone CR, tabs, multi-line tokens: every token's bytes as
    // `Span::byte_range` gives them.
    let text = "fn a() { let s = \"é\\n\u{1F600}\"; }\r\n// ü\rstruct B { x: u8 }\n\tconst C: &str = r#\"x\ny\"#; /* ß\n */ fn ö() {}\n";
    let t = std::thread::spawn(move || {
        let bytes = Bytes::new(text, 3);
        let ts = TokenStream::from_str(text).unwrap();
        let mut stack = vec![ts.into_iter()];
        let mut n = 0;
        while let Some(it) = stack.last_mut() {
            let Some(tt) = it.next() else {
                stack.pop();
                continue;
            };
            let span = tt.span();
            let want = span.byte_range();
            assert_eq!(bytes.range(span), want.start + 3..want.end + 3, "{tt}");
            n += 1;
            if let TokenTree::Group(g) = tt {
                stack.push(g.stream().into_iter());
            }
        }
        assert!(n > 20);
        proc_macro2::extra::invalidate_current_thread_spans();
    });
    t.join().unwrap();
}

#[test]
fn the_token_buffer_takes_the_deepest_nesting_the_count_lets_through() {
    // At most MAX_OPEN opening delimiters go straight to syn's token buffer, whose building
    // recurses once per nested group: that many nested groups must fit the parsing
    // thread's stack (in debug builds too), and the scan then refuses them.
    let n = MAX_OPEN - 2;
    let text = format!("fn f() {{ {}1{} }}", "(".repeat(n), ")".repeat(n));
    match outline(&text) {
        Some(Err(r)) => assert!(r.message.contains("nested too deeply"), "{}", r.message),
        other => panic!("not refused: {other:?}"),
    }
}

#[test]
fn deeper_nesting_is_refused_before_the_token_buffer() {
    // Past MAX_OPEN opening delimiters the groups' depth is scanned first: a million nested
    // groups would overflow the token buffer's recursion.
    let n = 1_000_000;
    let text = format!("fn f() {{ {}1{} }}", "[".repeat(n), "]".repeat(n));
    match outline(&text) {
        Some(Err(r)) => {
            assert!(
                r.message.contains("delimiters nested too deeply"),
                "{}",
                r.message
            );
            // The bracket that would open the MAX_NEST-th level (the file, the body, ...).
            assert_eq!(r.byte, "fn f() { ".len() + MAX_NEST - 2);
        }
        other => panic!("not refused: {other:?}"),
    }
    // Many delimiters, shallow (here in a comment): read as usual.
    let text = format!("// {}\nfn f() {{ (1) }}\n", "(".repeat(MAX_OPEN + 1));
    let o = read_ok(&text);
    assert_eq!(o.defs.len(), 1);
    assert_eq!(o.comments, vec![0..MAX_OPEN + 4]);
}

#[test]
fn parsing_threads_are_reused_and_give_the_same_readings() {
    let text = "/// doc\nfn a() { let x = (1, [2]); }\nstruct B { x: u8 }\n";
    let first = read_ok(text);
    for _ in 0..20 {
        assert_eq!(read_ok(text), first);
    }
    // At most MAX_IDLE threads wait between readings (others may be reading for other
    // tests at this moment, each on a thread of its own).
    assert!(idle().1.len() <= MAX_IDLE);
}

#[test]
fn an_early_reading_is_taken_only_for_the_same_bytes() {
    let text = "fn early_reading() { let x = 1; }\n";
    let other = "fn early_reading() { let x = 2; }\n";
    // Other tests may hold every parsing thread for a moment: retry until one is idle.
    let mut e = early(&[text]);
    for _ in 0..500 {
        if !e.0.is_empty() {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
        e = early(&[text]);
    }
    assert_eq!(e.0.len(), 1, "no parsing thread came free");
    assert!(take_early(other).is_none());
    assert!(take_early(&text[..text.len() - 1]).is_none());
    let rx = take_early(text).expect("the early reading of the same bytes");
    assert_eq!(Pending(Ok(rx)).wait(), Ok(read_ok(text)));
    // Taken once; and what nobody takes is forgotten with the `Early`.
    assert!(take_early(text).is_none());
    let e = early(&[other]);
    let started = !e.0.is_empty();
    drop(e);
    assert!(take_early(other).is_none(), "started: {started}");
}

#[test]
fn a_rejected_check_leaves_no_early_reading_behind() {
    use crate::{check_text, CheckOptions, Grants, Language, Status};
    let before = "fn left_behind() { let x = 1; }\nfn other() {}\n";
    let after = "fn left_behind() { let x = 1; }\nfn other() { g(); }\n";
    let v = check_text(
        Language::Rust,
        before,
        after,
        &Grants::new().body("left_behind"),
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(v.status, Status::Rejected);
    assert!(take_early(before).is_none());
    assert!(take_early(after).is_none());
    // And an allowed one took both readings.
    let v = check_text(
        Language::Rust,
        before,
        after,
        &Grants::new().body("other"),
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(v.status, Status::Allowed);
    assert!(take_early(before).is_none());
    assert!(take_early(after).is_none());
}

#[test]
fn named_fields_and_variants_with_their_attributes_and_comma() {
    let text = "struct S<T> where T: Copy {\n    /// d\n    #[serde(default)]\n    pub a: Vec<T>,\n    b: [u8; 2]\n}\n\
        union N { x: u8, y: (u16, u8), }\n\
        enum E { /// v\n A = 1 + 2, #[x] B(u8), C { r: f64 } }\n\
        struct P(u8, u16);\n";
    let o = read_ok(text);
    let got = names(&o, text);
    let find = |n: &str| got.iter().find(|g| g.0 == n).map(|g| g.1.clone());
    assert_eq!(
        find("a").as_deref(),
        Some("/// d\n    #[serde(default)]\n    pub a: Vec<T>,")
    );
    assert_eq!(find("b").as_deref(), Some("b: [u8; 2]"));
    assert_eq!(find("x").as_deref(), Some("x: u8,"));
    assert_eq!(find("y").as_deref(), Some("y: (u16, u8),"));
    assert_eq!(find("A").as_deref(), Some("/// v\n A = 1 + 2,"));
    assert_eq!(find("B").as_deref(), Some("#[x] B(u8),"));
    assert_eq!(find("C").as_deref(), Some("C { r: f64 }"));
    // Not definitions: a variant's fields, a tuple struct's.
    assert_eq!(find("r"), None);
    assert_eq!(got.len(), 11, "{got:?}");
}

#[test]
fn members_agree_with_tree_sitter_even_with_a_comment_before_the_comma() {
    use crate::{Language, SourceFile};
    let agree = |src: &str| {
        let file = SourceFile::parse(Language::Rust, src.to_string()).unwrap();
        crate::check::agree::agree(&file, &[])
    };
    for src in [
        "pub struct S { /// d\n #[a] pub(crate) a: u8 , b: Option<Box<dyn Fn() -> u8>> }\n",
        "enum E { A, B = 3 , C(u8,) , D { x: u8 }, }\nunion U { a: u8 }\n",
        "fn f() { struct Local { x: u8 } enum L { V } }\n",
        "struct S { a: [u8; { struct In { z: u8 } 3 }] }\n",
    ] {
        assert!(agree(src).is_ok(), "{src}: {:?}", agree(src));
    }
    // A comment between a field and its comma: neither parser gives the field the comma
    // (it is the struct's text then).
    let src = "struct S { a: u8 /* c */, b: u8 }\n";
    assert!(agree(src).is_ok());
    let file = SourceFile::parse(Language::Rust, src.to_string()).unwrap();
    let a = &file.symbols()[1];
    assert_eq!((a.path.as_str(), &src[a.extent.range()]), ("S.a", "a: u8"));
}
