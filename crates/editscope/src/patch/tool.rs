//! File-editing tool calls (JSON tool inputs) of agents that edit by writing whole files or
//! replacing strings: Claude Code `Edit`, `MultiEdit`, `Write`, and the text editor tool's
//! `str_replace`, `create`, `insert` (Anthropic's `str_replace_based_edit_tool`, OpenHands
//! `file_editor`, SWE-agent `str_replace_editor`).

use serde_json::Value;

use super::{replace::Replacement, Action, Edit, FilePatch, GitMeta, PatchError, PatchErrorKind};

/// One tool call that edits one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolEdit {
    /// The path as the tool call names it (Claude Code: absolute).
    pub path: String,
    /// What it does.
    pub action: Action,
}

fn field<'v>(input: &'v Value, name: &str) -> Result<&'v str, PatchError> {
    input.get(name).and_then(Value::as_str).ok_or_else(|| {
        PatchError::new(
            PatchErrorKind::Malformed,
            0,
            format!("the tool input has no string `{name}`"),
        )
    })
}

fn flag(input: &Value, name: &str) -> bool {
    input.get(name).and_then(Value::as_bool).unwrap_or(false)
}

impl ToolEdit {
    /// A Claude Code tool call: `Edit {file_path, old_string, new_string, replace_all?}`,
    /// `MultiEdit {file_path, edits: [...]}`, `Write {file_path, content}`. `Ok(None)` for
    /// tools that do not edit files.
    pub fn from_claude_code(
        tool_name: &str,
        input: &Value,
    ) -> Result<Option<ToolEdit>, PatchError> {
        let replacement = |e: &Value| -> Result<Replacement, PatchError> {
            Ok(Replacement {
                old: field(e, "old_string")?.to_string(),
                new: field(e, "new_string")?.to_string(),
                replace_all: flag(e, "replace_all"),
            })
        };
        let edit = match tool_name {
            "Edit" => Some(Edit::Replace(vec![replacement(input)?])),
            "MultiEdit" => {
                let edits = input
                    .get("edits")
                    .and_then(Value::as_array)
                    .ok_or_else(|| {
                        PatchError::new(
                            PatchErrorKind::Malformed,
                            0,
                            "`MultiEdit` needs an `edits` array",
                        )
                    })?;
                Some(Edit::Replace(
                    edits.iter().map(replacement).collect::<Result<_, _>>()?,
                ))
            }
            "Write" => None,
            _ => return Ok(None),
        };
        let path = field(input, "file_path")?.to_string();
        let action = match edit {
            Some(edit) => Action::Update {
                edit: Some(edit),
                move_to: None,
            },
            None => Action::Create {
                content: field(input, "content")?.to_string(),
            },
        };
        Ok(Some(ToolEdit { path, action }))
    }

    /// A text editor tool call: `{command: "str_replace", path, old_str, new_str}`,
    /// `{command: "create", path, file_text}`, `{command: "insert", path, insert_line,
    /// new_str}`. `Ok(None)` for `view`; any other command is an error (`undo_edit` restores
    /// content editscope cannot see; [`crate::tool_call`] decides what it means).
    pub fn from_text_editor(input: &Value) -> Result<Option<ToolEdit>, PatchError> {
        let path = || field(input, "path").map(str::to_string);
        let action = match field(input, "command")? {
            "str_replace" => Action::Update {
                edit: Some(Edit::StrReplace {
                    old: field(input, "old_str")?.to_string(),
                    new: input
                        .get("new_str")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string(),
                }),
                move_to: None,
            },
            "create" => Action::Create {
                content: field(input, "file_text")?.to_string(),
            },
            "insert" => {
                let line = input
                    .get("insert_line")
                    .and_then(Value::as_u64)
                    .ok_or_else(|| {
                        PatchError::new(
                            PatchErrorKind::Malformed,
                            0,
                            "`insert` needs a non-negative integer `insert_line`",
                        )
                    })?;
                let line = usize::try_from(line).map_err(|_| {
                    PatchError::new(PatchErrorKind::Malformed, 0, "`insert_line` is too large")
                })?;
                Action::Update {
                    edit: Some(Edit::Insert {
                        line,
                        text: field(input, "new_str")?.to_string(),
                    }),
                    move_to: None,
                }
            }
            "view" => return Ok(None),
            other => {
                return Err(PatchError::new(
                    PatchErrorKind::Malformed,
                    0,
                    format!(
                    "the text editor command `{other}` does not give content editscope can compute"
                ),
                ))
            }
        };
        Ok(Some(ToolEdit {
            path: path()?,
            action,
        }))
    }

    /// The edit as a [`FilePatch`] on `relative_path` (the caller resolves the tool's path
    /// against the root).
    pub fn into_file_patch(self, relative_path: String) -> FilePatch {
        FilePatch {
            path: relative_path,
            line: 0,
            action: self.action,
            modes: GitMeta::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn claude_code_edit_and_write() {
        let e = ToolEdit::from_claude_code(
            "Edit",
            &json!({"file_path": "/r/a.py", "old_string": "1", "new_string": "2"}),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            e.clone()
                .into_file_patch("a.py".into())
                .apply(Some("x = 1\n"))
                .unwrap()
                .as_deref(),
            Some("x = 2\n")
        );
        let w =
            ToolEdit::from_claude_code("Write", &json!({"file_path": "/r/b.py", "content": "y\n"}))
                .unwrap()
                .unwrap();
        assert_eq!(
            w.into_file_patch("b.py".into())
                .apply(None)
                .unwrap()
                .as_deref(),
            Some("y\n")
        );
        assert!(
            ToolEdit::from_claude_code("Bash", &json!({"command": "ls"}))
                .unwrap()
                .is_none()
        );
        assert!(ToolEdit::from_claude_code("Edit", &json!({"file_path": 3})).is_err());
    }

    #[test]
    fn text_editor_commands() {
        let e = ToolEdit::from_text_editor(
            &json!({"command": "insert", "path": "a.py", "insert_line": 1, "new_str": "y = 2"}),
        )
        .unwrap()
        .unwrap();
        assert_eq!(
            e.into_file_patch("a.py".into())
                .apply(Some("x = 1\n"))
                .unwrap()
                .as_deref(),
            Some("x = 1\ny = 2\n")
        );
        assert!(
            ToolEdit::from_text_editor(&json!({"command": "view", "path": "a.py"}))
                .unwrap()
                .is_none()
        );
        assert!(ToolEdit::from_text_editor(
            &json!({"command": "insert", "path": "a.py", "insert_line": -1, "new_str": ""})
        )
        .is_err());
        for command in ["undo_edit", "delete", "rename", "write"] {
            assert!(
                ToolEdit::from_text_editor(&json!({"command": command, "path": "a.py"})).is_err(),
                "{command}"
            );
        }
    }
}
