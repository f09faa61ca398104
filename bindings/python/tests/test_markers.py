"""In-source markers (`editscope: protect`) protect their definition through the bindings too."""

from __future__ import annotations

import editscope

BEFORE = '''class UserService:
    def create(self, name):
        return {"name": name}

    # editscope: protect
    def delete(self, user_id):
        self.db.audit("delete", user_id)
        self.db.remove(user_id)
'''


def test_a_marker_protects_under_a_files_grant() -> None:
    contract = editscope.Contract(files=["src/**"])
    after = BEFORE.replace('        self.db.audit("delete", user_id)\n', "")
    report = contract.check_files({"src/app.py": (BEFORE, after)})
    assert report.status == "rejected"
    [v] = report.violations
    assert v.kind == "protected"
    assert v.symbol == "UserService.delete"
    assert "editscope: protect" in v.message
    # Its sibling may change.
    after = BEFORE.replace('return {"name": name}', 'return {"name": name.strip()}')
    assert contract.check_files({"src/app.py": (BEFORE, after)}).status == "allowed"


def test_removing_a_marker_is_a_violation() -> None:
    contract = editscope.Contract(body=["src/app.py::UserService"])
    after = BEFORE.replace("    # editscope: protect\n", "")
    report = contract.check_files({"src/app.py": (BEFORE, after)})
    assert report.status == "rejected"
    assert [v.kind for v in report.violations] == ["protected"]
    assert "marker" in report.violations[0].message


def test_a_marker_in_a_string_is_not_one() -> None:
    before = 'def f():\n    return "# editscope: protect"\n'
    after = before.replace("return", "return  ")
    report = editscope.Contract(files=["a.py"]).check_files({"a.py": (before, after)})
    assert report.status == "allowed"
