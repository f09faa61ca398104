//! Agent tool calls, read once for every surface: which calls edit files, what they would
//! write and where. The CLI hooks (`editscope hook`), the Python bindings
//! (`Contract.check_tool_call`) and the Python adapters all go through [`read`] and
//! [`check`], so they give the same verdict on the same call.
//!
//! The tool name decides the reading:
//! - Claude Code [`CLAUDE_CODE_EDIT_TOOLS`]: `Edit`, `MultiEdit`, `Write`; `NotebookEdit`
//!   cannot be computed, so it is allowed only where the notebook is granted whole (`files`).
//! - The text editor tool [`TEXT_EDITOR_TOOLS`] (`{command, path, ...}`): `create`,
//!   `str_replace`, `insert`; `view` is no edit; `undo_edit` restores content editscope
//!   cannot see (allowed only on a file granted whole); any other command is refused. The
//!   OpenHands / SWE-agent names ([`TAB_EXPANDING_TOOLS`]) expand every tab of the file
//!   before they replace or insert, and write that back: computed here.
//! - Codex `apply_patch` ([`PATCH_TOOLS`]) and shell tools ([`SHELL_TOOLS`]) whose command
//!   runs `apply_patch`: the patch, with its paths taken from the call's working directory
//!   (`workdir`, then each `cd DIR`). A shell shape that cannot be read exactly is refused.
//!
//! Every path is placed as the OS will open it ([`crate::paths::locate`]).

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::changeset::{read_entry, text_or_binary, Entry};
use crate::patch::ToolEdit;
use crate::patch::{self, Action, Edit, FilePatch, PatchError, PatchErrorKind, Replacement};
use crate::paths::{lexical, locate, physical, Located, PathError};
use crate::{check_changes, ChangeSet, Contract, FileChange, PatchFormat, Report};

pub mod shell;

/// Claude Code's file-editing tools.
pub const CLAUDE_CODE_EDIT_TOOLS: [&str; 4] = ["Edit", "MultiEdit", "Write", "NotebookEdit"];

/// Names of the text editor tool (`{command, path, ...}` inputs): Anthropic's
/// `str_replace_based_edit_tool`, OpenHands' `file_editor` / `str_replace_editor`,
/// SWE-agent's `str_replace_editor`, and `edit_file`.
pub const TEXT_EDITOR_TOOLS: [&str; 4] = [
    "str_replace_based_edit_tool",
    "str_replace_editor",
    "file_editor",
    "edit_file",
];

/// Text editor tools that expand the tabs of the whole file before `str_replace` and
/// `insert` (Python's `str.expandtabs()`), as OpenHands and SWE-agent do.
pub const TAB_EXPANDING_TOOLS: [&str; 3] = ["str_replace_editor", "file_editor", "edit_file"];

/// Codex's patch tool: `tool_input.command` (or `input`) is the patch, or an argv / shell
/// script that runs `apply_patch`.
pub const PATCH_TOOLS: [&str; 2] = ["apply_patch", "applypatch"];

/// Shell tools whose commands are inspected for `apply_patch`.
pub const SHELL_TOOLS: [&str; 9] = [
    "shell_command",
    "shell",
    "Bash",
    "bash",
    "exec_command",
    "local_shell",
    "container.exec",
    "execute_bash",
    "terminal",
];

/// Why a tool call could not be judged (every one of these must block the call).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ToolCallError {
    /// The input does not have the tool's shape, or the edit does not apply.
    #[error("{0}")]
    Patch(#[from] PatchError),
    /// A path cannot be placed under the root as the OS would open it.
    #[error("{0}")]
    Path(#[from] PathError),
    /// What the call writes cannot be computed (`NotebookEdit`, `undo_edit`, a move from
    /// outside the root), and the file is not granted whole.
    #[error("`{path}`: {reason}")]
    Unverifiable {
        /// The root-relative path.
        path: String,
        /// Why.
        reason: String,
    },
    /// A shell command runs `apply_patch` in a shape editscope cannot read exactly.
    #[error(
        "the command runs `apply_patch` in a shape editscope cannot interpret exactly: {reason}"
    )]
    Shell {
        /// What could not be interpreted.
        reason: String,
    },
    /// The call changes the contract in use.
    #[error("`{path}` is this task's contract; changing it is never granted")]
    ContractFile {
        /// The contract file.
        path: String,
    },
    /// The call writes a file that governs editscope itself or another file besides the
    /// one named (a contract file anywhere, git configuration or metadata, a shell startup
    /// file, a hard-linked file): never granted, inside the root or outside it.
    #[error("`{path}`: {reason}")]
    Protected {
        /// The path as the call names it.
        path: String,
        /// Why.
        reason: String,
    },
    /// The check itself failed.
    #[error("{0}")]
    Check(#[from] crate::Error),
}

impl ToolCallError {
    /// A short name for the kind of error (`malformed`, `no_match`, ..., `bad_path`,
    /// `unverifiable`), as the Python bindings report it.
    pub fn kind(&self) -> String {
        match self {
            ToolCallError::Patch(e) => serde_json::to_value(&e.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "malformed".into()),
            ToolCallError::Path(_)
            | ToolCallError::ContractFile { .. }
            | ToolCallError::Protected { .. } => "bad_path".into(),
            ToolCallError::Unverifiable { .. } | ToolCallError::Shell { .. } => {
                "unverifiable".into()
            }
            ToolCallError::Check(_) => "check".into(),
        }
    }

    /// The path the error is about, when there is one.
    pub fn path(&self) -> Option<&str> {
        match self {
            ToolCallError::Patch(e) => e.path.as_deref(),
            ToolCallError::Path(e) => Some(e.path()),
            ToolCallError::Unverifiable { path, .. }
            | ToolCallError::ContractFile { path }
            | ToolCallError::Protected { path, .. } => Some(path),
            ToolCallError::Shell { .. } | ToolCallError::Check(_) => None,
        }
    }
}

/// How a call's new content is computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EditKind {
    /// Apply the patch as it is.
    Patch(FilePatch),
    /// Expand the file's tabs first, then apply the `str_replace` / `insert` (its own text
    /// expanded too); the file is written whole.
    ExpandTabs(FilePatch),
    /// The content cannot be computed.
    Opaque {
        /// The path as the call names it.
        path: String,
        /// Why.
        reason: &'static str,
    },
}

/// One file edit of a tool call, with paths as the call names them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallEdit {
    /// The directory relative paths are taken from (the call's working directory).
    pub base: PathBuf,
    /// What it does.
    pub kind: EditKind,
}

impl CallEdit {
    /// The path as the call names it.
    pub fn path(&self) -> &str {
        match &self.kind {
            EditKind::Patch(fp) | EditKind::ExpandTabs(fp) => &fp.path,
            EditKind::Opaque { path, .. } => path,
        }
    }

    /// The paths it writes as the call names them (a move's destination too).
    pub fn written_paths(&self) -> Vec<&str> {
        let mut out = vec![self.path()];
        if let EditKind::Patch(FilePatch {
            action: Action::Update {
                move_to: Some(d), ..
            },
            ..
        }) = &self.kind
        {
            out.push(d);
        }
        out
    }

    /// The first path it writes, absolute (relative paths taken from [`CallEdit::base`]).
    pub fn absolute_path(&self) -> PathBuf {
        self.base.join(self.path())
    }
}

/// What a tool call is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ToolCall {
    /// It edits no file (another tool, `view`, a shell command without `apply_patch`).
    NotAnEdit,
    /// It edits these files, in order.
    Edits(Vec<CallEdit>),
}

/// What [`check`] found.
// One value per tool call, moved once: the size of `Checked` costs nothing worth boxing it
// (which would change the public API).
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum Outcome {
    /// The call edits no file.
    NotAnEdit,
    /// Every file it writes lies outside the root: the contract does not govern them.
    Outside {
        /// Where they land.
        paths: Vec<PathBuf>,
    },
    /// The files under the root were checked.
    Checked {
        /// The change the call makes under the root.
        changes: ChangeSet,
        /// The check's report.
        report: Report,
        /// Files it writes outside the root (not governed).
        outside: Vec<PathBuf>,
    },
}

fn malformed(message: impl Into<String>) -> ToolCallError {
    ToolCallError::Patch(PatchError::new(PatchErrorKind::Malformed, 0, message))
}

/// Reads a tool call: `tool_name` and its `tool_input` (a JSON object), made in the working
/// directory `cwd`. Unknown tools are no edits; unknown shapes of edit tools are errors.
pub fn read(tool_name: &str, input: &Value, cwd: &Path) -> Result<ToolCall, ToolCallError> {
    let edit = |kind| {
        Ok(ToolCall::Edits(vec![CallEdit {
            base: cwd.to_path_buf(),
            kind,
        }]))
    };
    let patch = |t: ToolEdit| FilePatch {
        path: t.path,
        line: 0,
        action: t.action,
        modes: Default::default(),
    };
    if CLAUDE_CODE_EDIT_TOOLS.contains(&tool_name) {
        if !input.is_object() {
            return Err(malformed(format!(
                "the `{tool_name}` input is not an object"
            )));
        }
        if tool_name == "NotebookEdit" {
            let path = input
                .get("notebook_path")
                .and_then(Value::as_str)
                .ok_or_else(|| malformed("`NotebookEdit` needs a string `notebook_path`"))?;
            return edit(EditKind::Opaque {
                path: path.to_string(),
                reason: "a notebook; editscope cannot verify cell edits, and the contract does not grant the whole file (`files`)",
            });
        }
        let t = ToolEdit::from_claude_code(tool_name, input)?
            .ok_or_else(|| malformed(format!("`{tool_name}` is not an edit")))?;
        return edit(EditKind::Patch(patch(t)));
    }
    if TEXT_EDITOR_TOOLS.contains(&tool_name) {
        if !input.is_object() {
            return Err(malformed(format!(
                "the `{tool_name}` input is not an object"
            )));
        }
        let command = input
            .get("command")
            .and_then(Value::as_str)
            .ok_or_else(|| malformed(format!("the `{tool_name}` input has no string `command`")))?;
        match command {
            "view" => return Ok(ToolCall::NotAnEdit),
            "undo_edit" => {
                let path = input
                    .get("path")
                    .and_then(Value::as_str)
                    .ok_or_else(|| malformed("`undo_edit` needs a string `path`"))?;
                return edit(EditKind::Opaque {
                    path: path.to_string(),
                    reason: "`undo_edit` restores content editscope cannot see, so it cannot be verified (unless the file is granted whole in `files`)",
                });
            }
            "create" | "str_replace" | "insert" => {}
            other => {
                return Err(malformed(format!(
                    "`{tool_name}` command `{other}` is not one editscope knows (`view`, `create`, `str_replace`, `insert`, `undo_edit`)"
                )))
            }
        }
        // The memory tool's name for the inserted text.
        let input = match (input.get("new_str"), input.get("insert_text")) {
            (None, Some(text)) => {
                let mut i = input.clone();
                i["new_str"] = text.clone();
                i
            }
            _ => input.clone(),
        };
        let t = ToolEdit::from_text_editor(&input)?
            .ok_or_else(|| malformed(format!("`{tool_name}` `{command}` is not an edit")))?;
        let fp = patch(t);
        let expands = TAB_EXPANDING_TOOLS.contains(&tool_name) && command != "create";
        return edit(if expands {
            EditKind::ExpandTabs(fp)
        } else {
            EditKind::Patch(fp)
        });
    }
    let is_patch_tool = PATCH_TOOLS.contains(&tool_name);
    if is_patch_tool || SHELL_TOOLS.contains(&tool_name) {
        return read_codex(input, cwd, is_patch_tool);
    }
    Ok(ToolCall::NotAnEdit)
}

/// The directory a shell script `cd`s into, which must exist as a directory (resolved as the
/// kernel does): where it does not, the `cd` fails and what runs is not what was read.
fn existing(dir: PathBuf) -> Result<PathBuf, ToolCallError> {
    match physical(&dir) {
        Ok(p) if p.is_dir() => Ok(dir),
        _ => Err(ToolCallError::Shell {
            reason: format!("`cd {}`: no such directory", dir.display()),
        }),
    }
}

/// A Codex `apply_patch` call (or a shell call that may run it).
fn read_codex(input: &Value, cwd: &Path, patch_tool: bool) -> Result<ToolCall, ToolCallError> {
    let workdir = match input.get("workdir") {
        None | Some(Value::Null) => cwd.to_path_buf(),
        Some(Value::String(w)) => cwd.join(w),
        Some(_) => return Err(malformed("`workdir` is not a string")),
    };
    let command = ["command", "cmd", "input", "patch"]
        .iter()
        .find_map(|k| input.get(*k));
    let shell = |reason: String| ToolCallError::Shell { reason };
    let (dir, text) = match command {
        None if patch_tool => return Err(malformed("the `apply_patch` input has no `command`")),
        None => return Ok(ToolCall::NotAnEdit),
        Some(Value::String(s)) if s.trim_start().starts_with("*** Begin Patch") => {
            (workdir, s.clone())
        }
        Some(Value::String(s)) => {
            if !shell::mentions_apply_patch(s) {
                if patch_tool {
                    return Err(malformed("the `apply_patch` input holds no patch"));
                }
                return Ok(ToolCall::NotAnEdit);
            }
            let got = shell::read_script(s, &workdir)?;
            (existing(got.dir)?, got.patch)
        }
        Some(Value::Array(parts)) => {
            let parts: Vec<&str> = parts
                .iter()
                .map(|p| {
                    p.as_str()
                        .ok_or_else(|| malformed("a `command` element is not a string"))
                })
                .collect::<Result<_, _>>()?;
            let any = parts.iter().any(|p| shell::mentions_apply_patch(p));
            match parts.as_slice() {
                [name, patch] if shell::APPLY_PATCH_COMMANDS.contains(name) => {
                    (workdir, patch.to_string())
                }
                [sh, flag, script]
                    if ["bash", "sh", "zsh", "dash"]
                        .contains(&sh.rsplit('/').next().unwrap_or(sh))
                        && ["-c", "-lc"].contains(flag) =>
                {
                    if !shell::mentions_apply_patch(script) {
                        if patch_tool {
                            return Err(malformed("the `apply_patch` input holds no patch"));
                        }
                        return Ok(ToolCall::NotAnEdit);
                    }
                    let got = shell::read_script(script, &workdir)?;
                    (existing(got.dir)?, got.patch)
                }
                _ if any || patch_tool => {
                    return Err(shell(format!(
                        "the argv `{}`",
                        parts.join(" ").chars().take(200).collect::<String>()
                    )))
                }
                _ => return Ok(ToolCall::NotAnEdit),
            }
        }
        Some(_) if patch_tool => return Err(malformed("the `apply_patch` `command` is not text")),
        Some(_) => return Ok(ToolCall::NotAnEdit),
    };
    let patches = PatchFormat::Codex.parse(&text)?;
    Ok(ToolCall::Edits(
        patches
            .into_iter()
            .map(|fp| CallEdit {
                base: dir.clone(),
                kind: EditKind::Patch(fp),
            })
            .collect(),
    ))
}

/// Python's `str.expandtabs()` (tab size 8).
pub fn expandtabs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0usize;
    for c in text.chars() {
        match c {
            '\t' => {
                let n = 8 - column % 8;
                out.extend(std::iter::repeat_n(' ', n));
                column += n;
            }
            '\n' | '\r' => {
                out.push(c);
                column = 0;
            }
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// Python's universal newlines (a file read in text mode): `\r\n` and a lone `\r` become `\n`.
pub fn universal_newlines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// OpenHands' `insert`, byte for byte: the file's lines as Python iterates them (each with
/// its newline, the last one without if the file has none), the first `line` of them, then
/// every line of `text` with a `\n` appended, then the rest. So text inserted after a last
/// line without a newline joins that line, as OpenHands writes it.
pub fn openhands_insert(current: &str, line: usize, text: &str) -> Result<String, PatchError> {
    let lines: Vec<&str> = current.split_inclusive('\n').collect();
    if line > lines.len() {
        return Err(PatchError::new(
            PatchErrorKind::Malformed,
            0,
            format!(
                "cannot insert after line {line}: the file has {} line(s) (0 to {} allowed)",
                lines.len(),
                lines.len()
            ),
        ));
    }
    let grown = current
        .len()
        .saturating_add(text.len())
        .saturating_add(text.matches('\n').count().saturating_add(1));
    if grown > crate::limits::MAX_FILE_BYTES {
        return Err(PatchError::new(
            PatchErrorKind::TooLarge,
            0,
            "the file after the insertion is too large",
        ));
    }
    let mut out = String::with_capacity(grown);
    for l in &lines[..line] {
        out.push_str(l);
    }
    for l in text.split('\n') {
        out.push_str(l);
        out.push('\n');
    }
    for l in &lines[line..] {
        out.push_str(l);
    }
    Ok(out)
}

/// The current text of `rel` under `root` (`None`: it does not exist).
fn current(root: &Path, rel: &str) -> Result<Option<String>, ToolCallError> {
    let bad = |m: String| {
        ToolCallError::Patch(PatchError::new(PatchErrorKind::BadPath, 0, m).with_path(rel))
    };
    let bytes = match read_entry(root, rel).map_err(bad)? {
        Entry::Missing => None,
        Entry::File(bytes) => Some(bytes),
        Entry::Link(_) => {
            return Err(bad(format!(
                "`{rel}` is a symlink; editscope does not edit through it"
            )))
        }
    };
    let mut binary = false;
    let text = text_or_binary(bytes, &mut binary);
    if binary {
        return Err(ToolCallError::Patch(
            PatchError::new(PatchErrorKind::Binary, 0, "the tool edits a binary file")
                .with_path(rel),
        ));
    }
    Ok(text)
}

/// Shell startup files: a write there runs code in every later shell, the hook's included.
pub const SHELL_STARTUP_FILES: [&str; 11] = [
    ".bashrc",
    ".bash_aliases",
    ".bash_profile",
    ".bash_login",
    ".bash_logout",
    ".profile",
    ".zshrc",
    ".zshenv",
    ".zprofile",
    ".zlogin",
    ".envrc",
];

/// Why a tool call must never write `path` (absolute, as written or as it lands), wherever
/// it lies: it governs editscope itself. A file named `.editscope.toml` (any case: it could
/// become the contract), anything under a `.git` directory (git metadata, hooks and
/// configuration), git configuration (`.gitconfig`, `.config/git/`, `$XDG_CONFIG_HOME/git/`)
/// and shell startup files ([`SHELL_STARTUP_FILES`]).
pub fn protected_path(path: &Path) -> Option<&'static str> {
    let names: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            std::path::Component::Normal(n) => Some(n.to_string_lossy().to_lowercase()),
            _ => None,
        })
        .collect();
    let last = names.last().map(String::as_str).unwrap_or_default();
    if last == crate::discover::CONTRACT_FILE_NAME {
        return Some("a file named `.editscope.toml` could become the contract that governs this agent; no tool call may write one, anywhere");
    }
    if names.iter().any(|n| n == ".git") {
        return Some("git metadata (`.git/`: configuration, hooks, refs) governs how editscope and git read the project; no tool call may write it");
    }
    let xdg_git = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|x| !x.is_empty())
        .is_some_and(|x| path.starts_with(Path::new(&x).join("git")));
    if last == ".gitconfig"
        || xdg_git
        || names.windows(2).any(|w| w[0] == ".config" && w[1] == "git")
    {
        return Some("git configuration governs how editscope and git read the project; no tool call may write it");
    }
    let under = |dir: &str| {
        names[..names.len().saturating_sub(1)]
            .iter()
            .any(|n| n == dir)
    };
    // `a/b` directly, anywhere in the path, above the file.
    let pair = |a: &str, b: &str| {
        names[..names.len().saturating_sub(1)]
            .windows(2)
            .any(|w| w[0] == a && w[1] == b)
    };
    let settings = last == "settings.json" || last == "settings.local.json";
    if (under(".claude") && settings)
        || under(".codex")
        || (under(".openhands") && last == "hooks.json")
        || (under(".gemini") && last == "settings.json")
        // Copilot: `.github/hooks/*.json`, `.github/copilot/settings*.json`, `~/.copilot/`.
        || pair(".github", "hooks")
        || (pair(".github", "copilot") && settings)
        || under(".copilot")
        || (under(".cursor") && last == "hooks.json")
        // Cline: `.clinerules/hooks/`, `~/Documents/Cline/Rules/Hooks/`, `~/Documents/Cline/Hooks/`.
        || pair(".clinerules", "hooks")
        || (pair("documents", "cline") && (pair("cline", "hooks") || pair("rules", "hooks")))
        || (under(".windsurf") && last == "hooks.json")
        || (pair(".codeium", "windsurf") && last == "hooks.json")
        || (under("windsurf") && last == "hooks.json")
        // Goose plugins (their `hooks/hooks.json`), Kiro hooks and agent configurations.
        || pair(".agents", "plugins")
        || pair(".kiro", "hooks")
        || pair(".kiro", "agents")
    {
        return Some("an agent host's settings install the hooks (this one included); no tool call may write them");
    }
    // MCP client configurations: they say which server an agent's scoped tools come from
    // (`editscope mcp` among them), so rewriting one swaps the checked tools for unchecked
    // ones at the next start. Claude Code `.mcp.json` and `~/.claude.json`, Cursor, VS Code /
    // Copilot, Kiro, Amazon Q, Windsurf, Cline, Continue, Zed and Goose.
    if last == ".mcp.json"
        || last == ".claude.json"
        || last == "mcp.json"
        || last == "mcp_config.json"
        || last == "cline_mcp_settings.json"
        || under(".continue")
        || ((pair(".config", "zed") || under(".zed")) && last == "settings.json")
        || pair(".config", "goose")
    {
        return Some("an MCP client configuration chooses the servers an agent's tools come from (editscope's included); no tool call may write it");
    }
    if SHELL_STARTUP_FILES.contains(&last) {
        return Some("a shell startup file runs code in every later shell (this hook's included); no tool call may write it");
    }
    None
}

/// Refuses a path a tool names that a host may expand before it opens it (`~`, `$VAR`):
/// editscope cannot know whether it does, so it places neither reading.
fn check_unexpanded(path: &str) -> Result<(), ToolCallError> {
    if path.starts_with('~') || path.contains('$') {
        return Err(ToolCallError::Path(PathError::Invalid {
            path: path.to_string(),
            reason: format!(
                "`{path}` starts with `~` or holds `$`: a host may expand it to another file than the one named, so editscope does not place it"
            ),
        }));
    }
    Ok(())
}

/// A file's device, inode and link count.
#[cfg(unix)]
fn file_id(meta: &std::fs::Metadata) -> Option<(u64, u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    Some((meta.dev(), meta.ino(), meta.nlink()))
}

/// A file's device, inode and link count (not known here).
#[cfg(not(unix))]
fn file_id(_meta: &std::fs::Metadata) -> Option<(u64, u64, u64)> {
    None
}

/// Refuses a write whose target (or where it lands) is protected ([`protected_path`]), is
/// the contract in use, or is a regular file with more than one hard link (an in-place
/// write changes every name of it, and editscope sees only one).
fn check_target(
    named: &str,
    written: &Path,
    contract_file: Option<&Path>,
) -> Result<(), ToolCallError> {
    let landed = physical(written)?;
    for p in [lexical(written), landed.clone()] {
        if let Some(reason) = protected_path(&p) {
            return Err(ToolCallError::Protected {
                path: named.to_string(),
                reason: reason.to_string(),
            });
        }
    }
    if let Some(cf) = contract_file {
        let cf_phys = physical(cf).unwrap_or_else(|_| lexical(cf));
        if landed == cf_phys || lexical(written) == lexical(cf) {
            return Err(ToolCallError::ContractFile {
                path: cf.display().to_string(),
            });
        }
        // The same file under another name.
        if let (Ok(a), Ok(b)) = (std::fs::metadata(&landed), std::fs::metadata(&cf_phys)) {
            if file_id(&a).is_some() && file_id(&a) == file_id(&b) {
                return Err(ToolCallError::ContractFile {
                    path: cf.display().to_string(),
                });
            }
        }
    }
    match std::fs::symlink_metadata(&landed) {
        Ok(meta) => {
            let links = file_id(&meta).map_or(1, |(_, _, n)| n);
            if meta.file_type().is_file() && links > 1 {
                return Err(ToolCallError::Protected {
                    path: named.to_string(),
                    reason: format!(
                        "the file has {links} hard links: a tool that writes in place changes every one of its names, and editscope sees only this one"
                    ),
                });
            }
            if !meta.file_type().is_file() && !meta.file_type().is_symlink() {
                return Err(ToolCallError::Protected {
                    path: named.to_string(),
                    reason: "it is not a regular file".into(),
                });
            }
        }
        Err(e)
            if e.kind() == std::io::ErrorKind::NotFound
                || e.kind() == std::io::ErrorKind::NotADirectory => {}
        Err(e) => {
            return Err(ToolCallError::Path(PathError::Io {
                path: named.to_string(),
                message: e.to_string(),
            }))
        }
    }
    Ok(())
}

/// What a tool call would write under a root, before any check: [`plan`].
#[derive(Debug, Clone)]
pub enum Plan {
    /// The call edits no file.
    NotAnEdit,
    /// Every file it writes lies outside the root.
    Outside {
        /// Where they land.
        paths: Vec<PathBuf>,
    },
    /// The change it makes under the root, from the files as they are now: one change set
    /// per reading of the call (two when a JavaScript host may read `new_string` as a
    /// replacement pattern; the call is allowed only if every reading is).
    Sets {
        /// The readings, the literal one first.
        sets: Vec<ChangeSet>,
        /// Files it writes outside the root (not governed).
        outside: Vec<PathBuf>,
    },
}

/// Checks a read tool call against `contract`, its paths placed under `root` as the OS
/// opens them. `contract_file` (the contract in use) is never granted, wherever it lies.
pub fn check(
    contract: &Contract,
    contract_file: Option<&Path>,
    call: &ToolCall,
    root: &Path,
) -> Result<Outcome, ToolCallError> {
    match plan(contract, contract_file, call, root)? {
        Plan::NotAnEdit => Ok(Outcome::NotAnEdit),
        Plan::Outside { paths } => Ok(Outcome::Outside { paths }),
        Plan::Sets { sets, outside } => {
            let mut last = None;
            for changes in sets {
                let report = check_changes(contract, &changes)?;
                let allowed = report.status == crate::Status::Allowed;
                last = Some(Outcome::Checked {
                    changes,
                    report,
                    outside: outside.clone(),
                });
                if !allowed {
                    break;
                }
            }
            Ok(last.unwrap_or(Outcome::NotAnEdit))
        }
    }
}

/// What a read tool call would write, its paths placed under `root` as the OS opens them:
/// the change from the files as they are now. Refuses (as [`check`] does) a call that
/// writes the contract in use, a protected file or a hard-linked one, or names a path a
/// host may expand.
pub fn plan(
    contract: &Contract,
    contract_file: Option<&Path>,
    call: &ToolCall,
    root: &Path,
) -> Result<Plan, ToolCallError> {
    let ToolCall::Edits(edits) = call else {
        return Ok(Plan::NotAnEdit);
    };
    // No call may write the contract, wherever it is kept, nor a file that governs
    // editscope, nor a hard-linked file; nor name a path a host may expand.
    for e in edits {
        for p in e.written_paths() {
            check_unexpanded(p)?;
            check_target(p, &e.base.join(p), contract_file)?;
        }
    }
    let mut patches = Vec::new();
    let mut opaque: Vec<FileChange> = Vec::new();
    let mut outside = Vec::new();
    for e in edits {
        let place = |p: &str| locate(root, &e.base, p);
        match &e.kind {
            EditKind::Opaque { path, reason } => match place(path)? {
                Located::Outside(w) => outside.push(w),
                Located::Inside(rel) => {
                    if !contract.rules(&rel).free {
                        return Err(ToolCallError::Unverifiable {
                            path: rel,
                            reason: reason.to_string(),
                        });
                    }
                    // Granted whole: any change may land; the check sees an opaque one.
                    let text = current(root, &rel).unwrap_or(None);
                    opaque.push(FileChange {
                        path: rel,
                        old_path: None,
                        before: text.clone(),
                        after: text,
                        mode_change: None,
                        binary: true,
                        symlink: None,
                    });
                }
            },
            EditKind::Patch(fp) | EditKind::ExpandTabs(fp) => {
                let mut fp = fp.clone();
                let src = place(&fp.path)?;
                let dest = match &fp.action {
                    Action::Update {
                        move_to: Some(d), ..
                    } => Some(place(d)?),
                    _ => None,
                };
                match (src, dest) {
                    (Located::Outside(w), None | Some(Located::Outside(_))) => outside.push(w),
                    (Located::Outside(_), Some(Located::Inside(d))) => {
                        return Err(ToolCallError::Unverifiable {
                            path: d,
                            reason: "the patch moves a file from outside the root here; its content cannot be verified".into(),
                        })
                    }
                    (Located::Inside(rel), Some(Located::Outside(w))) => {
                        return Err(ToolCallError::Path(PathError::Outside {
                            path: format!("{rel} -> {}", w.display()),
                            root: root.to_path_buf(),
                        }))
                    }
                    (Located::Inside(rel), dest) => {
                        if let (
                            Action::Update {
                                move_to: Some(d), ..
                            },
                            Some(Located::Inside(drel)),
                        ) = (&mut fp.action, dest)
                        {
                            *d = drel;
                        }
                        fp.path = rel;
                        if matches!(e.kind, EditKind::ExpandTabs(_)) {
                            fp = expand_tabs(root, fp)?;
                        }
                        patches.push(fp);
                    }
                }
            }
        }
    }
    if patches.is_empty() && opaque.is_empty() {
        return Ok(Plan::Outside { paths: outside });
    }
    // A host in JavaScript may read `new_string` as a replacement pattern (`$&`, `$'`, ...):
    // the call is allowed only if it is under both readings.
    let mut js = false;
    let alternative: Vec<FilePatch> = patches
        .iter()
        .map(|fp| match &fp.action {
            Action::Update {
                edit: Some(Edit::Replace(reps)),
                move_to: None,
            } if reps.iter().any(|r| has_js_pattern(&r.new)) => {
                js = true;
                let now = current(root, &fp.path)?.ok_or_else(|| {
                    ToolCallError::Patch(
                        PatchError::new(
                            PatchErrorKind::MissingFile,
                            0,
                            "the tool edits a file that does not exist",
                        )
                        .with_path(&fp.path),
                    )
                })?;
                let content = js_replace(&now, reps).map_err(|e| e.with_path(&fp.path))?;
                Ok(FilePatch {
                    action: Action::Create { content },
                    ..fp.clone()
                })
            }
            _ => Ok(fp.clone()),
        })
        .collect::<Result<_, ToolCallError>>()?;
    let mut sets = vec![changed(root, &patches, &opaque)?];
    if js {
        sets.push(changed(root, &alternative, &opaque)?);
    }
    Ok(Plan::Sets { sets, outside })
}

/// The change `patches` and `opaque` make under `root`.
fn changed(
    root: &Path,
    patches: &[FilePatch],
    opaque: &[FileChange],
) -> Result<ChangeSet, ToolCallError> {
    let mut changes = ChangeSet::from_patches(root, patches)?;
    for o in opaque {
        changes.files.retain(|f| f.path != o.path);
        changes.files.push(o.clone());
    }
    changes.files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(changes)
}

/// Whether `new` holds a pattern `String.prototype.replace` / `replaceAll` expands when
/// the search value is a string: `$$`, `$&`, `` $` ``, `$'` (`$1` and `$<name>` stay
/// literal without a regular expression).
pub fn has_js_pattern(new: &str) -> bool {
    new.as_bytes()
        .windows(2)
        .any(|w| w[0] == b'$' && matches!(w[1], b'$' | b'&' | b'`' | b'\''))
}

/// The replacements as JavaScript's `replace` (one, the first occurrence, which must be
/// the only one) or `replaceAll` (`replace_all`) apply them with a string search value and
/// a string replacement: `$$` is `$`, `$&` the match, `` $` `` the text before it, `$'` the
/// text after it.
pub fn js_replace(current: &str, reps: &[Replacement]) -> Result<String, PatchError> {
    let too_large = || {
        PatchError::new(
            PatchErrorKind::TooLarge,
            0,
            "the file after the replacement is too large",
        )
    };
    let mut text = current.to_string();
    for r in reps {
        if r.old.is_empty() {
            return Err(PatchError::new(
                PatchErrorKind::Malformed,
                0,
                "`old_string` is empty",
            ));
        }
        let at: Vec<usize> = text.match_indices(&r.old).map(|(i, _)| i).collect();
        match at.len() {
            0 => {
                return Err(PatchError::new(
                    PatchErrorKind::NoMatch,
                    0,
                    "the text to replace is not in the file",
                ))
            }
            1 => {}
            n if !r.replace_all => {
                return Err(PatchError::new(
                    PatchErrorKind::Ambiguous,
                    0,
                    format!("the text to replace occurs {n} times; it must occur once"),
                ))
            }
            _ => {}
        }
        let mut out = String::new();
        let mut last = 0;
        for &i in &at {
            out.push_str(&text[last..i]);
            let end = i + r.old.len();
            let mut chars = r.new.char_indices().peekable();
            while let Some((_, c)) = chars.next() {
                let next = chars.peek().map(|&(_, n)| n);
                match (c, next) {
                    ('$', Some('$')) => out.push('$'),
                    ('$', Some('&')) => out.push_str(&r.old),
                    ('$', Some('`')) => out.push_str(&text[..i]),
                    ('$', Some('\'')) => out.push_str(&text[end..]),
                    _ => {
                        out.push(c);
                        continue;
                    }
                }
                chars.next();
                if out.len() > crate::limits::MAX_FILE_BYTES {
                    return Err(too_large());
                }
            }
            last = end;
        }
        out.push_str(&text[last..]);
        if out.len() > crate::limits::MAX_FILE_BYTES {
            return Err(too_large());
        }
        text = out;
    }
    Ok(text)
}

/// OpenHands' and SWE-agent's editor: the file read in text mode (universal newlines), the
/// tabs of the whole file (and of `old_str` / `new_str`) expanded before the edit, the
/// result written whole; `insert` as OpenHands does it ([`openhands_insert`]).
fn expand_tabs(root: &Path, fp: FilePatch) -> Result<FilePatch, ToolCallError> {
    let Action::Update {
        edit: Some(edit), ..
    } = &fp.action
    else {
        return Ok(fp);
    };
    let Some(now) = current(root, &fp.path)? else {
        return Err(ToolCallError::Patch(
            PatchError::new(
                PatchErrorKind::MissingFile,
                0,
                "the tool edits a file that does not exist",
            )
            .with_path(&fp.path),
        ));
    };
    // Read in text mode: every `\r\n` and lone `\r` becomes `\n`, and is written back so.
    let expanded = expandtabs(&universal_newlines(&now));
    let content = match edit {
        Edit::StrReplace { old, new } => {
            patch::str_replace(&expanded, &expandtabs(old), &expandtabs(new))
        }
        Edit::Insert { line, text } => openhands_insert(&expanded, *line, &expandtabs(text)),
        _ => return Ok(fp),
    }
    .map_err(|e| {
        if e.path.is_none() {
            e.with_path(&fp.path)
        } else {
            e
        }
    })?;
    Ok(FilePatch {
        action: Action::Create { content },
        ..fp
    })
}

/// [`read`] then [`check`].
pub fn check_tool_call(
    contract: &Contract,
    contract_file: Option<&Path>,
    tool_name: &str,
    input: &Value,
    cwd: &Path,
    root: &Path,
) -> Result<Outcome, ToolCallError> {
    check(contract, contract_file, &read(tool_name, input, cwd)?, root)
}

#[cfg(test)]
mod tests;
