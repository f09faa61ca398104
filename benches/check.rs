//! Benchmarks: the whole scope check against the two plain parses it has to beat.
//!
//! For each language and size (about 1,000 and 10,000 lines), a generated file (see
//! `fixtures.rs`) gets a one-line edit inside one method body, and we measure:
//!
//! * `check/<lang>/<lines>`: `check_text` with a `body` grant on the edited method (parse
//!   `before`, incremental reparse of `after`, skeletons, symbol diff, and, the answer being
//!   *allowed*, the second parser's reading of both versions and its comparison with
//!   tree-sitter's: the dual check of "Two parsers" in the crate docs);
//! * `check_whole/<lang>/<lines>` (Rust): the same, with the new version's `syn` reading
//!   made whole instead of spliced from the old one's (`second/rust/splice.rs`);
//! * `parse2/<lang>/<lines>`: `SourceFile::parse(before)` + `SourceFile::parse(after)`, the
//!   baseline (target: check / parse2 <= 1.3);
//! * `diff/<lang>/<lines>`: `diff` on already parsed files;
//! * `parse_reparse/<lang>/<lines>`: `parse(before)` + `reparse(after)`, the parsing part of
//!   the check;
//! * `check_parsed/<lang>/<lines>`: `check` on already parsed files, the rest of it (the
//!   second parser's reading is memoised per `SourceFile`, so after the first iteration this
//!   is the comparison alone);
//! * `pathological/python/<functions>`: the budget issue's input (every function with a
//!   changed import under an `imports` grant) at 10,000 and 100,000 functions: near-linear
//!   means a ratio near 10 (it was quadratic: 160,000 functions took 33 s).
//! * `deep_nesting/<lang>/<depth>`: functions each nested in the one before, at depths
//!   1,000 and 10,000 (the symbol walk was quadratic in the depth: 4,000 took 5 s).
//!
//! Run: `CARGO_TARGET_DIR=/tmp/target-bench cargo bench -p editscope --bench check`
//! (add `-- --quick` for a faster, rougher run, or a filter such as `-- python/1000`).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use editscope::{
    __without_splice, check, check_text, diff, CheckOptions, Grants, Language, Limits, SourceFile,
    Status,
};

mod fixtures;

const SIZES: [usize; 2] = [1_000, 10_000];

fn benches(c: &mut Criterion) {
    for language in Language::ALL {
        for lines in SIZES {
            bench_one(c, language, lines);
        }
    }
}

fn bench_one(c: &mut Criterion, language: Language, lines: usize) {
    let fx = fixtures::generate(language, lines);
    let grants = Grants::new().body(fx.edited.clone());
    let opts = CheckOptions::default();
    let name = language.name();

    // The fixture must be what it claims: clean syntax, and an allowed change.
    let before = SourceFile::parse(language, fx.before.as_str()).expect("parse before");
    let after = SourceFile::parse(language, fx.after.as_str()).expect("parse after");
    assert!(
        before.syntax_errors().is_empty(),
        "{name}/{lines}: before has syntax errors: {:?}",
        before.syntax_errors()
    );
    assert!(
        after.syntax_errors().is_empty(),
        "{name}/{lines}: after has syntax errors: {:?}",
        after.syntax_errors()
    );
    let verdict = check_text(language, &fx.before, &fx.after, &grants, &opts).expect("check_text");
    assert_eq!(
        verdict.status,
        Status::Allowed,
        "{name}/{lines}: body grant on `{}` should allow: {verdict:?}",
        fx.edited
    );
    assert_eq!(
        verdict.changes.len(),
        1,
        "{name}/{lines}: exactly the edited symbol changes: {:?}",
        verdict.changes
    );
    // And a change outside the grant must be rejected, so the check does real work.
    let denied =
        check_text(language, &fx.before, &fx.after, &Grants::new(), &opts).expect("check_text");
    assert_eq!(
        denied.status,
        Status::Rejected,
        "{name}/{lines}: no grant should reject"
    );
    eprintln!(
        "fixture {name}/{lines}: {} lines, {} bytes, {} symbols, edited `{}` at line {}",
        fx.lines,
        fx.before.len(),
        before.symbols().len(),
        fx.edited,
        fx.edited_line
    );

    let bytes = (fx.before.len() + fx.after.len()) as u64;
    let id = BenchmarkId::new(name, lines);

    let mut g = c.benchmark_group("check");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_with_input(id.clone(), &fx, |b, fx| {
        b.iter(|| {
            check_text(
                language,
                black_box(&fx.before),
                black_box(&fx.after),
                &grants,
                &opts,
            )
            .unwrap()
        })
    });
    g.finish();

    // Rust: the same check with both versions read whole by `syn` (no splice of the new
    // version's reading from the old one's), for the ratio within one run.
    if language == Language::Rust {
        let mut g = c.benchmark_group("check_whole");
        g.throughput(Throughput::Bytes(bytes));
        g.bench_with_input(id.clone(), &fx, |b, fx| {
            b.iter(|| {
                __without_splice(|| {
                    check_text(
                        language,
                        black_box(&fx.before),
                        black_box(&fx.after),
                        &grants,
                        &opts,
                    )
                    .unwrap()
                })
            })
        });
        g.finish();
    }

    let mut g = c.benchmark_group("parse2");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_with_input(id.clone(), &fx, |b, fx| {
        b.iter(|| {
            let b = SourceFile::parse(language, black_box(fx.before.as_str())).unwrap();
            let a = SourceFile::parse(language, black_box(fx.after.as_str())).unwrap();
            (b, a)
        })
    });
    g.finish();

    let mut g = c.benchmark_group("diff");
    g.bench_with_input(id.clone(), &(&before, &after), |b, (before, after)| {
        b.iter(|| diff(black_box(before), black_box(after)))
    });
    g.finish();

    let mut g = c.benchmark_group("parse_reparse");
    g.throughput(Throughput::Bytes(bytes));
    g.bench_with_input(id.clone(), &fx, |b, fx| {
        b.iter(|| {
            let b = SourceFile::parse(language, black_box(fx.before.as_str())).unwrap();
            let a =
                SourceFile::reparse(&b, black_box(fx.after.clone()), Limits::default()).unwrap();
            (b, a)
        })
    });
    g.finish();

    let mut g = c.benchmark_group("check_parsed");
    g.bench_with_input(id, &(&before, &after), |b, (before, after)| {
        b.iter(|| check(black_box(before), black_box(after), &grants, &opts).unwrap())
    });
    g.finish();
}

/// The budget issue's pathological input: every function has a changed import under an
/// `imports` grant. `pathological/python/<functions>` at 10,000 and 100,000 functions: the
/// ratio of the two times shows the scaling (near 10 for near-linear).
fn pathological(c: &mut Criterion) {
    let grants = Grants::new().imports();
    let opts = CheckOptions {
        budget: Duration::MAX,
        ..CheckOptions::default()
    };
    let mut g = c.benchmark_group("pathological");
    g.sample_size(10);
    for functions in [10_000, 100_000] {
        let (before, after) = fixtures::many_changed_imports(functions);
        g.throughput(Throughput::Bytes((before.len() + after.len()) as u64));
        g.bench_with_input(
            BenchmarkId::new("python", functions),
            &(before, after),
            |b, (before, after)| {
                b.iter(|| {
                    let v = check_text(Language::Python, before, after, &grants, &opts).unwrap();
                    assert_eq!(v.status, Status::Allowed);
                    v
                })
            },
        );
    }
    g.finish();
}

/// Deep nesting: `deep_nesting/<lang>/<depth>`, functions each nested in the one before
/// (an edit in the innermost body under a `body` grant on the outermost) at depths 1,000
/// and 10,000. The symbol walk is linear in the depth; what remains grows with the
/// qualified paths themselves (`f0::f1::…`, depth² bytes in all).
fn deep_nesting(c: &mut Criterion) {
    let grants = Grants::new().body("f0");
    let opts = CheckOptions {
        budget: Duration::MAX,
        limits: Limits {
            max_bytes: usize::MAX,
        },
        ..CheckOptions::default()
    };
    let mut g = c.benchmark_group("deep_nesting");
    g.sample_size(10);
    for language in [Language::Rust, Language::TypeScript] {
        for depth in [1_000, 10_000] {
            let (before, after) = fixtures::deep_nesting(language, depth);
            g.throughput(Throughput::Bytes((before.len() + after.len()) as u64));
            g.bench_with_input(
                BenchmarkId::new(language.name(), depth),
                &(before, after),
                |b, (before, after)| {
                    b.iter(|| {
                        let v = check_text(language, before, after, &grants, &opts).unwrap();
                        assert_eq!(v.status, Status::Allowed);
                        v
                    })
                },
            );
        }
    }
    g.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .without_plots()
}

criterion_group! {
    name = check_benches;
    config = config();
    targets = benches, pathological, deep_nesting
}
criterion_main!(check_benches);
