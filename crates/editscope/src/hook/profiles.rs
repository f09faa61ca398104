//! One profile per host, as data. Each follows the host's own documentation (the `docs`
//! field); where the documentation leaves a shape open (which tools a host has, which
//! arguments they take), the profile lists only what is documented or known, and
//! everything else is refused.

use super::{EventKind as K, Host, Profile, Reading as R, Shape, Val};

/// The text editor commands, as they are.
const EDITOR: &[(&str, &str)] = &[
    ("view", "view"),
    ("create", "create"),
    ("str_replace", "str_replace"),
    ("insert", "insert"),
];

/// Kiro's `fs_write` commands: its `insert` puts `new_str` at the start of the next line
/// as raw text, not as whole lines (amazon-q-developer-cli `fs_write.rs`), which the text
/// editor reading does not model, so it is refused.
const KIRO_EDITOR: &[(&str, &str)] = &[
    ("view", "view"),
    ("create", "create"),
    ("str_replace", "str_replace"),
];

/// Gemini CLI: <https://geminicli.com/docs/hooks/reference>,
/// <https://geminicli.com/docs/tools/file-system/>.
const GEMINI: Profile = Profile {
    host: Host::GeminiCli,
    docs: &[
        "https://geminicli.com/docs/hooks/reference",
        "https://geminicli.com/docs/tools/file-system/",
    ],
    event_name: &[&["hook_event_name"]],
    events: &[
        ("BeforeTool", K::PreTool),
        ("AfterTool", K::PostTool),
        ("AfterAgent", K::Stop),
        ("SessionStart", K::SessionStart),
        ("SessionEnd", K::SessionEnd),
        ("BeforeAgent", K::Other),
        ("BeforeModel", K::Other),
        ("AfterModel", K::Other),
        ("BeforeToolSelection", K::Other),
        ("Notification", K::Other),
        ("PreCompress", K::Other),
    ],
    event_tools: &[],
    session_id: &[&["session_id"]],
    cwd: &[&["cwd"]],
    tool_name: &[&["tool_name"]],
    tool_input: &[&["tool_input"]],
    stop_active: &[&["stop_hook_active"]],
    tools: &[
        ("write_file", R::GeminiWrite),
        ("replace", R::GeminiReplace),
        ("run_shell_command", R::Shell { key: "command" }),
        ("read_file", R::ReadOnly),
        ("read_many_files", R::ReadOnly),
        ("list_directory", R::ReadOnly),
        ("glob", R::ReadOnly),
        ("search_file_content", R::ReadOnly),
        ("grep_search", R::ReadOnly),
        ("google_web_search", R::ReadOnly),
        ("web_fetch", R::ReadOnly),
        ("write_todos", R::ReadOnly),
        (
            "save_memory",
            R::Outside("Gemini's memory file (`~/.gemini/GEMINI.md`)"),
        ),
    ],
    allow: Shape::Json {
        fields: &[],
        stderr: false,
    },
    deny: Shape::Json {
        fields: &[(&["decision"], Val::Str("deny")), (&["reason"], Val::Text)],
        stderr: false,
    },
    post_block: Shape::Json {
        fields: &[(&["decision"], Val::Str("deny")), (&["reason"], Val::Text)],
        stderr: true,
    },
    stop_block: Shape::Json {
        fields: &[(&["decision"], Val::Str("deny")), (&["reason"], Val::Text)],
        stderr: true,
    },
    context: Shape::Json {
        fields: &[
            (
                &["hookSpecificOutput", "hookEventName"],
                Val::Str("SessionStart"),
            ),
            (&["hookSpecificOutput", "additionalContext"], Val::Text),
        ],
        stderr: false,
    },
};

/// GitHub Copilot CLI and cloud agent: <https://docs.github.com/en/copilot/reference/hooks-reference>.
/// Events configured in camelCase carry no event name (the hook is run with `--event`);
/// the VS Code compatible PascalCase ones carry `hook_event_name`.
const COPILOT: Profile = Profile {
    host: Host::Copilot,
    docs: &["https://docs.github.com/en/copilot/reference/hooks-reference"],
    event_name: &[&["hook_event_name"], &["hookEventName"]],
    events: &[
        ("preToolUse", K::PreTool),
        ("postToolUse", K::PostTool),
        ("postToolUseFailure", K::PostTool),
        ("agentStop", K::Stop),
        ("subagentStop", K::Stop),
        ("sessionStart", K::SessionStart),
        ("sessionEnd", K::SessionEnd),
        ("userPromptSubmitted", K::Other),
        ("userPromptTransformed", K::Other),
        ("subagentStart", K::Other),
        ("errorOccurred", K::Other),
        ("preCompact", K::Other),
        ("notification", K::Other),
        ("PreToolUse", K::PreTool),
        ("PostToolUse", K::PostTool),
        ("PostToolUseFailure", K::PostTool),
        ("Stop", K::Stop),
        ("SubagentStop", K::Stop),
        ("SessionStart", K::SessionStart),
        ("SessionEnd", K::SessionEnd),
        ("UserPromptSubmit", K::Other),
        ("ErrorOccurred", K::Other),
        ("PreCompact", K::Other),
        ("Notification", K::Other),
    ],
    event_tools: &[],
    session_id: &[&["sessionId"], &["session_id"]],
    cwd: &[&["cwd"]],
    tool_name: &[&["toolName"], &["tool_name"]],
    tool_input: &[&["toolArgs"], &["tool_input"]],
    stop_active: &[&["stop_hook_active"]],
    tools: &[
        (
            "edit",
            R::TextEditorCommand {
                command: "str_replace",
                fallback: EDITOR,
            },
        ),
        (
            "create",
            R::TextEditorCommand {
                command: "create",
                fallback: EDITOR,
            },
        ),
        ("apply_patch", R::Patch),
        ("bash", R::Shell { key: "command" }),
        ("powershell", R::Shell { key: "command" }),
        ("view", R::ReadOnly),
        ("glob", R::ReadOnly),
        ("grep", R::ReadOnly),
        ("rg", R::ReadOnly),
        ("web_fetch", R::ReadOnly),
        ("web_search", R::ReadOnly),
        ("ask_user", R::ReadOnly),
        ("update_todo", R::ReadOnly),
        ("task", R::ReadOnly),
        // The PascalCase (VS Code compatible) names.
        (
            "Edit",
            R::TextEditorCommand {
                command: "str_replace",
                fallback: EDITOR,
            },
        ),
        (
            "Write",
            R::TextEditorCommand {
                command: "create",
                fallback: EDITOR,
            },
        ),
        ("Bash", R::Shell { key: "command" }),
        ("Read", R::ReadOnly),
        ("Grep", R::ReadOnly),
        ("Glob", R::ReadOnly),
        ("WebFetch", R::ReadOnly),
        ("WebSearch", R::ReadOnly),
        ("AskUserQuestion", R::ReadOnly),
        ("TodoWrite", R::ReadOnly),
        ("Agent", R::ReadOnly),
        ("Task", R::ReadOnly),
    ],
    allow: Shape::Empty,
    deny: Shape::Json {
        fields: &[
            (&["permissionDecision"], Val::Str("deny")),
            (&["permissionDecisionReason"], Val::Text),
        ],
        stderr: false,
    },
    post_block: Shape::Json {
        fields: &[(&["additionalContext"], Val::Text)],
        stderr: true,
    },
    stop_block: Shape::Json {
        fields: &[(&["decision"], Val::Str("block")), (&["reason"], Val::Text)],
        stderr: false,
    },
    context: Shape::Json {
        fields: &[(&["additionalContext"], Val::Text)],
        stderr: false,
    },
};

/// Cursor: <https://cursor.com/docs/agent/hooks>. `preToolUse` blocks; `afterFileEdit`
/// only reports (the file is already written); `stop` answers with a follow-up message.
/// The tool names and inputs of `preToolUse` are not documented in detail: `Write`
/// (content or a replacement) and `Shell` are read, the read-only tools pass, and any
/// other tool is refused.
const CURSOR: Profile = Profile {
    host: Host::Cursor,
    docs: &["https://cursor.com/docs/agent/hooks"],
    event_name: &[&["hook_event_name"]],
    events: &[
        ("preToolUse", K::PreTool),
        ("beforeShellExecution", K::PreTool),
        ("beforeReadFile", K::PreTool),
        ("beforeMCPExecution", K::PreTool),
        ("postToolUse", K::PostTool),
        ("postToolUseFailure", K::PostTool),
        ("afterFileEdit", K::PostTool),
        ("afterShellExecution", K::PostTool),
        ("afterMCPExecution", K::PostTool),
        ("stop", K::Stop),
        ("subagentStop", K::Stop),
        ("sessionStart", K::SessionStart),
        ("sessionEnd", K::SessionEnd),
        ("beforeSubmitPrompt", K::Other),
        ("afterAgentResponse", K::Other),
        ("afterAgentThought", K::Other),
        ("preCompact", K::Other),
        ("subagentStart", K::Other),
        ("beforeTabFileRead", K::Other),
        ("afterTabFileEdit", K::Other),
    ],
    event_tools: &[
        ("beforeShellExecution", "Shell", &[]),
        ("beforeReadFile", "Read", &[]),
    ],
    session_id: &[&["conversation_id"], &["session_id"]],
    cwd: &[&["cwd"], &["workspace_roots", "0"]],
    tool_name: &[&["tool_name"]],
    tool_input: &[&["tool_input"]],
    stop_active: &[],
    tools: &[
        ("Write", R::CursorWrite),
        ("Shell", R::Shell { key: "command" }),
        ("Read", R::ReadOnly),
        ("Grep", R::ReadOnly),
        ("Glob", R::ReadOnly),
        ("LS", R::ReadOnly),
        ("WebSearch", R::ReadOnly),
        ("WebFetch", R::ReadOnly),
        ("Task", R::ReadOnly),
        ("TodoWrite", R::ReadOnly),
    ],
    allow: Shape::Empty,
    deny: Shape::Json {
        fields: &[
            (&["permission"], Val::Str("deny")),
            (&["user_message"], Val::Text),
            (&["agent_message"], Val::Text),
        ],
        stderr: false,
    },
    post_block: Shape::Json {
        fields: &[(&["additional_context"], Val::Text)],
        stderr: true,
    },
    stop_block: Shape::Json {
        fields: &[(&["followup_message"], Val::Text)],
        stderr: true,
    },
    context: Shape::Json {
        fields: &[(&["additional_context"], Val::Text)],
        stderr: false,
    },
};

/// Cline: <https://docs.cline.bot/features/hooks/hook-reference>. Every hook answers
/// `{"cancel": ..., "contextModification": ..., "errorMessage": ...}`.
const CLINE: Profile = Profile {
    host: Host::Cline,
    docs: &["https://docs.cline.bot/features/hooks/hook-reference"],
    event_name: &[&["hookName"]],
    events: &[
        ("PreToolUse", K::PreTool),
        ("PostToolUse", K::PostTool),
        ("TaskStart", K::SessionStart),
        ("TaskResume", K::SessionStart),
        ("TaskComplete", K::Stop),
        ("TaskCancel", K::Other),
        ("UserPromptSubmit", K::Other),
        ("PreCompact", K::Other),
    ],
    event_tools: &[],
    session_id: &[&["taskId"]],
    cwd: &[&["workspaceRoots", "0"]],
    tool_name: &[&["preToolUse", "toolName"], &["postToolUse", "toolName"]],
    tool_input: &[
        &["preToolUse", "parameters"],
        &["postToolUse", "parameters"],
    ],
    stop_active: &[],
    tools: &[
        ("write_to_file", R::ClineWrite),
        ("replace_in_file", R::ClineReplace),
        ("execute_command", R::Shell { key: "command" }),
        ("read_file", R::ReadOnly),
        ("list_files", R::ReadOnly),
        ("search_files", R::ReadOnly),
        ("list_code_definition_names", R::ReadOnly),
        ("browser_action", R::ReadOnly),
        ("access_mcp_resource", R::ReadOnly),
        ("ask_followup_question", R::ReadOnly),
        ("attempt_completion", R::ReadOnly),
        ("plan_mode_respond", R::ReadOnly),
        ("load_mcp_documentation", R::ReadOnly),
        ("web_fetch", R::ReadOnly),
        ("web_search", R::ReadOnly),
        ("new_task", R::ReadOnly),
    ],
    allow: Shape::Json {
        fields: &[(&["cancel"], Val::Bool(false))],
        stderr: false,
    },
    deny: Shape::Json {
        fields: &[
            (&["cancel"], Val::Bool(true)),
            (&["errorMessage"], Val::Text),
            (&["contextModification"], Val::Text),
        ],
        stderr: false,
    },
    post_block: Shape::Json {
        fields: &[
            (&["cancel"], Val::Bool(false)),
            (&["contextModification"], Val::Text),
        ],
        stderr: true,
    },
    stop_block: Shape::Json {
        fields: &[
            (&["cancel"], Val::Bool(false)),
            (&["contextModification"], Val::Text),
        ],
        stderr: true,
    },
    context: Shape::Json {
        fields: &[
            (&["cancel"], Val::Bool(false)),
            (&["contextModification"], Val::Text),
        ],
        stderr: false,
    },
};

/// Windsurf Cascade: <https://docs.windsurf.com/windsurf/cascade/hooks>. Pre-hooks block
/// with exit code 2; post-hooks and `post_cascade_response` cannot block (editscope reports
/// on stderr, shown with `show_output`).
const WINDSURF: Profile = Profile {
    host: Host::Windsurf,
    docs: &["https://docs.windsurf.com/windsurf/cascade/hooks"],
    event_name: &[&["agent_action_name"]],
    events: &[
        ("pre_write_code", K::PreTool),
        ("pre_run_command", K::PreTool),
        ("pre_read_code", K::PreTool),
        ("pre_mcp_tool_use", K::PreTool),
        ("post_write_code", K::PostTool),
        ("post_run_command", K::PostTool),
        ("post_mcp_tool_use", K::PostTool),
        ("post_cascade_response", K::Stop),
        ("post_read_code", K::Other),
        ("pre_user_prompt", K::Other),
        ("post_setup_worktree", K::Other),
    ],
    event_tools: &[
        ("pre_write_code", "write_code", &["tool_info"]),
        ("pre_run_command", "run_command", &["tool_info"]),
        ("pre_read_code", "read_code", &["tool_info"]),
        ("pre_mcp_tool_use", "mcp_tool_use", &["tool_info"]),
    ],
    session_id: &[&["trajectory_id"]],
    cwd: &[&["tool_info", "cwd"]],
    tool_name: &[],
    tool_input: &[],
    stop_active: &[],
    tools: &[
        ("write_code", R::WindsurfEdits),
        (
            "run_command",
            R::Shell {
                key: "command_line",
            },
        ),
        ("read_code", R::ReadOnly),
    ],
    allow: Shape::Empty,
    deny: Shape::Exit2,
    post_block: Shape::Note,
    stop_block: Shape::Note,
    context: Shape::Note,
};

/// Goose: <https://github.com/block/goose/blob/main/documentation/docs/guides/context-engineering/hooks.md>.
/// `PreToolUse` and `Stop` block (`{"decision": "block", "reason": ...}`); the other
/// events are observation only.
const GOOSE: Profile = Profile {
    host: Host::Goose,
    docs: &["https://github.com/block/goose/blob/main/documentation/docs/guides/context-engineering/hooks.md"],
    event_name: &[&["event"]],
    events: &[
        ("PreToolUse", K::PreTool),
        ("PostToolUse", K::PostTool),
        ("PostToolUseFailure", K::PostTool),
        ("AfterFileEdit", K::PostTool),
        ("AfterShellExecution", K::PostTool),
        ("Stop", K::Stop),
        ("SessionStart", K::SessionStart),
        ("SessionEnd", K::SessionEnd),
        ("UserPromptSubmit", K::Other),
        ("PreToolUseResult", K::Other),
        ("BeforeReadFile", K::Other),
        ("BeforeShellExecution", K::Other),
    ],
    event_tools: &[],
    session_id: &[&["session_id"]],
    cwd: &[&["working_dir"]],
    tool_name: &[&["tool_name"]],
    tool_input: &[&["tool_input"]],
    stop_active: &[],
    tools: &[
        (
            "developer__write",
            R::Keys {
                tool: "Write",
                keys: &[("path", "file_path"), ("content", "content")],
                required: &["path", "content"],
            },
        ),
        (
            "developer__edit",
            R::Keys {
                tool: "Edit",
                keys: &[
                    ("path", "file_path"),
                    ("before", "old_string"),
                    ("after", "new_string"),
                ],
                required: &["path", "before", "after"],
            },
        ),
        ("developer__shell", R::Shell { key: "command" }),
        ("developer__tree", R::ReadOnly),
        ("developer__read_image", R::ReadOnly),
    ],
    allow: Shape::Empty,
    deny: Shape::Json {
        fields: &[(&["decision"], Val::Str("block")), (&["reason"], Val::Text)],
        stderr: false,
    },
    post_block: Shape::Note,
    stop_block: Shape::Json {
        fields: &[(&["decision"], Val::Str("block")), (&["reason"], Val::Text)],
        stderr: true,
    },
    context: Shape::Note,
};

/// Kiro CLI: <https://kiro.dev/docs/cli/hooks>, <https://kiro.dev/docs/cli/v3/hooks/>.
/// `preToolUse` blocks with exit code 2; its events carry no session id, so only pre-tool
/// events are judged (against the disk).
const KIRO: Profile = Profile {
    host: Host::Kiro,
    docs: &[
        "https://kiro.dev/docs/cli/hooks",
        "https://kiro.dev/docs/cli/v3/hooks/",
    ],
    event_name: &[&["hook_event_name"]],
    events: &[
        ("preToolUse", K::PreTool),
        ("PreToolUse", K::PreTool),
        ("postToolUse", K::Other),
        ("PostToolUse", K::Other),
        ("stop", K::Other),
        ("Stop", K::Other),
        ("agentSpawn", K::Other),
        ("AgentSpawn", K::Other),
        ("userPromptSubmit", K::Other),
        ("UserPromptSubmit", K::Other),
    ],
    event_tools: &[],
    session_id: &[],
    cwd: &[&["cwd"]],
    tool_name: &[&["tool_name"]],
    tool_input: &[&["tool_input"]],
    stop_active: &[],
    tools: &[
        (
            "fs_write",
            R::TextEditor {
                commands: KIRO_EDITOR,
            },
        ),
        (
            "write",
            R::TextEditor {
                commands: KIRO_EDITOR,
            },
        ),
        (
            "str_replace",
            R::TextEditorCommand {
                command: "str_replace",
                fallback: KIRO_EDITOR,
            },
        ),
        ("execute_bash", R::Shell { key: "command" }),
        ("shell", R::Shell { key: "command" }),
        ("fs_read", R::ReadOnly),
        ("read", R::ReadOnly),
        ("glob", R::ReadOnly),
        ("grep", R::ReadOnly),
        ("thinking", R::ReadOnly),
        ("todo_list", R::ReadOnly),
        ("introspect", R::ReadOnly),
    ],
    allow: Shape::Empty,
    deny: Shape::Exit2,
    post_block: Shape::Note,
    stop_block: Shape::Note,
    context: Shape::Note,
};

/// The profile of `host` (`None` for Claude Code, Codex and OpenHands, whose events are
/// read natively).
pub fn profile(host: Host) -> Option<&'static Profile> {
    match host {
        Host::ClaudeCode | Host::Codex | Host::Openhands => None,
        Host::GeminiCli => Some(&GEMINI),
        Host::Copilot => Some(&COPILOT),
        Host::Cursor => Some(&CURSOR),
        Host::Cline => Some(&CLINE),
        Host::Windsurf => Some(&WINDSURF),
        Host::Goose => Some(&GOOSE),
        Host::Kiro => Some(&KIRO),
    }
}
