//! Times a wildcard grant (`body = ["m.py::f*"]`) over many functions: the selector expands
//! to one grant per matching symbol, so a scan of every grant for every symbol was
//! quadratic (64,000 functions: 31 s; now 1.5 s).
//!
//! ```text
//! cargo run --release -p editscope --example wildcard_grants -- 64000
//! ```

use editscope::{check_changes, ChangeSet, Contract};
use std::time::Instant;
fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    let mut before = String::new();
    for i in 0..n {
        before.push_str(&format!("def f{i}(x):\n    return x + {i}\n\n"));
    }
    let after = before.replace("return x + 1\n", "return x + 10\n");
    let contract = Contract::from_toml("body = [\"m.py::f*\"]\n").unwrap();
    let cs = ChangeSet::from_memory([("m.py", Some(before), Some(after))]).unwrap();
    let t = Instant::now();
    let r = check_changes(&contract, &cs).unwrap();
    println!(
        "wildcard body grant over {n} functions: {:?} in {:?}",
        r.status,
        t.elapsed()
    );
}
