use crate::{Language, SourceFile, SymbolKind};

fn parse(src: &str) -> SourceFile {
    let file = SourceFile::parse(Language::Java, src).unwrap();
    assert!(
        file.syntax_errors().is_empty(),
        "{:?}",
        file.syntax_errors()
    );
    file
}

fn outline(src: &str) -> Vec<(String, SymbolKind)> {
    parse(src)
        .symbols()
        .iter()
        .map(|s| (s.path.clone(), s.kind))
        .collect()
}

fn extent<'a>(src: &'a str, file: &SourceFile, path: &str) -> Vec<&'a str> {
    file.symbols()
        .iter()
        .filter(|s| s.path == path)
        .map(|s| &src[s.extent.range()])
        .collect()
}

#[test]
fn every_kind_of_declaration_has_its_path() {
    use SymbolKind::*;
    let src = "package a;\n\nimport java.util.List;\n\npublic class Foo<T> extends Bar {\n    static int count = 0;\n    Foo(int x) {}\n    Foo() {}\n    void run(int x) {}\n    void run(String s) {}\n    abstract int z();\n    class Inner { void m() {} }\n    enum Color { RED, GREEN(1) { void f() {} }; Color(int v) {} Color() {} }\n    interface I { int K = 1; void g(); default void h() {} }\n    record P(int x) { P { } static int q() { return 0; } }\n    @interface Ann { String value() default \"\"; }\n}\n";
    assert_eq!(
        outline(src),
        [
            ("Foo".into(), Class),
            ("Foo.count".into(), Field),
            ("Foo.Foo".into(), Method),
            ("Foo.Foo".into(), Method),
            ("Foo.run".into(), Method),
            ("Foo.run".into(), Method),
            ("Foo.z".into(), Method),
            ("Foo.Inner".into(), Class),
            ("Foo.Inner.m".into(), Method),
            ("Foo.Color".into(), Enum),
            ("Foo.Color.RED".into(), Constant),
            ("Foo.Color.GREEN".into(), Constant),
            ("Foo.Color.Color".into(), Method),
            ("Foo.Color.Color".into(), Method),
            ("Foo.I".into(), Interface),
            ("Foo.I.K".into(), Field),
            ("Foo.I.g".into(), Method),
            ("Foo.I.h".into(), Method),
            ("Foo.P".into(), Class),
            ("Foo.P.P".into(), Method),
            ("Foo.P.q".into(), Method),
            ("Foo.Ann".into(), Interface),
            ("Foo.Ann.value".into(), Method),
        ]
    );
}

#[test]
fn code_inside_methods_and_initializers_is_no_symbol() {
    let src = "class A {\n    static { int x = 1; new Thread(new Runnable() { public void run() {} }); }\n    { class L { void n() {} } }\n    void m() {\n        class Local { void n() {} }\n        Runnable r = new Runnable() { public void run() {} };\n        Runnable q = () -> {};\n        int y = 2;\n    }\n}\n";
    let paths: Vec<String> = outline(src).into_iter().map(|s| s.0).collect();
    assert_eq!(paths, ["A", "A.m"]);
}

#[test]
fn fields_one_symbol_per_variable() {
    let src = "class A {\n    /** Both. */\n    private static int a = 1, b;\n    final String name;\n}\n";
    let file = parse(src);
    assert_eq!(extent(src, &file, "A.a"), ["a = 1,"]);
    assert_eq!(extent(src, &file, "A.b"), ["b;"]);
    assert_eq!(extent(src, &file, "A.name"), ["final String name;"]);
}

#[test]
fn javadoc_and_annotations_belong_to_the_declaration() {
    let src = "class A {\n    /** Runs. */\n\n    @Override\n    @SuppressWarnings(\"x\")\n    public void run() {}\n\n    // Plain.\n    void plain() {}\n\n    /**/\n    void empty() {}\n}\n";
    let file = parse(src);
    assert_eq!(
        extent(src, &file, "A.run"),
        ["/** Runs. */\n\n    @Override\n    @SuppressWarnings(\"x\")\n    public void run() {}"]
    );
    assert_eq!(extent(src, &file, "A.plain"), ["void plain() {}"]);
    assert_eq!(extent(src, &file, "A.empty"), ["void empty() {}"]);
}

#[test]
fn bodies_are_blocks_and_member_lists() {
    let src = "class A {\n    A() { super(); }\n    int f() { return 1; }\n}\n";
    let file = parse(src);
    let body = |path: &str| {
        let s = file.symbols().iter().find(|s| s.path == path).unwrap();
        &src[s.body.unwrap().range()]
    };
    assert_eq!(body("A.A"), "{ super(); }");
    assert_eq!(body("A.f"), "{ return 1; }");
    assert!(body("A").starts_with('{'));
}

#[test]
fn imports_are_import_declarations() {
    let src = "package p;\nimport java.util.List;\nimport static java.lang.Math.*;\nclass A {}\n";
    let file = parse(src);
    let imports: Vec<&str> = file
        .imports()
        .iter()
        .map(|(span, _)| &src[span.range()])
        .collect();
    assert_eq!(
        imports,
        ["import java.util.List;", "import static java.lang.Math.*;"]
    );
}

#[test]
fn java_rests_on_tree_sitter_alone() {
    assert_eq!(Language::Java.verified_by(), ["tree-sitter"]);
    assert!(crate::second::outline(Language::Java, "class A {}\n").is_none());
    assert_eq!(Language::from_path("src/A.java"), Some(Language::Java));
    assert_eq!("java".parse::<Language>().unwrap(), Language::Java);
}
