//! Writes a generated before/after pair (the benchmark fixtures) to a directory, so the CLI
//! can be timed on it.
//!
//! ```text
//! cargo run -p editscope --example gen_fixture -- python 1000 /tmp/fx
//! ```
//!
//! writes `/tmp/fx/before.py`, `/tmp/fx/after.py` and `/tmp/fx/grant.txt` (the path of the
//! edited function, to grant `body` on), and prints a one-line summary.

use std::path::PathBuf;
use std::process::ExitCode;

use editscope::Language;

#[path = "../../../benches/fixtures.rs"]
mod fixtures;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_fixture <rust|python|typescript|tsx> <lines> <output-dir>";
    let [lang, lines, dir] = args.as_slice() else {
        eprintln!("{usage}");
        return ExitCode::from(2);
    };
    let Ok(language) = lang.parse::<Language>() else {
        eprintln!("unknown language `{lang}`\n{usage}");
        return ExitCode::from(2);
    };
    let Ok(lines) = lines.parse::<usize>() else {
        eprintln!("`{lines}` is not a line count\n{usage}");
        return ExitCode::from(2);
    };
    let fx = fixtures::generate(language, lines);
    let dir = PathBuf::from(dir);
    let ext = fixtures::extension(language);
    let before = dir.join(format!("before.{ext}"));
    let after = dir.join(format!("after.{ext}"));
    let written = std::fs::create_dir_all(&dir)
        .and_then(|_| std::fs::write(&before, &fx.before))
        .and_then(|_| std::fs::write(&after, &fx.after))
        .and_then(|_| std::fs::write(dir.join("grant.txt"), format!("{}\n", fx.edited)));
    if let Err(e) = written {
        eprintln!("cannot write to {}: {e}", dir.display());
        return ExitCode::FAILURE;
    }
    println!(
        "{} {} lines ({} bytes): {} {} ; edited line {} in the body of `{}`",
        language.name(),
        fx.lines,
        fx.before.len(),
        before.display(),
        after.display(),
        fx.edited_line,
        fx.edited
    );
    ExitCode::SUCCESS
}
