use super::*;

fn one(text: &str) -> FilePatch {
    let mut patches = parse(text).unwrap_or_else(|e| panic!("parse failed: {e}"));
    assert_eq!(patches.len(), 1, "{patches:?}");
    patches.remove(0)
}

fn hunks(fp: &FilePatch) -> &Hunks {
    match &fp.action {
        Action::Update {
            edit: Some(Edit::Unified(h)),
            ..
        } => h,
        other => panic!("not an update with hunks: {other:?}"),
    }
}

fn err(text: &str) -> PatchError {
    match parse(text) {
        Ok(p) => panic!("parsed: {p:?}"),
        Err(e) => e,
    }
}

fn apply(fp: &FilePatch, current: Option<&str>) -> Result<Option<String>, PatchError> {
    fp.apply(current)
}

const MODIFY: &str = "diff --git a/src/lib.rs b/src/lib.rs
index 3b18e51..a0b2c4d 100644
--- a/src/lib.rs
+++ b/src/lib.rs
@@ -1,4 +1,4 @@ fn main() {
 one
-two
+TWO
 three
 four
";

#[test]
fn modify_with_index_mode() {
    let fp = one(MODIFY);
    assert_eq!(fp.path, "src/lib.rs");
    assert_eq!(fp.line, 1);
    assert_eq!(fp.modes.old_mode.as_deref(), Some("100644"));
    assert_eq!(fp.modes.new_mode.as_deref(), Some("100644"));
    let h = hunks(&fp);
    assert_eq!(h.hunks.len(), 1);
    let hunk = &h.hunks[0];
    assert_eq!(
        (
            hunk.line,
            hunk.old_start,
            hunk.old_count,
            hunk.new_start,
            hunk.new_count
        ),
        (5, 1, 4, 1, 4)
    );
    assert_eq!(hunk.heading, "fn main() {");
    assert_eq!(hunk.lines[1].kind, LineKind::Remove);
    assert_eq!(hunk.lines[1].text, "two\n");
    assert_eq!(hunk.lines[1].line, 7);
    assert_eq!(hunk.leading_context(), 1);
    assert_eq!(hunk.trailing_context(), 2);
    let out = apply(&fp, Some("one\ntwo\nthree\nfour\n")).unwrap();
    assert_eq!(out.as_deref(), Some("one\nTWO\nthree\nfour\n"));
    assert!(matches!(&fp.action, Action::Update { move_to: None, .. }));
}

#[test]
fn new_file_content_from_added_lines() {
    let fp = one("diff --git a/new.txt b/new.txt
new file mode 100755
index 0000000..3b18e51
--- /dev/null
+++ b/new.txt
@@ -0,0 +1,2 @@
+hello
+world
\\ No newline at end of file
");
    assert_eq!(fp.path, "new.txt");
    assert_eq!(
        fp.action,
        Action::Create {
            content: "hello\nworld".into()
        }
    );
    assert_eq!(fp.modes.old_mode, None);
    assert_eq!(fp.modes.new_mode.as_deref(), Some("100755"));
}

#[test]
fn new_empty_file_and_deleted_empty_file() {
    let patches = parse(
        "diff --git a/empty b/empty
new file mode 100644
index 0000000..e69de29
diff --git a/gone b/gone
deleted file mode 100644
index e69de29..0000000
",
    )
    .unwrap();
    assert_eq!(patches.len(), 2);
    assert_eq!(
        patches[0].action,
        Action::Create {
            content: String::new()
        }
    );
    assert_eq!(patches[0].path, "empty");
    assert_eq!(patches[1].action, Action::Delete);
    assert_eq!(patches[1].path, "gone");
    assert_eq!(patches[1].line, 4);
    assert_eq!(patches[1].modes.old_mode.as_deref(), Some("100644"));
    assert_eq!(patches[1].modes.new_mode, None);
}

#[test]
fn deleted_file() {
    let fp = one("diff --git a/old.txt b/old.txt
deleted file mode 100644
index 3b18e51..0000000
--- a/old.txt
+++ /dev/null
@@ -1,2 +0,0 @@
-a
-b
");
    assert!(matches!(fp.action, Action::DeleteChecked { .. }));
    assert_eq!(fp.path, "old.txt");
    assert_eq!(apply(&fp, Some("a\nb\n")).unwrap(), None);
    // git apply refuses to delete a file whose content differs from the hunks.
    assert_eq!(
        apply(&fp, Some("a\nc\n")).unwrap_err().kind,
        PatchErrorKind::NoMatch
    );
}

#[test]
fn deleted_file_with_new_lines_is_malformed() {
    let e = err("diff --git a/old.txt b/old.txt
deleted file mode 100644
--- a/old.txt
+++ /dev/null
@@ -1,2 +1,1 @@
-a
-b
+c
");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 5));
}

#[test]
fn pure_rename_and_rename_with_edit() {
    let patches = parse(
        "diff --git a/old name.rs b/new name.rs
similarity index 100%
rename from old name.rs
rename to new name.rs
diff --git a/a.rs b/dir/b.rs
similarity index 80%
rename from a.rs
rename to dir/b.rs
index 1111111..2222222 100644
--- a/a.rs
+++ b/dir/b.rs
@@ -1,3 +1,3 @@
 x
-y
+Y
 z
",
    )
    .unwrap();
    assert_eq!(patches[0].path, "old name.rs");
    assert_eq!(
        patches[0].action,
        Action::Update {
            edit: None,
            move_to: Some("new name.rs".into())
        }
    );
    assert_eq!(patches[1].path, "a.rs");
    match &patches[1].action {
        Action::Update {
            edit: Some(Edit::Unified(h)),
            move_to: Some(to),
        } => {
            assert_eq!(to, "dir/b.rs");
            assert_eq!(h.apply("x\ny\nz\n").unwrap(), "x\nY\nz\n");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn rewrite_and_old_rename_forms() {
    let fp = one("diff --git a/r.txt b/r.txt
dissimilarity index 100%
index 1111111..2222222 100644
--- a/r.txt
+++ b/r.txt
@@ -1,2 +1,2 @@
-a
-b
+c
+d
");
    assert_eq!(hunks(&fp).apply("a\nb\n").unwrap(), "c\nd\n");
    let fp = one("diff --git a/x b/y
rename old x
rename new y
");
    assert_eq!(
        (fp.path.as_str(), &fp.action),
        (
            "x",
            &Action::Update {
                edit: None,
                move_to: Some("y".into())
            }
        )
    );
    // An index line without mode, and one with: the mode is kept on both sides.
    let fp =
        one("diff --git a/f b/f\nindex 1111111..2222222\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n");
    assert_eq!(fp.modes, GitMeta::default());
    let fp = one("diff --git a/f b/f\nindex 1111111..2222222 120000\n--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b\n");
    assert_eq!(fp.modes.old_mode.as_deref(), Some("120000"));
    assert_eq!(fp.modes.new_mode.as_deref(), Some("120000"));
    // A type change in one patch is refused (git writes a deletion and a creation).
    let e = err("diff --git a/f b/f\nold mode 100644\nnew mode 120000\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 1));
}

#[test]
fn mode_change_only() {
    let fp = one("diff --git a/run.sh b/run.sh
old mode 100644
new mode 100755
");
    assert_eq!(
        fp.action,
        Action::Update {
            edit: None,
            move_to: None
        }
    );
    assert_eq!(fp.modes.old_mode.as_deref(), Some("100644"));
    assert_eq!(fp.modes.new_mode.as_deref(), Some("100755"));
}

#[test]
fn same_mode_without_hunks_is_garbage() {
    let e = err("diff --git a/x b/x
old mode 100644
new mode 100644
");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 1));
}

#[test]
fn copies_are_refused() {
    let e = err("diff --git a/a.rs b/b.rs
similarity index 100%
copy from a.rs
copy to b.rs
");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 3));
    assert!(e.message.contains("copies"), "{e}");
}

#[test]
fn inconsistent_header_lines() {
    let e = err("diff --git a/a b/a
new file mode 100644
deleted file mode 100644
");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 3));
}

#[test]
fn binary_changes() {
    let patches = parse(
        "diff --git a/img.png b/img.png
index 1111111..2222222 100644
Binary files a/img.png and b/img.png differ
diff --git a/logo.bin b/logo.bin
new file mode 100644
index 0000000000000000000000000000000000000000..19102815663d23f8b75a47e7a01965dcdc96468c
GIT binary patch
literal 4
LcmZQzWMT#Y01f~L

literal 0
HcmV?d00001

diff --git a/t.txt b/t.txt
--- a/t.txt
+++ b/t.txt
@@ -1 +1 @@
-a
+b
",
    )
    .unwrap();
    assert_eq!(patches.len(), 3);
    assert_eq!(patches[0].action, Action::Binary);
    assert_eq!(patches[0].path, "img.png");
    assert_eq!(patches[1].action, Action::Binary);
    assert_eq!(patches[1].path, "logo.bin");
    assert_eq!(patches[2].path, "t.txt");
    assert_eq!(patches[2].line, 14);
    let e = patches[0].apply(Some("x")).unwrap_err();
    assert_eq!(e.kind, PatchErrorKind::Binary);
}

#[test]
fn quoted_paths() {
    let fp = one(
        r#"diff --git "a/sp\303\251cial name" "b/sp\303\251cial name"
index 1111111..2222222 100644
--- "a/sp\303\251cial name"
+++ "b/sp\303\251cial name"
@@ -1 +1 @@
-a
+b
"#,
    );
    assert_eq!(fp.path, "spécial name");
    let fp = one(
        r#"diff --git "a/t\tab \"q\" b\\s\nl" "b/t\tab \"q\" b\\s\nl"
old mode 100644
new mode 100755
"#,
    );
    assert_eq!(fp.path, "t\tab \"q\" b\\s\nl");
    // Renames with quoted names.
    let fp = one(r#"diff --git "a/\303\244" "b/\303\266"
similarity index 100%
rename from "\303\244"
rename to "\303\266"
"#);
    assert_eq!(fp.path, "ä");
    assert!(matches!(&fp.action, Action::Update { move_to: Some(to), .. } if to == "ö"));
    // A name that is not UTF-8.
    let e = err(r#"diff --git "a/\377" "b/\377"
old mode 100644
new mode 100755
"#);
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::BadPath, 1));
    // A bad escape: no name from the header line.
    let e = err(r#"diff --git "a/\q" "b/\q"
old mode 100644
new mode 100755
"#);
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 1));
}

#[test]
fn names_with_spaces_and_trailing_tab() {
    let fp = one("diff --git a/my file.txt b/my file.txt
index 1111111..2222222 100644
--- a/my file.txt\t
+++ b/my file.txt\t
@@ -1 +1 @@
-a
+b
");
    assert_eq!(fp.path, "my file.txt");
    // Only the header line names the file (mode change): split where both halves agree.
    let fp = one("diff --git a/x b/y b/x b/y
old mode 100644
new mode 100755
");
    assert_eq!(fp.path, "x b/y");
    // Differing names and nothing else: no file name.
    let e = err("diff --git a/x b/y
old mode 100644
new mode 100755
");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 1));
}

#[test]
fn no_newline_markers() {
    // Old side lacks the newline.
    let fp = one("--- a/f
+++ b/f
@@ -1,2 +1,2 @@
 a
-b
\\ No newline at end of file
+b
");
    assert_eq!(apply(&fp, Some("a\nb")).unwrap().as_deref(), Some("a\nb\n"));
    assert_eq!(
        apply(&fp, Some("a\nb\n")).unwrap_err().kind,
        PatchErrorKind::NoMatch
    );
    // New side lacks it.
    let fp = one("--- a/f
+++ b/f
@@ -1,2 +1,2 @@
 a
-b
+b
\\ No newline at end of file
");
    assert_eq!(apply(&fp, Some("a\nb\n")).unwrap().as_deref(), Some("a\nb"));
    // Both: a context line without newline.
    let fp = one("--- a/f
+++ b/f
@@ -1,2 +1,2 @@
-a
+A
 b
\\ No newline at end of file
");
    assert_eq!(apply(&fp, Some("a\nb")).unwrap().as_deref(), Some("A\nb"));
    // git would glue `x` and `y` here (it compares the preimage as a byte prefix).
    assert_eq!(
        apply(&fp, Some("a\nby\n")).unwrap_err().kind,
        PatchErrorKind::NoMatch
    );
}

#[test]
fn misplaced_no_newline_markers() {
    // After a line that is not the last of its side.
    let e = err("--- a/f
+++ b/f
@@ -1,2 +1,2 @@
-a
\\ No newline at end of file
-b
+c
+d
");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 5));
    // Right after the header.
    let e = err("--- a/f
+++ b/f
@@ -1 +1 @@
\\ No newline at end of file
-a
+b
");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 4));
    // Too short to be the marker.
    let e = err("--- a/f
+++ b/f
@@ -1 +1 @@
-a
\\ x
+b
");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 5));
    // In a hunk that is not the last.
    let e = err("--- a/f
+++ b/f
@@ -1 +1 @@
-a
+b
\\ No newline at end of file
@@ -5 +5 @@
-c
+d
");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 3));
}

#[test]
fn crlf_lines_keep_their_carriage_return() {
    let fp = one("--- a/w.txt\r\n+++ b/w.txt\r\n@@ -1,2 +1,2 @@\r\n a\r\n-b\r\n+c\r\n");
    assert_eq!(fp.path, "w.txt");
    let h = hunks(&fp);
    assert_eq!(h.hunks[0].lines[2].text, "c\r\n");
    assert_eq!(h.apply("a\r\nb\r\n").unwrap(), "a\r\nc\r\n");
    assert_eq!(h.apply("a\nb\n").unwrap_err().kind, PatchErrorKind::NoMatch);
    // A CRLF file without its final newline.
    let fp = one("--- a/w\n+++ b/w\n@@ -1,2 +1,2 @@\n a\r\n-b\r\n\\ No newline at end of file\n+c\r\n\\ No newline at end of file\n");
    assert_eq!(hunks(&fp).apply("a\r\nb\r").unwrap(), "a\r\nc\r");
}

#[test]
fn empty_line_is_empty_context() {
    let fp = one("--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n\n-b\n+c\n");
    assert_eq!(hunks(&fp).apply("a\n\nb\n").unwrap(), "a\n\nc\n");
}

#[test]
fn miscounted_hunks() {
    // Too few lines: the next file header comes early.
    let e = err("diff --git a/f b/f
--- a/f
+++ b/f
@@ -1,3 +1,3 @@
 a
-b
+c
diff --git a/g b/g
");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 8));
    // Too few lines: the patch ends.
    let e = err("--- a/f\n+++ b/f\n@@ -1,3 +1,3 @@\n a\n-b\n+c\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 3));
    // Too many lines: a line the counts do not include.
    let e = err("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n+d\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 7));
    let e = err("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n z\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 7));
    // Too many of one kind while the other is still expected.
    let e = err("--- a/f\n+++ b/f\n@@ -1,2 +1,3 @@\n a\n-b\n-c\n+d\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 6));
    // A hunk that changes nothing.
    let e = err("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n b\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 3));
    // A bad hunk header after a file header.
    let e = err("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -x +1 @@\n-a\n+b\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 4));
    // Counts that overflow.
    let e =
        err("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,99999999999999999999999 +1 @@\n-a\n+b\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 4));
    // A second hunk header without numbers: git would skip that hunk silently.
    let e = err("--- a/f\n+++ b/f\n@@ -1,2 +1,2 @@\n a\n-b\n+c\n@@ @@\n x\n-y\n+z\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 7));
    // A header with `@@` hunks but no numbers, as models sometimes write.
    let e = err("diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ @@\n-a\n+b\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 1));
}

#[test]
fn garbage() {
    for text in [
        "",
        "hello\nworld\n",
        "diff --git\n",
        "--- a\n+++ b\n",
        "\u{0}\u{1}@@",
    ] {
        let e = err(text);
        assert_eq!(
            (e.kind.clone(), e.line),
            (PatchErrorKind::Malformed, 1),
            "{text:?}: {e}"
        );
    }
    let e = err("some text\n@@ -1 +1 @@\n-a\n+b\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 2));
    let e = err("diff --git a/f b/f\n@@ -1 +1 @@\n-a\n+b\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 2));
    let e = err("diff --git a/f b/f\nindex 1..2 100644\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 1));
    let e = err("diff --git a/f b/f\nold mode 10x644\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 2));
}

#[test]
fn too_large() {
    let text = "x".repeat(MAX_PATCH_BYTES + 1);
    assert_eq!(err(&text).kind, PatchErrorKind::TooLarge);
}

#[test]
fn plain_diffs() {
    // diff -u with timestamps, -p1.
    let fp = one("diff -u a/src/x.c b/src/x.c
--- a/src/x.c\t2024-01-02 10:00:00.000000000 +0100
+++ b/src/x.c\t2024-01-02 11:00:00.000000000 +0100
@@ -1 +1 @@
-a
+b
");
    assert_eq!(fp.path, "src/x.c");
    assert_eq!(fp.line, 2);
    assert_eq!(fp.modes, GitMeta::default());
    // Names without a slash: -p0.
    let fp = one("--- x.c\n+++ x.c\n@@ -1 +1 @@\n-a\n+b\n");
    assert_eq!(fp.path, "x.c");
    // /dev/null: creation and deletion.
    let fp = one("--- /dev/null\n+++ b/new\n@@ -0,0 +1 @@\n+n\n");
    assert_eq!(fp.path, "new");
    assert_eq!(
        fp.action,
        Action::Create {
            content: "n\n".into()
        }
    );
    let fp = one("--- a/old\n+++ /dev/null\n@@ -1 +0,0 @@\n-o\n");
    assert_eq!(fp.path, "old");
    assert!(matches!(fp.action, Action::DeleteChecked { .. }));
    // GNU diff -N: epoch timestamps.
    let fp = one("--- a/new\t1970-01-01 00:00:00.000000000 +0000\n+++ b/new\t2024-01-02 11:00:00.000000000 +0100\n@@ -0,0 +1 @@\n+n\n");
    assert_eq!(
        fp.action,
        Action::Create {
            content: "n\n".into()
        }
    );
    let fp = one("--- a/old\t2024-01-02 11:00:00.000000000 +0100\n+++ b/old\t1969-12-31 19:00:00.000000000 -0500\n@@ -1 +0,0 @@\n-o\n");
    assert!(matches!(fp.action, Action::DeleteChecked { .. }));
    // No /dev/null, one hunk from line 0: what diff tools write for a new file.
    let fp = one("--- a/n.py\n+++ b/n.py\n@@ -0,0 +1,2 @@\n+a\n+b\n");
    assert_eq!(
        fp.action,
        Action::Create {
            content: "a\nb\n".into()
        }
    );
    // ... but a -U0 insertion further down is an edit.
    let fp = one("--- a/n.py\n+++ b/n.py\n@@ -2,0 +3 @@\n+c\n");
    assert_eq!(hunks(&fp).apply("a\nb\n").unwrap(), "a\nb\nc\n");
    // Emptying a file without /dev/null keeps it.
    let fp = one("--- a/e\n+++ b/e\n@@ -1 +0,0 @@\n-x\n");
    assert_eq!(hunks(&fp).apply("x\n").unwrap(), "");
}

#[test]
fn commit_message_and_signature_are_skipped() {
    let patches = parse(
        "From 1234 Mon Sep 17 00:00:00 2001
From: A <a@example.com>
Subject: [PATCH] fix

--- a/x is a dash line in the message
---
 f | 2 +-
 1 file changed, 1 insertion(+), 1 deletion(-)

diff --git a/f b/f
index 1111111..2222222 100644
--- a/f
+++ b/f
@@ -1 +1 @@
-a
+b
-- 
2.47.3

",
    )
    .unwrap();
    assert_eq!(patches.len(), 1);
    assert_eq!(patches[0].line, 10);
}

#[test]
fn dev_null_without_new_file_mode() {
    let e = err("diff --git a/n b/n\n--- /dev/null\n+++ b/n\n@@ -0,0 +1 @@\n+x\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 2));
}

#[test]
fn inconsistent_names() {
    let e = err(
        "diff --git a/n b/n\nnew file mode 100644\n--- /dev/null\n+++ b/m\n@@ -0,0 +1 @@\n+x\n",
    );
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 4));
    let e = err("diff --git a/n b/n\nnew file mode 100644\n--- a/n\n+++ b/n\n@@ -0,0 +1 @@\n+x\n");
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 3));
    let e = err(
        "diff --git a/n b/n\nnew file mode 100644\n--- /dev/null\n+++ b/n\n@@ -1 +1 @@\n-y\n+x\n",
    );
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::Malformed, 5));
}

#[test]
fn last_line_without_newline_is_read_as_complete() {
    let fp = one("--- a/f\n+++ b/f\n@@ -1 +1 @@\n-a\n+b");
    assert_eq!(hunks(&fp).apply("a\n").unwrap(), "b\n");
}

fn hunk_patch(header: &str, body: &str) -> Hunks {
    let fp = one(&format!(
        "diff --git a/f b/f\n--- a/f\n+++ b/f\n{header}\n{body}"
    ));
    hunks(&fp).clone()
}

#[test]
fn search_order_follows_git() {
    // `p X q` at lines 2-4 and 10-12.
    let file = "0\np\nX\nq\n4\n5\n6\n7\n8\np\nX\nq\nz\n";
    let body = " p\n-X\n+Y\n q\n";
    let at_2 = "0\np\nY\nq\n4\n5\n6\n7\n8\np\nX\nq\nz\n";
    let at_10 = "0\np\nX\nq\n4\n5\n6\n7\n8\np\nY\nq\nz\n";
    // Equally far: forwards first.
    assert_eq!(
        hunk_patch("@@ -6,3 +6,3 @@", body).apply(file).unwrap(),
        at_10
    );
    // At the stated line.
    assert_eq!(
        hunk_patch("@@ -2,3 +2,3 @@", body).apply(file).unwrap(),
        at_2
    );
    assert_eq!(
        hunk_patch("@@ -10,3 +10,3 @@", body).apply(file).unwrap(),
        at_10
    );
    // Nearer after.
    assert_eq!(
        hunk_patch("@@ -7,3 +7,3 @@", body).apply(file).unwrap(),
        at_10
    );
    // Nearer before.
    assert_eq!(
        hunk_patch("@@ -5,3 +5,3 @@", body).apply(file).unwrap(),
        at_2
    );
    // The new-side line is where git starts.
    assert_eq!(
        hunk_patch("@@ -10,3 +2,3 @@", body).apply(file).unwrap(),
        at_2
    );
}

#[test]
fn anchors_at_beginning_and_end() {
    // No trailing context: must match at the end.
    let h = hunk_patch("@@ -3,2 +3,2 @@", " b\n-c\n+C\n");
    assert_eq!(h.apply("a\nb\nc\n").unwrap(), "a\nb\nC\n");
    let e = h.apply("a\nb\nc\nd\n").unwrap_err();
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::NoMatch, 4));
    // Starting at line 1: must match at the top.
    let h = hunk_patch("@@ -1,2 +1,2 @@", "-b\n+B\n c\n");
    assert_eq!(h.apply("b\nc\nd\n").unwrap(), "B\nc\nd\n");
    assert_eq!(
        h.apply("a\nb\nc\nd\n").unwrap_err().kind,
        PatchErrorKind::NoMatch
    );
    // Adding to an empty file.
    let h = hunk_patch("@@ -0,0 +1 @@", "+x\n");
    assert_eq!(h.apply("").unwrap(), "x\n");
    assert_eq!(h.apply("y\n").unwrap_err().kind, PatchErrorKind::NoMatch);
}

#[test]
fn hunks_apply_in_order_without_overlap() {
    let h = hunk_patch(
        "@@ -1,3 +1,3 @@",
        " a\n-b\n+B\n c\n@@ -5,3 +5,3 @@\n e\n-f\n+F\n g\n",
    );
    assert_eq!(
        h.apply("a\nb\nc\nd\ne\nf\ng\nh\n").unwrap(),
        "a\nB\nc\nd\ne\nF\ng\nh\n"
    );
    // The second hunk's context is what the first produced: not matched again.
    let h = hunk_patch(
        "@@ -2,3 +2,3 @@",
        " a\n-b\n+c\n x\n@@ -3,2 +3,2 @@\n c\n-x\n+y\n",
    );
    let e = h.apply("0\na\nb\nx\n").unwrap_err();
    assert_eq!((e.kind.clone(), e.line), (PatchErrorKind::NoMatch, 9));
    assert!(e.message.contains("hunk #2"), "{e}");
}

#[test]
fn no_match_reports_the_hunk_line_and_why() {
    let fp = one(MODIFY);
    let e = fp.apply(Some("one\ntwo\nthree\nFOUR\n")).unwrap_err();
    assert_eq!(e.kind, PatchErrorKind::NoMatch);
    assert_eq!(e.line, 5);
    assert_eq!(e.path.as_deref(), Some("src/lib.rs"));
    assert!(e.message.contains("line 4 is \"FOUR\\n\""), "{e}");
    // No whitespace leniency.
    assert_eq!(
        fp.apply(Some("one\ntwo \nthree\nfour\n")).unwrap_err().kind,
        PatchErrorKind::NoMatch
    );
}

#[test]
fn p_value_guess_is_kept_for_later_files() {
    let patches =
        parse("--- f\n+++ f\n@@ -1 +1 @@\n-a\n+b\n--- d/g\n+++ d/g\n@@ -1 +1 @@\n-a\n+b\n")
            .unwrap();
    assert_eq!(patches[0].path, "f");
    assert_eq!(patches[1].path, "d/g");
}

#[test]
fn timestamps_helpers() {
    assert_eq!(diff_timestamp_len(b"a/x 2010-07-05 19:41:17", 23), 20);
    assert_eq!(
        diff_timestamp_len(b"a/x\t2010-07-05 19:41:17.620000023 -0500", 39),
        36
    );
    assert_eq!(diff_timestamp_len(b"a/x", 3), 0);
    assert!(has_epoch_timestamp(b"a/x\t1970-01-01 01:00:00 +0100"));
    assert!(!has_epoch_timestamp(b"a/x\t1970-01-01 01:00:00 +0000"));
    assert!(has_epoch_timestamp(
        b"a/x\t1969-12-31 16:00:00.000000000 -08:00"
    ));
}

#[test]
fn git_header_names() {
    assert_eq!(git_header_name(1, b"a/x b/x\n").as_deref(), Some(&b"x"[..]));
    assert_eq!(
        git_header_name(1, b"a/x y b/x y\n").as_deref(),
        Some(&b"x y"[..])
    );
    assert_eq!(git_header_name(1, b"a/x b/y\n"), None);
    assert_eq!(git_header_name(1, b"a/d/ b/d/ x b/d/ x\n"), None);
    assert_eq!(
        git_header_name(1, b"a/x \"b/x\"\n").as_deref(),
        Some(&b"x"[..])
    );
    assert_eq!(git_header_name(0, b"x x\n").as_deref(), Some(&b"x"[..]));
    assert_eq!(git_header_name(1, b"/x b/x\n"), None);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
    #[test]
    fn never_panics(pieces in proptest::collection::vec(proptest::sample::select(vec![
        "diff --git a/f b/f\n", "--- a/f\n", "+++ b/f\n", "--- /dev/null\n", "+++ /dev/null\n",
        "@@ -1 +1 @@\n", "@@ -0,0 +1,2 @@\n", "@@ -1,2 +1 @@ x\n", "@@ -3,0 +4 @@\n", "@@ -1,3 +1,3 @@\n",
        " a\n", "-a\n", "+b\n", "\n", " \n", "\\ No newline at end of file\n", "\\\n",
        "new file mode 100644\n", "deleted file mode 100644\n", "old mode 100644\n", "new mode 100755\n",
        "rename from f\n", "rename to g\n", "copy from f\n", "index 1..2 100644\n", "similarity index 90%\n",
        "GIT binary patch\n", "literal 0\n", "Binary files a/f and b/f differ\n", "diff --git \"a/\\303\" \"b/\\303\"\n",
        "diff --git a/x y b/x y\n", "-- \n", "garbage\n", "+", "-", " ", "@@ -", "\"", "\t", "\r\n", "é",
    ]), 0..40), current in "[ab\\n\\r ]{0,12}") {
        let text: String = pieces.concat();
        if let Ok(patches) = parse(&text) {
            for fp in &patches {
                let _ = fp.apply(Some(&current));
                let _ = fp.apply(None);
                let _ = fp.apply(Some(""));
            }
        }
    }

    #[test]
    fn never_panics_on_bytes(text in "\\PC{0,200}") {
        if let Ok(patches) = parse(&text) {
            for fp in &patches {
                let _ = fp.apply(Some("a\nb\n"));
            }
        }
    }
}
