"""Writes calls.json (the tool-call table); edit here, run `python3 tests/tool_calls/generate.py`."""
import json
APP = '''import logging


class UserService:
    def create(self, name):
        user = {"name": name}
        return user

    def delete(self, user_id):
        self.db.remove(user_id)
'''
TABS = "def create(name):\n\treturn name\n\n\ndef delete(x):\n\treturn x\n"
def patch(body): return "*** Begin Patch\n" + body + "*** End Patch\n"
UPD_OK = "*** Update File: app.py\n@@\n-        user = {\"name\": name}\n+        user = {\"name\": name.strip()}\n"
UPD_BAD = "*** Update File: app.py\n@@\n-        self.db.remove(user_id)\n+        pass\n"
OK = {"old_string": 'user = {"name": name}', "new_string": 'user = {"name": name.strip()}'}
BAD = {"old_string": "self.db.remove(user_id)", "new_string": "pass"}
def ed(path, e): return {"file_path": path, **e}
def se(path, old, new): return {"command": "str_replace", "path": path, "old_str": old, "new_str": new}
rows = []
def r(name, host, tool, inp, expect, **kw):
    rows.append({"name": name, "host": host, "tool": tool, "input": inp, "expect": expect, **kw})

# Claude Code
r("claude_edit_in_scope", "claude-code", "Edit", ed("$ROOT/src/app.py", OK), "allow")
r("claude_edit_out_of_scope", "claude-code", "Edit", ed("$ROOT/src/app.py", BAD), "deny")
r("claude_multiedit_mixed", "claude-code", "MultiEdit", {"file_path": "$ROOT/src/app.py", "edits": [OK, BAD]}, "deny")
r("claude_write_granted_new_file", "claude-code", "Write", {"file_path": "$ROOT/tests/test_new.py", "content": "def test():\n    pass\n"}, "allow")
r("claude_write_ungranted_new_file", "claude-code", "Write", {"file_path": "$ROOT/src/new.py", "content": "x = 1\n"}, "deny")
r("claude_relative_path_from_cwd", "claude-code", "Edit", ed("app.py", BAD), "deny", cwd="$ROOT/src")
r("claude_notebook_not_granted", "claude-code", "NotebookEdit", {"notebook_path": "$ROOT/analysis.ipynb", "new_source": "print(1)", "cell_id": "a"}, "deny")
r("claude_notebook_granted_whole", "claude-code", "NotebookEdit", {"notebook_path": "$ROOT/analysis.ipynb", "new_source": "print(1)", "cell_id": "a"}, "allow",
  contract='body = ["src/app.py::UserService.create"]\ncreate = ["tests/**"]\nfiles = ["*.ipynb"]\n')
r("claude_read_is_no_edit", "claude-code", "Read", {"file_path": "$ROOT/src/app.py"}, "pass")
r("claude_bash_is_no_edit", "claude-code", "Bash", {"command": "ls -la"}, "pass")
r("claude_write_outside_root", "claude-code", "Write", {"file_path": "$OUT/scratch.py", "content": "x = 1\n"}, "outside")
r("claude_edit_missing_field", "claude-code", "Edit", {"file_path": "$ROOT/src/app.py", "old_string": 3}, "deny")
r("claude_edit_contract_file", "claude-code", "Edit", {"file_path": "$ROOT/.editscope.toml", "old_string": "body", "new_string": "files = [\"**\"]\nbody"}, "deny")
# Paths as the OS writes them
GRANT_TOP = 'body = ["src/app.py::UserService.create"]\ncreate = ["tests/**"]\nfiles = ["app.py"]\n'
r("claude_dotdot_after_symlink", "claude-code", "Edit", ed("$ROOT/link/../app.py", BAD), "deny",
  symlinks={"link": "src/deep"}, files={"app.py": APP}, contract=GRANT_TOP)
r("claude_write_dotdot_after_symlink", "claude-code", "Write", {"file_path": "$ROOT/link/../app.py", "content": "x = 1\n"}, "deny",
  symlinks={"link": "src/deep"}, contract=GRANT_TOP)
r("claude_through_symlink_in_root", "claude-code", "Edit", ed("$ROOT/lib/app.py", OK), "deny", symlinks={"lib": "src"})
r("claude_outside_alias_in_scope", "claude-code", "Edit", ed("$OUT/alias.py", OK), "allow", symlinks={"$OUT/alias.py": "$ROOT/src/app.py"})
r("claude_outside_alias_out_of_scope", "claude-code", "Edit", ed("$OUT/alias.py", BAD), "deny", symlinks={"$OUT/alias.py": "$ROOT/src/app.py"})
r("claude_outside_dir_alias", "claude-code", "Write", {"file_path": "$OUT/srcdir/evil.py", "content": "x = 1\n"}, "deny", symlinks={"$OUT/srcdir": "$ROOT/src"})
r("claude_symlink_out_of_root", "claude-code", "Write", {"file_path": "$ROOT/tests/out/x.py", "content": "x = 1\n"}, "deny", symlinks={"tests/out": "$OUT"})
r("claude_multiedit_dotdot_after_symlink", "claude-code", "MultiEdit", {"file_path": "$ROOT/link/../app.py", "edits": [BAD]}, "deny",
  symlinks={"link": "src/deep"}, files={"app.py": APP}, contract=GRANT_TOP)
r("claude_notebook_dotdot_after_symlink", "claude-code", "NotebookEdit", {"notebook_path": "$ROOT/link/../analysis.ipynb", "new_source": "x"}, "deny",
  symlinks={"link": "src/deep"}, contract='files = ["analysis.ipynb"]\n')
r("claude_relative_dotdot_after_symlink", "claude-code", "Edit", ed("link/../app.py", BAD), "deny",
  symlinks={"link": "src/deep"}, files={"app.py": APP}, contract=GRANT_TOP)
# Text editor tool (OpenHands, Anthropic, SWE-agent)
r("openhands_str_replace_in_scope", "openhands", "file_editor", se("$ROOT/src/app.py", 'user = {"name": name}', 'user = {"name": name.strip()}'), "allow")
r("openhands_insert_outside_symbols", "openhands", "file_editor", {"command": "insert", "path": "$ROOT/src/app.py", "insert_line": 1, "new_str": "import os"}, "deny")
r("openhands_tab_expansion_changes_other_symbols", "openhands", "str_replace_editor", se("$ROOT/src/tabs.py", "return name", "return name.strip()"), "deny",
  files={"src/tabs.py": TABS}, contract='body = ["src/tabs.py::create"]\n')
r("anthropic_editor_no_tab_expansion", "openhands", "str_replace_based_edit_tool", se("$ROOT/src/tabs.py", "return name", "return name.strip()"), "allow",
  files={"src/tabs.py": TABS}, contract='body = ["src/tabs.py::create"]\n')
r("openhands_undo_edit", "openhands", "file_editor", {"command": "undo_edit", "path": "$ROOT/src/app.py"}, "deny")
r("openhands_undo_edit_granted_whole", "openhands", "file_editor", {"command": "undo_edit", "path": "$ROOT/src/app.py"}, "allow", contract='files = ["src/app.py"]\n')
r("openhands_view", "openhands", "file_editor", {"command": "view", "path": "$ROOT/src/app.py"}, "pass")
r("openhands_unknown_command", "openhands", "file_editor", {"command": "delete", "path": "$ROOT/src/app.py"}, "deny")
r("openhands_edit_file_unknown_shape", "openhands", "edit_file", {"path": "$ROOT/src/app.py", "content": "x = 1\n", "start": 1, "end": -1}, "deny")
r("openhands_other_tool", "openhands", "execute_bash", {"command": "ls"}, "pass")
r("openhands_dotdot_after_symlink", "openhands", "file_editor", se("$ROOT/link/../app.py", "self.db.remove(user_id)", "pass"), "deny",
  symlinks={"link": "src/deep"}, files={"app.py": APP}, contract=GRANT_TOP)
r("openhands_create_through_symlink", "openhands", "file_editor", {"command": "create", "path": "$ROOT/link/../tests/new.py", "file_text": "x = 1\n"}, "deny",
  symlinks={"link": "src/deep"})
r("openhands_insert_dotdot_after_symlink", "openhands", "file_editor", {"command": "insert", "path": "$ROOT/link/../app.py", "insert_line": 1, "new_str": "import os"}, "deny",
  symlinks={"link": "src/deep"}, files={"app.py": APP}, contract=GRANT_TOP)
r("openhands_relative_to_working_dir", "openhands", "file_editor", se("app.py", "self.db.remove(user_id)", "pass"), "deny", cwd="$ROOT/src")
r("memory_tool_insert_text_alias", "openhands", "str_replace_based_edit_tool", {"command": "insert", "path": "$ROOT/src/app.py", "insert_line": 1, "insert_text": "import os\n"}, "deny")
# Codex apply_patch
r("codex_patch_in_scope", "codex", "apply_patch", {"command": patch(UPD_OK)}, "allow", cwd="$ROOT/src")
r("codex_patch_out_of_scope", "codex", "apply_patch", {"command": patch(UPD_BAD)}, "deny", cwd="$ROOT/src")
r("codex_heredoc_argv", "codex", "apply_patch", {"command": ["bash", "-lc", "apply_patch <<'EOF'\n" + patch(UPD_BAD) + "EOF\n"]}, "deny", cwd="$ROOT/src")
r("codex_cd_from_elsewhere_out_of_scope", "codex", "apply_patch", {"command": ["bash", "-lc", "cd $ROOT/src && apply_patch <<'EOF'\n" + patch(UPD_BAD) + "EOF\n"]}, "deny", cwd="$OUT")
r("codex_cd_from_elsewhere_in_scope", "codex", "apply_patch", {"command": ["bash", "-lc", "cd $ROOT/src && apply_patch <<'EOF'\n" + patch(UPD_OK) + "EOF\n"]}, "allow", cwd="$OUT")
r("codex_relative_cds", "codex", "apply_patch", {"command": "cd src; cd deep && apply_patch <<'EOF'\n" + patch("*** Update File: ../app.py\n@@\n-        self.db.remove(user_id)\n+        pass\n") + "EOF\n"}, "deny")
r("codex_cd_variable", "codex", "apply_patch", {"command": ["bash", "-lc", "cd $SRC && apply_patch <<'EOF'\n" + patch(UPD_OK) + "EOF\n"]}, "deny")
r("codex_pushd", "codex", "apply_patch", {"command": "pushd src && apply_patch <<'EOF'\n" + patch(UPD_OK) + "EOF\n"}, "deny")
r("codex_subshell", "codex", "shell", {"command": ["bash", "-lc", "(cd src && apply_patch <<'EOF'\n" + patch(UPD_OK) + "EOF\n)"]}, "deny")
r("codex_workdir", "codex", "shell", {"command": ["bash", "-lc", "apply_patch <<'EOF'\n" + patch(UPD_BAD) + "EOF\n"], "workdir": "src"}, "deny")
r("codex_workdir_in_scope", "codex", "shell", {"command": ["apply_patch", patch(UPD_OK)], "workdir": "src"}, "allow")
r("codex_shell_no_patch", "codex", "shell", {"command": ["ls", "-la"]}, "pass")
r("codex_add_file_dotdot_after_symlink", "codex", "apply_patch", {"command": patch("*** Add File: link/../x.py\n+x = 1\n")}, "deny", symlinks={"link": "src/deep"},
  contract='body = ["src/app.py::UserService.create"]\ncreate = ["x.py", "tests/**"]\n')
r("codex_update_dotdot_after_symlink", "codex", "apply_patch", {"command": patch("*** Update File: link/../app.py\n@@\n-        self.db.remove(user_id)\n+        pass\n")}, "deny",
  symlinks={"link": "src/deep"}, files={"app.py": APP}, contract=GRANT_TOP)
r("codex_delete_dotdot_after_symlink", "codex", "apply_patch", {"command": patch("*** Delete File: link/../app.py\n")}, "deny",
  symlinks={"link": "src/deep"}, files={"app.py": APP}, contract=GRANT_TOP + 'delete = ["app.py"]\n')
r("codex_cd_through_symlink", "codex", "apply_patch", {"command": "cd link/.. && apply_patch <<'EOF'\n" + patch("*** Add File: x.py\n+x = 1\n") + "EOF\n"}, "deny",
  symlinks={"link": "src/deep"}, contract='create = ["x.py"]\n')
r("codex_unquoted_heredoc_expansion", "codex", "apply_patch", {"command": "apply_patch <<EOF\n" + patch("*** Add File: tests/t.py\n+x = $(id)\n") + "EOF\n"}, "deny")
r("codex_absolute_path_through_outside_symlink", "codex", "apply_patch", {"command": patch("*** Update File: $OUT/srcdir/app.py\n@@\n-        self.db.remove(user_id)\n+        pass\n")}, "deny",
  symlinks={"$OUT/srcdir": "$ROOT/src"})
r("codex_add_file_granted", "codex", "apply_patch", {"command": patch("*** Add File: tests/test_x.py\n+x = 1\n")}, "allow")
r("codex_move_out_of_root", "codex", "apply_patch", {"command": patch("*** Update File: src/app.py\n*** Move to: ../out/app.py\n@@\n-import logging\n+import os\n")}, "deny")
r("codex_move_to_through_symlink", "codex", "apply_patch", {"command": patch("*** Update File: tests/t.py\n*** Move to: link/../y.py\n@@\n-x\n+y\n")}, "deny",
  symlinks={"link": "src/deep"}, files={"tests/t.py": "x\n"}, contract='files = ["tests/**", "y.py", "src/deep/y.py"]\n')
r("codex_delete_file", "codex", "apply_patch", {"command": patch("*** Delete File: src/app.py\n")}, "deny")
r("codex_touches_contract", "codex", "apply_patch", {"command": patch("*** Delete File: .editscope.toml\n")}, "deny", contract='files = ["**"]\n')
r("codex_outside_root", "codex", "apply_patch", {"command": patch("*** Add File: $OUT/x.py\n+x = 1\n")}, "outside")
r("codex_unreadable_argv", "codex", "apply_patch", {"command": ["python", "-c", "apply_patch()"]}, "deny")

# Files that govern editscope itself: never written, inside the root or outside it.
r("claude_write_contract_outside_root", "claude-code", "Write", {"file_path": "$OUT/.editscope.toml", "content": 'files = ["**"]\n'}, "deny")
r("claude_write_contract_any_case", "claude-code", "Write", {"file_path": "$ROOT/tests/.EditScope.toml", "content": 'files = ["**"]\n'}, "deny")
r("codex_add_contract_outside_root", "codex", "apply_patch", {"command": patch("*** Add File: $OUT/.editscope.toml\n+files = [\"**\"]\n")}, "deny")
r("openhands_create_contract_outside_root", "openhands", "file_editor", {"command": "create", "path": "$OUT/sub/.editscope.toml", "file_text": 'files = ["**"]\n'}, "deny")
r("claude_write_gitconfig_outside_root", "claude-code", "Write", {"file_path": "$OUT/.gitconfig", "content": "[core]\n"}, "deny")
r("claude_write_git_dir_granted", "claude-code", "Write", {"file_path": "$ROOT/tests/.git/config", "content": "[core]\n"}, "deny")
r("claude_write_host_hook_settings", "claude-code", "Write", {"file_path": "$ROOT/.claude/settings.json", "content": "{}\n"}, "deny", contract='files = ["**"]\n')
r("codex_add_codex_config_outside_root", "codex", "apply_patch", {"command": patch("*** Add File: $OUT/.codex/config.toml\n+x = 1\n")}, "deny")
r("codex_add_bashrc_outside_root", "codex", "apply_patch", {"command": patch("*** Add File: $OUT/.bashrc\n+alias git=evil\n")}, "deny")
# A multi-file patch: every file is judged, whatever comes first.
r("codex_first_file_outside_then_ungranted", "codex", "apply_patch", {"command": patch("*** Add File: $OUT/x.txt\n+x\n" + "*** Update File: src/app.py\n@@\n-        self.db.remove(user_id)\n+        pass\n")}, "deny")
# `cd` then `apply_patch`: only `&&`, into a directory that exists.
r("codex_cd_semicolon", "codex", "shell", {"command": ["bash", "-lc", "cd tests; apply_patch <<'EOF'\n" + patch("*** Add File: src/x.py\n+x = 1\n") + "EOF\n"]}, "deny")
r("codex_cd_newline", "codex", "shell", {"command": ["bash", "-lc", "cd tests\napply_patch <<'EOF'\n" + patch("*** Add File: src/x.py\n+x = 1\n") + "EOF\n"]}, "deny")
r("codex_cd_missing_dir", "codex", "shell", {"command": ["bash", "-lc", "cd tests/nope && apply_patch <<'EOF'\n" + patch("*** Add File: x.py\n+x = 1\n") + "EOF\n"]}, "deny")
r("codex_cd_existing_dir", "codex", "shell", {"command": ["bash", "-lc", "cd tests && apply_patch <<'EOF'\n" + patch("*** Add File: test_y.py\n+x = 1\n") + "EOF\n"]}, "allow")
# Paths a host may expand.
r("claude_write_tilde_path", "claude-code", "Write", {"file_path": "~/tests/test_new.py", "content": "x = 1\n"}, "deny", cwd="$ROOT/tests")
r("claude_write_dollar_path", "claude-code", "Write", {"file_path": "$ROOT/tests/${X}.py", "content": "x = 1\n"}, "deny")
# OpenHands writes what it read in text mode: newlines translated, lines copied as they are.
r("openhands_crlf_file_rewritten_whole", "openhands", "file_editor", se("$ROOT/src/app.py", 'user = {"name": name}', 'user = {"name": name.strip()}'), "deny",
  files={"src/app.py": APP.replace("\n", "\r\n")})
r("anthropic_editor_crlf_file_in_scope", "openhands", "str_replace_based_edit_tool", se("$ROOT/src/app.py", 'user = {"name": name}', 'user = {"name": name.strip()}'), "allow",
  files={"src/app.py": APP.replace("\n", "\r\n")})
r("openhands_insert_after_last_line_without_newline", "openhands", "file_editor", {"command": "insert", "path": "$ROOT/src/lim.py", "insert_line": 1, "new_str": "def extra():\n    return 2"}, "deny",
  files={"src/lim.py": "LIMIT = 1"}, contract='add = ["src/lim.py"]\n')
r("openhands_insert_after_last_line_with_newline", "openhands", "file_editor", {"command": "insert", "path": "$ROOT/src/lim.py", "insert_line": 1, "new_str": "\n\ndef extra():\n    return 2"}, "allow",
  files={"src/lim.py": "LIMIT = 1\n"}, contract='add = ["src/lim.py"]\n')
# A JavaScript host may expand `$'` and the like in `new_string`: both readings must pass.
r("claude_edit_js_pattern_pastes_rest_of_file", "claude-code", "Edit", ed("$ROOT/src/app.py", {"old_string": 'user = {"name": name}', "new_string": "user = \"$'\""}), "deny")
r("claude_edit_js_pattern_harmless", "claude-code", "Edit", ed("$ROOT/src/app.py", {"old_string": 'user = {"name": name}', "new_string": 'user = {"name": name}  # was: $&'}), "allow")
r("claude_edit_dollar_digit_literal", "claude-code", "Edit", ed("$ROOT/src/app.py", {"old_string": 'user = {"name": name}', "new_string": 'user = {"name": "$1"}'}), "allow")

table = {
  "about": "One table of agent tool calls, run through the core (crates/editscope/tests/tool_calls.rs), the CLI hooks (crates/editscope-cli/tests/hooks.rs) and Python (bindings/python/tests/test_tool_call_table.py). See README.md.",
  "defaults": {
    "files": {"src/app.py": APP, "src/deep/app.py": "y = 1\n", "analysis.ipynb": "{\"cells\": []}\n", "tests/test_old.py": "def test():\n    assert True\n"},
    "contract": 'body = ["src/app.py::UserService.create"]\ncreate = ["tests/**"]\n',
  },
  "calls": rows,
}
json.dump(table, open(__file__.rsplit("/", 1)[0] + "/calls.json", "w"), indent=1)
open(__file__.rsplit("/", 1)[0] + "/calls.json", "a").write("\n")
