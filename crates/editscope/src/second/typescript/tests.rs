use super::*;
use crate::{Language, SourceFile};

/// tree-sitter and oxc agree on `src` (no syntax errors either side).
fn agrees(language: Language, src: &str) {
    let file = SourceFile::parse(language, src.to_string()).expect("parses");
    assert!(
        file.syntax_errors().is_empty(),
        "tree-sitter errors in {src:?}: {:?}",
        file.syntax_errors()
    );
    if let Err(d) = crate::check::agree::agree(&file, &[]) {
        let o = outline(src, language == Language::Tsx);
        panic!(
            "disagree on {src:?}: line {}: {}\nsymbols: {:#?}\noutline: {:#?}",
            d.line,
            d.message,
            file.symbols()
                .iter()
                .map(|s| (s.path.clone(), s.extent.range(), s.body.map(|b| b.range())))
                .collect::<Vec<_>>(),
            o
        );
    }
}

fn ts(src: &str) {
    agrees(Language::TypeScript, src)
}

fn refused(language: Language, src: &str) -> Refusal {
    match outline(src, language == Language::Tsx) {
        Some(Err(r)) => r,
        other => panic!(
            "expected a refusal for {:?}, got {:?}",
            src.chars().take(200).collect::<String>(),
            other.map(|o| o.map(|o| o.defs.len()))
        ),
    }
}

#[test]
fn declarations_agree() {
    ts("function f(a: number): number { return a; }\n");
    ts("export function f() {}\nexport default function () {}\n");
    ts("async function* g() { yield 1; }\n");
    ts("function f(a: string): void;\nfunction f(a: number): void;\nfunction f(a: any) {}\n");
    ts("declare function f(): void;\nexport declare function g(): void;\n");
    ts("class A { x = 1; y: string; static z = 2; #p = 3; constructor(private q: number) {} m() {} get v() { return 1; } set v(x) {} }\n");
    ts("abstract class A { abstract m(): void; abstract x: number; n(): void; n(a?: any) {} }\n");
    ts("interface I { a: string; b?: number, c(): void; readonly d: string\n e<T>(x: T): T }\n");
    ts("type T = { a: string };\ntype U<X> = X | null\n");
    ts("enum E { A, B = 2 }\nconst enum F { X }\ndeclare enum G { Y }\n");
    ts("namespace N { export function f() {} const x = 1; }\nnamespace A.B.C { }\ndeclare namespace D { let y: number; }\n");
    ts("module M { export const a = 1; }\n");
    ts("declare module \"m\" { export function f(): void; }\ndeclare global { interface Window { x: number } }\nexport {};\n");
    ts("const a = 1, b = () => {}, c = class { m() {} };\nlet d = function () {};\nvar e;\n");
    ts("export const h = (x: number) => x * 2;\nexport let o = { m() {}, n: 1 };\n");
    ts("for (let i = 0; i < 3; i++) {}\nfor (const k of []) {}\nfor (var j in {}) {}\n");
    ts("if (true) { const inner = 1; function g() {} }\n");
    ts("describe('x', () => { const a = 1; function helper() {} });\n");
}

#[test]
fn default_exports_agree() {
    ts("export default class { m() {} }\n");
    ts("export default class Named { m() {} }\n");
    ts("export default function named() {}\n");
    ts("export default () => {};\n");
    ts("export default async function () {}\n");
    ts("export default { a: 1 };\n");
    ts("const x = 1;\nexport default x;\n");
    ts("export default interface I { a: string }\n");
}

#[test]
fn decorators_and_docs_agree() {
    ts("/** doc */\n@dec() class A {\n  /** m */\n  @a @b() m() {}\n  @c x = 1;\n  @d\n  accessor y = 2;\n}\n");
    ts("@dec export class A {}\n");
    ts("export @dec class B {}\n");
    ts("class A { @dec() static async *m() {} }\n");
}

#[test]
fn imports_agree() {
    ts("import a from 'a';\nimport type { B } from 'b';\nimport * as c from \"c\"\nimport 'd';\nimport e = require('e');\nimport f = e.f;\nexport {};\n");
}

#[test]
fn members_placed_like_tree_sitter() {
    ts("class A extends B<{ a: string }> { static { f({ m() {} }); } [k: string]: any; }\n");
    ts("namespace N { f({ m() {}, get g() { return 1; } }); }\n");
    ts("interface I { (x: { a: string }): void; new (): I; [k: string]: any }\n");
    ts("const o = { m() {} };\nfunction f() { const local = { n() {} }; class L { p() {} } }\n");
}

#[test]
fn tsx_agrees() {
    agrees(
        Language::Tsx,
        "export function App() { return <div className=\"x\">{1 < 2 ? <b>a</b> : null}</div>; }\nconst C = () => <></>;\n",
    );
}

#[test]
fn await_follows_the_module_or_script_reading() {
    // A script (no import or export): `await` is an identifier, `/` a division. Read as a
    // module it is an `await` of a regular expression: the readings differ, refused.
    let src = "function f() {}\nvar await = 1, g = 2;\nlet x = await / g / 3;\n";
    let r = refused(Language::TypeScript, src);
    assert!(r.message.contains("module"), "{}", r.message);
    // With an import it is a module: one reading.
    assert!(matches!(
        outline("import 'a';\nconst y = await 1;\n", false),
        Some(Ok(_))
    ));
}

#[test]
fn diagnostics_are_refusals() {
    let r = refused(Language::TypeScript, "function f( {\n");
    assert!(r.byte > 0);
    refused(Language::TypeScript, "let x = ;\n");
    // `<div>` is JSX only in TSX.
    refused(Language::TypeScript, "export const a = <div></div>;\n");
}

#[test]
fn deep_nesting_is_refused_without_overflow() {
    // Past the limit (and too large to be surely shallow): refused before parsing.
    let n = SURELY_SHALLOW / 2 + 1;
    for (open, close) in [("(", ")"), ("[", "]"), ("{a:", "}"), ("A<", ">")] {
        let deep = format!("export const x = {}1{};\n", open.repeat(n), close.repeat(n));
        let r = refused(Language::TypeScript, &deep);
        assert!(r.message.contains("nested"), "{}", r.message);
    }
    // Just under it, parsed on the large stack: 10,000 nested functions, arrows, parentheses.
    let m = MAX_NESTING - 1;
    for src in [
        format!("export const x = {}1{};\n", "(".repeat(m), ")".repeat(m)),
        format!(
            "export {{}};\n{}{}\n",
            "function f() {".repeat(m),
            "}".repeat(m)
        ),
        format!("export const x = {}1;\n", "a => ".repeat(m)),
        format!("export const x = {}1;\n", "!".repeat(100_000)),
    ] {
        assert!(
            matches!(outline(&src, false), Some(Ok(_))),
            "{}",
            &src[..40]
        );
    }
    // Chains without brackets (`new new ... X`) count too.
    let chain = format!("export const x = {}X;\n", "new ".repeat(SURELY_SHALLOW / 2));
    assert!(refused(Language::TypeScript, &chain)
        .message
        .contains("nested"));
    // A small file is never refused for it, whatever its strings hold.
    let s = format!(
        "export const s = \"{}\";\n",
        "(".repeat(SURELY_SHALLOW - 100)
    );
    assert!(matches!(outline(&s, false), Some(Ok(_))));
}

#[test]
fn spans_are_bytes_of_the_original_text() {
    let src = "\u{feff}// é\nexport function f() { return 'é'; }\n";
    let o = outline(src, false).unwrap().unwrap();
    let d = &o.defs[0];
    assert_eq!(
        &src[d.extent.clone()],
        "export function f() { return 'é'; }"
    );
}

#[test]
fn hashbang_crlf_and_bom_agree() {
    ts("#!/usr/bin/env node\nexport function main() {}\n");
    ts("export function a() {\r\n  return 1;\r\n}\r\nclass B {\r\n  x = 1;\r\n}\r\n");
    ts("\u{feff}export const a = 1;\n");
    ts("export const s = \"a\u{2028}b\";\n// c\u{2028}\nexport function f() {}\n");
}

#[test]
fn tree_sitter_misreads_are_disagreements() {
    // tsc: `f<number>` is an instantiation expression, `/` a division, and the function
    // ends at the `}`; tree-sitter lexes `/ 1 } ... /g` as a regular expression.
    let src = "export function f<T>(x: T): T { return x; }\nexport const config = { admin: false };\nexport function g(n: number): number {\n  return f<number> / 1 } config.admin = true; function h(n: number): number { return n /g;\n}\n";
    let file = SourceFile::parse(Language::TypeScript, src.to_string()).unwrap();
    assert!(file.syntax_errors().is_empty());
    assert!(crate::check::agree::agree(&file, &[]).is_err());
}

/// The masks oxc locates in `src` (a module), as the masked text.
fn masks(src: &str) -> Vec<&str> {
    let o = outline(src, false).expect("oxc").expect("reads");
    o.masks.iter().map(|r| &src[r.clone()]).collect()
}

#[test]
fn variance_modifiers_are_located_word_by_word() {
    let src = "export interface I<in out T, out U = 1, V> { a: T }\n\
               type A<in T> = (x: T) => void;\n\
               class C<const out T> {}\n\
               type B</* c */ in /* d */ out T> = T;\n";
    let o = outline(src, false).unwrap().unwrap();
    let at: Vec<(usize, &str)> = o.masks.iter().map(|r| (r.start, &src[r.clone()])).collect();
    // Each probe: the text around a modifier, and the offset of the modifier in it.
    let expect: Vec<(usize, &str)> = [
        ("<in out", 1, "in"),
        ("in out T", 3, "out"),
        ("out U", 0, "out"),
        ("A<in", 2, "in"),
        ("const out", 6, "out"),
        ("*/ in /*", 3, "in"),
        ("*/ out T", 3, "out"),
    ]
    .iter()
    .map(|(probe, off, w)| (src.find(probe).unwrap() + off, *w))
    .collect();
    assert_eq!(at, expect, "{src}");
}

#[test]
fn no_masks_without_variance() {
    // Mapped types, `in` expressions, `for in`, a parameter named `out`, `const` modifiers.
    let src = "type M<T> = { [K in keyof T]: T[K] };\n\
               function f<const T>(out: T) { for (const k in {}) {} return 'a' in {}; }\n\
               type O<out> = out;\n";
    assert!(masks(src).is_empty(), "{:?}", masks(src));
}

#[test]
fn masked_file_reads_as_tree_sitter_can_and_keeps_its_text() {
    let src =
        "export interface Box<out T> {\n  value: T;\n}\n\nexport const Box = (v: number) => v;\n";
    let file = SourceFile::parse(Language::TypeScript, src).unwrap();
    assert!(
        file.syntax_errors().is_empty(),
        "{:?}",
        file.syntax_errors()
    );
    assert_eq!(file.text(), src);
    let masked: Vec<&str> = file.masked().iter().map(|r| &src[r.clone()]).collect();
    assert_eq!(masked, ["out"]);
    assert!(crate::check::agree::agree(&file, &[]).is_ok());
    // Incremental reparse of a masked file equals a fresh parse.
    let next = src.replace("out T", "in T");
    let re = SourceFile::reparse(&file, next.clone(), Default::default()).unwrap();
    let fresh = SourceFile::parse(Language::TypeScript, next.as_str()).unwrap();
    assert_eq!(re.symbols(), fresh.symbols());
    assert_eq!(
        re.tree().root_node().to_sexp(),
        fresh.tree().root_node().to_sexp()
    );
    assert!(re.syntax_errors().is_empty());
}

#[test]
fn no_masks_where_tree_sitter_reads_the_file_or_oxc_does_not() {
    let plain = SourceFile::parse(Language::TypeScript, "class A<T> {}\n").unwrap();
    assert!(plain.masked().is_empty());
    // oxc refuses it: nothing masked, the error stays.
    let broken = SourceFile::parse(Language::TypeScript, "class A<out T> { f( }\n").unwrap();
    assert!(broken.masked().is_empty());
    assert!(!broken.syntax_errors().is_empty());
}

#[test]
fn object_type_alias_members_agree() {
    for src in [
        "type A = { a: string; b(): void, c?: number };\n",
        "export type K<T extends { q: 1 } = { q: 1 }> = {\n  /** d */\n  a: { inner: T };\n  [k: string]: { x: 1 };\n  new (): K<T>;\n  (): void;\n  m?<U>(u: U): U\n};\n",
        "type Not = { a: 1 } & { b: 2 };\ntype P = ({ a: 1 });\ndeclare type D = { z: 1 };\n",
        "namespace N { export type In = { y: string } }\n",
    ] {
        ts(src);
        agrees(Language::Tsx, src);
    }
    let file = SourceFile::parse(
        Language::TypeScript,
        "type K<T extends { q: 1 }> = { a: { inner: T }; [k: string]: { x: 1 } };\n".to_string(),
    )
    .unwrap();
    let paths: Vec<&str> = file.symbols().iter().map(|s| s.path.as_str()).collect();
    assert_eq!(paths, ["K", "K.a"]);
}
