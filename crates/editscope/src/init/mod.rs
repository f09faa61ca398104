//! `editscope init <host>`: write or merge a host's hook configuration so that every event
//! editscope judges runs `editscope hook <host>`.
//!
//! [`plan`] reads the files a host's hooks live in (under the project root) and computes
//! what they must become: the user's other settings and hooks are kept, in their order; an
//! entry that already runs `editscope hook <host>` is left as it is (so a second run
//! changes nothing); a file editscope would have to rewrite but cannot read (not JSON, a
//! field of another type than the host's schema, comments that a rewrite would lose, a
//! hook script of the user's own) is an error naming the file and the position, and
//! nothing is written. [`apply`] writes the plan: each changed file is first copied to
//! `<file>.editscope-backup`, then replaced atomically. [`diff`] shows a change as a
//! unified diff (for `--dry-run`). [`STARTER_CONTRACT`] is a commented `.editscope.toml`
//! offered when the project has none (never written over one).

mod json;
#[cfg(test)]
mod tests;

use std::path::{Path, PathBuf};

pub use json::{parse as parse_json, Json, JsonError};

use crate::hook::Host;

/// One file `init` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// The file, relative to the project root.
    pub path: PathBuf,
    /// Its text now (`None`: it does not exist).
    pub before: Option<String>,
    /// Its text after.
    pub after: String,
    /// The file must be executable (a hook script).
    pub executable: bool,
}

/// What `init` does for a host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// The host.
    pub host: Host,
    /// The files that change (none: the configuration is already in place).
    pub changes: Vec<FileChange>,
    /// The files already as they must be.
    pub unchanged: Vec<PathBuf>,
    /// What the user must still know or do (a feature flag, a trust prompt).
    pub notes: Vec<&'static str>,
}

/// Why `init` writes nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InitError {
    /// A configuration file is not JSON (or has comments editscope would lose).
    #[error("{}:{line}:{column}: {message}; nothing was written", path.display())]
    Malformed {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A configuration file is JSON, but not of the host's schema where editscope would
    /// add to it.
    #[error("{}: {message}; nothing was written", path.display())]
    Shape {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A hook script of the user's own is where editscope's would go.
    #[error("{}: {message}; nothing was written", path.display())]
    Foreign {
        /// The file.
        path: PathBuf,
        /// What to do.
        message: String,
    },
    /// A file cannot be read or written.
    #[error("{}: {message}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The error.
        message: String,
    },
}

/// A commented starter contract (valid as it is: it grants nothing).
pub const STARTER_CONTRACT: &str = r#"# editscope contract: what the agent's task may change. Everything not granted is frozen:
# any other byte of any other symbol or file is a violation. Paths are relative to the
# project root (the git work tree); `file::Symbol.path` names a symbol (`src/app.py::
# UserService.create`, `src/lib.rs::Parser::parse`); `*` and `**` are globs.
# Reference: the README's "Contracts" and "Grants and what "allowed" means".

# Anything inside these symbols (a file without `::`: the whole file).
edit = []

# Only the body: signature, decorators, attributes and doc comment stay as they are.
body = []

# New symbols directly inside these containers (a file: at its top level).
add = []

# These symbols may be removed; these files may be deleted.
delete = []

# New files (for example tests).
create = []

# Whole files, free to edit and create.
files = []

# Module-level imports may change in these files.
imports = []

# Never changed, whatever the grants above say (symbols and files). With every key above
# empty, a non-empty `protect` alone lets everything else change.
protect = []

# Outside the grants: "exact" (bytes) or "tolerant" (whitespace may change where the
# syntax tree stays the same).
# formatting = "exact"

# The time budget of one check, in milliseconds (past it: unverifiable, never allowed).
# budget_ms = 5000

# Bidirectional control characters may be added (they can make code read otherwise).
# allow_bidi = false

# Check even when the file before the change has syntax errors.
# allow_syntax_errors = false
"#;

/// A host's hook configuration, for `init --list` and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HostInfo {
    /// The host.
    pub host: Host,
    /// The files `init` writes, relative to the project root.
    pub files: &'static [&'static str],
    /// The events it registers.
    pub events: &'static [&'static str],
    /// What editscope can do there.
    pub support: &'static str,
}

/// What [`plan`] writes for each host.
pub fn hosts() -> Vec<HostInfo> {
    Host::ALL
        .into_iter()
        .map(|host| {
            let l = layout(host);
            HostInfo {
                host,
                files: l.files,
                events: l.events,
                support: l.support,
            }
        })
        .collect()
}

/// How a host's configuration is laid out.
#[derive(Clone, Copy)]
enum Kind {
    /// `{"hooks": {"Event": [{"matcher"?, "hooks": [{"type": "command", "command"}]}]}}`
    /// (Claude Code, Codex, OpenHands, Gemini CLI, Goose).
    Grouped {
        /// Extra fields of each command (`on_failure`).
        extra: &'static [(&'static str, &'static str)],
    },
    /// `{"version": 1?, "hooks": {"event": [{"<key>": "command", "matcher"?, ...}]}}`
    /// (Copilot, Cursor, Windsurf).
    Flat {
        /// The key of the command.
        key: &'static str,
        /// A `version` field for a new file.
        version: Option<i64>,
        /// Extra fields of each entry.
        extra: &'static [(&'static str, &'static str)],
        /// Whether the command names its event (`--event`).
        event_arg: bool,
    },
    /// `{"version": "v1", "hooks": [{"name", "trigger", "matcher", "action": {...}}]}` (Kiro).
    Kiro,
    /// One script per hook, named by the hook (Cline).
    Scripts,
}

#[derive(Clone, Copy)]
struct Layout {
    files: &'static [&'static str],
    kind: Kind,
    /// `(event, matcher)`.
    entries: &'static [(&'static str, Option<&'static str>)],
    events: &'static [&'static str],
    support: &'static str,
    notes: &'static [&'static str],
}

const CLAUDE_EVENTS: &[(&str, Option<&str>)] = &[
    ("SessionStart", None),
    ("PreToolUse", Some("*")),
    ("PostToolUse", Some("*")),
    ("Stop", None),
    ("SubagentStop", None),
    ("SessionEnd", None),
];

fn layout(host: Host) -> Layout {
    let grouped = Kind::Grouped { extra: &[] };
    let names = |e: &'static [(&'static str, Option<&'static str>)]| e;
    match host {
        Host::ClaudeCode => Layout {
            files: &[".claude/settings.json"],
            kind: grouped,
            entries: names(CLAUDE_EVENTS),
            events: &["SessionStart", "PreToolUse", "PostToolUse", "Stop", "SubagentStop", "SessionEnd"],
            support: "full: denies edits before they run; blocks after any tool and at stop while the work tree is out of scope (sessions)",
            notes: &[],
        },
        Host::Codex => Layout {
            files: &[".codex/hooks.json"],
            kind: grouped,
            entries: &[
                ("SessionStart", None),
                ("PreToolUse", None),
                ("PostToolUse", None),
                ("Stop", None),
            ],
            events: &["SessionStart", "PreToolUse", "PostToolUse", "Stop"],
            support: "full: as Claude Code (apply_patch and shell patches read exactly)",
            notes: &["Codex runs hooks only with `[features] codex_hooks = true` in config.toml, and project hooks only in a trusted project (review them with /hooks)."],
        },
        Host::Openhands => Layout {
            files: &[".openhands/hooks.json"],
            kind: grouped,
            entries: &[("PreToolUse", Some("*"))],
            events: &["PreToolUse"],
            support: "pre-edit: denies file_editor edits before they run",
            notes: &[],
        },
        Host::GeminiCli => Layout {
            files: &[".gemini/settings.json"],
            kind: grouped,
            entries: &[
                ("SessionStart", None),
                ("BeforeTool", Some("^(write_file|replace|run_shell_command)$")),
                ("AfterTool", Some(".*")),
                ("AfterAgent", None),
                ("SessionEnd", None),
            ],
            events: &["SessionStart", "BeforeTool", "AfterTool", "AfterAgent", "SessionEnd"],
            support: "full: denies edits before they run; answers after tools and at the end of a turn while out of scope (sessions)",
            notes: &[],
        },
        Host::Copilot => Layout {
            files: &[".github/hooks/editscope.json"],
            kind: Kind::Flat {
                key: "command",
                version: Some(1),
                extra: &[("type", "command")],
                event_arg: true,
            },
            entries: &[
                ("sessionStart", None),
                ("preToolUse", Some("edit|create|apply_patch|bash|powershell")),
                ("postToolUse", None),
                ("agentStop", None),
                ("sessionEnd", None),
            ],
            events: &["sessionStart", "preToolUse", "postToolUse", "agentStop", "sessionEnd"],
            support: "full: denies edits before they run; reports after tools, blocks the agent's stop (sessions)",
            notes: &["The cloud agent reads `.github/hooks/` from the default branch: commit the file."],
        },
        Host::Cursor => Layout {
            files: &[".cursor/hooks.json"],
            kind: Kind::Flat {
                key: "command",
                version: Some(1),
                extra: &[],
                event_arg: false,
            },
            entries: &[
                ("sessionStart", None),
                ("preToolUse", None),
                ("afterFileEdit", None),
                ("afterShellExecution", None),
                ("stop", None),
                ("sessionEnd", None),
            ],
            events: &["sessionStart", "preToolUse", "afterFileEdit", "afterShellExecution", "stop", "sessionEnd"],
            support: "partial: denies Write before it runs (other write tools are refused); afterFileEdit only reports; stop sends a follow-up (sessions)",
            notes: &["Cursor's preToolUse sends every tool: tools editscope does not know (MCP tools, Delete) are denied; see the README."],
        },
        Host::Cline => Layout {
            files: &[
                ".clinerules/hooks/PreToolUse",
                ".clinerules/hooks/PostToolUse",
                ".clinerules/hooks/TaskStart",
                ".clinerules/hooks/TaskResume",
                ".clinerules/hooks/TaskComplete",
            ],
            kind: Kind::Scripts,
            entries: &[
                ("PreToolUse", None),
                ("PostToolUse", None),
                ("TaskStart", None),
                ("TaskResume", None),
                ("TaskComplete", None),
            ],
            events: &["PreToolUse", "PostToolUse", "TaskStart", "TaskResume", "TaskComplete"],
            support: "partial: cancels edits before they run; after tools and at task end it can only report (sessions)",
            notes: &["Enable hooks in Cline's settings, and each hook in its Hooks tab."],
        },
        Host::Windsurf => Layout {
            files: &[".windsurf/hooks.json"],
            kind: Kind::Flat {
                key: "command",
                version: None,
                extra: &[("show_output", "true")],
                event_arg: false,
            },
            entries: &[
                ("pre_write_code", None),
                ("pre_run_command", None),
                ("post_write_code", None),
                ("post_run_command", None),
                ("post_cascade_response", None),
            ],
            events: &["pre_write_code", "pre_run_command", "post_write_code", "post_run_command", "post_cascade_response"],
            support: "partial: blocks writes before they run; after tools and responses it can only report (sessions)",
            notes: &[],
        },
        Host::Goose => Layout {
            files: &[
                ".agents/plugins/editscope/plugin.json",
                ".agents/plugins/editscope/hooks/hooks.json",
            ],
            kind: Kind::Grouped {
                extra: &[("on_failure", "block")],
            },
            entries: &[
                ("SessionStart", None),
                ("PreToolUse", Some("^developer__(write|edit|shell)$")),
                ("PostToolUse", None),
                ("Stop", None),
                ("SessionEnd", None),
            ],
            events: &["SessionStart", "PreToolUse", "PostToolUse", "Stop", "SessionEnd"],
            support: "full: blocks edits before they run and the end of a turn; after tools it can only report (sessions)",
            notes: &["Goose loads project plugins when it is started from the project."],
        },
        Host::Kiro => Layout {
            files: &[".kiro/hooks/editscope.json"],
            kind: Kind::Kiro,
            entries: &[("PreToolUse", Some("fs_write|write|str_replace"))],
            events: &["PreToolUse"],
            support: "pre-edit: blocks edits before they run; no session id in its events, so nothing is checked after tools",
            notes: &["Kiro CLI v2 agents embed hooks in `.kiro/agents/*.json` instead: see the README."],
        },
    }
}

/// The hook command for `host` (and the event, for hosts whose events do not name
/// themselves).
pub fn command(host: Host, event: Option<&str>) -> String {
    match event {
        Some(e) => format!("editscope hook {} --event {e}", host.name()),
        None => format!("editscope hook {}", host.name()),
    }
}

fn is_ours(host: Host, cmd: &str) -> bool {
    let base = command(host, None);
    cmd == base || cmd.starts_with(&format!("{base} "))
}

fn read(root: &Path, rel: &str) -> Result<Option<String>, InitError> {
    let path = root.join(rel);
    match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes)
            .map(Some)
            .map_err(|_| InitError::Io {
                path: PathBuf::from(rel),
                message: "not valid UTF-8".into(),
            }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(InitError::Io {
            path: PathBuf::from(rel),
            message: e.to_string(),
        }),
    }
}

fn parse_file(rel: &str, text: Option<&str>) -> Result<Json, InitError> {
    match text {
        None => Ok(Json::Obj(Vec::new())),
        Some(t) if t.trim().is_empty() => Ok(Json::Obj(Vec::new())),
        Some(t) => json::parse(t).map_err(|e| InitError::Malformed {
            path: PathBuf::from(rel),
            line: e.line,
            column: e.column,
            message: e.message,
        }),
    }
}

fn shape(rel: &str, message: String) -> InitError {
    InitError::Shape {
        path: PathBuf::from(rel),
        message,
    }
}

/// The object at `key` of `obj`, created empty when missing.
fn object_at<'j>(
    rel: &str,
    obj: &'j mut Json,
    key: &str,
    what: &str,
) -> Result<&'j mut Json, InitError> {
    let Json::Obj(fields) = obj else {
        return Err(shape(rel, format!("{what} is not a JSON object")));
    };
    if !fields.iter().any(|(k, _)| k == key) {
        fields.push((key.to_string(), Json::Obj(Vec::new())));
    }
    let v = obj.get_mut(key).expect("just inserted");
    if !matches!(v, Json::Obj(_)) {
        return Err(shape(
            rel,
            format!("`{key}` in {what} is not a JSON object"),
        ));
    }
    Ok(v)
}

fn array_at<'j>(
    rel: &str,
    obj: &'j mut Json,
    key: &str,
    what: &str,
) -> Result<&'j mut Vec<Json>, InitError> {
    let Json::Obj(fields) = obj else {
        return Err(shape(rel, format!("{what} is not a JSON object")));
    };
    if !fields.iter().any(|(k, _)| k == key) {
        fields.push((key.to_string(), Json::Arr(Vec::new())));
    }
    match obj.get_mut(key) {
        Some(Json::Arr(a)) => Ok(a),
        _ => Err(shape(rel, format!("`{key}` in {what} is not a JSON array"))),
    }
}

fn s(v: &str) -> Json {
    Json::Str(v.to_string())
}

/// Parses the literal values of `extra` fields (`true`, numbers) or keeps them as strings.
fn lit(v: &str) -> Json {
    match v {
        "true" => Json::Bool(true),
        "false" => Json::Bool(false),
        _ => s(v),
    }
}

/// Adds the grouped entries (`hooks.<Event>[] = {matcher?, hooks: [{type, command}]}`).
fn merge_grouped(
    host: Host,
    rel: &str,
    doc: &mut Json,
    entries: &[(&str, Option<&str>)],
    extra: &[(&str, &str)],
) -> Result<(), InitError> {
    let hooks = object_at(rel, doc, "hooks", "the file")?;
    for (event, matcher) in entries {
        let what = format!("`hooks.{event}`");
        let groups = array_at(rel, hooks, event, "`hooks`")?;
        let mut present = false;
        for (i, g) in groups.iter().enumerate() {
            let Json::Obj(_) = g else {
                return Err(shape(rel, format!("{what}[{i}] is not a JSON object")));
            };
            match g.get("hooks") {
                None => {}
                Some(Json::Arr(hs)) => {
                    present |= hs.iter().any(|h| {
                        h.get("command")
                            .and_then(Json::as_str)
                            .is_some_and(|c| is_ours(host, c))
                    });
                }
                Some(_) => {
                    return Err(shape(
                        rel,
                        format!("`hooks` in {what}[{i}] is not a JSON array"),
                    ))
                }
            }
        }
        if present {
            continue;
        }
        let mut cmd = vec![
            ("type".to_string(), s("command")),
            ("command".to_string(), s(&command(host, None))),
        ];
        for (k, v) in extra {
            cmd.push((k.to_string(), lit(v)));
        }
        let mut group = Vec::new();
        if let Some(m) = matcher {
            group.push(("matcher".to_string(), s(m)));
        }
        group.push(("hooks".to_string(), Json::Arr(vec![Json::Obj(cmd)])));
        groups.push(Json::Obj(group));
    }
    Ok(())
}

/// The environment `init` sets for Claude Code's sessions (settings.json's `env` object):
/// Python writes no `__pycache__/*.pyc` files when the agent runs tests, which would
/// otherwise be files created outside the contract (ignored by git, but files all the same).
const CLAUDE_ENV: &[(&str, &str)] = &[("PYTHONDONTWRITEBYTECODE", "1")];

/// Adds `vars` to the top-level `env` object (created when missing); a variable the user
/// already set, and every other variable, is kept as it is.
fn merge_env(rel: &str, doc: &mut Json, vars: &[(&str, &str)]) -> Result<(), InitError> {
    let env = object_at(rel, doc, "env", "the file")?;
    let Json::Obj(fields) = env else {
        unreachable!("object_at returns an object")
    };
    for (k, v) in vars {
        if !fields.iter().any(|(key, _)| key == k) {
            fields.push((k.to_string(), s(v)));
        }
    }
    Ok(())
}

/// Adds the flat entries (`hooks.<event>[] = {command, matcher?, ...}`).
#[allow(clippy::too_many_arguments)]
fn merge_flat(
    host: Host,
    rel: &str,
    doc: &mut Json,
    entries: &[(&str, Option<&str>)],
    key: &str,
    version: Option<i64>,
    extra: &[(&str, &str)],
    event_arg: bool,
) -> Result<(), InitError> {
    if let (Some(v), Json::Obj(fields)) = (version, &mut *doc) {
        if !fields.iter().any(|(k, _)| k == "version") {
            fields.insert(0, ("version".to_string(), Json::Num(v.to_string())));
        }
    }
    let hooks = object_at(rel, doc, "hooks", "the file")?;
    for (event, matcher) in entries {
        let what = format!("`hooks.{event}`");
        let list = array_at(rel, hooks, event, "`hooks`")?;
        let mut present = false;
        for (i, h) in list.iter().enumerate() {
            let Json::Obj(_) = h else {
                return Err(shape(rel, format!("{what}[{i}] is not a JSON object")));
            };
            for k in [key, "command", "bash"] {
                if h.get(k)
                    .and_then(Json::as_str)
                    .is_some_and(|c| is_ours(host, c))
                {
                    present = true;
                }
            }
        }
        if present {
            continue;
        }
        let mut entry = Vec::new();
        for (k, v) in extra {
            entry.push((k.to_string(), lit(v)));
        }
        let cmd = command(host, event_arg.then_some(*event));
        entry.push((key.to_string(), s(&cmd)));
        if let Some(m) = matcher {
            entry.push(("matcher".to_string(), s(m)));
        }
        list.push(Json::Obj(entry));
    }
    Ok(())
}

fn merge_kiro(
    host: Host,
    rel: &str,
    doc: &mut Json,
    entries: &[(&str, Option<&str>)],
) -> Result<(), InitError> {
    if let Json::Obj(fields) = &mut *doc {
        if !fields.iter().any(|(k, _)| k == "version") {
            fields.insert(0, ("version".to_string(), s("v1")));
        }
    }
    let list = array_at(rel, doc, "hooks", "the file")?;
    for (event, matcher) in entries {
        let present = list.iter().any(|h| {
            h.get("action")
                .and_then(|a| a.get("command"))
                .and_then(Json::as_str)
                .is_some_and(|c| is_ours(host, c))
                && h.get("trigger").and_then(Json::as_str) == Some(*event)
        });
        if present {
            continue;
        }
        let mut entry = vec![
            (
                "name".to_string(),
                s(&format!("editscope-{}", event.to_lowercase())),
            ),
            ("trigger".to_string(), s(event)),
        ];
        if let Some(m) = matcher {
            entry.push(("matcher".to_string(), s(m)));
        }
        entry.push((
            "action".to_string(),
            Json::Obj(vec![
                ("type".to_string(), s("command")),
                ("command".to_string(), s(&command(host, None))),
            ]),
        ));
        entry.push(("enabled".to_string(), Json::Bool(true)));
        list.push(Json::Obj(entry));
    }
    Ok(())
}

/// A Cline hook script.
fn script(host: Host) -> String {
    format!(
        "#!/usr/bin/env sh\n# Installed by `editscope init {}`: judges the event against the task's contract.\nexec {}\n",
        host.name(),
        command(host, None)
    )
}

/// What `init` would write for `host` under `root`.
pub fn plan(host: Host, root: &Path) -> Result<Plan, InitError> {
    let l = layout(host);
    let mut changes = Vec::new();
    let mut unchanged = Vec::new();
    let mut push = |rel: &str, before: Option<String>, after: String, executable: bool| {
        if before.as_deref() == Some(after.as_str()) {
            unchanged.push(PathBuf::from(rel));
        } else {
            changes.push(FileChange {
                path: PathBuf::from(rel),
                before,
                after,
                executable,
            });
        }
    };
    // A JSON document: unchanged when it reads the same as before (its own formatting kept).
    fn doc_text(before: &Option<String>, doc: &Json) -> String {
        match before {
            Some(b) if json::parse(b).ok().as_ref() == Some(doc) => b.clone(),
            _ => doc.pretty(),
        }
    }
    match l.kind {
        Kind::Scripts => {
            for (rel, (_event, _)) in l.files.iter().zip(l.entries) {
                let before = read(root, rel)?;
                let ours = script(host);
                match &before {
                    Some(text) if *text == ours => push(rel, before, ours, true),
                    Some(text) if text.lines().any(|line| is_ours(host, line.trim().trim_start_matches("exec ").trim())) => {
                        let same = text.clone();
                        push(rel, before, same, true)
                    }
                    Some(_) => {
                        return Err(InitError::Foreign {
                            path: PathBuf::from(rel),
                            message: format!(
                                "a hook script of your own is there (Cline runs one per hook type); add `{}` to it by hand, feeding it the event on stdin",
                                command(host, None)
                            ),
                        })
                    }
                    None => push(rel, None, ours, true),
                }
            }
        }
        Kind::Grouped { extra } => {
            let rel = *l.files.last().expect("a file");
            if host == Host::Goose {
                let manifest = l.files[0];
                let before = read(root, manifest)?;
                let mut doc = parse_file(manifest, before.as_deref())?;
                let Json::Obj(fields) = &mut doc else {
                    return Err(shape(manifest, "the file is not a JSON object".into()));
                };
                for (k, v) in [
                    ("name", "editscope"),
                    ("version", "0.1.0"),
                    (
                        "description",
                        "Judge goose's edits against the task's editscope contract",
                    ),
                ] {
                    if !fields.iter().any(|(key, _)| key == k) {
                        fields.push((k.to_string(), s(v)));
                    }
                }
                let after = doc_text(&before, &doc);
                push(manifest, before, after, false);
            }
            let before = read(root, rel)?;
            let mut doc = parse_file(rel, before.as_deref())?;
            merge_grouped(host, rel, &mut doc, l.entries, extra)?;
            if host == Host::ClaudeCode {
                merge_env(rel, &mut doc, CLAUDE_ENV)?;
            }
            let after = doc_text(&before, &doc);
            push(rel, before, after, false);
        }
        Kind::Flat {
            key,
            version,
            extra,
            event_arg,
        } => {
            let rel = l.files[0];
            let before = read(root, rel)?;
            let mut doc = parse_file(rel, before.as_deref())?;
            merge_flat(
                host, rel, &mut doc, l.entries, key, version, extra, event_arg,
            )?;
            let after = doc_text(&before, &doc);
            push(rel, before, after, false);
        }
        Kind::Kiro => {
            let rel = l.files[0];
            let before = read(root, rel)?;
            let mut doc = parse_file(rel, before.as_deref())?;
            merge_kiro(host, rel, &mut doc, l.entries)?;
            let after = doc_text(&before, &doc);
            push(rel, before, after, false);
        }
    }
    Ok(Plan {
        host,
        changes,
        unchanged,
        notes: l.notes.to_vec(),
    })
}

/// The change as a unified diff (`--- a/<path>`, `+++ b/<path>`).
pub fn diff(change: &FileChange) -> String {
    let before = change.before.as_deref().unwrap_or("");
    let old = if change.before.is_some() {
        format!("a/{}", change.path.display())
    } else {
        "/dev/null".to_string()
    };
    similar::TextDiff::from_lines(before, &change.after)
        .unified_diff()
        .header(&old, &format!("b/{}", change.path.display()))
        .to_string()
}

/// The backup of a file `init` changes.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(".editscope-backup");
    path.with_file_name(name)
}

fn io(path: &Path, e: impl std::fmt::Display) -> InitError {
    InitError::Io {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

/// Writes `text` to `path` atomically (a temporary file in the same folder, then a rename).
pub fn write_atomic(path: &Path, text: &str, executable: bool) -> Result<(), InitError> {
    use std::io::Write as _;
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| io(dir, e))?;
    let tmp = dir.join(format!(
        ".{}.editscope-tmp-{}",
        path.file_name().unwrap_or_default().to_string_lossy(),
        std::process::id()
    ));
    let mut f = std::fs::File::create(&tmp).map_err(|e| io(&tmp, e))?;
    f.write_all(text.as_bytes())
        .and_then(|_| f.sync_all())
        .map_err(|e| io(&tmp, e))?;
    drop(f);
    #[cfg(unix)]
    if executable {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o755))
            .map_err(|e| io(&tmp, e))?;
    }
    #[cfg(not(unix))]
    let _ = executable;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        io(path, e)
    })
}

/// Writes the plan under `root`: each file that exists is first copied to its backup
/// ([`backup_path`]). Returns the backups written.
pub fn apply(plan: &Plan, root: &Path) -> Result<Vec<PathBuf>, InitError> {
    let mut backups = Vec::new();
    for c in &plan.changes {
        let path = root.join(&c.path);
        if let Some(before) = &c.before {
            let b = backup_path(&path);
            write_atomic(&b, before, false)?;
            backups.push(b);
        }
        write_atomic(&path, &c.after, c.executable)?;
    }
    Ok(backups)
}
