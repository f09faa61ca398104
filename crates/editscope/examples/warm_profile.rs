//! Profiling harness of the warm path (not a test): `warm_profile <lang> <lines> <seconds>`
//! runs `WarmFile::check_edit` on the benchmark fixture's one-line edits in a loop and
//! prints the mean time per check.
#[path = "../../../benches/fixtures.rs"]
mod fixtures;

use editscope::{CheckOptions, Grants, Language, Limits, Status, WarmFile};
use std::time::{Duration, Instant};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let language = match args.get(1).map(String::as_str).unwrap_or("python") {
        "rust" => Language::Rust,
        "typescript" => Language::TypeScript,
        "tsx" => Language::Tsx,
        _ => Language::Python,
    };
    let lines: usize = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(1000);
    let secs: f64 = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(5.0);
    let fx = fixtures::generate(language, lines);
    let grants = Grants::new().body(fx.edited.clone());
    let opts = CheckOptions {
        budget: Duration::MAX,
        limits: Limits {
            max_bytes: usize::MAX,
        },
        ..CheckOptions::default()
    };
    let (b, a) = (fx.before.as_bytes(), fx.after.as_bytes());
    let prefix = b.iter().zip(a).take_while(|(x, y)| x == y).count();
    let start = fx.after[..prefix]
        .rfind(|c: char| !c.is_ascii_digit())
        .map_or(0, |p| p + 1);
    let end = fx.after[start..]
        .find(|c: char| !c.is_ascii_digit())
        .map_or(fx.after.len(), |p| start + p);
    let texts: Vec<String> = (0..64)
        .map(|k| format!("{}{}{}", &fx.after[..start], 1000 + k, &fx.after[end..]))
        .collect();
    let warm = WarmFile::new(language, fx.before.as_str(), opts.limits).unwrap();
    warm.prepare();
    let c0 = cpu();
    let t0 = Instant::now();
    let mut n = 0usize;
    while t0.elapsed().as_secs_f64() < secs {
        let v = warm
            .check_edit(&texts[n % texts.len()], &grants, &opts)
            .unwrap();
        assert_eq!(v.status, Status::Allowed);
        n += 1;
    }
    let cpu_ms = (cpu() - c0) * 1e3 / n as f64;
    println!(
        "{n} checks, {:.3} ms wall, {cpu_ms:.3} ms CPU each",
        t0.elapsed().as_secs_f64() * 1e3 / n as f64
    );
}

/// The process's CPU time (user + system) in seconds, from `/proc/self/stat`.
fn cpu() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    // Fields 14 and 15 (utime, stime) in clock ticks of 1/100 s; `rest` starts at field 3.
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}
