//! Times the symbol walk and the check on deeply nested functions (each nested in the one
//! before), per language, with no budget:
//!
//! ```text
//! cargo run --release -p editscope --example deep_nesting -- 1000 2000 4000 8000
//! ```

use std::time::{Duration, Instant};

use editscope::{check_text, CheckOptions, Grants, Language, Limits, SourceFile};

#[path = "../../../benches/fixtures.rs"]
mod fixtures;

fn main() {
    let depths: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let opts = CheckOptions {
        budget: Duration::MAX,
        limits: Limits {
            max_bytes: usize::MAX,
        },
        ..CheckOptions::default()
    };
    for language in [Language::Rust, Language::Python, Language::TypeScript] {
        for &depth in &depths {
            let (before, after) = fixtures::deep_nesting(language, depth);
            let t = Instant::now();
            let file = match SourceFile::parse_with_limits(language, before.clone(), opts.limits) {
                Ok(file) => file,
                Err(e) => {
                    println!("{} depth {depth}: {e}", language.name());
                    continue;
                }
            };
            let parse = t.elapsed();
            let symbols = file.symbols().len();
            let t = Instant::now();
            let v = check_text(language, &before, &after, &Grants::new().body("f0"), &opts);
            let check = t.elapsed();
            println!(
                "{} depth {depth}: parse+symbols {parse:?} ({symbols} symbols), check {check:?} -> {:?}",
                language.name(),
                v.map(|v| v.status)
            );
        }
    }
}
