//! `editscope`: outline, diff and scope-check source files at symbol level.
//!
//! Exit codes: 0 success, 1 differences found where a check was asked for, 2 usage or input
//! error (with a message on stderr). Never a panic or a Rust backtrace for bad input.
//!
//! The command is this library's [`run_args`]: the `editscope` binary calls it, and so does
//! the Python package's console script (`pip install editscope` brings the same command).

mod check;
mod hook;
mod init;
mod render;
mod scope;
#[cfg(unix)]
mod serve;
mod session;

use std::io::Write;
use std::path::{Path, PathBuf};

use clap::{Parser, Subcommand};
use editscope::{Language, Limits, SourceFile};

#[derive(Parser)]
#[command(name = "editscope", version, about = "Symbol-level edit scopes for AI coding agents", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the outline of a file: every symbol with its qualified path, kind and lines.
    Symbols {
        /// The source file.
        file: PathBuf,
        /// Language (rust, python, typescript, tsx, javascript, go, java, csharp); detected from the extension by default.
        #[arg(long)]
        lang: Option<String>,
        /// Print JSON instead of an indented tree.
        #[arg(long)]
        json: bool,
    },
    /// Show which symbols changed between two versions of a file, and how.
    Diff {
        /// The file before the change.
        before: PathBuf,
        /// The file after the change.
        after: PathBuf,
        /// Language (rust, python, typescript, tsx, javascript, go, java, csharp); detected from --path or the file names.
        #[arg(long)]
        lang: Option<String>,
        /// The file's path in the repository, shown in the output and used for detection.
        #[arg(long)]
        path: Option<String>,
        /// Print JSON instead of text.
        #[arg(long)]
        json: bool,
    },
    /// Check a change against a contract: allowed (exit 0), rejected (1), or an error or
    /// unverifiable (2).
    Check(Box<check::CheckArgs>),
    /// Print the smallest contract that would allow a change, as TOML a person would write
    /// (to write contracts and review agent PRs): every entry is needed, each as narrow as
    /// the check allows. Exit 1 when part of the change no contract allows (listed in
    /// comments).
    Scope(scope::ScopeArgs),
    /// Speak an agent's hook protocol: read a tool-call event on stdin, block edits that
    /// break the contract (Claude Code, Codex, OpenHands, Gemini CLI, Copilot, Cursor,
    /// Cline, Windsurf, Goose, Kiro).
    Hook(hook::HookArgs),
    /// Install editscope's hooks in an agent host's configuration (merging with what is
    /// there; idempotent; `--dry-run` shows the diff; `--list` shows the hosts).
    Init(init::InitArgs),
    /// Agent sessions: record a baseline, see what is out of scope against it, restore the
    /// scope, end (see the README's "Sessions").
    Session(session::SessionArgs),
    /// Keep parsed files in memory for the hooks of this project (started by the hook on
    /// demand, exits when idle; `EDITSCOPE_SERVE=0` turns it off; see the README).
    #[cfg(unix)]
    Serve(serve::ServeArgs),
    /// Serve MCP (JSON-RPC over stdio): file tools (`read_file`, `edit_file`, `write_file`,
    /// `apply_patch`, `check`) that check every write against the contract before it lands.
    Mcp {
        /// The project root (default: the git work tree of the working directory, else the
        /// working directory).
        #[arg(long, value_name = "DIR")]
        root: Option<PathBuf>,
        /// The contract (default: `$EDITSCOPE_CONTRACT`, else the outermost `.editscope.toml`
        /// at or above the root). Without one, every write is refused.
        #[arg(long, value_name = "FILE")]
        contract: Option<PathBuf>,
    },
    /// Re-check a receipt written by `check --receipt`.
    VerifyReceipt {
        /// The receipt file.
        receipt: PathBuf,
        /// Also check that the files under this directory are in the receipt's after state.
        #[arg(long)]
        root: Option<PathBuf>,
        /// Print JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the syntax tree as the parser saw it (for debugging language profiles).
    Dump {
        /// The source file.
        file: PathBuf,
        /// Language; detected from the extension by default.
        #[arg(long)]
        lang: Option<String>,
    },
}

/// A failure to report on stderr with exit code 2.
pub(crate) struct Failure(pub(crate) String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

/// Runs the `editscope` command with `args` (the program name first, as
/// [`std::env::args_os`] gives them): prints to stdout and stderr and returns the exit code.
/// A panic is caught and answered with exit code 2.
pub fn run_args<I, T>(args: I) -> u8
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() { 2 } else { 0 };
        }
    };
    let mut out = Vec::new();
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(cli, &mut out)));
    match result {
        Ok(Ok(code)) => {
            let mut stdout = std::io::stdout().lock();
            // A closed pipe (`| head`) is not an error worth a message.
            let _ = stdout.write_all(&out).and_then(|_| stdout.flush());
            code
        }
        Ok(Err(Failure(message))) => {
            eprintln!("editscope: {message}");
            2
        }
        Err(_) => 2,
    }
}

fn run(cli: Cli, out: &mut Vec<u8>) -> Result<u8, Failure> {
    match cli.command {
        Command::Symbols { file, lang, json } => {
            let language = language(lang.as_deref(), &[file.as_path()])?;
            let source = parse(language, &file)?;
            let shown = file.display().to_string();
            if json {
                serde_json::to_writer_pretty(&mut *out, &render::symbols_json(&shown, &source))?;
                out.push(b'\n');
            } else {
                render::symbols_text(out, &shown, &source)?;
            }
            Ok(0)
        }
        Command::Diff {
            before,
            after,
            lang,
            path,
            json,
        } => {
            let shown = path.clone().unwrap_or_else(|| after.display().to_string());
            let mut hints: Vec<&Path> = Vec::new();
            if let Some(p) = &path {
                hints.push(Path::new(p));
            }
            hints.push(&after);
            hints.push(&before);
            let language = language(lang.as_deref(), &hints)?;
            let b = parse(language, &before)?;
            let a = SourceFile::reparse(&b, read(&after)?, Limits::default())
                .map_err(|e| Failure(format!("{}: {e}", after.display())))?;
            let d = editscope::diff(&b, &a);
            if json {
                serde_json::to_writer_pretty(&mut *out, &render::diff_json(&shown, &b, &a, &d))?;
                out.push(b'\n');
            } else {
                render::diff_text(out, &shown, &b, &a, &d)?;
            }
            // The process ends next: freeing two syntax trees node by node would cost about
            // a tenth of the command (tree-sitter's `ts_subtree_release` in a profile).
            std::mem::forget((b, a));
            Ok(0)
        }
        Command::Check(args) => check::run(*args, out),
        Command::Scope(args) => scope::run(args.source, args.json, out),
        Command::Hook(args) => hook::run(args, out),
        Command::Init(args) => init::run(args, out),
        Command::Session(args) => session::run(args, out),
        #[cfg(unix)]
        Command::Serve(args) => serve::run(args, out),
        Command::Mcp { root, contract } => {
            editscope_mcp::serve_stdio(&editscope_mcp::Options { root, contract })
                .map_err(Failure)?;
            Ok(0)
        }
        Command::VerifyReceipt {
            receipt,
            root,
            json,
        } => check::verify_receipt(&receipt, root.as_deref(), json, out),
        Command::Dump { file, lang } => {
            let language = language(lang.as_deref(), &[file.as_path()])?;
            let source = parse(language, &file)?;
            out.extend_from_slice(source.dump_tree().as_bytes());
            Ok(0)
        }
    }
}

fn language(explicit: Option<&str>, hints: &[&Path]) -> Result<Language, Failure> {
    if let Some(name) = explicit {
        return Ok(name.parse::<Language>()?);
    }
    hints.iter().find_map(Language::from_path).ok_or_else(|| {
        Failure(
            editscope::Error::UndetectedLanguage {
                path: hints
                    .first()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default(),
            }
            .to_string(),
        )
    })
}

/// Reads a file as UTF-8 text, refusing anything over the size limit before reading it all.
pub(crate) fn read(path: &Path) -> Result<String, Failure> {
    let limit = Limits::default().max_bytes;
    let bytes = editscope::limits::read_file_bounded(path, limit).map_err(Failure)?;
    String::from_utf8(bytes).map_err(|e| {
        Failure(format!(
            "{}: not valid UTF-8 (first bad byte at offset {})",
            path.display(),
            e.utf8_error().valid_up_to()
        ))
    })
}

fn parse(language: Language, path: &Path) -> Result<SourceFile, Failure> {
    SourceFile::parse(language, read(path)?)
        .map_err(|e| Failure(format!("{}: {e}", path.display())))
}
