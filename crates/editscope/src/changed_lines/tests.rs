use super::*;

fn lr(start_line: usize, end_line: usize) -> Option<LineRange> {
    Some(LineRange {
        start_line,
        end_line,
    })
}

#[test]
fn multi_hunk_inside_a_region() {
    let before = "x\nfn f() {\n  a\n  b\n  c\n  d\n  e\n}\n";
    let after = "x\nfn f() {\n  a\n  B\n  c\n  d\n  E1\n  E2\n}\n";
    let c = ChangedLines::compute(Some(before), Some(after), lr(2, 8), lr(2, 9));
    assert_eq!(c.before, vec![(4, 4), (7, 7)]);
    assert_eq!(c.after, vec![(4, 4), (7, 8)]);
    assert_eq!(c.first(), lr(4, 4));
}

#[test]
fn pure_insertion_and_pure_deletion() {
    let before = "a\nb\nc\n";
    let after = "a\nb\nNEW\nc\n";
    let c = ChangedLines::compute(Some(before), Some(after), lr(1, 3), lr(1, 4));
    assert_eq!((c.before, c.after), (vec![], vec![(3, 3)]));
    let c = ChangedLines::compute(Some(after), Some(before), lr(1, 4), lr(1, 3));
    assert_eq!((c.before, c.after), (vec![(3, 3)], vec![]));
}

#[test]
fn added_and_deleted_regions() {
    let text = "a\nb\nc\nd\n";
    let added = ChangedLines::compute(Some(""), Some(text), None, lr(2, 3));
    assert_eq!((added.before, added.after), (vec![], vec![(2, 3)]));
    let deleted = ChangedLines::compute(Some(text), Some(""), lr(3, 4), None);
    assert_eq!(deleted.first(), lr(3, 4));
    assert_eq!((deleted.before, deleted.after), (vec![(3, 4)], vec![]));
    // A created file (no `before` text): the whole of it.
    let created = ChangedLines::compute(None, Some(text), None, None);
    assert_eq!((created.before, created.after), (vec![], vec![(1, 4)]));
}

#[test]
fn file_level_is_the_whole_file_diff() {
    let c = ChangedLines::compute(Some("1\n2\n3\n4\n"), Some("1\n2\nthree\n4\n"), None, None);
    assert_eq!((c.before, c.after), (vec![(3, 3)], vec![(3, 3)]));
}

#[test]
fn crlf_lines_are_numbered_by_their_newline() {
    let before = "a\r\nb\r\nc\r\nd\r\n";
    let after = "a\r\nb\r\nC\r\nd\r\n";
    let c = ChangedLines::compute(Some(before), Some(after), lr(1, 4), lr(1, 4));
    assert_eq!((c.before, c.after), (vec![(3, 3)], vec![(3, 3)]));
    // A line whose `\r\n` became `\n` changed.
    let c = ChangedLines::compute(Some(before), Some("a\r\nb\nc\r\nd\r\n"), lr(1, 4), lr(1, 4));
    assert_eq!((c.before, c.after), (vec![(2, 2)], vec![(2, 2)]));
}

#[test]
fn file_without_final_newline() {
    let before = "a\nb\nc";
    let after = "a\nb\nc\nd";
    // `c` gained a line break and `d` is new.
    let c = ChangedLines::compute(Some(before), Some(after), lr(1, 3), lr(1, 4));
    assert_eq!((c.before, c.after), (vec![(3, 3)], vec![(3, 4)]));
    let c = ChangedLines::compute(Some("a\nb"), Some("a\nB"), lr(1, 2), lr(1, 2));
    assert_eq!((c.before, c.after), (vec![(2, 2)], vec![(2, 2)]));
}

#[test]
fn a_moved_region_names_itself() {
    let c = ChangedLines::compute(Some("a\nb\nc\n"), Some("c\na\nb\n"), lr(3, 3), lr(1, 1));
    assert_eq!((c.before, c.after), (vec![(3, 3)], vec![(1, 1)]));
}

#[test]
fn ranges_past_the_end_are_clamped() {
    let c = ChangedLines::compute(Some("a\n"), Some("a\nb\n"), lr(1, 9), lr(1, 9));
    assert_eq!((c.before, c.after), (vec![], vec![(2, 2)]));
    let c = ChangedLines::compute(Some("a\n"), Some("b\n"), lr(5, 6), lr(5, 6));
    assert!(c.is_empty());
    assert_eq!(c.first(), None);
}

#[test]
fn serializes_as_pairs() {
    let c = ChangedLines {
        before: vec![],
        after: vec![(3, 5)],
    };
    assert_eq!(
        serde_json::to_string(&c).unwrap(),
        r#"{"before":[],"after":[[3,5]]}"#
    );
}

#[test]
fn a_violation_points_at_its_first_changed_line() {
    let v = |before, after, changed_lines| crate::Violation {
        kind: crate::ViolationKind::Changed,
        symbol: None,
        symbol_kind: None,
        before,
        after,
        message: String::new(),
        changed_lines,
    };
    let cl =
        |before: Vec<(usize, usize)>, after: Vec<(usize, usize)>| ChangedLines { before, after };
    // A replacement: the after range.
    assert_eq!(
        v(lr(2, 9), lr(2, 9), cl(vec![(5, 5)], vec![(5, 6)])).location(),
        lr(5, 6)
    );
    // Lines removed from a region that moved down by 3: where they stood, in `after`.
    assert_eq!(
        v(lr(18, 21), lr(21, 22), cl(vec![(19, 20)], vec![])).location(),
        lr(22, 22)
    );
    // A removed region: its before lines.
    assert_eq!(
        v(lr(3, 4), None, cl(vec![(3, 4)], vec![])).location(),
        lr(3, 4)
    );
    // No changed lines: the region.
    assert_eq!(
        v(None, lr(7, 8), ChangedLines::default()).location(),
        lr(7, 8)
    );
}

#[test]
fn a_removed_region_points_at_the_line_now_standing_where_it_stood() {
    // g (lines 5-6) removed from the end: the last line of the file now.
    let before = "def f():\n    return 1\n\n\ndef g():\n    return 2\n";
    let after = "def f():\n    return 1\n";
    assert_eq!(after_line(before, after, 5), 2);
    // Removed from the middle: the first line after the gap.
    let before = "a\nb\nc\nd\ne\n";
    let after = "a\nd\ne\n";
    assert_eq!(after_line(before, after, 2), 2);
    assert_eq!(after_line(before, after, 3), 2);
    // A line kept: its line now (moved up by the removal above it).
    assert_eq!(after_line(before, after, 5), 3);
    assert_eq!(after_line(before, after, 1), 1);
    // An empty file now, a line past the end: line 1, the last line.
    assert_eq!(after_line(before, "", 3), 1);
    assert_eq!(after_line(before, after, 99), 3);
    let v = crate::Violation {
        kind: crate::ViolationKind::Removed,
        symbol: Some("g".into()),
        symbol_kind: None,
        before: lr(5, 6),
        after: None,
        message: String::new(),
        changed_lines: ChangedLines {
            before: vec![(5, 6)],
            after: vec![],
        },
    };
    let before = "def f():\n    return 1\n\n\ndef g():\n    return 2\n";
    let after = "def f():\n    return 1\n";
    assert_eq!(v.location(), lr(5, 6));
    assert_eq!(v.location_in(Some(before), Some(after)), lr(2, 2));
    // Without the texts, or for a deleted file: as before.
    assert_eq!(v.location_in(Some(before), None), lr(5, 6));
}

#[test]
fn a_file_level_violation_with_the_same_text_changed_no_line() {
    // A mode change: nothing to point at, not the whole file.
    let text = "a\nb\n";
    assert!(ChangedLines::compute(Some(text), Some(text), None, None).is_empty());
    // A changed file: its changed lines.
    let c = ChangedLines::compute(Some(text), Some("a\nc\n"), None, None);
    assert_eq!((c.before, c.after), (vec![(2, 2)], vec![(2, 2)]));
}
