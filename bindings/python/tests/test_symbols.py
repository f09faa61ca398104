"""symbols, diff and language_for: positions as 1-based lines and code point indices."""

from __future__ import annotations

import pytest

import editscope

UNICODE_SOURCE = (
    '"""Größen 📏."""\n'
    "\n"
    "def größe(x):\n"
    '    return "😀" * x\n'
    "\n"
    "class Ünïcode:\n"
    '    """🎉 docs."""\n'
    "    def métho(self):\n"
    '        return "日本語"\n'
    "\n"
    'ÄNDERUNG = "🙂"\n'
    "LIMIT = 3\n"
)


def test_python_symbols_with_unicode_positions() -> None:
    syms = editscope.symbols(UNICODE_SOURCE)
    by_path = {s.path: s for s in syms}
    assert list(by_path) == ["größe", "Ünïcode", "Ünïcode.métho", "ÄNDERUNG", "LIMIT"]
    f = by_path["größe"]
    assert f.name == "größe"
    assert f.kind == "function"
    assert (f.start_line, f.end_line) == (3, 4)
    assert UNICODE_SOURCE[f.start : f.end] == 'def größe(x):\n    return "😀" * x'
    assert f.body is not None
    assert UNICODE_SOURCE[f.body[0] : f.body[1]] == 'return "😀" * x'
    assert f.parent is None
    m = by_path["Ünïcode.métho"]
    assert m.kind == "method"
    assert m.parent == "Ünïcode"
    assert (m.start_line, m.end_line) == (8, 9)
    assert UNICODE_SOURCE[m.start : m.end] == 'def métho(self):\n        return "日本語"'
    c = by_path["Ünïcode"]
    assert c.kind == "class"
    assert UNICODE_SOURCE[c.start : c.end].startswith("class Ünïcode:")
    assert UNICODE_SOURCE[c.start : c.end].endswith('return "日本語"')
    a = by_path["ÄNDERUNG"]
    assert UNICODE_SOURCE[a.start : a.end] == 'ÄNDERUNG = "🙂"'
    assert (a.start_line, a.end_line) == (11, 11)
    limit = by_path["LIMIT"]
    assert limit.kind == "constant"
    assert limit.body is None
    assert UNICODE_SOURCE[limit.start : limit.end] == "LIMIT = 3"
    # every extent slices exactly at the indices the parser reported, whatever the script
    for s in syms:
        assert 0 <= s.start <= s.end <= len(UNICODE_SOURCE)
        assert UNICODE_SOURCE.count("\n", 0, s.start) + 1 == s.start_line


def test_symbols_ascii_indices_equal_byte_offsets() -> None:
    src = "class A:\n    def f(self):\n        pass\n"
    syms = editscope.symbols(src, "python")
    assert [(s.path, s.start, s.end) for s in syms] == [("A", 0, len(src) - 1), ("A.f", 13, len(src) - 1)]
    assert repr(syms[1]) == "Symbol(path='A.f', kind='method', start_line=2, end_line=3)"


def test_symbols_other_languages() -> None:
    rust = "/// Döc 🦀\nfn größe() -> u8 { 1 }\nimpl Parser { fn parse(&self) {} }\n"
    syms = {s.path: s for s in editscope.symbols(rust, "rust")}
    f = syms["größe"]
    assert rust[f.start : f.end] == "/// Döc 🦀\nfn größe() -> u8 { 1 }"
    assert f.body is not None and rust[f.body[0] : f.body[1]] == "{ 1 }"
    assert "Parser::parse" in syms and syms["Parser::parse"].parent == "impl Parser"
    ts = "export function grüß(): string { return '👋'; }\nclass K { m() {} }\n"
    syms = {s.path: s for s in editscope.symbols(ts, language="typescript")}
    g = syms["grüß"]
    assert ts[g.start : g.end] == "export function grüß(): string { return '👋'; }"
    assert "K.m" in syms
    tsx = "const App = () => <div>✨</div>;\n"
    assert [s.path for s in editscope.symbols(tsx, "tsx")] == ["App"]
    js = "exports.load = function () {};\nFoo.prototype.bar = () => <b />;\n"
    assert [s.path for s in editscope.symbols(js, "javascript")] == ["exports.load", "Foo.prototype.bar"]
    go = "package p\n\nfunc (s *Server[T]) Start() {}\n"
    assert [(s.path, s.kind) for s in editscope.symbols(go, "go")] == [("Server.Start", "method")]
    java = "class Outer {\n  class Inner {\n    Inner() {}\n    void run() {}\n  }\n}\n"
    assert [s.path for s in editscope.symbols(java, "java")] == [
        "Outer",
        "Outer.Inner",
        "Outer.Inner.Inner",
        "Outer.Inner.run",
    ]
    cs = "namespace Shop.Billing;\n\nclass Invoice\n{\n    public Invoice() { }\n    public int Total { get; }\n}\n"
    assert [s.path for s in editscope.symbols(cs, "csharp")] == [
        "Shop.Billing",
        "Shop.Billing.Invoice",
        "Shop.Billing.Invoice.Invoice",
        "Shop.Billing.Invoice.Total",
    ]
    assert editscope.symbols("x = 1\n", "py") == editscope.symbols("x = 1\n", "PYTHON")


def test_symbols_with_bom_and_crlf() -> None:
    src = "\ufeffdef f():\r\n    return 'é'\r\n"
    (f,) = editscope.symbols(src)
    assert src[f.start : f.end] == "def f():\r\n    return 'é'"
    assert (f.start_line, f.end_line) == (1, 2)


def test_symbols_with_syntax_errors_still_answers() -> None:
    syms = editscope.symbols("def ok():\n    pass\n\ndef broken(:\n")
    assert "ok" in [s.path for s in syms]


def test_symbols_errors() -> None:
    with pytest.raises(editscope.ParseError):
        editscope.symbols("x = 1", "cobol")
    with pytest.raises(editscope.ParseError) as info:
        editscope.symbols("x = 1\n" * (1_500_000))
    assert "limit" in str(info.value)
    with pytest.raises(editscope.ParseError):
        editscope.symbols("def f(): '\udc80'")
    with pytest.raises(TypeError):
        editscope.symbols(b"x = 1")  # type: ignore[arg-type]
    assert editscope.symbols("") == []


def test_diff_with_unicode_lines() -> None:
    before = "def größe():\n    return '😀'\n\ndef other():\n    return 1\n"
    after = "def größe():\n    return '😀😀'\n\ndef other():\n    return 1\n\ndef neu():\n    pass\n"
    changes = editscope.diff(before, after)
    assert [(c.symbol, c.change, c.kind) for c in changes] == [
        ("größe", "body", "function"),
        ("neu", "added", "function"),
    ]
    assert changes[0].path == ""
    assert changes[0].before == editscope.LineRange(1, 2)
    assert changes[0].after == editscope.LineRange(1, 2)
    assert changes[1].before is None
    assert changes[1].after == editscope.LineRange(7, 8)
    assert editscope.diff(before, before) == []
    r = editscope.diff("fn a() {}\n", "fn a() { 1; }\n", language="rust")
    assert [(c.symbol, c.change) for c in r] == [("a", "body")]
    removed = editscope.diff(before, "def größe():\n    return '😀'\n")
    assert [(c.symbol, c.change) for c in removed] == [("other", "removed")]
    sig = editscope.diff("def f(a):\n    pass\n", "def f(a, b):\n    pass\n")
    assert sig[0].change == "signature"
    with pytest.raises(editscope.ParseError):
        editscope.diff("a", "b", "klingon")


def test_language_for() -> None:
    assert editscope.language_for("src/app.py") == "python"
    assert editscope.language_for("types.pyi") == "python"
    assert editscope.language_for("src/lib.rs") == "rust"
    assert editscope.language_for("a.ts") == "typescript"
    assert editscope.language_for("a.mts") == "typescript"
    assert editscope.language_for("ui/App.tsx") == "tsx"
    for js in ("lib/index.js", "a.mjs", "a.cjs", "ui/App.jsx"):
        assert editscope.language_for(js) == "javascript"
    assert editscope.language_for("cmd/main.go") == "go"
    assert editscope.language_for("src/main/java/App.java") == "java"
    assert editscope.language_for("src/App/Program.cs") == "csharp"
    assert editscope.language_for("README.md") is None
    assert editscope.language_for("Makefile") is None
    from pathlib import Path

    assert editscope.language_for(Path("x/y.py")) == "python"
