use std::time::Instant;
fn best<T>(n: usize, mut f: impl FnMut() -> T) -> f64 {
    let mut b = f64::MAX;
    for _ in 0..n {
        let t = Instant::now();
        std::hint::black_box(f());
        b = b.min(t.elapsed().as_secs_f64());
    }
    b * 1e3
}
fn main() {
    let text = std::fs::read_to_string(std::env::args().nth(1).unwrap()).unwrap();
    let lang = editscope::Language::Python;
    let parse = best(15, || {
        editscope::SourceFile::parse(lang, text.as_str()).unwrap()
    });
    let second = best(15, || editscope::__second_reading(lang, &text));
    let f = editscope::SourceFile::parse(lang, text.as_str()).unwrap();
    let json = serde_json::to_string(f.symbols()).unwrap();
    let ser = best(15, || serde_json::to_string(f.symbols()).unwrap());
    let de = best(15, || {
        serde_json::from_str::<serde_json::Value>(&json).unwrap()
    });
    let read = best(15, || {
        std::fs::read(std::env::args().nth(1).unwrap()).unwrap()
    });
    let edited = text.replacen("raise Abort()", "raise Abort() from None", 1);
    let inc = best(15, || {
        editscope::SourceFile::reparse(&f, edited.clone(), editscope::Limits::default()).unwrap()
    });
    let same = best(15, || {
        editscope::SourceFile::reparse(&f, text.clone(), editscope::Limits::default()).unwrap()
    });
    println!("reparse of the same text: {same:.2} ms");
    for (a, b) in [
        (
            "Exits the application with a given exit code.",
            "Exits the application with the given exit code.",
        ),
        ("return rv\n", "return  rv\n"),
        ("raise Abort()", "raise Abort() from None"),
    ] {
        let e = text.replacen(a, b, 1);
        let at = text.find(a).unwrap();
        let t = best(10, || {
            editscope::SourceFile::reparse(&f, e.clone(), editscope::Limits::default()).unwrap()
        });
        println!("edit at byte {at} ({a:?}): reparse {t:.2} ms");
    }
    println!(
        "bytes {} symbols {} json {} B",
        text.len(),
        f.symbols().len(),
        json.len()
    );
    println!("tree-sitter parse + symbols: {parse:.2} ms; incremental reparse + symbols: {inc:.2} ms; second parser: {second:.2} ms; symbols to JSON {ser:.2} ms, from JSON {de:.2} ms; read the file {read:.3} ms");
}
