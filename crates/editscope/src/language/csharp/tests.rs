use crate::{Language, SourceFile, SymbolKind};

fn parse(src: &str) -> SourceFile {
    let file = SourceFile::parse(Language::CSharp, src).unwrap();
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
    let src = "namespace A.B\n{\n    public partial class Foo<T> : Bar\n    {\n        private int a, b;\n        public static int Count { get; set; } = 0;\n        public event EventHandler Changed;\n        public event EventHandler Other { add { } remove { } }\n        public delegate void D(int x);\n        public Foo(int x) : base(x) { }\n        static Foo() { }\n        ~Foo() { }\n        public void M(int x) { int Local() => 1; }\n        public void M(string s) { }\n        public int this[int i] => i;\n        public static Foo operator +(Foo a, Foo b) => a;\n        public static implicit operator int(Foo f) => 0;\n        struct S { void N() {} }\n        enum Color { Red, Green = 2 }\n        interface I { void G(); int P { get; } }\n        record R(int X);\n        record struct RS(int Y) { }\n        const int K = 1;\n    }\n}\n";
    assert_eq!(
        outline(src),
        [
            ("A.B".into(), Module),
            ("A.B.Foo".into(), Class),
            ("A.B.Foo.a".into(), Field),
            ("A.B.Foo.b".into(), Field),
            ("A.B.Foo.Count".into(), Field),
            ("A.B.Foo.Changed".into(), Field),
            ("A.B.Foo.Other".into(), Field),
            ("A.B.Foo.D".into(), TypeAlias),
            ("A.B.Foo.Foo".into(), Method),
            ("A.B.Foo.Foo".into(), Method),
            ("A.B.Foo.~Foo".into(), Method),
            ("A.B.Foo.M".into(), Method),
            ("A.B.Foo.M".into(), Method),
            ("A.B.Foo.this".into(), Field),
            ("A.B.Foo.operator+".into(), Method),
            ("A.B.Foo.operator int".into(), Method),
            ("A.B.Foo.S".into(), Struct),
            ("A.B.Foo.S.N".into(), Method),
            ("A.B.Foo.Color".into(), Enum),
            ("A.B.Foo.Color.Red".into(), Constant),
            ("A.B.Foo.Color.Green".into(), Constant),
            ("A.B.Foo.I".into(), Interface),
            ("A.B.Foo.I.G".into(), Method),
            ("A.B.Foo.I.P".into(), Field),
            ("A.B.Foo.R".into(), Class),
            ("A.B.Foo.RS".into(), Class),
            ("A.B.Foo.K".into(), Field),
        ]
    );
}

#[test]
fn a_file_scoped_namespace_encloses_the_rest_of_the_file() {
    let src = "using System;\n\nnamespace A . B;\n\nclass Foo { void M() {} }\n\nenum E { X }\n";
    let file = parse(src);
    let paths: Vec<&str> = file.symbols().iter().map(|s| s.path.as_str()).collect();
    assert_eq!(paths, ["A.B", "A.B.Foo", "A.B.Foo.M", "A.B.E", "A.B.E.X"]);
    assert_eq!(
        extent(src, &file, "A.B"),
        ["namespace A . B;\n\nclass Foo { void M() {} }\n\nenum E { X }\n"]
    );
    assert_eq!(file.symbols()[1].parent, Some(0));
}

#[test]
fn local_functions_lambdas_and_top_level_statements_are_no_symbols() {
    let src = "using System;\nConsole.WriteLine(1);\nint Twice(int x) => 2 * x;\nclass A\n{\n    void M()\n    {\n        int Local() => 1;\n        Func<int> f = () => 2;\n        var y = 3;\n    }\n}\n";
    let paths: Vec<String> = outline(src).into_iter().map(|s| s.0).collect();
    assert_eq!(paths, ["A", "A.M"]);
}

#[test]
fn fields_one_symbol_per_variable() {
    let src = "class A\n{\n    /// <summary>Both.</summary>\n    [NonSerialized]\n    private static int a = 1, b;\n    readonly string name;\n}\n";
    let file = parse(src);
    assert_eq!(extent(src, &file, "A.a"), ["a = 1,"]);
    assert_eq!(extent(src, &file, "A.b"), ["b"]);
    assert_eq!(extent(src, &file, "A.name"), ["readonly string name;"]);
}

#[test]
fn xml_docs_and_attributes_belong_to_the_declaration() {
    let src = "class A\n{\n    /// <summary>Runs.</summary>\n    /// <param name=\"x\">X.</param>\n    [Obsolete]\n    [return: NotNull]\n    public string Run(int x) => \"\";\n\n    // Plain.\n    void Plain() {}\n\n    //// Not a doc.\n    void Four() {}\n}\n";
    let file = parse(src);
    assert_eq!(
        extent(src, &file, "A.Run"),
        ["/// <summary>Runs.</summary>\n    /// <param name=\"x\">X.</param>\n    [Obsolete]\n    [return: NotNull]\n    public string Run(int x) => \"\";"]
    );
    assert_eq!(extent(src, &file, "A.Plain"), ["void Plain() {}"]);
    assert_eq!(extent(src, &file, "A.Four"), ["void Four() {}"]);
}

#[test]
fn names_drop_the_verbatim_prefix() {
    let src = "class @class\n{\n    int @event;\n    void @if() {}\n}\n";
    let paths: Vec<String> = outline(src).into_iter().map(|s| s.0).collect();
    assert_eq!(paths, ["class", "class.event", "class.if"]);
}

#[test]
fn imports_are_using_directives() {
    let src = "extern alias Old;\nglobal using System;\nusing static System.Math;\nusing Json = System.Text.Json;\nnamespace N\n{\n    using Inner;\n}\n";
    let file = parse(src);
    let imports: Vec<&str> = file
        .imports()
        .iter()
        .map(|(span, _)| &src[span.range()])
        .collect();
    assert_eq!(
        imports,
        [
            "extern alias Old;",
            "global using System;",
            "using static System.Math;",
            "using Json = System.Text.Json;",
            "using Inner;"
        ]
    );
}

#[test]
fn csharp_rests_on_tree_sitter_alone() {
    assert_eq!(Language::CSharp.verified_by(), ["tree-sitter"]);
    assert!(crate::second::outline(Language::CSharp, "class A {}\n").is_none());
    assert_eq!(Language::from_path("src/A.cs"), Some(Language::CSharp));
    for name in ["csharp", "cs", "C#"] {
        assert_eq!(name.parse::<Language>().unwrap(), Language::CSharp);
    }
}
