//! Sweeps source trees for places where tree-sitter and the second parser disagree.
//!
//! Every file is checked against itself with no grants: an unchanged file must be
//! *allowed*, so any other answer is a refusal a real edit of that file would meet
//! (a disagreement, or tree-sitter syntax errors the valid-file rule cannot tolerate).
//!
//! ```text
//! cargo run --release -p editscope --example agreement -- ~/.cargo/registry/src /usr/lib/python3.11
//! cargo run --release -p editscope --example agreement -- --show 50 some/dir
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use editscope::{check_text, CheckOptions, Grants, Language, Status, Unverifiable};

fn walk(path: &Path, out: &mut Vec<PathBuf>) {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return;
    };
    if meta.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        let mut children: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        children.sort();
        for c in children {
            walk(&c, out);
        }
    } else if meta.is_file() && Language::from_path(path).is_some() {
        out.push(path.to_path_buf());
    }
}

fn main() {
    let mut show = 20usize;
    let mut roots = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--show" {
            show = args.next().and_then(|n| n.parse().ok()).unwrap_or(20);
        } else {
            roots.push(PathBuf::from(a));
        }
    }
    let mut files = Vec::new();
    for r in &roots {
        walk(r, &mut files);
    }
    let options = CheckOptions::default();
    // (language, outcome) -> count
    let mut counts: BTreeMap<(String, String), usize> = BTreeMap::new();
    let mut shown = 0;
    let started = Instant::now();
    for path in &files {
        let Ok(text) = std::fs::read_to_string(path) else {
            continue;
        };
        let language = Language::from_path(path).expect("walk keeps known languages");
        let outcome = match check_text(language, &text, &text, &Grants::new(), &options) {
            Err(e) => format!("error: {e}"),
            Ok(v) => match (v.status, v.unverifiable) {
                (Status::Allowed, _) => "allowed".to_string(),
                (Status::Rejected, _) => {
                    if shown < show {
                        shown += 1;
                        println!("{}: rejected: {:?}", path.display(), v.violations.first());
                    }
                    "rejected".to_string()
                }
                (_, Some(reason)) => {
                    let key = match &reason {
                        Unverifiable::ParsersDisagree { .. } => "parsers_disagree",
                        Unverifiable::BeforeHasSyntaxErrors { .. } => "before_has_syntax_errors",
                        Unverifiable::TooLarge { .. } => "too_large",
                        Unverifiable::ParseFailed => "parse_failed",
                        Unverifiable::BudgetExceeded { .. } => "budget_exceeded",
                        Unverifiable::UnsupportedConstruct { .. } => "unsupported_construct",
                    };
                    if shown < show {
                        shown += 1;
                        println!("{}: {reason}", path.display());
                    }
                    key.to_string()
                }
                (_, None) => "unverifiable".to_string(),
            },
        };
        *counts
            .entry((language.name().to_string(), outcome))
            .or_default() += 1;
    }
    println!(
        "\n{} files in {:.1} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
    for ((language, outcome), n) in counts {
        println!("{language:12} {outcome:28} {n}");
    }
}
