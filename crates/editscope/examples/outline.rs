//! Prints the outline of a file: `cargo run --example outline -- FILE [--dump]`.
use editscope::{Language, SourceFile};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let path = args.first().ok_or("usage: outline FILE [--dump]")?;
    let language = Language::from_path(path).ok_or("unknown extension")?;
    let file = SourceFile::parse(language, std::fs::read_to_string(path)?)?;
    if args.iter().any(|a| a == "--dump") {
        print!("{}", file.dump_tree());
    }
    for s in file.symbols() {
        let depth = std::iter::successors(s.parent, |p| file.symbols()[*p].parent).count();
        println!(
            "{:indent$}{} {} [{}-{}] body={:?} short={:?}",
            "",
            s.kind,
            s.path,
            s.extent.start_line,
            s.extent.end_line,
            s.body.map(|b| (b.start_line, b.end_line)),
            s.short_path,
            indent = depth * 2
        );
    }
    for e in file.syntax_errors() {
        println!("error: {e}");
    }
    Ok(())
}
