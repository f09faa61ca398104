//! Benchmarks of the warm path ([`WarmFile`]): a baseline parsed once, then one-line edits.
//!
//! For each language, a generated file (`fixtures.rs`) of about 1,000 lines, and of about
//! 50,000 lines for Rust and Python, gets a one-line edit in one method body (a different
//! literal at every iteration, so that each one really reparses), and we measure:
//!
//! * `warm/<lang>/<lines>`: [`WarmFile::check_edit`] under a `body` grant on the edited
//!   method: the incremental reparse from the version checked last, the comparison, and the
//!   second parser's reading of the new version (the answer is *allowed*; the baseline's
//!   reading is made once, before);
//! * `warm_parse/<lang>/<lines>`: [`WarmFile::parse`] alone, the incremental reparse;
//! * `second/<lang>/<lines>`: the second parser's reading of the new version alone (syn,
//!   ruff, oxc), which every *allowed* answer needs;
//! * `warm_rejected/<lang>/<lines>`: the same edit with no grant: rejected, so no second
//!   reading;
//! * `cold/<lang>/<lines>`: `check_text` on the same pairs (both versions parsed, both read
//!   by the second parser);
//! * `parse2/<lang>/<lines>`: two cold `SourceFile::parse` (the goal for 50,000 lines: warm
//!   <= 0.6 x parse2).
//!
//! Run: `cargo bench -p editscope --bench warm` (a filter such as `-- warm/python` narrows it).

use std::hint::black_box;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion};
use editscope::{CheckOptions, Grants, Language, Limits, SourceFile, Status, WarmFile};

mod fixtures;

/// `after` of `fx`, with the edited literal set to `1000 + k` (`k` in `0..n`): `n` versions,
/// each one line away from the one before.
fn versions(fx: &fixtures::Fixture, n: usize) -> Vec<String> {
    let (b, a) = (fx.before.as_bytes(), fx.after.as_bytes());
    let prefix = b.iter().zip(a).take_while(|(x, y)| x == y).count();
    let start = fx.after[..prefix]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |p| p + 1);
    let end = fx.after[start..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(fx.after.len(), |p| start + p);
    (0..n)
        .map(|k| format!("{}{}{}", &fx.after[..start], 1000 + k, &fx.after[end..]))
        .collect()
}

fn bench_one(c: &mut Criterion, language: Language, lines: usize) {
    let fx = fixtures::generate(language, lines);
    let name = language.name();
    let grants = Grants::new().body(fx.edited.clone());
    let opts = CheckOptions {
        budget: Duration::MAX,
        limits: Limits {
            max_bytes: usize::MAX,
        },
        ..CheckOptions::default()
    };
    let texts = versions(&fx, 64);
    let warm = WarmFile::new(language, fx.before.as_str(), opts.limits).expect("parse");
    warm.prepare();
    for t in texts.iter().take(3) {
        let v = warm.check_edit(t, &grants, &opts).expect("check");
        assert_eq!(v.status, Status::Allowed, "{name}/{lines}: {v:?}");
        let cold = editscope::check_text(language, &fx.before, t, &grants, &opts).unwrap();
        assert_eq!(v, cold, "{name}/{lines}: warm and cold verdicts differ");
    }
    let id = BenchmarkId::new(name, lines);
    let mut next = 0usize;
    let mut take = || {
        next = (next + 1) % texts.len();
        &texts[next]
    };

    let mut g = c.benchmark_group("warm");
    g.bench_function(id.clone(), |b| {
        b.iter(|| warm.check_edit(black_box(take()), &grants, &opts).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("warm_rejected");
    let none = Grants::new();
    g.bench_function(id.clone(), |b| {
        b.iter(|| {
            let v = warm.check_edit(black_box(take()), &none, &opts).unwrap();
            assert_eq!(v.status, Status::Rejected);
            v
        })
    });
    g.finish();

    let mut g = c.benchmark_group("warm_parse");
    g.bench_function(id.clone(), |b| {
        b.iter(|| warm.parse(black_box(take()), opts.limits).unwrap())
    });
    g.finish();

    let mut g = c.benchmark_group("second");
    g.bench_function(id.clone(), |b| {
        b.iter(|| editscope::__second_reading(language, black_box(take())))
    });
    g.finish();

    let mut g = c.benchmark_group("cold");
    g.bench_function(id.clone(), |b| {
        b.iter(|| {
            editscope::check_text(language, &fx.before, black_box(take()), &grants, &opts).unwrap()
        })
    });
    g.finish();

    let mut g = c.benchmark_group("parse2");
    g.bench_function(id, |b| {
        b.iter(|| {
            let b =
                SourceFile::parse_with_limits(language, black_box(fx.before.clone()), opts.limits)
                    .unwrap();
            let a =
                SourceFile::parse_with_limits(language, black_box(texts[0].clone()), opts.limits)
                    .unwrap();
            (b, a)
        })
    });
    g.finish();
}

fn benches(c: &mut Criterion) {
    for language in Language::ALL {
        bench_one(c, language, 1_000);
    }
    for language in [Language::Rust, Language::Python] {
        bench_one(c, language, 50_000);
    }
}

fn config() -> Criterion {
    Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .without_plots()
}

criterion_group! {
    name = warm_benches;
    config = config();
    targets = benches
}
criterion_main!(warm_benches);
