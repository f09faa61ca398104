//! Property tests for names and rebindings: a statement that binds the name of an ungranted
//! symbol (by any form, spelled any way the language reads as that name) is never allowed,
//! and the same statement binding a fresh name is (no false alarm).

use editscope::{
    check_text, reference_allowed, CheckOptions, Grants, Language, Status, ViolationKind,
};
use proptest::prelude::*;

const MODULE: &str = "import json\n\n\ndef helper(x):\n    return json.dumps(x)\n\n\ndef task(items):\n    return items\n";

/// Spellings Python reads as `helper` (NFKC): each letter ASCII or fullwidth.
fn helper_spelling() -> impl Strategy<Value = String> {
    proptest::collection::vec(any::<bool>(), 6).prop_map(|wide| {
        "helper"
            .chars()
            .zip(wide)
            .map(|(c, w)| {
                if w {
                    char::from_u32(c as u32 - 'a' as u32 + 0xFF41).unwrap()
                } else {
                    c
                }
            })
            .collect()
    })
}

/// A binding form, with `{}` for the name, placed in the body of `task` (after `global`),
/// at the top level under `add .`, or at the top level under `imports`.
#[derive(Debug, Clone, Copy)]
enum Place {
    GrantedBody,
    TopLevelAdd,
    TopLevelImports,
}

fn form() -> impl Strategy<Value = (Place, &'static str)> {
    prop_oneof![
        Just((Place::GrantedBody, "    {} = print\n")),
        Just((Place::GrantedBody, "    {} += 1\n")),
        Just((Place::GrantedBody, "    for {} in items:\n        pass\n")),
        Just((
            Place::GrantedBody,
            "    with open('f') as {}:\n        pass\n"
        )),
        Just((
            Place::GrantedBody,
            "    try:\n        pass\n    except E as {}:\n        pass\n"
        )),
        Just((Place::GrantedBody, "    import evil as {}\n")),
        Just((Place::GrantedBody, "    from evil import {}\n")),
        Just((Place::GrantedBody, "    del {}\n")),
        Just((Place::GrantedBody, "    ({} := 1)\n")),
        Just((Place::GrantedBody, "    [({} := i) for i in items]\n")),
        Just((
            Place::GrantedBody,
            "    match items:\n        case [{}]:\n            pass\n"
        )),
        Just((Place::GrantedBody, "    def {}():\n        pass\n")),
        Just((Place::GrantedBody, "    class {}:\n        pass\n")),
        Just((Place::TopLevelAdd, "\n\npurge = {} = print\n")),
        Just((Place::TopLevelAdd, "\n\nX = ({} := print)\n")),
        Just((
            Place::TopLevelAdd,
            "\n\nclass New:\n    global {}\n    {} = 1\n"
        )),
        Just((Place::TopLevelAdd, "\n\ndef {}(x):\n    return x\n")),
        Just((Place::TopLevelImports, "from evil import pwn as {}\n")),
        Just((Place::TopLevelImports, "import {}\n")),
    ]
}

fn build(place: Place, form: &str, name: &str) -> (String, Grants) {
    let stmt = form.replace("{}", name);
    match place {
        Place::GrantedBody => (
            MODULE.replace(
                "    return items\n",
                &format!("    global {name}\n{stmt}    return items\n"),
            ),
            Grants::new().body("task"),
        ),
        Place::TopLevelAdd => (format!("{MODULE}{stmt}"), Grants::new().add_top_level()),
        Place::TopLevelImports => (
            MODULE.replace("import json\n", &format!("import json\n{stmt}")),
            Grants::new().imports(),
        ),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn rebinding_an_ungranted_name_is_never_allowed(
        (place, form) in form(),
        name in helper_spelling(),
    ) {
        let (after, grants) = build(place, form, &name);
        let verdict = check_text(Language::Python, MODULE, &after, &grants, &CheckOptions::default()).unwrap();
        prop_assert_eq!(verdict.status, Status::Rejected, "{}", after);
        prop_assert!(
            verdict.violations.iter().any(|v| v.kind == ViolationKind::Redefined
                && v.symbol.as_deref() == Some("helper")),
            "{:?}", verdict.violations
        );
        prop_assert_eq!(reference_allowed(Language::Python, MODULE, &after, &grants).unwrap(), Some(false));
    }

    #[test]
    fn binding_a_fresh_name_is_allowed((place, form) in form()) {
        let (after, grants) = build(place, form, "fresh_name");
        let verdict = check_text(Language::Python, MODULE, &after, &grants, &CheckOptions::default()).unwrap();
        prop_assert_eq!(verdict.status, Status::Allowed, "{}\n{:?}", after, verdict.violations);
        prop_assert_eq!(reference_allowed(Language::Python, MODULE, &after, &grants).unwrap(), Some(true));
    }
}

/// Thousands of new `from m import *` lines against thousands of ungranted functions: each
/// scope is looked at once, so the check stays fast (this took minutes when every wildcard
/// scanned every symbol).
#[test]
fn many_wildcards_against_many_symbols_stay_fast() {
    let defs: String = (0..3000)
        .map(|i| format!("def f{i}(x):\n    return x\n\n\n"))
        .collect();
    let before = format!("import json\n\n\n{defs}");
    let after = format!("{before}{}", "from evil import *\n".repeat(3000));
    let start = std::time::Instant::now();
    let verdict = check_text(
        Language::Python,
        &before,
        &after,
        &Grants::new().imports(),
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(verdict.status, Status::Rejected);
    assert_eq!(verdict.violations.len(), 3000);
    eprintln!("3000 wildcards x 3000 functions: {:?}", start.elapsed());
}

/// Deeply nested arrow functions assigning a name none of them declares: resolved once per
/// binding, without recursion.
#[test]
fn deeply_nested_functions_are_fine() {
    let depth = 3000;
    let mut body = String::new();
    for _ in 0..depth {
        body.push_str("(() => { x = 1; ");
    }
    for _ in 0..depth {
        body.push_str("})(); ");
    }
    let before = "let x = 0;\n\nexport function f() {\n  return 1;\n}\n".to_string();
    let after = before.replace("  return 1;", &format!("  {body}\n  return 1;"));
    let start = std::time::Instant::now();
    let verdict = check_text(
        Language::TypeScript,
        &before,
        &after,
        &Grants::new().body("f"),
        &CheckOptions::default(),
    )
    .unwrap();
    assert_eq!(verdict.status, Status::Rejected);
    assert!(verdict
        .violations
        .iter()
        .any(|v| v.symbol.as_deref() == Some("x")));
    eprintln!("{depth} nested arrows: {:?}", start.elapsed());
}

/// Spellings ECMAScript reads as `delete`: each letter plain, `\uXXXX` or `\u{X}`; also as a
/// string-literal key with those escapes.
fn delete_spelling() -> impl Strategy<Value = String> {
    (proptest::collection::vec(0u8..3, 6), 0u8..3).prop_map(|(how, quoting)| {
        let escaped: String = "delete"
            .chars()
            .zip(&how)
            .map(|(c, h)| match h {
                0 => c.to_string(),
                1 => format!("\\u{:04x}", c as u32),
                _ => format!("\\u{{{:x}}}", c as u32),
            })
            .collect();
        match quoting {
            0 => escaped,
            1 => format!("\"{escaped}\""),
            _ => format!("['{escaped}']"),
        }
    })
}

const CLASS: &str = "export class UserService {\n  delete(id: string) {\n    audit(id);\n  }\n}\n";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(100))]

    #[test]
    fn an_escaped_or_quoted_member_name_is_the_same_member(name in delete_spelling()) {
        let after = CLASS.replace(
            "    audit(id);\n  }\n",
            &format!("    audit(id);\n  }}\n\n  {name}(id: string) {{}}\n"),
        );
        let grants = Grants::new().add("UserService");
        let verdict = check_text(Language::TypeScript, CLASS, &after, &grants, &CheckOptions::default()).unwrap();
        prop_assert_eq!(verdict.status, Status::Rejected, "{}", after);
        prop_assert!(
            verdict.violations.iter().any(|v| v.kind == ViolationKind::Redefined
                && v.symbol.as_deref() == Some("UserService.delete")),
            "{:?}", verdict.violations
        );
    }
}
