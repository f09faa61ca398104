//! Times the check on the pathological input of the budget issue (many functions, each with
//! a changed import under an `imports` grant), allowed and with one violation.
//!
//! ```text
//! cargo run --release -p editscope --example pathological -- 160000 [BUDGET_MS]
//! ```
//!
//! (`TOLERANT=1` for formatting-tolerant mode.)

use std::time::{Duration, Instant};

use editscope::{check_text, CheckOptions, Grants, Language};

#[path = "../../../benches/fixtures.rs"]
mod fixtures;

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let budget_ms: Option<u64> = std::env::args().nth(2).and_then(|a| a.parse().ok());
    let (before, after) = fixtures::many_changed_imports(n);
    let mut opts = CheckOptions::default();
    if let Some(ms) = budget_ms {
        opts.budget = Duration::from_millis(ms);
    } else {
        opts.budget = Duration::MAX;
    }
    opts.limits.max_bytes = usize::MAX;
    if std::env::var_os("TOLERANT").is_some() {
        opts.formatting = editscope::Formatting::Tolerant;
    }
    let grants = Grants::new().imports();
    let t = Instant::now();
    let v = check_text(Language::Python, &before, &after, &grants, &opts).unwrap();
    println!(
        "{n} functions, {} bytes: allowed case {:?} in {:?}",
        before.len(),
        v.status,
        t.elapsed()
    );
    // A violation only the shape rule catches: a new top-level statement that cuts the
    // middle function in two (Python parses the dedented line without an error).
    let mid = after.find(&format!("def f{}():", n / 2)).unwrap();
    let cut = after[mid..].find("    return").unwrap() + mid;
    let mut bad = after.clone();
    bad.insert_str(cut, "x = 1\n");
    let t = Instant::now();
    let v = check_text(Language::Python, &before, &bad, &grants, &opts).unwrap();
    println!(
        "{n} functions: violation case {:?} ({} violations) in {:?}",
        v.status,
        v.violations.len(),
        t.elapsed()
    );
    for (name, before, after) in fixtures::hostile_shapes(n) {
        let t = Instant::now();
        let v = check_text(
            Language::Python,
            &before,
            &after,
            &Grants::new().edit("f"),
            &opts,
        )
        .or_else(|_| check_text(Language::Python, &before, &after, &Grants::new(), &opts))
        .unwrap();
        println!(
            "{n} {name}: {:?} ({} violations) in {:?}",
            v.status,
            v.violations.len(),
            t.elapsed()
        );
    }
}
