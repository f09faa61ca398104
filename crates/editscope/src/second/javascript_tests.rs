//! tree-sitter-javascript and oxc (JavaScript with JSX) read JavaScript files alike.

use crate::{Language, SourceFile};

/// tree-sitter and oxc agree on `src` (no syntax errors either side), confirmed by oxc.
fn js(src: &str) {
    let file = SourceFile::parse(Language::JavaScript, src.to_string()).expect("parses");
    assert!(
        file.syntax_errors().is_empty(),
        "tree-sitter errors in {src:?}: {:?}",
        file.syntax_errors()
    );
    match crate::check::agree::agree(&file, &[]) {
        Ok(Some("oxc_parser")) => {}
        other => panic!(
            "not confirmed by oxc on {src:?}: {other:?}\nsymbols: {:#?}\noutline: {:#?}",
            file.symbols()
                .iter()
                .map(|s| (s.path.clone(), s.extent.range(), s.body.map(|b| b.range())))
                .collect::<Vec<_>>(),
            crate::second::outline(Language::JavaScript, src)
        ),
    }
}

fn disagrees(src: &str) {
    let file = SourceFile::parse(Language::JavaScript, src.to_string()).expect("parses");
    assert!(
        crate::check::agree::agree(&file, &[]).is_err(),
        "expected oxc to refuse or disagree on {src:?}"
    );
}

#[test]
fn declarations_agree() {
    js("function f(a) { return a; }\nexport function g() {}\nexport default function () {}\n");
    js("async function* g() { yield 1; }\n");
    js("class A { x = 1; static z = 2; #p = 3; constructor(q) {} m() {} get v() { return 1; } set v(x) {} }\n");
    js("const a = 1, b = () => {}, c = class { m() {} };\nlet d = function () {};\nvar e;\n");
    js("export const h = (x) => x * 2;\nexport let o = { m() {}, n: 1 };\n");
    js("for (let i = 0; i < 3; i++) {}\nfor (const k of []) {}\nfor (var j in {}) {}\n");
    js("if (true) { const inner = 1; function g() {} }\n");
    js("/** Doc. */\nexport class D {}\n\n/** F. */\nfunction f() {}\n");
}

#[test]
fn commonjs_and_prototype_forms_agree() {
    js("exports.f = function () { return 1; };\nmodule.exports.g = (x) => x;\n");
    js("function Foo() {}\n/** Bar. */\nFoo.prototype.bar = function () {\n  return 1;\n};\n");
    js("res.send = function (body) { return body; }\nmodule.exports = { a: 1 };\n");
    js("exports.C = class { m() {} };\nexports.v = 42;\n");
    // Not symbols on either side: chained, computed, optional, nested, compound.
    js("exports.a = exports.b = function () {};\nexports[\"c\"] = 1;\nx.y += 1;\n");
    js("if (ok) { exports.f = function () {}; }\nfunction g() { exports.h = 1; }\n");
    js("a.b.c.d = () => {};\n(a.b) = 1;\n");
}

#[test]
fn require_declarations_are_imports_on_both_sides() {
    js("const fs = require(\"fs\");\nconst { join } = require('path'), os = require(\"os\");\n");
    js("import x from \"y\";\nconst z = require(\"z\");\nexport const w = require(\"w\");\n");
    js("const a = require(\"a\").b;\nlet c = require(d);\nfunction f() { const e = require(\"e\"); }\n");
    let file = SourceFile::parse(
        Language::JavaScript,
        "const fs = require(\"fs\");\nconst a = require(\"a\").b;\n",
    )
    .unwrap();
    assert_eq!(file.imports().len(), 1);
    let paths: Vec<&str> = file.symbols().iter().map(|s| s.path.as_str()).collect();
    assert_eq!(paths, ["a"]);
}

#[test]
fn jsx_agrees_in_every_javascript_file() {
    js("export function App({ name }) {\n  return <div className=\"a\">{name}<br /></div>;\n}\n");
    js("const F = () => <><A b={1} /></>;\n");
}

#[test]
fn what_oxc_refuses_is_not_confirmed() {
    disagrees("function f() {\n  (a, b) = 1;\n}\n");
    // TypeScript syntax is not JavaScript.
    disagrees("function f(a) {\n  return a as number;\n}\n");
}

#[test]
fn verified_by() {
    assert_eq!(
        Language::JavaScript.verified_by(),
        ["tree-sitter", "oxc_parser"]
    );
}
