//! Unit tests of the check's helpers.

use super::*;

#[test]
fn merged_ranges_are_sorted_disjoint_and_answer_membership() {
    let r = merged(vec![10..20, 0..5, 15..30, 40..41, 5..6]);
    assert_eq!(r, vec![0..6, 10..30, 40..41]);
    for (byte, inside) in [(0, true), (5, true), (6, false), (9, false), (10, true)] {
        assert_eq!(in_ranges(&r, byte), inside, "byte {byte}");
    }
    assert!(in_ranges(&r, 29) && !in_ranges(&r, 30) && in_ranges(&r, 40) && !in_ranges(&r, 41));
    assert!(!in_ranges(&[], 0));
}

#[test]
fn protected_users_find_the_innermost_protected_symbol_in_one_sweep() {
    let text =
        "fn a() {\n    let x = 1;\n}\n\nmod m {\n    fn b() {\n        let y = 2;\n    }\n}\n";
    let file = SourceFile::parse(Language::Rust, text).unwrap();
    let mut protected = std::collections::HashMap::new();
    protected.insert("a".to_string(), 0);
    protected.insert("m".to_string(), 1);
    let bytes = [
        text.find("x").unwrap(),
        text.find("\n\nmod").unwrap() + 1,
        text.find("y").unwrap(),
    ];
    // `m::b` is not protected: the use in it belongs to `m`.
    assert_eq!(
        protected_users(&file, &protected, &bytes),
        vec![Some(0), None, Some(1)]
    );
}
