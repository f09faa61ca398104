use super::*;
use crate::{Language, SourceFile};

fn read_ok(text: &str) -> Outline {
    match read(text) {
        Ok(o) => o,
        Err(r) => panic!("refused {text:?}: {r:?}"),
    }
}

/// tree-sitter's reading of `text` agrees with ruff's.
fn agrees(text: &str) -> Result<(), String> {
    let file = SourceFile::parse(Language::Python, text).map_err(|e| e.to_string())?;
    if !file.syntax_errors().is_empty() {
        return Err(format!("tree-sitter errors: {:?}", file.syntax_errors()));
    }
    crate::check::agree::agree(&file, &[])
        .map(|_| ())
        .map_err(|d| d.message)
}

fn assert_agrees(text: &str) {
    if let Err(e) = agrees(text) {
        let file = SourceFile::parse(Language::Python, text).unwrap();
        panic!(
            "{text:?}: {e}\ntree-sitter: {:?}\nruff: {:?}",
            file.symbols()
                .iter()
                .map(|s| (s.path.clone(), s.extent.range(), s.body.map(|b| b.range())))
                .collect::<Vec<_>>(),
            read(text)
        );
    }
}

fn refused(text: &str) -> Refusal {
    match read(text) {
        Ok(o) => panic!("read {text:?}: {o:?}"),
        Err(r) => r,
    }
}

#[test]
fn definitions_variables_and_imports_agree_with_tree_sitter() {
    for text in [
        "def f():\n    return 1\n",
        "def f(): return 1\n",
        "async def f():\n    await g()\n",
        "@dec\n@other(1)\ndef f():\n    pass\n",
        "class A(B, metaclass=M):\n    x = 1\n    y: int\n    z: int = 2\n    def m(self):\n        local = 1\n        def inner():\n            pass\n        class Local:\n            field = 1\n",
        "class A:\n    \"\"\"Doc.\"\"\"\n    def m(self):\n        \"doc\"\n        return 1\n",
        "def f():\n    \"\"\"Only a docstring.\"\"\"\n",
        "def f():\n    (\"not a docstring\")\n    return 1\n",
        "def f():\n    \"a\" \"b\"\n    return 1\n",
        "def f():\n    f\"{x}\"\n    return 1\n",
        "def f():\n    b\"bytes\"\n    return 1\n",
        "def f():\n    # leading comment\n    return 1\n",
        "def f():  # trailing\n    return 1  # end\n    # after\n",
        "x = y = 1\n(z) = 2\nw, v = 1, 2\nu += 1\nt: int\ns: int = 3\n",
        "type X = int\ntype Y[T] = list[T]\n",
        "if True:\n    A = 1\n    def f(): pass\nelse:\n    B = 2\n",
        "try:\n    import a\nexcept ImportError:\n    a = None\nelse:\n    pass\nfinally:\n    C = 3\n",
        "for i in range(3):\n    def g(): pass\nelse:\n    D = 1\n",
        "while x:\n    E = 1\n",
        "with open(p) as f:\n    DATA = f.read()\n",
        "match x:\n    case [a, b]:\n        F = 1\n    case {'k': v} if v:\n        def h(): pass\n    case _:\n        pass\n",
        "match = 1\ncase = 2\ntype = 3\n",
        "import os, sys\nfrom . import x\nfrom .a.b import (c,\n    d)\nfrom __future__ import annotations\ndef f():\n    import json\n",
        "x = 1; y = 2\n",
        "def f():\n    x = 1\n    return x\n",
        "class A: pass\n",
        "class A:\n    def m(self): ...\n    @property\n    def p(self):\n        return 1\n",
        "@a.b(c)\nclass K:\n    '''doc'''\n",
        "x = 1 \\\n    + 2\n",
        "\u{feff}def f():\n    pass\n",
        "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\ndef f():\n    pass\n",
        "def f():\r\n    return 1\r\n\r\nclass A:\r\n    x = 1\r\n",
        "名前 = 1\ndef 関数():\n    pass\n",
        "def f():\n\tif x:\n\t\treturn 1\n",
        "x = f\"{'a'}\" \ny = f'{x!r:>{width}}'\n",
        "lambda: 1\nf = lambda x: x\n",
        "global g\n",
        "def f[T](x: T) -> T:\n    return x\nclass C[T]:\n    pass\n",
        "def f():\n    \"\"\"doc\"\"\"  # c\n    return 1\n",
        "def f():\n    \"\"\"doc\"\"\"\n    # trailing\n\nx = 1\n",
        "class A:\n    \"\"\"doc\"\"\"\n\n    # trailing\n",
        "def f():\n    pass\n    # trailing\n# top\ndef g():\n    pass\n",
        "def f():\n    \"doc\"; return 1\n",
        "if x:\n    pass\nelif y:\n    Z = 1\n",
        "try:\n    pass\nexcept* E:\n    W = 1\n",
    ] {
        assert_agrees(text);
    }
}

#[test]
fn the_outline_lists_top_level_statements_imports_and_comments() {
    let text = "# head\nimport os\n@dec\ndef f():\n    import sys  # why\n    return 1\nx = 1\n";
    let o = read_ok(text);
    let slices: Vec<&str> = o.top_level.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(
        slices,
        [
            "import os",
            "@dec\ndef f():\n    import sys  # why\n    return 1",
            "x = 1"
        ]
    );
    let imports: Vec<&str> = o.imports.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(imports, ["import os", "import sys"]);
    let comments: Vec<&str> = o.comments.iter().map(|r| &text[r.clone()]).collect();
    assert_eq!(comments, ["# head", "# why"]);
    let f = o.defs.iter().find(|d| d.name == "f").unwrap();
    assert_eq!(
        &text[f.body.clone().unwrap()],
        "import sys  # why\n    return 1"
    );
}

#[test]
fn a_lone_carriage_return_ends_a_comment_as_for_cpython() {
    // CPython 3.11: `ast.parse(b"def f():\n    x = 1 # c\rdef helper(): return 2\n")`
    // has two functions.
    let text = "def f():\n    x = 1 # c\rdef helper(): return 2\n";
    let o = read_ok(text);
    let names: Vec<&str> = o.defs.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["f", "helper"]);
    assert_eq!(o.top_level.len(), 2);
    assert!(agrees(text).is_err());
    // In a string, a lone CR is a line break inside the literal for both (no code moves).
    let text = "def f():\n    return '''a\rb'''\n";
    assert_eq!(read_ok(text).defs.len(), 1);
    // A backslash before a lone CR continues the line, as CPython.
    let text = "x = 1 + \\\r    2\n";
    assert_eq!(read_ok(text).top_level.len(), 1);
}

#[test]
fn form_feed_and_tabs_in_indentation_read_as_cpython() {
    // CPython: a form feed resets the indentation count.
    let text = "if x:\n    a = 1\n\x0cb = 2\n";
    let o = read_ok(text);
    assert_eq!(o.top_level.len(), 2, "{o:?}");
    assert_agrees("x = 1\x0c\ndef f():\n    pass\n");
    // CPython resets the column at a form feed anywhere in the indentation: `os.system`
    // is a module-level statement, for ruff and tree-sitter too.
    let text = "import os\ndef f():\n    a = 1\n    \x0cos.system('x')\n";
    assert_eq!(read_ok(text).top_level.len(), 3);
    assert_agrees(text);
    assert_agrees("def f():\n    a = 1\n\x0c    b = 2\n");
    assert_agrees("def f():\n    a = 1\n    \x0c\n    \x0c# c\n    b = 2\n");
    // CPython: eight spaces and a tab are the same column but not the same indentation
    // (TabError); ruff refuses too.
    refused("if x:\n        a = 1\n\tb = 2\n");
    assert_agrees("if x:\n\ta = 1\n\tb = 2\n");
}

#[test]
fn python_2_and_broken_code_are_refused() {
    for text in [
        "print \"hello\"\n",
        "exec \"code\"\n",
        "x = `1`\n",
        "def f(:\n",
        "class\n",
        "x = 0777\n",
        "raise E, 'x'\n",
    ] {
        let r = refused(text);
        assert!(r.byte <= text.len(), "{r:?}");
    }
}

#[test]
fn nul_bytes_and_foreign_encodings_are_refused() {
    refused("x = 1\0\n");
    let r = refused("# coding: utf-7\ndef f():\n    return 1 # +AAo-def helper(): pass\n");
    assert!(r.message.contains("utf-7"), "{r:?}");
    refused("#!/usr/bin/python\n# vim: set fileencoding=shift_jis :\nx = 1\n");
    refused("# -*- coding: cp037 -*-\nx = 1\n");
    for ok in [
        "# -*- coding: utf-8 -*-\nx = 1\n",
        "# coding=latin-1\nx = 1\n",
        "#!/usr/bin/env python\n# -*- coding: iso-8859-15 -*-\nx = 1\n",
        "# vim: set fileencoding=UTF-8 :\nx = 1\n",
        "x = 1\ny = 2\n# coding: utf-7\n",
    ] {
        read_ok(ok);
    }
}

#[test]
fn deep_nesting_is_refused_without_overflowing_the_stack() {
    let n = 10_000;
    for text in [
        format!("x = {}1{}\n", "(".repeat(n), ")".repeat(n)),
        format!("x = {}1\n", "-".repeat(n)),
        format!("x = {}1\n", "not ".repeat(n)),
        format!("x = {}1\n", "lambda: ".repeat(n)),
        format!("x = 1{}\n", " ** 1".repeat(n)),
        format!("x = 1{}\n", " + 1".repeat(n)),
        format!("x = a{}\n", ".b".repeat(n)),
        format!("x = f{}\n", "()".repeat(n)),
        format!("x = {}\n", "1 if c else ".repeat(n) + "2"),
        format!(
            "x = {}1{}\n",
            "[".repeat(150) + &"-".repeat(n),
            "]".repeat(150)
        ),
        format!("x = {}0\n", "lambda a, b=-1: ".repeat(n)),
        (0..150)
            .map(|i| format!("{}if x:\n", " ".repeat(i)))
            .collect::<String>()
            + &" ".repeat(150)
            + "pass\n",
    ] {
        let r = refused(&text);
        assert!(
            r.message.contains("nested") || r.message.contains("indentation"),
            "{r:?}"
        );
    }
    // What CPython compiles is read: 200 brackets, 1,000 unary operators, 98 blocks.
    read_ok(&format!("x = {}1{}\n", "(".repeat(200), ")".repeat(200)));
    read_ok(&format!("x = {}1\n", "-".repeat(1000)));
    read_ok(&format!("x = [{}]\n", "-1, ".repeat(100_000)));
    read_ok(&format!("x = {{{}}}\n", "'k': -1, ".repeat(50_000)));
    read_ok(
        &((0..98)
            .map(|i| format!("{}if x:\n", " ".repeat(i)))
            .collect::<String>()
            + &" ".repeat(98)
            + "pass\n"),
    );
}

#[test]
fn pep_701_f_strings_and_soft_keywords() {
    // PEP 701 (Python 3.12): the same quote inside a replacement field.
    let o = read_ok("x = f\"{d[\"k\"]}\"\ndef f():\n    pass\n");
    assert_eq!(o.top_level.len(), 2);
    assert_agrees("match x:\n    case 1:\n        pass\nmatch(x)\n");
}

/// The lone-CR cases of `tests/cases/python`: `indent.rs` refuses every lone CR, and the
/// second parser alone refuses (disagrees on) each `after` where the CR moves code, so the
/// refusal no longer rests on that special case. Two stay `indent.rs`'s alone: a lone CR
/// inside a triple-quoted string moves no code (both parsers read the same string), and
/// one that splits `return\r    x` inside a body keeps every boundary where it was (the
/// outline agrees; only the formatting-tolerant token comparison needs `indent.rs` there).
#[test]
fn the_second_parser_alone_refuses_the_lone_cr_cases() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases/python");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        if !name.starts_with("lone-cr") {
            continue;
        }
        let after = std::fs::read_to_string(path.join("after.py")).unwrap();
        let same_string = name.contains("docstring") || name.contains("tolerant");
        assert_eq!(
            agrees(&after).is_ok(),
            same_string,
            "{name}: {:?}",
            agrees(&after)
        );
        seen += 1;
    }
    assert!(seen >= 8, "{seen}");
}

/// Every form CPython takes as a docstring (implicit concatenation, parentheses) is left out
/// of the body by both parsers, and both agree on it; so is an f-string or bytes first
/// statement (fail closed: it stays frozen under a `body` grant).
#[test]
fn docstring_forms_are_out_of_the_body_for_both_parsers() {
    for doc in [
        "\"a\"",
        "\"a\" \"b\"",
        "(\"a\")",
        "((\"a\"\n     'b'))",
        "(  # c\n    \"a\"\n)",
        "\"a\" \\\n    \"b\"",
        "f\"a\"",
        "b\"a\" b\"b\"",
    ] {
        let text = format!("def f():\n    {doc}\n    return 1\n");
        assert_agrees(&text);
        let file = SourceFile::parse(Language::Python, text.as_str()).unwrap();
        let body = file.symbols()[0].body.unwrap();
        assert_eq!(
            &text[body.range()].trim(),
            &"return 1",
            "{doc}: the docstring is not in the body"
        );
    }
    // Not docstrings: a tuple, an expression on a string, a string after another statement.
    for first in ["(\"a\",)", "\"a\" + \"b\"", "\"a\".strip()"] {
        let text = format!("def f():\n    {first}\n    return 1\n");
        assert_agrees(&text);
        let file = SourceFile::parse(Language::Python, text.as_str()).unwrap();
        let body = file.symbols()[0].body.unwrap();
        assert!(text[body.range()].starts_with(first), "{first}");
    }
}
