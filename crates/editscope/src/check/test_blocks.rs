//! Rules for test blocks (JavaScript, TypeScript, TSX: `describe`, `it`, `test`, ...; symbols
//! of kind [`SymbolKind::Test`]) on top of the skeleton: what decides whether and how a test
//! runs lies partly outside its own bytes.
//!
//! - **Governing code.** The code of a test container's callback outside its child test
//!   blocks (hooks, declarations, control flow, `return`, a local `const it = ...`) decides
//!   whether and how every child runs: a change there is a change of each test block below
//!   it, so with an ungranted (or protected) one among them it is a violation on that one,
//!   even where a grant on the container frees its bytes.
//! - **Shared state.** A name declared at the top level of a container's callback (`let
//!   expected = 6`) is shared by the tests below it, as a module-level binding is by the
//!   functions of a module: an assignment to it (`expected = 5`, `expected++`,
//!   `expected.x = 1`, destructuring) written more often than before anywhere in the
//!   callback is a redefinition of every ungranted test block below the container.
//! - **Exclusive tests and suite reach.** An added `.only` (`it.only`, `describe.only`,
//!   `test.only`, `describe["only"]`, any `x.only`, escaped, aliased, destructured or
//!   computed: `check/focus.rs`) or `fit` / `fdescribe` restricts the run to the exclusive
//!   tests: in mocha across every file of the run, in jest and vitest across the file; code
//!   in a test block that reaches its suite (`this.parent.beforeEach(...)`) changes the
//!   suite's other tests. No grant on one symbol covers that, so it is a violation wherever
//!   it is written, whatever the grants ([`exclusive_markers`] is also what the report
//!   applies to created and `files`-granted files).

use super::*;
use std::collections::HashMap;

/// The violations of the test-block rules (module docs) for one file's change.
pub(super) fn test_block_changes(
    before: &SourceFile,
    after: &SourceFile,
    grants: &GrantIndex<'_>,
) -> Vec<Violation> {
    let mut out = Vec::new();
    if !after.language().is_ecmascript() {
        return out;
    }
    let line_of = |byte: usize| {
        after.text()[..byte.min(after.text().len())]
            .bytes()
            .filter(|b| *b == b'\n')
            .count()
            + 1
    };
    // Exclusive tests and suite reach: keyed markers in both versions, any key more frequent
    // is a violation (`check/focus.rs`).
    let (old, new) = (exclusive_markers(before), exclusive_markers(after));
    if let Some(m) = super::focus::added_marker(&old, &new) {
        out.push(marker_violation(m.kind, line_of(m.byte)));
    }
    let symbols = before.symbols();
    if !symbols.iter().any(|s| s.kind == SymbolKind::Test) {
        return out;
    }
    let covered = Coverage::of(before, grants);
    // The test blocks no grant covers (protected ones included; a body-granted one runs its
    // own granted code).
    let ungranted: Vec<usize> = (0..symbols.len())
        .filter(|&i| {
            symbols[i].kind == SymbolKind::Test
                && !covered.covered(i, true)
                && (grants.protects(&symbols[i]) || !grants.bodies(&symbols[i]))
        })
        .collect();
    if ungranted.is_empty() {
        return out;
    }
    // Containers whose callback a grant frees (else a change there is already rejected):
    // compared once per path.
    let gov_b = governing(before);
    let gov_a = governing(after);
    let assigned_b = shared_assignments(before);
    let assigned_a = shared_assignments(after);
    let mut verdicts: HashMap<&str, Option<(usize, &'static str)>> = HashMap::new();
    let mut seen: HashSet<usize> = HashSet::new();
    for &c in &ungranted {
        let mut parent = symbols[c].parent;
        while let Some(a) = parent.filter(|a| symbols[*a].kind == SymbolKind::Test) {
            parent = symbols[a].parent;
            let container = &symbols[a];
            // Its own code outside the grants: a change there is rejected already.
            let granted = covered.covered(a, true) || grants.bodies(container);
            let verdict = *verdicts.entry(container.path.as_str()).or_insert_with(|| {
                let path = container.path.as_str();
                if granted && gov_b.get(path) != gov_a.get(path) {
                    let at = after
                        .symbols()
                        .iter()
                        .find(|s| s.path == path)
                        .map_or(0, |s| s.extent.start_byte);
                    return Some((at, "governing"));
                }
                let (b, a) = (assigned_b.get(path), assigned_a.get(path));
                let more = a.into_iter().flatten().find(|(name, (n, _))| {
                    *n > b.and_then(|b| b.get(*name)).map_or(0, |(m, _)| *m)
                });
                more.map(|(_, (_, at))| (*at, "shared"))
            });
            let Some((byte, why)) = verdict else {
                continue;
            };
            if !seen.insert(c) {
                break;
            }
            let s = &symbols[c];
            let message = match why {
                "governing" => format!(
                    "test block `{}` runs differently: the code of `{}` outside its test blocks (hooks, declarations, control flow) changed, and it decides whether and how every test below it runs; grant `edit` on `{}` to change it",
                    s.path, container.path, s.path
                ),
                _ => format!(
                    "test block `{}` reads state shared in `{}`: a variable declared in its callback is assigned more often than before, which changes what the tests below it see; grant `edit` on `{}` to change it",
                    s.path, container.path, s.path
                ),
            };
            let mut v = redefined(s, line_of(byte), message);
            if why == "governing" {
                v.kind = ViolationKind::Changed;
            }
            out.push(v);
            break;
        }
    }
    out
}

/// The exclusive and reach markers of a JavaScript / TypeScript file (`check/focus.rs`),
/// made once per file (a warm baseline's is kept in its memo).
pub(crate) fn exclusive_markers(file: &SourceFile) -> Vec<super::focus::Marker> {
    file.memo(crate::source::Slot::FocusMarkers, || {
        super::focus::markers(file)
    })
    .clone()
}

/// The violation for an added marker of `kind`, on `line` of `after`.
pub(crate) fn marker_violation(kind: super::focus::MarkerKind, line: usize) -> Violation {
    match kind {
        super::focus::MarkerKind::Exclusive => exclusive_violation(line),
        super::focus::MarkerKind::Reach => Violation {
            message: "added code in a test block reaches out of it to its suite (`this` other than `this.timeout`/`slow`/`skip`/`retries`, or a `parent`, `suite`, `tests`, `tasks`, `file`, `root`, `ctx` member: mocha's `this.parent.beforeEach(...)` installs a hook on the enclosing suite), which changes tests no grant on the block covers; remove it".to_string(),
            ..exclusive_violation(line)
        },
    }
}

/// The violation for an added exclusive test, on `line` of `after`.
pub(crate) fn exclusive_violation(line: usize) -> Violation {
    Violation {
        changed_lines: Default::default(),
        kind: ViolationKind::Redefined,
        symbol: None,
        symbol_kind: None,
        before: None,
        after: Some(LineRange {
            start_line: line,
            end_line: line,
        }),
        message: "an added exclusive test, or code that could make one (`.only`, `fit`, `fdescribe`, also escaped, through an alias, a computed member or destructuring, or a test function passed on as a value) makes the runner skip every other test (mocha: in every file of the run; jest, vitest: in the file), which no grant can allow; remove it".to_string(),
    }
}

/// The body node of test symbol `s` (its callback's body), if the tree has it.
fn body_node<'t>(file: &'t SourceFile, s: &crate::Symbol) -> Option<tree_sitter::Node<'t>> {
    let body = s.body?;
    file.tree()
        .root_node()
        .descendant_for_byte_range(body.start_byte, body.end_byte)
        .filter(|n| n.start_byte() == body.start_byte && n.end_byte() == body.end_byte)
}

/// For each test container's path, the code of its callbacks outside their direct child
/// test blocks: the pieces between them, each trimmed, empty ones left out (blocks sharing a
/// path: one list after another).
fn governing(file: &SourceFile) -> HashMap<&str, Vec<&str>> {
    let symbols = file.symbols();
    let text = file.text();
    let mut children: HashMap<usize, Vec<usize>> = HashMap::new();
    for (i, s) in symbols.iter().enumerate() {
        if let Some(p) = s.parent.filter(|_| s.kind == SymbolKind::Test) {
            children.entry(p).or_default().push(i);
        }
    }
    let mut out: HashMap<&str, Vec<&str>> = HashMap::new();
    for (i, s) in symbols.iter().enumerate() {
        if s.kind != SymbolKind::Test {
            continue;
        }
        let pieces = out.entry(s.path.as_str()).or_default();
        let Some(body) = s.body else {
            pieces.push("<no body>");
            continue;
        };
        let mut kids: Vec<(usize, usize)> = children
            .get(&i)
            .map(|k| {
                k.iter()
                    .map(|c| (symbols[*c].extent.start_byte, symbols[*c].extent.end_byte))
                    .collect()
            })
            .unwrap_or_default();
        kids.sort_unstable();
        let mut at = body.start_byte;
        for (start, end) in kids {
            if start < at || end > body.end_byte {
                // Overlapping extents: not a shape this rule knows; compare the whole body.
                pieces.push(&text[body.range()]);
                at = body.end_byte;
                break;
            }
            let piece = text[at..start].trim();
            if !piece.is_empty() {
                pieces.push(piece);
            }
            at = end;
        }
        let piece = text[at.min(body.end_byte)..body.end_byte].trim();
        if !piece.is_empty() {
            pieces.push(piece);
        }
    }
    out
}

/// For each test container's path, the names declared at the top level of its callback and,
/// per name, how many assignments to it the callback holds (at any depth) and the first
/// byte of the last one.
#[allow(clippy::type_complexity)]
fn shared_assignments(file: &SourceFile) -> HashMap<&str, HashMap<String, (usize, usize)>> {
    let text = file.text();
    let mut out: HashMap<&str, HashMap<String, (usize, usize)>> = HashMap::new();
    for s in file.symbols().iter().filter(|s| s.kind == SymbolKind::Test) {
        let Some(body) = body_node(file, s) else {
            continue;
        };
        let mut declared: HashSet<String> = HashSet::new();
        let mut cursor = body.walk();
        for stmt in body.named_children(&mut cursor) {
            match stmt.kind() {
                "lexical_declaration" | "variable_declaration" => {
                    let mut c = stmt.walk();
                    for d in stmt.named_children(&mut c) {
                        if let Some(name) = d.child_by_field_name("name") {
                            identifiers(name, text, &mut |n, _| {
                                declared.insert(n.to_string());
                            });
                        }
                    }
                }
                "function_declaration" | "class_declaration" | "generator_function_declaration" => {
                    if let Some(name) = stmt.child_by_field_name("name") {
                        declared.insert(text[name.byte_range()].to_string());
                    }
                }
                _ => {}
            }
        }
        if declared.is_empty() {
            continue;
        }
        let counts = out.entry(s.path.as_str()).or_default();
        crate::walk::preorder(body, |cursor, _| {
            let n = cursor.node();
            let target = match n.kind() {
                "assignment_expression" | "augmented_assignment_expression" => {
                    n.child_by_field_name("left")
                }
                "update_expression" => n.child_by_field_name("argument"),
                "for_in_statement" => n
                    .child_by_field_name("left")
                    .filter(|_| n.child_by_field_name("kind").is_none()),
                _ => None,
            };
            if let Some(t) = target {
                identifiers(t, text, &mut |name, byte| {
                    if declared.contains(name) {
                        let e = counts.entry(name.to_string()).or_insert((0, byte));
                        e.0 += 1;
                        e.1 = byte;
                    }
                });
            }
            true
        });
    }
    out
}

/// Every identifier in an assignment target (a pattern, or the root object of a member
/// access: `a.b = 1` writes into `a`), with its first byte.
fn identifiers(node: tree_sitter::Node<'_>, text: &str, f: &mut dyn FnMut(&str, usize)) {
    crate::walk::preorder(node, |cursor, _| {
        let n = cursor.node();
        match n.kind() {
            "identifier" | "shorthand_property_identifier_pattern" => {
                f(&text[n.byte_range()], n.start_byte());
                false
            }
            // `a.b[c] = 1`: only the root object is written into; the index and the property
            // are reads.
            "member_expression" | "subscript_expression" => {
                if let Some(o) = n.child_by_field_name("object") {
                    identifiers(o, text, f);
                }
                false
            }
            // A default value is read, not written.
            "assignment_pattern" => {
                if let Some(l) = n.child_by_field_name("left") {
                    identifiers(l, text, f);
                }
                false
            }
            _ => true,
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn js(text: &str) -> SourceFile {
        SourceFile::parse(Language::JavaScript, text).unwrap()
    }

    #[test]
    fn governing_code_leaves_out_the_child_blocks() {
        let a =
            js("describe('s', () => {\n  it('a', () => { x(); });\n  it('b', () => {});\n});\n");
        let b = js("describe('s', () => {\n  it('a', () => { y(); });\n\n  it('c', () => {});\n  it('b', () => {});\n});\n");
        let c = js("describe('s', () => {\n  it('a', () => { x(); });\n  return;\n  it('b', () => {});\n});\n");
        assert_eq!(governing(&a).get("\"s\""), governing(&b).get("\"s\""));
        assert_ne!(governing(&a).get("\"s\""), governing(&c).get("\"s\""));
    }

    #[test]
    fn shared_assignments_count_writes_to_callback_declarations() {
        let f = js("describe('s', () => {\n  let e = 1;\n  let [p] = [2];\n  it('a', () => { e = 2; e++; ({ p } = o); e.x = 1; let q = e; q = 3; });\n});\n");
        let counts = shared_assignments(&f);
        let s = counts.get("\"s\"").unwrap();
        assert_eq!(s.get("e").map(|c| c.0), Some(3));
        assert_eq!(s.get("p").map(|c| c.0), Some(1));
        assert!(!s.contains_key("q"));
    }
}
