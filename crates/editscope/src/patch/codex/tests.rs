use super::*;

fn patch(body: &str) -> String {
    format!("*** Begin Patch\n{body}\n*** End Patch\n")
}

fn chunks_of(p: &FilePatch) -> &Chunks {
    match &p.action {
        Action::Update {
            edit: Some(Edit::Codex(c)),
            ..
        } => c,
        other => panic!("not a Codex update: {other:?}"),
    }
}

/// Parses `body` (one Update File) and applies it to `current`.
fn update(body: &str, current: &str) -> Result<String, PatchError> {
    let patches = parse(&patch(&format!("*** Update File: f\n{body}"))).unwrap();
    assert_eq!(patches.len(), 1);
    chunks_of(&patches[0]).apply(current)
}

#[test]
fn add_delete_update_and_move() {
    let text = patch(
        "*** Add File: a/new.txt\n+one\n+\n+two\n*** Delete File: old.txt\n*** Update File: src/x.py\n*** Move to: src/y.py\n@@ def f():\n-    pass\n+    return 1",
    );
    let p = parse(&text).unwrap();
    assert_eq!(p.len(), 3);
    assert_eq!((p[0].path.as_str(), p[0].line), ("a/new.txt", 2));
    assert_eq!(
        p[0].action,
        Action::Create {
            content: "one\n\ntwo\n".into()
        }
    );
    assert_eq!(
        (p[1].path.as_str(), p[1].line, &p[1].action),
        ("old.txt", 6, &Action::Delete)
    );
    assert_eq!((p[2].path.as_str(), p[2].line), ("src/x.py", 7));
    let Action::Update { move_to, .. } = &p[2].action else {
        panic!()
    };
    assert_eq!(move_to.as_deref(), Some("src/y.py"));
    let c = chunks_of(&p[2]);
    let Body::Codex(chunks) = &c.body else {
        panic!()
    };
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].line, 9);
    assert_eq!(chunks[0].context.as_deref(), Some("def f():"));
    assert_eq!(
        c.apply("def f():\n    pass\n").unwrap(),
        "def f():\n    return 1\n"
    );
}

#[test]
fn move_to_must_be_the_next_line() {
    let p = parse(&patch("*** Update File: a\n@@\n-x\n+y\n*** Move to: b")).unwrap_err();
    // `*** Move to:` after the chunks ends the update and is not a file header.
    assert_eq!((p.kind, p.line), (PatchErrorKind::Malformed, 6));
    let e = parse(&patch("*** Update File: a\n*** Move to: \n@@\n-x")).unwrap_err();
    assert_eq!((e.kind, e.line), (PatchErrorKind::Malformed, 3));
}

#[test]
fn empty_patch_and_markers_with_padding() {
    assert_eq!(parse("*** Begin Patch\n*** End Patch").unwrap(), vec![]);
    assert_eq!(
        parse("\n\n  *** Begin Patch  \n*** End Patch \n\n").unwrap(),
        vec![]
    );
    let p = parse("\n\n*** Begin Patch\n  *** Add File: x  \n+a\n*** End Patch").unwrap();
    assert_eq!((p[0].path.as_str(), p[0].line), ("x", 4));
}

#[test]
fn malformed_inputs_name_their_line() {
    let cases: &[(&str, usize)] = &[
        ("", 0),
        ("garbage", 1),
        ("*** Begin Patch", 1),
        ("*** Begin Patch\n*** Add File: a\n+x", 3),
        ("*** Begin Patch\nnonsense\n*** End Patch", 2),
        ("*** Begin Patch\n*** Update File: a\n*** End Patch", 2),
        ("*** Begin Patch\n*** Update File: a\n@@\n*** End Patch", 3),
        ("*** Begin Patch\n*** Update File: a\n@@ ctx\n", 0),
        (
            "*** Begin Patch\n*** Update File: a\n@@\n-x\n@@\n*** End Patch",
            5,
        ),
        (
            "*** Begin Patch\n*** Update File: a\n@@\n*** End of File\n*** End Patch",
            4,
        ),
        (
            "*** Begin Patch\n*** Update File: a\n@@\nx\n*** End Patch",
            4,
        ),
        (
            "*** Begin Patch\n*** Update File: a\n-x\ngarbage\n*** End Patch",
            4,
        ),
        (
            "*** Begin Patch\n*** Update File: a\n@@ one\n@@ two\n-x\n*** End Patch",
            4,
        ),
        (
            "*** Begin Patch\n*** Add File: a\n+x\n\n*** Delete File: b\n*** End Patch",
            4,
        ),
        ("*** Begin Patch\n*** Add File:\n*** End Patch", 2),
    ];
    for &(text, line) in cases {
        let e = parse(text).unwrap_err();
        assert_eq!(e.kind, PatchErrorKind::Malformed, "{text:?}: {e}");
        if line != 0 {
            assert_eq!(e.line, line, "{text:?}: {e}");
        }
    }
}

#[test]
fn chunk_without_at_at_and_blank_lines() {
    // First chunk without `@@`; an empty line in a chunk is an empty context line.
    let out = update(" a\n\n-b\n+B\n@@\n-d\n+D", "a\n\nb\nc\nd\n").unwrap();
    assert_eq!(out, "a\n\nB\nc\nD\n");
    // Blank lines before a chunk (after the header or `*** End of File`) are skipped...
    let out = update("\n\n@@\n-d\n+D\n*** End of File\n\n@@\n+e", "a\nd\n").unwrap();
    assert_eq!(out, "a\nD\ne\n");
    // ... but blank lines after a chunk's lines belong to the chunk as empty context:
    // two of them cannot match a file that has none (Codex drops only one).
    let e = update("@@\n-b\n+B\n\n\n@@\n-d\n+D", "b\nd\n").unwrap_err();
    assert_eq!((e.kind, e.line), (PatchErrorKind::NoMatch, 3));
}

#[test]
fn first_match_wins_and_cursor_moves_forward() {
    assert_eq!(update("@@\n-x\n+y", "x\nx\n").unwrap(), "y\nx\n");
    assert_eq!(
        update("@@\n-x\n+y\n@@\n-x\n+z", "x\nx\n").unwrap(),
        "y\nz\n"
    );
    assert_eq!(
        update("@@\n-x\n+y\n@@\n-x\n+z", "x\n").unwrap_err().kind,
        PatchErrorKind::NoMatch
    );
}

#[test]
fn context_marker_seeks_after_cursor() {
    let file = "def a():\n    pass\ndef b():\n    pass\n";
    assert_eq!(
        update("@@ def b():\n-    pass\n+    return 2", file).unwrap(),
        "def a():\n    pass\ndef b():\n    return 2\n"
    );
    let e = update("@@ def c():\n-    pass\n+    x", file).unwrap_err();
    assert_eq!((e.kind, e.line), (PatchErrorKind::NoMatch, 3));
    // The context line itself is matched with the fuzzy passes too.
    assert_eq!(
        update("@@ def b():  \n-    pass\n+    x", file).unwrap(),
        "def a():\n    pass\ndef b():\n    x\n"
    );
}

#[test]
fn fuzzy_passes_in_order() {
    // trim_end
    assert_eq!(update("@@\n-x\n+y", "x   \n").unwrap(), "y\n");
    // trim
    assert_eq!(update("@@\n-x\n+y", "    x\n").unwrap(), "y\n");
    // Unicode punctuation
    assert_eq!(
        update(
            "@@\n-a - \"b\" 'c'\n+y",
            "a \u{2013} \u{201C}b\u{201D} \u{2018}c\u{2019}\n"
        )
        .unwrap(),
        "y\n"
    );
    assert_eq!(update("@@\n-a b\n+y", "a\u{00A0}b\n").unwrap(), "y\n");
    // An exact match later in the file beats a fuzzy one earlier.
    assert_eq!(update("@@\n-x\n+y", " x\nx\n").unwrap(), " x\ny\n");
    // New lines go in verbatim (the file's indentation is not carried over).
    assert_eq!(update("@@\n-x\n+y", "    x\n").unwrap(), "y\n");
}

#[test]
fn pure_addition_appends_at_end() {
    assert_eq!(update("@@\n+z", "a\nb\n").unwrap(), "a\nb\nz\n");
    // ... even after a context line elsewhere.
    assert_eq!(update("@@ a\n+z", "a\nb\n").unwrap(), "a\nb\nz\n");
    // ... before a final blank line, which Codex then loses (its forced final newline
    // only adds one when the last line is not already empty).
    assert_eq!(update("@@\n+z", "a\n\n").unwrap(), "a\nz\n");
    assert_eq!(update("@@\n+z", "").unwrap(), "z\n");
    // Codex's own test: an addition chunk before a replacement.
    let out = update(
        "@@\n+after-context\n+second-line\n@@\n line1\n-line2\n-line3\n+line2-replacement",
        "line1\nline2\nline3\n",
    )
    .unwrap();
    assert_eq!(
        out,
        "line1\nline2-replacement\nafter-context\nsecond-line\n"
    );
}

#[test]
fn end_of_file_matches_only_at_the_end() {
    assert_eq!(
        update("@@\n-x\n+y\n*** End of File", "x\na\nx\n").unwrap(),
        "x\na\ny\n"
    );
    let e = update("@@\n-x\n+y\n*** End of File", "x\na\n").unwrap_err();
    assert_eq!((e.kind, e.line), (PatchErrorKind::NoMatch, 3));
    assert_eq!(
        update("@@\n f\n+g\n*** End of File", "a\nf\n").unwrap(),
        "a\nf\ng\n"
    );
}

#[test]
fn trailing_empty_old_line_is_retried_without() {
    // The empty line at the end of the chunk is dropped from both sides.
    // (`patch` puts an empty line before `*** End Patch`.)
    assert_eq!(update("@@\n-b\n+B\n", "a\nb\n").unwrap(), "a\nB\n");
    assert_eq!(update("@@\n-b\n+B\n", "a\nb").unwrap(), "a\nB\n");
    // It is matched when the file has it.
    assert_eq!(update("@@\n-b\n+B\n", "b\n\nc\n").unwrap(), "B\n\nc\n");
}

#[test]
fn trailing_newline_forced_and_crlf_kept_verbatim() {
    assert_eq!(update("@@\n-a\n+b", "a").unwrap(), "b\n");
    assert_eq!(update("@@\n-a\n+b", "a\r\nc\r\n").unwrap(), "b\nc\r\n");
    // A CRLF patch: `lines()` drops the `\r`.
    let p = parse("*** Begin Patch\r\n*** Update File: f\r\n@@\r\n-a\r\n+b\r\n*** End Patch\r\n")
        .unwrap();
    assert_eq!(chunks_of(&p[0]).apply("a\n").unwrap(), "b\n");
}

#[test]
fn replacements_apply_bottom_up() {
    let out = update(
        "@@\n a\n-b\n+B\n@@\n c\n d\n-e\n+E\n@@\n f\n+g\n*** End of File",
        "a\nb\nc\nd\ne\nf\n",
    )
    .unwrap();
    assert_eq!(out, "a\nB\nc\nd\nE\nf\ng\n");
}

#[test]
fn gpt41_wrapping_and_heredoc_scripts() {
    let inner = "*** Begin Patch\n*** Add File: foo\n+hi\n*** End Patch";
    for wrap in ["<<EOF", "<<'EOF'", "<<\"EOF\""] {
        let p = parse(&format!("{wrap}\n{inner}\nEOF\n")).unwrap();
        assert_eq!((p[0].path.as_str(), p[0].line), ("foo", 3));
    }
    assert!(parse(&format!("<<\"EOF'\n{inner}\nEOF\n")).is_err());

    let script = format!("apply_patch <<'PATCH'\n{inner}\nPATCH\n");
    assert_eq!(unwrap_heredoc(&script), Some((None, inner.to_string())));
    let p = parse(&script).unwrap();
    assert_eq!((p[0].path.as_str(), p[0].line), ("foo", 3));

    for (prefix, dir) in [
        ("cd foo && ", "foo"),
        ("cd 'foo bar' && ", "foo bar"),
        ("cd \"x/y\" && ", "x/y"),
    ] {
        let script = format!("{prefix}applypatch <<EOF\n{inner}\nEOF");
        let (cd, body) = unwrap_heredoc(&script).unwrap();
        assert_eq!((cd.as_deref(), body.as_str()), (Some(dir), inner));
        assert_eq!(parse(&script).unwrap()[0].path, format!("{dir}/foo"));
    }
    let abs = "cd /w && apply_patch <<'EOF'\n*** Begin Patch\n*** Add File: /abs\n+x\n*** Update File: a\n*** Move to: b\n@@\n-x\n*** End Patch\nEOF\n";
    let p = parse(abs).unwrap();
    assert_eq!(p[0].path, "/abs");
    assert_eq!(p[1].path, "/w/a");
    assert!(matches!(&p[1].action, Action::Update { move_to: Some(m), .. } if m == "/w/b"));

    for bad in [
        format!("cd foo; apply_patch <<'P'\n{inner}\nP"),
        format!("cd foo || apply_patch <<'P'\n{inner}\nP"),
        format!("echo hi && apply_patch <<'P'\n{inner}\nP"),
        format!("cd a b && apply_patch <<'P'\n{inner}\nP"),
        format!("apply_patch foo <<'P'\n{inner}\nP"),
        format!("apply_patch <<'P'\n{inner}\nP\necho done"),
        format!("apply_patch <<'P' && echo done\n{inner}\nP"),
        format!("apply_patch <<'P'\n{inner}\n"),
        format!("apply_patch <<'P\n{inner}\nP"),
    ] {
        assert_eq!(unwrap_heredoc(&bad), None, "{bad}");
        assert!(parse(&bad).is_err(), "{bad}");
    }
    // `<<-` strips leading tabs from the delimiter line.
    assert!(unwrap_heredoc(&format!("apply_patch <<-EOF\n{inner}\n\t\tEOF\n")).is_some());
}

#[test]
fn heredoc_errors_count_lines_of_the_script() {
    let script = "\n\ncd d && apply_patch <<'EOF'\n*** Begin Patch\n*** Update File: a\n*** End Patch\nEOF\n";
    let e = parse(script).unwrap_err();
    assert_eq!((e.kind, e.line), (PatchErrorKind::Malformed, 5));
}

#[test]
fn sdk_create_update_delete() {
    let c = parse_single_file_diff("n.md", "create_file", "+a\n+b\n").unwrap();
    // No final newline, unlike Codex's Add File.
    assert_eq!(
        c.action,
        Action::Create {
            content: "a\nb".into()
        }
    );
    let c = parse_single_file_diff("n.md", "create_file", "+a\r\n+b\r\n").unwrap();
    assert_eq!(
        c.action,
        Action::Create {
            content: "a\r\nb".into()
        }
    );
    let e = parse_single_file_diff("n.md", "create_file", "+a\nb").unwrap_err();
    assert_eq!((e.kind, e.line), (PatchErrorKind::Malformed, 2));
    assert_eq!(
        parse_single_file_diff("x", "delete_file", "")
            .unwrap()
            .action,
        Action::Delete
    );
    assert_eq!(
        parse_single_file_diff("x", "rename_file", "")
            .unwrap_err()
            .kind,
        PatchErrorKind::Malformed
    );

    let u = parse_single_file_diff("f", "update_file", "@@\n a\n-b\n+B\n").unwrap();
    let c = chunks_of(&u);
    assert_eq!(c.apply("a\nb\nc\n").unwrap(), "a\nB\nc\n");
    // Line ends are kept; no final newline is added.
    assert_eq!(c.apply("a\r\nb\r\nc").unwrap(), "a\r\nB\r\nc");
    assert_eq!(c.apply("x\n").unwrap_err().kind, PatchErrorKind::NoMatch);
}

#[test]
fn sdk_differs_from_codex() {
    let apply = |diff: &str, current: &str| {
        let u = parse_single_file_diff("f", "update_file", diff)?;
        chunks_of(&u).apply(current)
    };
    // Pure additions land at the cursor, not at the end.
    assert_eq!(apply("@@ a\n+z\n", "a\nb\n").unwrap(), "a\nz\nb\n");
    // Stacked headers narrow the search.
    assert_eq!(
        apply(
            "@@ class B\n@@ def f\n-x\n+y\n",
            "class A\ndef f\nx\nclass B\ndef f\nx\n"
        )
        .unwrap(),
        "class A\ndef f\nx\nclass B\ndef f\ny\n"
    );
    // A header that is not there is ignored.
    assert_eq!(apply("@@ nowhere\n-x\n+y\n", "x\n").unwrap(), "y\n");
    // End of File falls back to the cursor.
    assert_eq!(
        apply("@@\n-x\n+y\n*** End of File\n", "x\na\n").unwrap(),
        "y\na\n"
    );
    // No Unicode mapping.
    assert_eq!(
        apply("@@\n-a - b\n+y\n", "a \u{2013} b\n")
            .unwrap_err()
            .kind,
        PatchErrorKind::NoMatch
    );
    // Invalid lines.
    let e = apply("@@\n-x\n*** Bogus\n", "x\n").unwrap_err();
    assert_eq!((e.kind, e.line), (PatchErrorKind::Malformed, 3));
    let e = apply("@@\nx\n", "x\n").unwrap_err();
    assert_eq!((e.kind, e.line), (PatchErrorKind::Malformed, 2));
}

#[test]
fn too_large() {
    let big = "x".repeat(super::super::replace::MAX_INPUT_BYTES + 1);
    assert_eq!(parse(&big).unwrap_err().kind, PatchErrorKind::TooLarge);
    assert_eq!(
        Chunks::default().apply(&big).unwrap_err().kind,
        PatchErrorKind::TooLarge
    );
    assert_eq!(
        parse_single_file_diff("f", "create_file", &big)
            .unwrap_err()
            .kind,
        PatchErrorKind::TooLarge
    );
}

#[test]
fn hostile_text_does_not_panic() {
    let pieces = [
        "*** Begin Patch",
        "*** End Patch",
        "*** Update File: é",
        "*** Add File: ü",
        "*** Move to: ",
        "*** End of File",
        "@@",
        "@@ ",
        "@@ é",
        "+",
        "-",
        " ",
        "",
        "\r",
        "é",
        "*",
        "***",
        "<<EOF",
        "EOF",
        "apply_patch <<EOF",
        "cd é && apply_patch <<'EOF'",
        "\u{2013}",
        "\t",
    ];
    let mut seed = 7u64;
    for _ in 0..3000 {
        let mut text = String::new();
        for _ in 0..(seed % 12) {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            text.push_str(pieces[(seed >> 33) as usize % pieces.len()]);
            text.push(if seed & 1 == 0 { '\n' } else { ' ' });
        }
        if let Ok(ps) = parse(&text) {
            for p in ps {
                let _ = p.apply(Some(&text));
                let _ = p.apply(Some(""));
            }
        }
        for kind in ["create_file", "update_file", "delete_file"] {
            if let Ok(p) = parse_single_file_diff("f", kind, &text) {
                let _ = p.apply(Some(&text));
                let _ = p.apply(Some("é\r\n"));
            }
        }
    }
}
