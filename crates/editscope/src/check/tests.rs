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

/// A body grant on a container frees the container's own bytes, never the right to rebind a
/// protected member: every binding form the rules know is a violation on it wherever it is
/// (the class body, a sibling method, a static block), and none is without the protect.
#[test]
fn protected_member_stays_ungranted_under_a_body_grant_on_its_container() {
    let py = "class S:\n    def delete(self, x):\n        return audit(x)\n\n    def create(self):\n        return 1\n";
    let js = "class S {\n  delete(x) {\n    return audit(x);\n  }\n  create() {\n    return 1;\n  }\n}\n";
    let class_level = [
        "    for delete in [None]: pass",
        "    [delete := None]",
        "    import os as delete",
        "    (delete) = None",
        "    [delete] = [None]",
        "    delete, y = None, 1",
        "    with open('/dev/null') as delete: pass",
        "    match None:\n        case delete: pass",
        "    del delete",
        "    locals()['delete'] = None",
        "    vars()['delete'] = None",
        "    delete = None",
        "    def __getattribute__(self, n):\n        return lambda *a: None",
    ];
    let mut cases: Vec<(Language, String, &str, &str)> = Vec::new();
    for stmt in class_level {
        cases.push((Language::Python, format!("{py}{stmt}\n"), "S", "S.delete"));
    }
    for stmt in [
        "S.delete = None",
        "self.delete = None",
        "type(self).delete = None",
        "setattr(S, 'delete', None)",
        "del S.delete",
    ] {
        let after = py.replace(
            "        return 1\n",
            &format!("        {stmt}\n        return 1\n"),
        );
        cases.push((Language::Python, after, "S", "S.delete"));
    }
    cases.push((
        Language::Python,
        "def outer():\n    def inner():\n        return audit()\n    inner = lambda: 1\n    return inner\n".into(),
        "outer",
        "outer.inner",
    ));
    for lang in [Language::JavaScript, Language::TypeScript] {
        for member in [
            "  static { this.prototype.delete = null; }",
            "  static { Object.defineProperty(this.prototype, \"delete\", {value: null}); }",
            "  static x = (S.prototype.delete = null);",
            "  static y = delete S.prototype.delete;",
            "  [\"del\" + \"ete\"] = null;",
            "  static { [S.prototype.delete] = [null]; }",
            "  create2() { S.prototype.delete = null; }",
        ] {
            let after = format!("{}{member}\n}}\n", js.strip_suffix("}\n").unwrap());
            cases.push((lang, after, "S", "S.delete"));
        }
    }
    cases.push((
        Language::TypeScript,
        "namespace NS {\n  export function check(x: number) {\n    return x > 10;\n  }\n  export function other() {}\n  check = function (x: number) { return true; };\n}\n".into(),
        "NS",
        "NS.check",
    ));
    let opts = CheckOptions::default();
    for (lang, after, container, member) in &cases {
        let before = match (lang, *container) {
            (Language::Python, "outer") => {
                "def outer():\n    def inner():\n        return audit()\n    return inner\n"
            }
            (Language::Python, _) => py,
            (_, "NS") => "namespace NS {\n  export function check(x: number) {\n    return x > 10;\n  }\n  export function other() {}\n}\n",
            _ => js,
        };
        let free = Grants::new().body(*container);
        let v = check_text(*lang, before, after, &free, &opts).unwrap();
        assert_eq!(
            v.status,
            Status::Allowed,
            "{lang:?} without protect:\n{after}\n{v:?}"
        );
        let guarded = free.protect(*member);
        let v = check_text(*lang, before, after, &guarded, &opts).unwrap();
        assert_eq!(
            v.status,
            Status::Rejected,
            "{lang:?} with protect:\n{after}"
        );
        assert!(
            v.violations
                .iter()
                .any(|x| x.symbol.as_deref() == Some(*member)
                    && x.kind == ViolationKind::Redefined),
            "{lang:?}:\n{after}\n{:?}",
            v.violations
        );
    }
}

#[test]
fn subtracting_ranges_leaves_the_parts_outside_the_holes() {
    assert_eq!(
        subtract(vec![0..10, 20..30], &[2..4, 8..22, 29..40]),
        vec![0..2, 4..8, 22..29]
    );
    let (whole, inner, all) = (0..10, 5..6, 0..10);
    assert_eq!(
        subtract(Vec::from([whole.clone()]), &[]),
        Vec::from([whole])
    );
    assert!(subtract(Vec::from([inner]), std::slice::from_ref(&all)).is_empty());
}

#[test]
fn inner_attributes_belong_to_the_innermost_symbol_around_them() {
    let text = "#![no_std]\nmod m {\n    #![allow(a)]\n    fn f() {\n        #![allow(b)]\n    }\n    #![allow(c)]\n}\nfn g() {\n    { #![allow(d)] }\n}\n";
    let file = SourceFile::parse(Language::Rust, text).unwrap();
    let got: Vec<(String, &str)> = attributes::inner_attributes(&file)
        .into_iter()
        .map(|(i, t, _)| (file.symbols()[i].path.clone(), t))
        .collect();
    let want = [
        ("m", "#![allow(a)]"),
        ("m::f", "#![allow(b)]"),
        ("m", "#![allow(c)]"),
        ("g", "#![allow(d)]"),
    ];
    assert_eq!(
        got,
        want.iter()
            .map(|(p, t)| (p.to_string(), *t))
            .collect::<Vec<_>>()
    );
}

#[test]
fn subclasses_are_found_through_one_another_and_through_metaclasses() {
    let text = "class A: pass\nclass B(A): pass\n@d(k=lambda x: x)\nclass C(B): pass\nclass M(type): pass\nclass E(metaclass=M): pass\nclass F: pass\nclass G(C, B): pass\n";
    let file = SourceFile::parse(Language::Python, text).unwrap();
    let graph = inheritance_of(&file);
    let mut got: Vec<String> = subclasses_of(&file, &graph, "A").into_iter().collect();
    got.sort();
    assert_eq!(got, ["B", "C", "G"]);
    let got: Vec<String> = subclasses_of(&file, &graph, "M").into_iter().collect();
    assert_eq!(got, ["E"]);
    assert!(subclasses_of(&file, &graph, "F").is_empty());
}

#[test]
fn a_short_form_naming_symbols_of_different_paths_is_refused_and_a_full_path_names_only_its_own() {
    let two = "struct P;\nimpl std::fmt::Display for P {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { Ok(()) }\n}\nimpl std::fmt::Debug for P {\n    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result { Ok(()) }\n}\n";
    let after = two.replacen("Ok(())", "Err(std::fmt::Error)", 1);
    let opts = CheckOptions::default();
    let err = check_text(
        Language::Rust,
        two,
        &after,
        &Grants::new().body("P::fmt"),
        &opts,
    )
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("is ambiguous") && err.contains("<P as std::fmt::Debug>::fmt"),
        "{err}"
    );
    // The full path names one.
    let v = check_text(
        Language::Rust,
        two,
        &after,
        &Grants::new().body("<P as std::fmt::Display>::fmt"),
        &opts,
    )
    .unwrap();
    assert_eq!(v.status, Status::Allowed);
    // With an inherent `P::fmt`, `P::fmt` is its full path: it names the inherent one only.
    let three = format!("{two}impl P {{\n    fn fmt(&self) -> u32 {{ 1 }}\n}}\n");
    let after = three.replacen("Ok(())", "Err(std::fmt::Error)", 1);
    let v = check_text(
        Language::Rust,
        &three,
        &after,
        &Grants::new().body("P::fmt"),
        &opts,
    )
    .unwrap();
    assert_eq!(v.status, Status::Rejected);
    // Many grants (looked up in sets) behave the same.
    let mut many = Grants::new().body("P::fmt");
    for i in 0..20 {
        many = many.add(format!("missing{i}"));
    }
    let filler: String = (0..20).map(|i| format!("mod missing{i} {{}}\n")).collect();
    let (b, a) = (format!("{filler}{three}"), format!("{filler}{after}"));
    let v = check_text(Language::Rust, &b, &a, &many, &opts).unwrap();
    assert_eq!(v.status, Status::Rejected);
}
