"""The time budget and the bidi-control rule, from Python."""

from __future__ import annotations

import editscope


def test_budget_and_bidi_keys() -> None:
    c = editscope.Contract(budget_ms=1500, allow_bidi=True)
    assert c.budget_ms == 1500
    assert c.allow_bidi
    assert "budget_ms = 1500" in c.to_toml()
    assert editscope.Contract().budget_ms == 5000
    assert not editscope.Contract().allow_bidi


def test_zero_budget_is_unverifiable(tmp_path) -> None:
    (tmp_path / "app.py").write_text("def f():\n    return 1\n")
    c = editscope.Contract(body=["app.py::f"], budget_ms=0)
    v = c.check_edit("app.py", old_string="return 1", new_string="return 2", root=tmp_path)
    assert v.status == "unverifiable"
    assert not v.allowed
    assert "budget exceeded" in v.feedback()


def test_bidi_control_in_a_granted_body_is_rejected(tmp_path) -> None:
    (tmp_path / "app.py").write_text("def f(user):\n    return user == 'admin'\n")
    c = editscope.Contract(body=["app.py::f"])
    v = c.check_edit(
        "app.py", old_string="'admin'", new_string="'admin\u202e '", root=tmp_path
    )
    assert v.status == "rejected"
    assert [x.kind for x in v.violations] == ["bidi_control"]
    assert "U+202E" in v.violations[0].message
    allowing = editscope.Contract(body=["app.py::f"], allow_bidi=True)
    v = allowing.check_edit(
        "app.py", old_string="'admin'", new_string="'admin\u202e '", root=tmp_path
    )
    assert v.allowed
