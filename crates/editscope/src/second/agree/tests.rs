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
