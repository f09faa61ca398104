//! Agent hook protocols, one declarative [`Profile`] per host.
//!
//! A host's hook sends one JSON event on stdin and reads the answer from stdout, stderr and
//! the exit code. Each host names its events, fields and tools its own way; a [`Profile`]
//! says, as data, how to read them:
//!
//! - where the event's name is, and which [`EventKind`] each name is (pre-tool, post-tool,
//!   stop, session start and end, or another event editscope has nothing to check);
//! - where the session id, the working directory, the tool's name and its input are;
//! - which [`Reading`] each tool name gets: how its input becomes a call that
//!   [`crate::tool_call`] reads (`Write`, `Edit`, the text editor tool, the shell, a
//!   read-only tool), so every host gets the same judgement as Claude Code;
//! - the answer for each decision ([`Shape`]): JSON fields, exit code 2 with the reason on
//!   stderr, or a note on stderr where the host cannot block.
//!
//! [`normalize`] turns an event into the Claude Code shape the session and pre-edit logic
//! read ([`Event::value`]: `hook_event_name`, `session_id`, `cwd`, `tool_name`,
//! `tool_input`, `stop_hook_active`); [`answer`] turns the decision back into the host's
//! protocol. Anything a profile does not know fails closed: an unknown event name, a tool
//! name the profile does not list (it may write), a missing field or an argument an edit
//! tool is not known to take is refused ([`Refusal`]). Claude Code, Codex and OpenHands
//! speak the shape editscope reads natively and have no profile here.

pub mod judge;
mod profiles;
mod readings;
#[cfg(test)]
mod tests;

use std::path::Path;

use serde_json::{json, Map, Value};

pub use profiles::profile;

/// An agent host whose hooks editscope speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Host {
    /// Claude Code (`.claude/settings.json`): the native shape.
    ClaudeCode,
    /// Codex CLI (`.codex/hooks.json`): Claude Code's shape.
    Codex,
    /// OpenHands (`.openhands/hooks.json`).
    Openhands,
    /// Gemini CLI (`.gemini/settings.json`).
    GeminiCli,
    /// GitHub Copilot CLI and cloud agent (`.github/hooks/*.json`).
    Copilot,
    /// Cursor (`.cursor/hooks.json`).
    Cursor,
    /// Cline (`.clinerules/hooks/<HookName>` scripts).
    Cline,
    /// Windsurf Cascade (`.windsurf/hooks.json`).
    Windsurf,
    /// Goose (a plugin's `hooks/hooks.json` under `.agents/plugins/`).
    Goose,
    /// Kiro CLI (`.kiro/hooks/*.json`).
    Kiro,
}

impl Host {
    /// Every host, in the order `editscope init --list` shows them.
    pub const ALL: [Host; 10] = [
        Host::ClaudeCode,
        Host::Codex,
        Host::Openhands,
        Host::GeminiCli,
        Host::Copilot,
        Host::Cursor,
        Host::Cline,
        Host::Windsurf,
        Host::Goose,
        Host::Kiro,
    ];

    /// The name on the command line (`editscope hook NAME`, `editscope init NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Host::ClaudeCode => "claude-code",
            Host::Codex => "codex",
            Host::Openhands => "openhands",
            Host::GeminiCli => "gemini-cli",
            Host::Copilot => "copilot",
            Host::Cursor => "cursor",
            Host::Cline => "cline",
            Host::Windsurf => "windsurf",
            Host::Goose => "goose",
            Host::Kiro => "kiro",
        }
    }

    /// The host named `name` (as [`Host::name`] spells it).
    pub fn from_name(name: &str) -> Option<Host> {
        Host::ALL.into_iter().find(|h| h.name() == name)
    }
}

/// What an event is, whatever the host calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EventKind {
    /// Before a tool runs: the call is judged, and may be denied.
    PreTool,
    /// After a tool ran: the work tree is checked against the session's baseline.
    PostTool,
    /// The agent is about to end its turn (or task): checked as [`EventKind::PostTool`].
    Stop,
    /// A session begins (or resumes): the baseline is recorded.
    SessionStart,
    /// A session ends: the receipt is written and the baseline removed.
    SessionEnd,
    /// An event editscope has nothing to check (a prompt, a notification, compaction).
    Other,
}

impl EventKind {
    /// The Claude Code event name the session logic reads.
    fn claude_name(self) -> Option<&'static str> {
        match self {
            EventKind::PreTool => Some("PreToolUse"),
            EventKind::PostTool => Some("PostToolUse"),
            EventKind::Stop => Some("Stop"),
            EventKind::SessionStart => Some("SessionStart"),
            EventKind::SessionEnd => Some("SessionEnd"),
            EventKind::Other => None,
        }
    }
}

/// A field path in an event: object keys, or array indexes written as digits.
pub type FieldPath = &'static [&'static str];

/// How a tool's input becomes a call [`crate::tool_call::read`] judges.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// Judged as `tool` (a name [`crate::tool_call`] reads) with the input's keys renamed
    /// (`(host key, editscope key)`); a key not in the list refuses the call.
    Keys {
        /// The tool [`crate::tool_call`] reads it as (`Write`, `Edit`).
        tool: &'static str,
        /// Every key the host's tool takes, and its name in `tool`'s input.
        keys: &'static [(&'static str, &'static str)],
        /// Keys that are required.
        required: &'static [&'static str],
    },
    /// The text editor tool (`{command, path, old_str, new_str, file_text, insert_line}`),
    /// without tab expansion; `commands` renames the host's commands (`(host, editor)`), and
    /// a command not listed refuses the call.
    TextEditor {
        /// `(host command, text editor command)`.
        commands: &'static [(&'static str, &'static str)],
    },
    /// One text editor command with its own tool name (`str_replace {path, old_str,
    /// new_str}`), unless the input names a `command` (then as [`Reading::TextEditor`] with
    /// the commands of `fallback`).
    TextEditorCommand {
        /// The command.
        command: &'static str,
        /// The commands when the input names one.
        fallback: &'static [(&'static str, &'static str)],
    },
    /// Gemini CLI's `replace` (`file_path`, `old_string`, `new_string`,
    /// `expected_replacements`).
    GeminiReplace,
    /// Gemini CLI's `write_file` (`file_path`, `content`): refused on a file that holds a
    /// `\r` (the tool rewrites every line ending of such a file).
    GeminiWrite,
    /// Cline's `replace_in_file` (`path`, `diff` of SEARCH/REPLACE blocks).
    ClineReplace,
    /// Cline's `write_to_file` (`path`, `content`): refused where Cline rewrites the content
    /// before it writes (HTML entities, U+FFFD, code fences, trailing whitespace).
    ClineWrite,
    /// Windsurf's `pre_write_code` (`file_path`, `edits: [{old_string, new_string}]`).
    WindsurfEdits,
    /// Cursor's `Write` (`file_path` with `content`, or `old_string`/`new_string`).
    CursorWrite,
    /// A patch tool: the input as Codex's `apply_patch` reads it.
    Patch,
    /// A shell tool whose command is in `key`: allowed before it runs (a command that runs
    /// `apply_patch` is judged as the patch); what it writes is checked after it ran.
    Shell {
        /// The key of the command line.
        key: &'static str,
    },
    /// A tool known not to write files.
    ReadOnly,
    /// A tool that writes only outside the project (the note says where): allowed, noted.
    Outside(&'static str),
}

/// One value in a JSON answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Val {
    /// The decision's text (the reason, or the session context).
    Text,
    /// A fixed string.
    Str(&'static str),
    /// A fixed boolean.
    Bool(bool),
}

/// How a host is answered for one decision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    /// Nothing on stdout, exit 0 (notes on stderr).
    Empty,
    /// A JSON object on stdout (exit 0): each `(path, value)` set in it. With `stderr`, the
    /// text is also printed on stderr (for the user, where the host shows the JSON only to
    /// the agent or not at all).
    Json {
        /// The fields.
        fields: &'static [(FieldPath, Val)],
        /// Also print the text on stderr.
        stderr: bool,
    },
    /// The text on stderr, exit code 2 (the host blocks).
    Exit2,
    /// The text on stderr, exit 0: the host cannot be told to block here.
    Note,
}

/// Where a host puts things in its events, what its names mean and how it is answered.
#[derive(Debug, Clone, Copy)]
pub struct Profile {
    /// The host.
    pub host: Host,
    /// The documentation pages this profile follows.
    pub docs: &'static [&'static str],
    /// Where the event's name is (alternatives, first found wins); a host whose events do
    /// not name themselves is given the name with `--event`.
    pub event_name: &'static [FieldPath],
    /// Every event name the host sends, and what it is; a name not here is refused.
    pub events: &'static [(&'static str, EventKind)],
    /// Events whose tool is fixed by the event (`(event, tool name, input path)`: the input
    /// is the object at the path).
    pub event_tools: &'static [(&'static str, &'static str, FieldPath)],
    /// Where the session id is (none: the host sends none, and only pre-tool events are
    /// judged, against the disk).
    pub session_id: &'static [FieldPath],
    /// Where the agent's working directory is (else the hook's own).
    pub cwd: &'static [FieldPath],
    /// Where the tool's name is.
    pub tool_name: &'static [FieldPath],
    /// Where the tool's input is (an object, or JSON text holding one).
    pub tool_input: &'static [FieldPath],
    /// Where the "already continuing because of a stop hook" flag is.
    pub stop_active: &'static [FieldPath],
    /// Every tool name and how its input is read; a name not here is refused.
    pub tools: &'static [(&'static str, Reading)],
    /// The answer that lets a call through (and to an event with nothing to say).
    pub allow: Shape,
    /// The answer that denies a pre-tool call.
    pub deny: Shape,
    /// The answer to a post-tool event while the work tree is out of scope.
    pub post_block: Shape,
    /// The answer to a stop event while the work tree is out of scope.
    pub stop_block: Shape,
    /// The answer that gives the agent the session's scope at session start.
    pub context: Shape,
}

/// An event read through a profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// What it is.
    pub kind: EventKind,
    /// The host's own name for it.
    pub name: String,
    /// The event in the shape the session and pre-edit logic read (Claude Code's):
    /// `hook_event_name`, `session_id` (when the host sends one), `cwd`, `tool_name`,
    /// `tool_input`, `stop_hook_active`.
    pub value: Value,
    /// A note for stderr (a tool that writes only outside the project).
    pub note: Option<String>,
}

/// Why an event is refused before it is judged (every refusal blocks where the host can
/// block).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The kind of the event, when it was known.
    pub kind: Option<EventKind>,
    /// Why, for the agent.
    pub reason: String,
}

/// The decision, before it is put in the host's protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Let it through, with a note for stderr.
    Allow(Option<String>),
    /// Deny the pre-tool call.
    Deny(String),
    /// The work tree is out of scope (post-tool, stop).
    Block(String),
    /// The session's scope, for the agent (session start).
    Context(String),
    /// An internal error: block by exit code 2.
    Error(String),
}

/// An answer in a host's protocol.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Bytes for stdout.
    pub stdout: Vec<u8>,
    /// Text for stderr.
    pub stderr: Option<String>,
    /// The exit code.
    pub exit: u8,
}

/// The value at `path` in `v` (keys, and array indexes written as digits).
fn at(v: &Value, path: FieldPath) -> Option<&Value> {
    let mut cur = v;
    for seg in path {
        cur = match cur {
            Value::Object(m) => m.get(*seg)?,
            Value::Array(a) => a.get(seg.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(cur)
}

/// The first of `paths` present (and not null) in `v`.
/// The value of the first of `paths` the event holds (null counts as absent), with its
/// path. An event that holds two of the paths with different values is ambiguous: the host
/// reads one of them and editscope cannot know which, so it is refused (`Err` names both).
fn first<'v>(v: &'v Value, paths: &[FieldPath]) -> Result<Option<(&'v Value, FieldPath)>, String> {
    let mut found: Option<(&'v Value, FieldPath)> = None;
    for p in paths {
        let Some(x) = at(v, p).filter(|x| !x.is_null()) else {
            continue;
        };
        match found {
            None => found = Some((x, *p)),
            Some((y, q)) if y != x => {
                return Err(format!(
                    "the event holds {} and {} with different values, and editscope cannot tell which one the host reads; blocked",
                    shown(q),
                    shown(p)
                ))
            }
            Some(_) => {}
        }
    }
    Ok(found)
}

fn shown(path: FieldPath) -> String {
    format!("`{}`", path.join("."))
}

/// Reads `raw` (an event of `host`) through its profile: the event's kind and its
/// Claude Code shape, or why it is refused. `event` is the name given on the command line
/// (for hosts whose events do not name themselves); `process_cwd` is the hook's working
/// directory (relative paths in the event are taken from the event's directory, else from
/// it). `Ok(None)` for a host without a profile (Claude Code, Codex, OpenHands: their
/// events are read as they are).
pub fn normalize(
    host: Host,
    raw: &Value,
    event: Option<&str>,
    process_cwd: &Path,
) -> Result<Option<Event>, Refusal> {
    let Some(p) = profile(host) else {
        return Ok(None);
    };
    normalize_with(p, raw, event, process_cwd).map(Some)
}

/// [`normalize`] with a given profile.
pub fn normalize_with(
    p: &Profile,
    raw: &Value,
    event: Option<&str>,
    process_cwd: &Path,
) -> Result<Event, Refusal> {
    let refuse = |kind: Option<EventKind>, reason: String| Refusal {
        kind,
        reason: format!("editscope: {reason}\n"),
    };
    if !raw.is_object() {
        return Err(refuse(None, "the hook event is not a JSON object".into()));
    }
    let named = match first(raw, p.event_name).map_err(|r| refuse(None, r))? {
        Some((Value::String(s), _)) => Some(s.as_str()),
        Some((_, path)) => {
            return Err(refuse(
                None,
                format!("the event's {} is not a string", shown(path)),
            ))
        }
        None => None,
    };
    let name = match (named, event) {
        (Some(n), Some(e)) if n != e => {
            return Err(refuse(
                None,
                format!("the event is `{n}` but the hook was run with --event {e}; blocked"),
            ))
        }
        (Some(n), _) | (None, Some(n)) => n,
        (None, None) => {
            return Err(refuse(
                None,
                format!(
                    "the event does not say which event it is (no {}), and the hook was run without --event; blocked",
                    p.event_name.iter().map(|f| shown(f)).collect::<Vec<_>>().join(" or ")
                ),
            ))
        }
    };
    let Some(&(_, kind)) = p.events.iter().find(|(n, _)| *n == name) else {
        return Err(refuse(
            None,
            format!(
                "`{name}` is not a {} event editscope knows; blocked (editscope fails closed on what it cannot read)",
                p.host.name()
            ),
        ));
    };
    let dir = match first(raw, p.cwd).map_err(|r| refuse(Some(kind), r))? {
        Some((Value::String(c), _)) => process_cwd.join(c),
        Some((_, path)) => {
            return Err(refuse(
                Some(kind),
                format!("the event's {} is not a string", shown(path)),
            ))
        }
        None => process_cwd.to_path_buf(),
    };
    let mut out = Map::new();
    out.insert("hook_event_name".into(), Value::Null);
    if let Some(n) = kind.claude_name() {
        out.insert("hook_event_name".into(), json!(n));
    }
    out.insert("cwd".into(), json!(dir.to_string_lossy()));
    if !p.session_id.is_empty() {
        match first(raw, p.session_id).map_err(|r| refuse(Some(kind), r))? {
            Some((Value::String(s), _)) => {
                out.insert("session_id".into(), json!(s));
            }
            // The session logic blocks on a session id that is not a string.
            Some((other, _)) => {
                out.insert("session_id".into(), other.clone());
            }
            None => {}
        }
    }
    if let Some((Value::Bool(b), _)) =
        first(raw, p.stop_active).map_err(|r| refuse(Some(kind), r))?
    {
        out.insert("stop_hook_active".into(), json!(b));
    }
    let mut note = None;
    if kind == EventKind::PreTool {
        let fixed = p.event_tools.iter().find(|(e, _, _)| *e == name);
        let (tool, input) = match fixed {
            Some(&(_, tool, path)) => (tool.to_string(), at(raw, path).cloned()),
            None => {
                let tool = match first(raw, p.tool_name).map_err(|r| refuse(Some(kind), r))? {
                    Some((Value::String(t), _)) => t.clone(),
                    Some((_, path)) => {
                        return Err(refuse(
                            Some(kind),
                            format!("the event's {} is not a string; blocked", shown(path)),
                        ))
                    }
                    None => {
                        return Err(refuse(
                            Some(kind),
                            format!("the `{name}` event names no tool; blocked"),
                        ))
                    }
                };
                (
                    tool,
                    first(raw, p.tool_input)
                        .map_err(|r| refuse(Some(kind), r))?
                        .map(|(v, _)| v.clone()),
                )
            }
        };
        let input = match input {
            Some(Value::String(text)) => serde_json::from_str::<Value>(&text).map_err(|e| {
                refuse(
                    Some(kind),
                    format!("the `{tool}` input is text that is not JSON ({e}); blocked"),
                )
            })?,
            Some(v) => v,
            None => {
                return Err(refuse(
                    Some(kind),
                    format!("the `{tool}` call has no input; blocked"),
                ))
            }
        };
        let Some(&(_, reading)) = p.tools.iter().find(|(t, _)| *t == tool) else {
            return Err(refuse(
                Some(kind),
                format!(
                    "`{tool}` is not a {} tool editscope knows, so it cannot tell what it writes; blocked (a hook matcher that sends editscope only the edit and shell tools leaves other tools alone)",
                    p.host.name()
                ),
            ));
        };
        let (as_tool, as_input) = readings::read(reading, &tool, &input, &dir)
            .map_err(|e| refuse(Some(kind), format!("{e}; blocked")))?;
        if let Reading::Outside(where_) = reading {
            note = Some(format!(
                "editscope: `{tool}` writes only {where_}; not checked"
            ));
        }
        out.insert("tool_name".into(), json!(as_tool));
        out.insert("tool_input".into(), as_input);
    }
    Ok(Event {
        kind,
        name: name.to_string(),
        value: Value::Object(out),
        note,
    })
}

fn set(obj: &mut Map<String, Value>, path: FieldPath, v: Value) {
    let (last, dirs) = match path.split_last() {
        Some(x) => x,
        None => return,
    };
    let mut cur = obj;
    for d in dirs {
        let slot = cur
            .entry(d.to_string())
            .or_insert_with(|| Value::Object(Map::new()));
        if !slot.is_object() {
            *slot = Value::Object(Map::new());
        }
        cur = match slot {
            Value::Object(m) => m,
            _ => return,
        };
    }
    cur.insert(last.to_string(), v);
}

fn render(shape: Shape, text: &str, note: Option<&str>) -> Answer {
    let mut stderr: Vec<String> = note.map(|n| n.trim_end().to_string()).into_iter().collect();
    let answer = |stdout: Vec<u8>, exit: u8, stderr: Vec<String>| Answer {
        stdout,
        stderr: (!stderr.is_empty()).then(|| stderr.join("\n")),
        exit,
    };
    match shape {
        Shape::Empty => answer(Vec::new(), 0, stderr),
        Shape::Json {
            fields,
            stderr: also,
        } => {
            let mut obj = Map::new();
            for (path, v) in fields {
                let v = match v {
                    Val::Text => json!(text),
                    Val::Str(s) => json!(s),
                    Val::Bool(b) => json!(b),
                };
                set(&mut obj, path, v);
            }
            if also && !text.is_empty() {
                stderr.push(text.trim_end().to_string());
            }
            let mut out = Value::Object(obj).to_string().into_bytes();
            out.push(b'\n');
            answer(out, 0, stderr)
        }
        Shape::Exit2 => {
            stderr.push(text.trim_end().to_string());
            answer(Vec::new(), 2, stderr)
        }
        Shape::Note => {
            if !text.is_empty() {
                stderr.push(text.trim_end().to_string());
            }
            answer(Vec::new(), 0, stderr)
        }
    }
}

/// The answer to an event of `kind` in `host`'s protocol. Every [`Outcome::Error`] exits 2
/// with the reason on stderr (hosts block on it where they can block).
pub fn answer(host: Host, kind: Option<EventKind>, outcome: &Outcome) -> Answer {
    let Some(p) = profile(host) else {
        return render(Shape::Exit2, "editscope: no profile for this host", None);
    };
    match outcome {
        Outcome::Allow(note) => render(p.allow, "", note.as_deref()),
        Outcome::Error(reason) => render(
            Shape::Exit2,
            &format!("editscope: blocked: {}", reason.trim_end()),
            None,
        ),
        Outcome::Context(text) => render(p.context, text, None),
        Outcome::Deny(reason) => match kind {
            Some(EventKind::PreTool) => render(p.deny, reason, None),
            Some(EventKind::PostTool) => render(p.post_block, reason, None),
            Some(EventKind::Stop) => render(p.stop_block, reason, None),
            // An event that cannot be refused: say why on stderr.
            _ => render(Shape::Note, reason, None),
        },
        Outcome::Block(reason) => match kind {
            Some(EventKind::Stop) => render(p.stop_block, reason, None),
            Some(EventKind::PostTool) => render(p.post_block, reason, None),
            Some(EventKind::PreTool) => render(p.deny, reason, None),
            _ => render(Shape::Note, reason, None),
        },
    }
}
