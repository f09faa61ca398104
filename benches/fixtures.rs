//! Deterministic generator of realistic source files for benchmarks and CLI timing.
//!
//! Shared by `benches/check.rs` (`mod fixtures;`) and
//! `crates/editscope/examples/gen_fixture.rs` (`#[path = "../../../benches/fixtures.rs"]`).
//!
//! [`generate`] writes a file of about `lines` lines in one language: imports, constants,
//! classes / structs with impls / interfaces, methods with bodies (loops, branches, comments),
//! decorators / attributes, doc comments, free functions (and JSX components for TSX). It
//! then changes one line inside the body of one method near the middle of the file and
//! returns both versions together with the path of that method (to grant `body` on).
//!
//! The output depends only on the language and the line count.

#![allow(dead_code)]

use editscope::Language;

/// A generated before/after pair.
pub struct Fixture {
    /// The file before the edit.
    pub before: String,
    /// The file after the edit (one line changed inside `edited`'s body).
    pub after: String,
    /// Qualified path of the edited function, as editscope names it.
    pub edited: String,
    /// 1-based line number of the changed line.
    pub edited_line: usize,
    /// Number of lines of `before`.
    pub lines: usize,
}

/// The usual file extension for `language`.
pub fn extension(language: Language) -> &'static str {
    match language {
        Language::Rust => "rs",
        Language::Python => "py",
        Language::TypeScript => "ts",
        Language::Tsx => "tsx",
        Language::JavaScript => "js",
        Language::Go => "go",
        Language::Java => "java",
        Language::CSharp => "cs",
    }
}

/// Small deterministic PRNG (SplitMix64); no dependency on `rand`.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `lo..=hi`.
    fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[(self.next() % items.len() as u64) as usize]
    }
}

const NOUNS: &[&str] = &[
    "Widget", "Account", "Session", "Order", "Invoice", "Parser", "Buffer", "Channel", "Report",
    "Ledger", "Router", "Cache", "Token", "Record", "Segment", "Payload", "Schedule", "Profile",
    "Catalog", "Bucket",
];
const VERBS: &[&str] = &[
    "compute",
    "resolve",
    "update",
    "merge",
    "render",
    "validate",
    "collect",
    "refresh",
    "encode",
    "decode",
    "apply",
    "flush",
    "scan",
    "normalize",
    "summarize",
    "rebalance",
];
const COMMENTS: &[&str] = &[
    "keep the running total bounded",
    "the common case comes first",
    "see the design notes for why this is safe",
    "TODO: revisit once the cache is shared",
    "values are already sorted here",
    "avoid an allocation in the hot loop",
    "an empty input is valid and yields zero",
    "this mirrors the server-side validation",
];

/// One body line that can be edited: (0-based line index, qualified path of its function).
type Editable = (usize, String);

/// Line-oriented writer that remembers editable lines.
struct Out {
    text: String,
    lines: usize,
    editable: Vec<Editable>,
}

impl Out {
    fn new() -> Out {
        Out {
            text: String::new(),
            lines: 0,
            editable: Vec::new(),
        }
    }

    fn line(&mut self, indent: usize, s: &str) {
        for _ in 0..indent {
            self.text.push(' ');
        }
        self.text.push_str(s);
        self.text.push('\n');
        self.lines += 1;
    }

    fn blank(&mut self) {
        self.text.push('\n');
        self.lines += 1;
    }

    /// A body line `<indent><prefix><number><suffix>` whose number the edit changes.
    fn editable(&mut self, indent: usize, s: &str, path: &str) {
        self.editable.push((self.lines, path.to_string()));
        self.line(indent, s);
    }
}

/// Generates a before/after pair of about `lines` lines (at least a few dozen).
pub fn generate(language: Language, lines: usize) -> Fixture {
    let seed = 0x5EED_0000 + lines as u64 * 31 + language as u64;
    let mut rng = Rng(seed);
    let mut out = Out::new();
    match language {
        Language::Rust => rust(&mut out, &mut rng, lines),
        Language::Python => python(&mut out, &mut rng, lines),
        Language::TypeScript => typescript(&mut out, &mut rng, lines, false),
        Language::Tsx => typescript(&mut out, &mut rng, lines, true),
        Language::JavaScript => javascript(&mut out, &mut rng, lines),
        Language::Go => go(&mut out, &mut rng, lines),
        Language::Java => java(&mut out, &mut rng, lines),
        Language::CSharp => csharp(&mut out, &mut rng, lines),
    }
    // The editable line nearest to the middle of the file.
    let middle = out.lines / 2;
    let (index, edited) = out
        .editable
        .iter()
        .min_by_key(|(l, _)| l.abs_diff(middle))
        .cloned()
        .expect("the generator emits editable lines");
    let before = out.text;
    let mut after = String::with_capacity(before.len() + 8);
    for (i, l) in before.split_inclusive('\n').enumerate() {
        if i == index {
            after.push_str(&bump_number(l));
        } else {
            after.push_str(l);
        }
    }
    assert_ne!(before, after, "the edit changes the file");
    Fixture {
        lines: out.lines,
        before,
        after,
        edited,
        edited_line: index + 1,
    }
}

/// Replaces the first integer literal in `line` (a digit run not inside an identifier such
/// as `i64`) by a different one.
fn bump_number(line: &str) -> String {
    let bytes = line.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let start = (0..bytes.len())
        .find(|&i| bytes[i].is_ascii_digit() && (i == 0 || !word(bytes[i - 1])))
        .expect("editable lines hold an integer literal");
    let end = (start..bytes.len())
        .find(|&i| !bytes[i].is_ascii_digit())
        .unwrap_or(bytes.len());
    let n: u64 = line[start..end].parse().expect("a short literal");
    format!("{}{}{}", &line[..start], n + 1000, &line[end..])
}

fn title(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

// ---------------------------------------------------------------------------------------
// Rust
// ---------------------------------------------------------------------------------------

fn rust(out: &mut Out, rng: &mut Rng, target: usize) {
    out.line(
        0,
        "//! Generated fixture: a module with types, impls, traits and free functions.",
    );
    out.blank();
    out.line(0, "use std::collections::HashMap;");
    out.line(0, "use std::fmt;");
    out.line(0, "use std::sync::Arc;");
    out.blank();
    out.line(0, "/// Upper bound on retained values.");
    out.line(0, "pub const MAX_VALUES: usize = 4096;");
    out.blank();
    let mut unit = 0usize;
    while out.lines < target {
        let ty = format!("{}{unit}", rng.pick(NOUNS));
        // Struct.
        out.line(
            0,
            &format!(
                "/// A {} with an identifier and a list of values.",
                ty.to_lowercase()
            ),
        );
        out.line(0, "///");
        out.line(0, &format!("/// Unit {unit} of the fixture."));
        out.line(0, "#[derive(Debug, Clone, Default, PartialEq)]");
        out.line(0, &format!("pub struct {ty} {{"));
        out.line(4, "/// Stable identifier.");
        out.line(4, "pub id: u64,");
        out.line(4, "name: String,");
        out.line(4, "values: Vec<i64>,");
        out.line(4, "index: HashMap<String, usize>,");
        out.line(0, "}");
        out.blank();
        // Inherent impl.
        out.line(0, &format!("impl {ty} {{"));
        out.line(4, "/// Creates an empty value with the given identifier.");
        out.line(4, "pub fn new(id: u64, name: &str) -> Self {");
        out.line(
            8,
            "// start with a small capacity; most instances stay small",
        );
        out.line(
            8,
            &format!("let values = Vec::with_capacity({});", rng.range(4, 64)),
        );
        out.line(
            8,
            "Self { id, name: name.to_string(), values, index: HashMap::new() }",
        );
        out.line(4, "}");
        let methods = rng.range(2, 5);
        for m in 0..methods {
            let verb = rng.pick(VERBS);
            let name = format!("{verb}_{m}");
            let path = format!("{ty}::{name}");
            out.blank();
            out.line(
                4,
                &format!("/// {} the values against `limit`.", title(verb)),
            );
            if rng.chance(40) {
                out.line(4, "#[inline]");
            }
            if rng.chance(20) {
                out.line(4, "#[must_use]");
            }
            out.line(4, &format!("pub fn {name}(&self, limit: i64) -> i64 {{"));
            out.editable(
                8,
                &format!("let mut acc: i64 = {};", rng.range(1, 99)),
                &path,
            );
            if rng.chance(50) {
                out.line(8, &format!("// {}", rng.pick(COMMENTS)));
            }
            out.line(8, "for (i, v) in self.values.iter().enumerate() {");
            out.line(12, "if *v > limit {");
            out.editable(
                16,
                &format!("acc = acc.wrapping_add(v * {});", rng.range(2, 9)),
                &path,
            );
            out.line(12, "} else if i % 2 == 0 {");
            out.line(16, "acc -= v;");
            out.line(12, "} else {");
            out.line(16, &format!("acc ^= {};", rng.range(1, 255)));
            out.line(12, "}");
            out.line(8, "}");
            if rng.chance(50) {
                out.line(8, "let label = format!(\"{}:{}\", self.name, self.id);");
                out.line(8, "acc += label.len() as i64;");
            }
            out.editable(8, &format!("acc + limit * {}", rng.range(2, 9)), &path);
            out.line(4, "}");
        }
        out.blank();
        out.line(4, "/// Inserts a value, keeping at most [`MAX_VALUES`].");
        out.line(4, "pub fn push(&mut self, key: &str, value: i64) {");
        out.line(8, "if self.values.len() >= MAX_VALUES {");
        out.line(12, "self.values.remove(0);");
        out.line(8, "}");
        out.line(8, "self.index.insert(key.to_string(), self.values.len());");
        out.line(8, "self.values.push(value);");
        out.line(4, "}");
        out.line(0, "}");
        out.blank();
        // Trait impl.
        out.line(0, &format!("impl fmt::Display for {ty} {{"));
        out.line(
            4,
            "fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {",
        );
        out.line(
            8,
            &format!("write!(f, \"{ty}({{}}, {{}} values)\", self.id, self.values.len())"),
        );
        out.line(4, "}");
        out.line(0, "}");
        out.blank();
        if unit.is_multiple_of(3) {
            let tr = format!("Describe{unit}");
            out.line(0, "/// Something that can describe itself.");
            out.line(0, &format!("pub trait {tr} {{"));
            out.line(4, "/// A short description.");
            out.line(4, "fn describe(&self) -> String;");
            out.blank();
            out.line(4, "/// The description's length.");
            out.line(4, "fn weight(&self) -> usize {");
            out.line(8, "self.describe().len()");
            out.line(4, "}");
            out.line(0, "}");
            out.blank();
            out.line(0, &format!("impl {tr} for {ty} {{"));
            out.line(4, "fn describe(&self) -> String {");
            out.line(8, "format!(\"{} #{}\", self.name, self.id)");
            out.line(4, "}");
            out.line(0, "}");
            out.blank();
        }
        // Free function.
        let f = format!(
            "{}_{}_{unit}",
            rng.pick(VERBS),
            rng.pick(NOUNS).to_lowercase()
        );
        out.line(0, &format!("/// Free helper number {unit}."));
        out.line(
            0,
            &format!("pub fn {f}(items: &[{ty}], shared: Arc<Vec<u8>>) -> Option<u64> {{"),
        );
        out.line(4, &format!("// {}", rng.pick(COMMENTS)));
        out.line(4, "let total: u64 = items.iter().map(|w| w.id).sum();");
        out.line(4, "match shared.first() {");
        out.editable(
            8,
            &format!(
                "Some(b) if *b > {} => Some(total + u64::from(*b)),",
                rng.range(1, 200)
            ),
            &f,
        );
        out.line(8, "Some(_) => Some(total),");
        out.line(8, "None => None,");
        out.line(4, "}");
        out.line(0, "}");
        out.blank();
        unit += 1;
    }
    out.line(0, "#[cfg(test)]");
    out.line(0, "mod tests {");
    out.line(4, "use super::*;");
    out.blank();
    out.line(4, "#[test]");
    out.line(4, "fn max_values_is_positive() {");
    out.line(8, "assert!(MAX_VALUES > 0);");
    out.line(4, "}");
    out.line(0, "}");
}

// ---------------------------------------------------------------------------------------
// Python
// ---------------------------------------------------------------------------------------

fn python(out: &mut Out, rng: &mut Rng, target: usize) {
    out.line(
        0,
        "\"\"\"Generated fixture: classes, decorators and free functions.\"\"\"",
    );
    out.blank();
    out.line(0, "from __future__ import annotations");
    out.blank();
    out.line(0, "import functools");
    out.line(0, "import logging");
    out.line(0, "from dataclasses import dataclass, field");
    out.line(0, "from typing import Dict, List, Optional");
    out.blank();
    out.line(0, "log = logging.getLogger(__name__)");
    out.line(0, "MAX_VALUES = 4096");
    out.blank();
    out.blank();
    let mut unit = 0usize;
    while out.lines < target {
        let cls = format!("{}{unit}", rng.pick(NOUNS));
        if rng.chance(50) {
            out.line(0, "@dataclass");
        }
        out.line(0, &format!("class {cls}:"));
        out.line(
            4,
            &format!(
                "\"\"\"A {} with an identifier and values (unit {unit}).\"\"\"",
                cls.to_lowercase()
            ),
        );
        out.blank();
        out.line(4, "ident: int = 0");
        out.line(4, "name: str = \"\"");
        out.line(4, "values: List[int] = field(default_factory=list)");
        out.blank();
        let methods = rng.range(2, 5);
        for m in 0..methods {
            let verb = rng.pick(VERBS);
            let name = format!("{verb}_{m}");
            let path = format!("{cls}.{name}");
            match rng.range(0, 3) {
                0 => out.line(4, "@functools.lru_cache(maxsize=128)"),
                1 => out.line(4, "@log_calls"),
                _ => {}
            }
            out.line(
                4,
                &format!("def {name}(self, limit: int, scale: Optional[int] = None) -> int:"),
            );
            if rng.chance(60) {
                out.line(
                    8,
                    &format!("\"\"\"{} the values against ``limit``.\"\"\"", title(verb)),
                );
            }
            out.editable(8, &format!("acc = {}", rng.range(1, 99)), &path);
            if rng.chance(50) {
                out.line(8, &format!("# {}", rng.pick(COMMENTS)));
            }
            out.line(8, "for i, v in enumerate(self.values):");
            out.line(12, "if v > limit:");
            out.editable(16, &format!("acc += v * {}", rng.range(2, 9)), &path);
            out.line(12, "elif i % 2 == 0:");
            out.line(16, "acc -= v");
            out.line(12, "else:");
            out.line(16, &format!("acc ^= {}", rng.range(1, 255)));
            if rng.chance(50) {
                out.line(8, "if scale is not None:");
                out.line(12, "acc *= scale");
            }
            out.editable(
                8,
                &format!("return acc + limit * {}", rng.range(2, 9)),
                &path,
            );
            out.blank();
        }
        out.line(4, "@property");
        out.line(4, "def size(self) -> int:");
        out.line(8, "return len(self.values)");
        out.blank();
        out.line(4, "@staticmethod");
        out.line(4, &format!("def parse(text: str) -> \"{cls}\":"));
        out.line(
            8,
            "parts = [p.strip() for p in text.split(\",\") if p.strip()]",
        );
        out.line(8, &format!("return {cls}(ident=int(parts[0]), name=parts[1], values=[int(p) for p in parts[2:]])"));
        out.blank();
        out.blank();
        let f = format!(
            "{}_{}_{unit}",
            rng.pick(VERBS),
            rng.pick(NOUNS).to_lowercase()
        );
        out.line(
            0,
            &format!("def {f}(items: List[{cls}], weights: Dict[str, int]) -> int:"),
        );
        out.line(4, &format!("# {}", rng.pick(COMMENTS)));
        out.line(4, "total = sum(item.ident for item in items)");
        out.line(4, "for key, weight in weights.items():");
        out.editable(8, &format!("if weight > {}:", rng.range(1, 200)), &f);
        out.line(12, "total += len(key) * weight");
        out.line(4, "log.debug(\"total %s\", total)");
        out.line(4, "return total");
        out.blank();
        out.blank();
        unit += 1;
    }
    out.line(0, "if __name__ == \"__main__\":");
    out.line(4, "print(MAX_VALUES)");
}

// ---------------------------------------------------------------------------------------
// TypeScript and TSX
// ---------------------------------------------------------------------------------------

fn javascript(out: &mut Out, rng: &mut Rng, target: usize) {
    out.line(
        0,
        "// Generated fixture: classes, prototype methods, CommonJS exports and JSX.",
    );
    out.line(0, "const events = require(\"events\");");
    out.line(0, "import React from \"react\";");
    out.blank();
    out.line(0, "export const MAX_VALUES = 4096;");
    out.blank();
    let mut unit = 0usize;
    while out.lines < target {
        let cls = format!("{}{unit}", rng.pick(NOUNS));
        out.line(
            0,
            &format!("/** A {} (unit {unit}). */", cls.to_lowercase()),
        );
        out.line(
            0,
            &format!("export class {cls} extends events.EventEmitter {{"),
        );
        out.line(2, "values = [];");
        out.blank();
        let methods = rng.range(2, 5);
        for m in 0..methods {
            let verb = rng.pick(VERBS);
            let name = format!("{verb}{m}");
            let path = format!("{cls}.{name}");
            out.line(
                2,
                &format!("/** {} the values against `limit`. */", title(verb)),
            );
            out.line(2, &format!("{name}(limit) {{"));
            out.editable(
                4,
                &format!("const bound = limit + {};", rng.range(1, 999)),
                &path,
            );
            out.line(4, "return this.values.filter((v) => v < bound).length;");
            out.line(2, "}");
            out.blank();
        }
        out.line(0, "}");
        out.blank();
        let path = format!("{cls}.prototype.render");
        out.line(0, &format!("{cls}.prototype.render = function () {{"));
        out.editable(2, &format!("const n = {};", rng.range(1, 999)), &path);
        out.line(
            2,
            "return <div className=\"row\">{n + this.values.length}</div>;",
        );
        out.line(0, "};");
        out.blank();
        let path = format!("exports.make{cls}");
        out.line(0, &format!("exports.make{cls} = function (id) {{"));
        out.editable(2, &format!("const base = {};", rng.range(1, 999)), &path);
        out.line(2, &format!("return new {cls}(id + base);"));
        out.line(0, "};");
        out.blank();
        unit += 1;
    }
}

fn go(out: &mut Out, rng: &mut Rng, target: usize) {
    out.line(
        0,
        "// Package fixture is generated: structs, methods and functions.",
    );
    out.line(0, "package fixture");
    out.blank();
    out.line(0, "import (");
    out.line(0, "\t\"fmt\"");
    out.line(0, "\t\"strings\"");
    out.line(0, ")");
    out.blank();
    out.line(0, "// MaxValues bounds every list.");
    out.line(0, "const MaxValues = 4096");
    out.blank();
    let mut unit = 0usize;
    while out.lines < target {
        let ty = format!("{}{unit}", rng.pick(NOUNS));
        out.line(0, &format!("// {ty} holds values (unit {unit})."));
        out.line(0, &format!("type {ty} struct {{"));
        out.line(0, "\tName   string");
        out.line(0, "\tValues []int");
        out.line(0, "}");
        out.blank();
        let methods = rng.range(2, 5);
        for m in 0..methods {
            let verb = title(rng.pick(VERBS));
            let name = format!("{verb}{m}");
            let path = format!("{ty}.{name}");
            out.line(0, &format!("// {name} counts the values below limit."));
            out.line(0, &format!("func (x *{ty}) {name}(limit int) int {{"));
            out.editable(
                0,
                &format!("\tbound := limit + {}", rng.range(1, 999)),
                &path,
            );
            out.line(0, "\tn := 0");
            out.line(0, "\tfor _, v := range x.Values {");
            out.line(0, "\t\tif v < bound {");
            out.line(0, "\t\t\tn++");
            out.line(0, "\t\t}");
            out.line(0, "\t}");
            out.line(0, "\treturn n");
            out.line(0, "}");
            out.blank();
        }
        let path = format!("Describe{ty}");
        out.line(0, &format!("func {path}(x *{ty}) string {{"));
        out.editable(0, &format!("\tpad := {}", rng.range(1, 999)), &path);
        out.line(
            0,
            "\treturn fmt.Sprintf(\"%s %d\", strings.ToUpper(x.Name), pad)",
        );
        out.line(0, "}");
        out.blank();
        unit += 1;
    }
}

fn java(out: &mut Out, rng: &mut Rng, target: usize) {
    out.line(0, "package fixture;");
    out.blank();
    out.line(0, "import java.util.ArrayList;");
    out.line(0, "import java.util.List;");
    out.blank();
    out.line(
        0,
        "/** Generated: classes, fields, constructors and methods. */",
    );
    out.line(0, "public final class Fixture {");
    out.line(4, "/** Bounds every list. */");
    out.line(4, "static final int MAX_VALUES = 4096;");
    out.blank();
    let mut unit = 0usize;
    while out.lines < target {
        let ty = format!("{}{unit}", title(rng.pick(NOUNS)));
        out.line(4, &format!("/** Holds values (unit {unit}). */"));
        out.line(4, &format!("static final class {ty} {{"));
        out.line(8, "private final String name;");
        out.line(8, "private final List<Integer> values = new ArrayList<>();");
        out.blank();
        out.line(8, &format!("{ty}(String name) {{"));
        out.line(12, "this.name = name;");
        out.line(8, "}");
        out.blank();
        let methods = rng.range(2, 5);
        for m in 0..methods {
            let name = format!("{}{m}", rng.pick(VERBS));
            let path = format!("Fixture.{ty}.{name}");
            out.line(8, "/** Counts the values below the limit. */");
            out.line(8, &format!("int {name}(int limit) {{"));
            out.editable(
                12,
                &format!("int bound = limit + {};", rng.range(1, 999)),
                &path,
            );
            out.line(12, "int n = 0;");
            out.line(12, "for (int v : values) {");
            out.line(16, "if (v < bound) {");
            out.line(20, "n++;");
            out.line(16, "}");
            out.line(12, "}");
            out.line(12, "return n;");
            out.line(8, "}");
            out.blank();
        }
        let path = format!("Fixture.{ty}.describe");
        out.line(8, "String describe() {");
        out.editable(12, &format!("int pad = {};", rng.range(1, 999)), &path);
        out.line(12, "return name.toUpperCase() + \" \" + pad;");
        out.line(8, "}");
        out.line(4, "}");
        out.blank();
        unit += 1;
    }
    out.line(0, "}");
}

fn csharp(out: &mut Out, rng: &mut Rng, target: usize) {
    out.line(0, "using System;");
    out.line(0, "using System.Collections.Generic;");
    out.blank();
    out.line(0, "namespace Fixture;");
    out.blank();
    out.line(
        0,
        "/// <summary>Generated: classes, fields, properties, methods.</summary>",
    );
    out.line(0, "public static class Limits");
    out.line(0, "{");
    out.line(4, "public const int MaxValues = 4096;");
    out.line(0, "}");
    out.blank();
    let mut unit = 0usize;
    while out.lines < target {
        let ty = format!("{}{unit}", title(rng.pick(NOUNS)));
        out.line(
            0,
            &format!("/// <summary>Holds values (unit {unit}).</summary>"),
        );
        out.line(0, &format!("public sealed class {ty}"));
        out.line(0, "{");
        out.line(4, "private readonly List<int> values = new();");
        out.line(4, "public string Name { get; }");
        out.blank();
        out.line(4, &format!("public {ty}(string name)"));
        out.line(4, "{");
        out.line(8, "Name = name;");
        out.line(4, "}");
        out.blank();
        let methods = rng.range(2, 5);
        for m in 0..methods {
            let name = format!("{}{m}", title(rng.pick(VERBS)));
            let path = format!("Fixture.{ty}.{name}");
            out.line(
                4,
                "/// <summary>Counts the values below the limit.</summary>",
            );
            out.line(4, &format!("public int {name}(int limit)"));
            out.line(4, "{");
            out.editable(
                8,
                &format!("int bound = limit + {};", rng.range(1, 999)),
                &path,
            );
            out.line(8, "int n = 0;");
            out.line(8, "foreach (var v in values)");
            out.line(8, "{");
            out.line(12, "if (v < bound)");
            out.line(12, "{");
            out.line(16, "n++;");
            out.line(12, "}");
            out.line(8, "}");
            out.line(8, "return n;");
            out.line(4, "}");
            out.blank();
        }
        let path = format!("Fixture.{ty}.Describe");
        out.line(4, "public string Describe()");
        out.line(4, "{");
        out.editable(8, &format!("int pad = {};", rng.range(1, 999)), &path);
        out.line(8, "return Name.ToUpperInvariant() + \" \" + pad;");
        out.line(4, "}");
        out.line(0, "}");
        out.blank();
        unit += 1;
    }
}

fn typescript(out: &mut Out, rng: &mut Rng, target: usize, tsx: bool) {
    out.line(
        0,
        "// Generated fixture: interfaces, classes, functions and type aliases.",
    );
    out.line(0, "import { EventEmitter } from \"events\";");
    if tsx {
        out.line(0, "import React, { useMemo, useState } from \"react\";");
    }
    out.blank();
    out.line(0, "export const MAX_VALUES = 4096;");
    out.blank();
    out.line(0, "function logged(target: unknown, key: string, descriptor: PropertyDescriptor): PropertyDescriptor {");
    out.line(2, "return descriptor;");
    out.line(0, "}");
    out.blank();
    let mut unit = 0usize;
    while out.lines < target {
        let cls = format!("{}{unit}", rng.pick(NOUNS));
        let iface = format!("{cls}Shape");
        out.line(0, &format!("/** The public shape of {cls}. */"));
        out.line(0, &format!("export interface {iface} {{"));
        out.line(2, "readonly id: number;");
        out.line(2, "name: string;");
        out.line(2, "values: number[];");
        out.line(2, "size(): number;");
        out.line(0, "}");
        out.blank();
        out.line(
            0,
            &format!(
                "/** A {} with an identifier and values (unit {unit}). */",
                cls.to_lowercase()
            ),
        );
        out.line(
            0,
            &format!("export class {cls} extends EventEmitter implements {iface} {{"),
        );
        out.line(2, "private cache = new Map<string, number>();");
        out.line(2, "values: number[] = [];");
        out.blank();
        out.line(
            2,
            "constructor(public readonly id: number, public name: string) {",
        );
        out.line(4, "super();");
        out.line(4, "// nothing else to initialise");
        out.line(2, "}");
        let methods = rng.range(2, 5);
        for m in 0..methods {
            let verb = rng.pick(VERBS);
            let name = format!("{verb}{m}");
            let path = format!("{cls}.{name}");
            out.blank();
            out.line(
                2,
                &format!("/** {} the values against `limit`. */", title(verb)),
            );
            if rng.chance(40) {
                out.line(2, "@logged");
            }
            out.line(
                2,
                &format!("{name}(limit: number, scale?: number): number {{"),
            );
            out.editable(4, &format!("let acc = {};", rng.range(1, 99)), &path);
            if rng.chance(50) {
                out.line(4, &format!("// {}", rng.pick(COMMENTS)));
            }
            out.line(4, "this.values.forEach((v, i) => {");
            out.line(6, "if (v > limit) {");
            out.editable(8, &format!("acc += v * {};", rng.range(2, 9)), &path);
            out.line(6, "} else if (i % 2 === 0) {");
            out.line(8, "acc -= v;");
            out.line(6, "} else {");
            out.line(8, &format!("acc ^= {};", rng.range(1, 255)));
            out.line(6, "}");
            out.line(4, "});");
            if rng.chance(50) {
                out.line(4, "if (scale !== undefined) {");
                out.line(6, "acc *= scale;");
                out.line(4, "}");
            }
            out.editable(
                4,
                &format!("return acc + limit * {};", rng.range(2, 9)),
                &path,
            );
            out.line(2, "}");
        }
        out.blank();
        out.line(2, "size(): number {");
        out.line(4, "return this.values.length;");
        out.line(2, "}");
        out.blank();
        out.line(2, "get label(): string {");
        out.line(4, "return `${this.name}#${this.id}`;");
        out.line(2, "}");
        out.line(0, "}");
        out.blank();
        out.line(
            0,
            &format!(
                "export type {cls}Event = {{ kind: \"added\" | \"removed\"; value: number }};"
            ),
        );
        out.blank();
        if unit.is_multiple_of(3) {
            out.line(0, &format!("export enum {cls}State {{"));
            out.line(2, "Idle,");
            out.line(2, "Busy = 4,");
            out.line(2, "Done,");
            out.line(0, "}");
            out.blank();
        }
        let f = format!("{}{}{unit}", rng.pick(VERBS), rng.pick(NOUNS));
        out.line(
            0,
            &format!(
                "export function {f}(items: {cls}[], weights: Record<string, number>): number {{"
            ),
        );
        out.line(2, &format!("// {}", rng.pick(COMMENTS)));
        out.line(
            2,
            "let total = items.reduce((sum, item) => sum + item.id, 0);",
        );
        out.line(2, "for (const [key, weight] of Object.entries(weights)) {");
        out.editable(4, &format!("if (weight > {}) {{", rng.range(1, 200)), &f);
        out.line(6, "total += key.length * weight;");
        out.line(4, "}");
        out.line(2, "}");
        out.line(2, "return total;");
        out.line(0, "}");
        out.blank();
        let arrow = format!("scale{unit}");
        out.line(
            0,
            &format!(
                "export const {arrow} = (x: number, factor = {}): number => {{",
                rng.range(2, 9)
            ),
        );
        out.editable(2, &format!("const bias = {};", rng.range(1, 99)), &arrow);
        out.line(2, "return x * factor + bias;");
        out.line(0, "};");
        out.blank();
        if tsx {
            let comp = format!("{cls}View");
            out.line(0, &format!("/** Renders a {cls}. */"));
            out.line(
                0,
                &format!("export function {comp}(props: {{ item: {cls}; title: string }}) {{"),
            );
            out.line(2, "const [open, setOpen] = useState(false);");
            out.editable(
                2,
                &format!(
                    "const limit = useMemo(() => props.item.size() * {}, [props.item]);",
                    rng.range(2, 9)
                ),
                &comp,
            );
            out.line(2, "return (");
            out.line(
                4,
                &format!("<div className=\"card-{unit}\" onClick={{() => setOpen(!open)}}>"),
            );
            out.line(6, "<h2>{props.title}</h2>");
            out.line(6, "{/* values, shown when open */}");
            out.line(6, "{open && (");
            out.line(8, "<ul>");
            out.line(10, "{props.item.values.map((v, i) => (");
            out.line(
                12,
                "<li key={i} className={v > limit ? \"high\" : \"low\"}>",
            );
            out.line(14, "{v}");
            out.line(12, "</li>");
            out.line(10, "))}");
            out.line(8, "</ul>");
            out.line(6, ")}");
            out.line(4, "</div>");
            out.line(2, ");");
            out.line(0, "}");
            out.blank();
        }
        unit += 1;
    }
    out.line(0, "export default MAX_VALUES;");
}

/// The pathological input of the budget issue: a Python file of `functions` small
/// functions, each with a local import that the change rewrites (`import os` becomes
/// `import sys`), to be checked under an `imports` grant. Every function changes, and every
/// function holds a granted region: a rule that costs (changed symbols × regions) is
/// quadratic here.
pub fn many_changed_imports(functions: usize) -> (String, String) {
    let mut before = String::with_capacity(functions * 40);
    for i in 0..functions {
        before.push_str(&format!("def f{i}():\n    import os\n    return {i}\n\n"));
    }
    let after = before.replace("import os", "import sys");
    (before, after)
}

/// Other shapes that a super-linear step would make slow, each `(before, after, grants
/// description)`: `functions` redefinitions of one name (pairing), as many removals under
/// one `delete` grant, and as many top-level statements changed outside any symbol.
pub fn hostile_shapes(functions: usize) -> Vec<(&'static str, String, String)> {
    let mut same_name = String::new();
    for i in 0..functions {
        same_name.push_str(&format!("def f():\n    return {i}\n\n"));
    }
    let same_name_after = same_name.replace("return 0\n", "return -1\n");
    let mut outside = String::new();
    for i in 0..functions {
        outside.push_str(&format!("x{i} = {i}\nprint(x{i})\n"));
    }
    let outside_after = outside.replace("print(", "print (");
    vec![
        ("redefinitions", same_name, same_name_after),
        ("outside", outside, outside_after),
    ]
}

/// `depth` functions each nested in the one before (Rust `fn`, Python `def` with one-space
/// indentation, TypeScript / TSX `function`), with one changed line in the innermost body:
/// allowed under a `body` grant on the outermost function `f0`. A walk that looks up a
/// node's parent or siblings from the root is quadratic here.
pub fn deep_nesting(language: Language, depth: usize) -> (String, String) {
    let mut before = String::with_capacity(depth * 24);
    let python = language == Language::Python;
    for i in 0..depth {
        if python {
            before.push_str(&" ".repeat(i));
            before.push_str(&format!("def f{i}():\n"));
        } else if language == Language::Rust {
            before.push_str(&format!("fn f{i}() {{\n"));
        } else {
            before.push_str(&format!("function f{i}() {{\n"));
        }
    }
    if python {
        before.push_str(&" ".repeat(depth));
        before.push_str("x = 1\n");
    } else if language == Language::Rust {
        before.push_str("let x = 1;\n");
        before.push_str(&"}\n".repeat(depth));
    } else {
        before.push_str("const x = 1;\n");
        before.push_str(&"}\n".repeat(depth));
    }
    let after = before.replacen("x = 1", "x = 2", 1);
    (before, after)
}
