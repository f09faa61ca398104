"""Contracts: every constructor, the canonical form, and errors with their positions."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

import editscope


def test_from_file_toml(example: Path) -> None:
    c = editscope.Contract.from_file(example / "scope.toml")
    assert c.body == ["src/app.py::UserService.create"]
    assert c.add == ["src/app.py::UserService"]
    assert c.create == ["tests/**"]
    assert c.edit == [] and c.delete == [] and c.files == [] and c.imports == []
    assert c.formatting == "exact"
    assert c.allow_syntax_errors is False
    # str path works as well as a PathLike
    assert editscope.Contract.from_file(str(example / "scope.toml")) == c


def test_from_file_json(tmp_path: Path) -> None:
    p = tmp_path / "scope.json"
    p.write_text(json.dumps({"edit": ["a.py::f"], "formatting": "tolerant"}))
    c = editscope.Contract.from_file(p)
    assert c.edit == ["a.py::f"]
    assert c.formatting == "tolerant"


def test_from_toml_and_json_agree() -> None:
    a = editscope.Contract.from_toml('edit = ["a.py::f"]\ncreate = ["tests/**"]\n')
    b = editscope.Contract.from_json('{"create": ["tests/**"], "edit": ["a.py::f"]}')
    c = editscope.Contract(edit=["a.py::f"], create=["tests/**"])
    assert a == b == c
    assert hash(a) == hash(c)
    assert a != editscope.Contract(edit=["a.py::g"])


def test_constructor_all_keywords() -> None:
    c = editscope.Contract(
        edit=["src/app.py::UserService.create"],
        body=["src/lib.rs::Parser::parse"],
        delete=["src/app.py::legacy", "old/*.py"],
        add=["src/app.py::UserService"],
        files=["docs/**"],
        create=["tests/**"],
        imports=["src/**/*.py"],
        formatting="tolerant",
        allow_syntax_errors=True,
    )
    assert c.formatting == "tolerant"
    assert c.allow_syntax_errors is True
    assert c.delete == ["src/app.py::legacy", "old/*.py"]
    text = c.to_toml()
    assert 'formatting = "tolerant"' in text
    assert "allow_syntax_errors = true" in text
    assert editscope.Contract.from_toml(text) == c
    # tuples are sequences too
    assert editscope.Contract(edit=("a.py::f",)) == editscope.Contract(edit=["a.py::f"])


def test_empty_contract_freezes_everything() -> None:
    c = editscope.Contract()
    assert c.to_toml().strip() == ""
    assert c.describe() == []
    v = c.check_files({"a.py": ("x = 1\n", "x = 2\n")})
    assert v.status == "rejected"


def test_to_toml_is_canonical() -> None:
    a = editscope.Contract(edit=["b.py::f", "a.py::g", "b.py::f"])
    b = editscope.Contract(edit=["a.py::g", "b.py::f"])
    assert a.to_toml() == b.to_toml()
    assert a.to_toml().index("a.py::g") < a.to_toml().index("b.py::f")
    assert a == b


def test_describe(scope: editscope.Contract) -> None:
    lines = scope.describe()
    assert lines == [
        "src/app.py::UserService.create (its body only; keep its signature, decorators and doc comment)",
        "src/app.py::UserService (new symbols directly inside)",
        "tests/** (new files)",
    ]


def test_may_create(scope: editscope.Contract) -> None:
    assert scope.may_create("tests/test_app.py")
    assert scope.may_create("tests/a/b/c.py")
    assert not scope.may_create("src/new.py")
    assert editscope.Contract(files=["docs/*.md"]).may_create("docs/a.md")
    assert not editscope.Contract(files=["docs/*.md"]).may_create("docs/sub/a.md")


def test_repr(scope: editscope.Contract) -> None:
    assert repr(scope) == (
        "Contract(body=['src/app.py::UserService.create'], "
        "add=['src/app.py::UserService'], create=['tests/**'])"
    )
    assert repr(editscope.Contract(files=["x"], formatting="tolerant")) == (
        "Contract(files=['x'], formatting='tolerant')"
    )


def test_pickle_round_trip(scope: editscope.Contract) -> None:
    again = pickle.loads(pickle.dumps(scope))
    assert again == scope
    assert isinstance(again, editscope.Contract)


def test_toml_syntax_error_has_line_and_column() -> None:
    with pytest.raises(editscope.ContractError) as info:
        editscope.Contract.from_toml('edit = ["a.py::f"]\nbody = [\n')
    err = info.value
    assert isinstance(err, editscope.Error)
    assert err.line is not None and err.line >= 2
    assert err.column is not None


def test_unknown_key_names_its_line() -> None:
    with pytest.raises(editscope.ContractError) as info:
        editscope.Contract.from_toml('edit = []\nfiless = ["x"]\n')
    assert info.value.line == 2
    assert "unknown field `filess`" in str(info.value)


def test_bad_selector_names_key_and_line() -> None:
    with pytest.raises(editscope.ContractError) as info:
        editscope.Contract.from_toml('create = ["tests/**"]\nbody = ["ok.py::f", "::g"]\n')
    assert info.value.key == "body[1]"
    assert info.value.line == 2
    assert info.value.column is None
    assert "invalid selector" in str(info.value)


def test_json_error_has_line() -> None:
    with pytest.raises(editscope.ContractError) as info:
        editscope.Contract.from_json('{"edit": ["a.py::f"],\n  "bogus": 1}')
    assert info.value.line == 2
    with pytest.raises(editscope.ContractError):
        editscope.Contract.from_json("not json")


def test_constructor_errors_name_the_key() -> None:
    with pytest.raises(editscope.ContractError) as info:
        editscope.Contract(files=["ok/**", "../escape.py"])
    assert info.value.key == "files[1]"
    assert info.value.line is None
    with pytest.raises(editscope.ContractError) as info:
        editscope.Contract(body=["src/app.py"])  # body needs a symbol
    assert info.value.key == "body[0]"
    with pytest.raises(editscope.ContractError) as info:
        editscope.Contract(formatting="loose")  # type: ignore[arg-type]
    assert info.value.key == "formatting"


def test_missing_file_is_a_contract_error(tmp_path: Path) -> None:
    with pytest.raises(editscope.ContractError) as info:
        editscope.Contract.from_file(tmp_path / "nope.toml")
    assert info.value.line is None and info.value.key is None


def test_wrong_types_are_type_errors() -> None:
    with pytest.raises(TypeError):
        editscope.Contract(edit="a.py::f")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        editscope.Contract(edit=[1])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        editscope.Contract.from_toml(b"edit = []")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        editscope.Contract(allow_syntax_errors="yes")  # type: ignore[arg-type]


def test_contract_is_immutable(scope: editscope.Contract) -> None:
    with pytest.raises(AttributeError):
        scope.edit = ["x"]  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        scope.anything = 1  # type: ignore[attr-defined]
