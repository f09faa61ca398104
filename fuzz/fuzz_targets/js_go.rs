//! Fuzz target: JavaScript/JSX and Go files built from pieces of every symbol kind their
//! profiles know (functions, classes, methods, `exports.f = function`, `module.exports.f`,
//! `Foo.prototype.bar`, `require`; Go methods with pointer and generic receivers, `const`
//! groups with `iota`, `var` groups, doc comments), edited by splicing a fragment in. Never a
//! panic; and an *allowed* answer must be one the reference definition
//! (`editscope::reference_allowed`) allows too.
//!
//! Run (cargo-fuzz; on a stable toolchain with `RUSTC_BOOTSTRAP=1`):
//! `cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run js_go -- -max_total_time=120`

#![no_main]

use arbitrary::Arbitrary;
use editscope::{check_text, reference_allowed, CheckOptions, Grants, Language, Limits, SourceFile, Status};
use libfuzzer_sys::fuzz_target;

const JS: &[&str] = &[
    "const fs = require(\"fs\");\n",
    "import { a } from \"./a.js\";\n",
    "/** Doc. */\nfunction helper(x) {\n  return x + 1;\n}\n",
    "export class Store {\n  size = 0;\n  add(item) {\n    return helper(item);\n  }\n}\n",
    "export const task = (items) => items.map(helper);\n",
    "function Legacy(n) {\n  this.n = n;\n}\nLegacy.prototype.greet = function () {\n  return this.n;\n};\n",
    "exports.load = function (p) {\n  return fs.readFileSync(p);\n};\n",
    "module.exports.report = (x) => String(x);\n",
    "res.send = function (body) {\n  return body;\n};\n",
    "export default function App() {\n  return <div>{task([])}</div>;\n}\n",
];

const GO: &[&str] = &[
    "import (\n\t\"fmt\"\n\t\"strings\"\n)\n",
    "// Max bounds.\nconst Max = 10\n",
    "const (\n\tRed = iota\n\tGreen\n)\n",
    "var (\n\tstarted bool\n\tname = \"srv\"\n)\n",
    "// Server serves.\ntype Server struct {\n\taddr string\n}\n",
    "func (s *Server) Start() error {\n\tstarted = true\n\treturn fmt.Errorf(\"%s\", strings.ToUpper(s.addr))\n}\n",
    "type List[T any] struct{ items []T }\n\nfunc (l *List[T]) Len() int {\n\treturn len(l.items)\n}\n",
    "func helper(x int) string {\n\treturn fmt.Sprint(x)\n}\n",
];

const FRAGMENTS: &[&str] = &[
    "helper = () => 0;", "module.exports.report = 1;", "Legacy.prototype.greet = 0;",
    "exports.load = null;", "x", "1", "\n", "}", "{", "/", "`", "\"", "<a>", "</a>", "//",
    "/*", "*/", "func init() {}\n", "name = \"x\"\n", "started++\n", "var strings = 1\n",
    "func len() int { return 0 }\n", ";", "(", ")", "iota", "\t", " ",
];

#[derive(Debug, Arbitrary)]
struct Input {
    go: bool,
    pieces: Vec<u8>,
    /// (offset, fragment index, length replaced).
    edits: Vec<(u16, u8, u8)>,
    /// (symbol index, body or edit).
    grants: Vec<(u8, bool)>,
}

const LIMITS: Limits = Limits { max_bytes: 64 * 1024 };

fn floor_char_boundary(s: &str, mut at: usize) -> usize {
    at = at.min(s.len());
    while !s.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fuzz_target!(|input: Input| {
    let (language, pieces) = if input.go {
        (Language::Go, GO)
    } else {
        (Language::JavaScript, JS)
    };
    let mut before = if input.go { String::from("package p\n\n") } else { String::new() };
    for p in input.pieces.iter().take(12) {
        before.push_str(pieces[usize::from(*p) % pieces.len()]);
        before.push('\n');
    }
    let mut after = before.clone();
    for (at, fragment, len) in input.edits.iter().take(4) {
        let start = floor_char_boundary(&after, usize::from(*at));
        let end = floor_char_boundary(&after, start + usize::from(*len % 8));
        let f = FRAGMENTS[usize::from(*fragment) % FRAGMENTS.len()];
        after = format!("{}{}{}", &after[..start], f, &after[end..]);
    }
    let Ok(file) = SourceFile::parse_with_limits(language, before.clone(), LIMITS) else {
        return;
    };
    let paths: Vec<String> = file.symbols().iter().map(|s| s.path.clone()).collect();
    let mut grants = Grants::new();
    if !paths.is_empty() {
        for (i, body) in input.grants.iter().take(4) {
            let path = paths[usize::from(*i) % paths.len()].clone();
            grants = if *body { grants.body(path) } else { grants.edit(path) };
        }
    }
    let options = CheckOptions {
        limits: LIMITS,
        ..CheckOptions::default()
    };
    let Ok(verdict) = check_text(language, &before, &after, &grants, &options) else {
        return;
    };
    if verdict.status == Status::Allowed {
        if let Ok(Some(reference)) = reference_allowed(language, &before, &after, &grants) {
            assert!(reference, "allowed, but the reference definition rejects:\n{before}\n---\n{after}");
        }
    }
});
