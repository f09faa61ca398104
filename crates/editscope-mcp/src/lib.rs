//! `editscope mcp`: a Model Context Protocol server over stdio whose file tools enforce an
//! editscope contract, for hosts without a pre-tool hook (Zed, Continue) and for any agent
//! that prefers scoped tools.
//!
//! The protocol is JSON-RPC 2.0, one message per line on stdin and stdout, through `rmcp`,
//! the official Rust SDK. The tools:
//!
//! | tool | arguments | does |
//! | --- | --- | --- |
//! | `read_file` | `path` | the file's text |
//! | `edit_file` | `path`, `old_string`, `new_string`, `replace_all?` | replaces `old_string` (which must occur exactly once, unless `replace_all`) |
//! | `write_file` | `path`, `content` | writes the whole file (creates it if missing) |
//! | `apply_patch` | `patch` | a Codex patch (`*** Begin Patch`) or a unified diff |
//! | `check` | — | the work tree against the session's baseline |
//!
//! **Session.** The server's session ([`editscope::session`]) starts when the server starts:
//! its baseline is the root then. Every write is judged *baseline → (current state + this
//! edit)*: a file created under `create` can be edited again, and a change another tool
//! made (a shell write) shows up in `check` and is never blamed on a later edit that does
//! not touch it. The baseline is removed when the server exits normally (stdin closed).
//!
//! **Writes.** Every write is checked against the contract first. Refused: the result has
//! `isError: true`, its text is the agent feedback ([`editscope::Report::feedback`]) and
//! nothing is written. Allowed: each file is written atomically (a temporary file in the same
//! directory, then a rename; the file keeps its permissions). A file changed on disk while
//! the edit was checked is not written. A patch over several files writes them one after the
//! other (each atomically).
//!
//! **Paths.** `path` is relative to the root or absolute inside it, resolved the way the OS
//! will open it ([`editscope::paths`]): `..` out of the root, a symlink on the way (to
//! outside or inside), and anything outside the root are refused, for reading too.
//!
//! **Contract.** `--contract FILE`, else `$EDITSCOPE_CONTRACT`, else the outermost
//! `.editscope.toml` at or above the root. A contract that is named but missing, or that does
//! not parse, stops the server at start (exit 2). With no contract at all the server runs,
//! `read_file` works, and every write is refused (fail closed).
//!
//! **Root.** `--root DIR`, else the git work tree of the working directory, else the working
//! directory.

mod fsio;
mod server;

use std::sync::Arc;

use rmcp::model::{
    CallToolRequestParams, CallToolResponse, CallToolResult, ContentBlock, Implementation,
    JsonObject, ListToolsResult, PaginatedRequestParams, ServerCapabilities, ServerConfig, Tool,
    ToolAnnotations,
};
use rmcp::service::RequestContext;
use rmcp::{ErrorData as McpError, RoleServer, ServerHandler, ServiceExt as _};
use serde_json::{json, Value};

pub use fsio::{place, read_text, write_atomic};
pub use server::{contract_of, root_of, Answer, Options, Server, StartError};

/// The tools the server offers, with their JSON Schemas.
pub fn tools() -> Vec<Tool> {
    let schema = |v: Value| -> Arc<JsonObject> {
        Arc::new(match v {
            Value::Object(m) => m,
            _ => JsonObject::new(),
        })
    };
    let path = json!({"type": "string", "description": "The file: relative to the project root, or absolute inside it."});
    vec![
        Tool::new(
            "read_file",
            "Read a text file of the project.",
            schema(json!({"type": "object", "properties": {"path": path}, "required": ["path"], "additionalProperties": false})),
        )
        .with_annotations(ToolAnnotations::new().read_only(true)),
        Tool::new(
            "edit_file",
            "Replace `old_string` by `new_string` in a file. `old_string` must occur exactly once unless `replace_all` is true. The edit is checked against the task's editscope contract first: if it changes code outside the symbols the task may change, it is refused (isError) with the reason, and nothing is written.",
            schema(json!({"type": "object", "properties": {
                "path": path,
                "old_string": {"type": "string", "description": "The exact text to replace."},
                "new_string": {"type": "string", "description": "The text to put in its place."},
                "replace_all": {"type": "boolean", "description": "Replace every occurrence (default false).", "default": false}
            }, "required": ["path", "old_string", "new_string"], "additionalProperties": false})),
        )
        .with_annotations(ToolAnnotations::new().destructive(true)),
        Tool::new(
            "write_file",
            "Write a file's whole content (created if missing). Checked against the task's editscope contract first; refused (isError) with the reason if it changes code out of scope, and then nothing is written.",
            schema(json!({"type": "object", "properties": {
                "path": path,
                "content": {"type": "string", "description": "The file's new content."}
            }, "required": ["path", "content"], "additionalProperties": false})),
        )
        .with_annotations(ToolAnnotations::new().destructive(true)),
        Tool::new(
            "apply_patch",
            "Apply a patch: a Codex patch (`*** Begin Patch` ... `*** End Patch`) or a unified diff, paths relative to the project root. Checked against the task's editscope contract first, all files together; refused (isError) with the reason if anything is out of scope, and then nothing is written.",
            schema(json!({"type": "object", "properties": {
                "patch": {"type": "string", "description": "The patch text."}
            }, "required": ["patch"], "additionalProperties": false})),
        )
        .with_annotations(ToolAnnotations::new().destructive(true)),
        Tool::new(
            "check",
            "Check the whole work tree against the task's contract, from its state when this server started, whatever tool changed it (shell commands too). Says what is out of scope and how to put it back.",
            schema(json!({"type": "object", "properties": {}, "additionalProperties": false})),
        )
        .with_annotations(ToolAnnotations::new().read_only(true)),
    ]
}

/// The rmcp handler: the protocol around a [`Server`].
#[derive(Clone)]
struct Handler {
    server: Arc<Server>,
}

fn result_of(answer: Answer) -> CallToolResult {
    let content = vec![ContentBlock::text(answer.text)];
    let mut r = if answer.is_error {
        CallToolResult::error(content)
    } else {
        CallToolResult::success(content)
    };
    r.structured_content = answer.structured;
    r
}

impl ServerHandler for Handler {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("editscope", env!("CARGO_PKG_VERSION")))
            .with_instructions(format!(
                "File tools for the project at {}. Every write is checked against the task's editscope contract before it lands; a refused write returns isError with what is out of scope, and nothing is written. Use `check` to see the whole work tree against the task's start.",
                self.server.root().display()
            ))
    }

    async fn list_tools(
        &self,
        _request: Option<PaginatedRequestParams>,
        _context: RequestContext<RoleServer>,
    ) -> Result<ListToolsResult, McpError> {
        Ok(ListToolsResult::with_all_items(tools()))
    }

    async fn call_tool(
        &self,
        request: CallToolRequestParams,
        _context: RequestContext<RoleServer>,
    ) -> Result<CallToolResponse, McpError> {
        let server = self.server.clone();
        let name = request.name.to_string();
        let arguments = request.arguments.map(Value::Object).unwrap_or(Value::Null);
        let answer = tokio::task::spawn_blocking(move || server.call(&name, &arguments))
            .await
            .map_err(|e| McpError::internal_error(format!("the tool failed: {e}"), None))?;
        match answer {
            Some(a) => Ok(result_of(a).into()),
            None => Err(McpError::invalid_params(
                format!("unknown tool `{}`", request.name),
                None,
            )),
        }
    }
}

/// Runs the server on stdin and stdout until stdin closes, then ends the session.
pub fn serve_stdio(options: &Options) -> Result<(), String> {
    let server = Arc::new(Server::start(options).map_err(|e| e.0)?);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the runtime: {e}"))?;
    let handler = Handler {
        server: server.clone(),
    };
    let served = runtime.block_on(async move {
        let running = handler
            .serve(rmcp::transport::stdio())
            .await
            .map_err(|e| format!("the MCP handshake failed: {e}"))?;
        running
            .waiting()
            .await
            .map(|_| ())
            .map_err(|e| format!("the MCP server stopped: {e}"))
    });
    // Stdin may still be read by a blocking task: do not wait for it.
    runtime.shutdown_background();
    let ended = match Arc::try_unwrap(server) {
        Ok(s) => s.end().map_err(|e| format!("ending the session: {e}")),
        Err(_) => Ok(()),
    };
    served.and(ended)
}
