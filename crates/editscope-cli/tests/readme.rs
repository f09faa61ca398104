//! The README's output blocks are the binary's real output: each fenced block the README
//! marks with a comment
//!
//! ```text
//! <!-- readme-output: [exit=N] [cwd=DIR] [stdin=FILE] [json=/POINTER] -- ARGS... -->
//! ```
//!
//! is compared with what `editscope ARGS...` prints on the bundled example (run in `DIR`,
//! relative to the workspace root; `stdin` relative to `DIR`; `json`: the string at that
//! JSON pointer of the output, as a hook's answer carries its text). Only the workspace's
//! absolute path is normalised (the example prints no timing). The command the README's
//! "Set up and run" section tells people to run is the first marked one.

use std::path::{Path, PathBuf};

mod support;
use support::{editscope_in, text};

/// The workspace root (two levels above this crate).
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the workspace root exists")
}

/// One marked block: the marker's options and arguments, the block's text and where it is.
#[derive(Debug)]
struct Marked {
    line: usize,
    exit: i32,
    cwd: Option<String>,
    stdin: Option<String>,
    json: Option<String>,
    args: Vec<String>,
    block: String,
}

/// Every marked block of `readme`, in order.
fn marked(readme: &str) -> Vec<Marked> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let t = lines[i].trim();
        let Some(rest) = t
            .strip_prefix("<!-- readme-output:")
            .and_then(|r| r.strip_suffix("-->"))
        else {
            i += 1;
            continue;
        };
        let line = i + 1;
        let (opts, args) = rest
            .split_once(" -- ")
            .unwrap_or_else(|| panic!("README.md:{line}: a marker needs ` -- ARGS`"));
        let mut m = Marked {
            line,
            exit: 0,
            cwd: None,
            stdin: None,
            json: None,
            args: args.split_whitespace().map(str::to_string).collect(),
            block: String::new(),
        };
        for o in opts.split_whitespace() {
            match o.split_once('=') {
                Some(("exit", v)) => m.exit = v.parse().expect("exit=N"),
                Some(("cwd", v)) => m.cwd = Some(v.into()),
                Some(("stdin", v)) => m.stdin = Some(v.into()),
                Some(("json", v)) => m.json = Some(v.into()),
                _ => panic!("README.md:{line}: unknown marker option {o:?}"),
            }
        }
        // The next line opens the fenced block; its indentation is the block's.
        let open = lines
            .get(i + 1)
            .unwrap_or_else(|| panic!("README.md:{line}: no block after the marker"));
        let indent = open.len() - open.trim_start().len();
        assert!(
            open.trim_start().starts_with("```"),
            "README.md:{line}: the marker must stand right above a fenced block, not {open:?}"
        );
        let mut j = i + 2;
        let mut block = Vec::new();
        while j < lines.len() && lines[j].trim_start() != "```" {
            let l = lines[j];
            block.push(if l.len() >= indent {
                &l[indent..]
            } else {
                l.trim_start()
            });
            j += 1;
        }
        assert!(j < lines.len(), "README.md:{line}: the block is not closed");
        m.block = block.join("\n");
        out.push(m);
        i = j + 1;
    }
    out
}

/// `value` at the JSON `pointer`, as text.
fn at_pointer(output: &str, pointer: &str, line: usize) -> String {
    let v: serde_json::Value = serde_json::from_str(output)
        .unwrap_or_else(|e| panic!("README.md:{line}: not JSON ({e}): {output}"));
    v.pointer(pointer)
        .and_then(|s| s.as_str())
        .unwrap_or_else(|| panic!("README.md:{line}: no string at {pointer} in {output}"))
        .to_string()
}

fn readme() -> String {
    std::fs::read_to_string(workspace().join("README.md")).expect("README.md is readable")
}

#[test]
fn every_marked_output_block_is_the_real_output() {
    let root = workspace();
    let readme = readme();
    let blocks = marked(&readme);
    assert!(
        blocks.len() >= 4,
        "the README marks its example outputs: {blocks:?}"
    );
    let mut wrong = Vec::new();
    for m in &blocks {
        let cwd = m.cwd.as_deref().map_or(root.clone(), |d| root.join(d));
        let stdin = m.stdin.as_deref().map(|f| {
            std::fs::read(cwd.join(f))
                .unwrap_or_else(|e| panic!("README.md:{}: stdin {f}: {e}", m.line))
        });
        let args: Vec<&str> = m.args.iter().map(String::as_str).collect();
        let o = editscope_in(&cwd, &args, stdin.as_deref());
        assert_eq!(
            o.status.code(),
            Some(m.exit),
            "README.md:{}: `editscope {}` exit code; stderr: {}",
            m.line,
            m.args.join(" "),
            text(&o.stderr)
        );
        let mut got = text(&o.stdout);
        if let Some(p) = &m.json {
            got = at_pointer(&got, p, m.line);
        }
        let got = got.replace(&format!("{}/", root.display()), "");
        if got.trim_end() != m.block.trim_end() {
            wrong.push(format!(
                "README.md:{}: `editscope {}` prints\n{}\nbut the README shows\n{}\n",
                m.line,
                m.args.join(" "),
                got.trim_end(),
                m.block.trim_end()
            ));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The command "Set up and run" gives is the first marked one (whose output follows it).
#[test]
fn the_set_up_command_is_the_first_marked_one() {
    let readme = readme();
    let first = &marked(&readme)[0];
    let prefix = "cargo run -q -p editscope-cli -- ";
    let command = readme
        .lines()
        .find_map(|l| l.strip_prefix(prefix))
        .expect("the README's set-up section runs the CLI with cargo run");
    assert_eq!(command.split_whitespace().collect::<Vec<_>>(), first.args);
}

#[test]
fn markers_are_read_with_their_options_and_indented_blocks() {
    let md = "x\n   <!-- readme-output: exit=1 cwd=a stdin=b json=/c -- check --json -->\n   ```text\n   one\n     two\n   ```\n";
    let m = marked(md);
    assert_eq!(m.len(), 1);
    assert_eq!(m[0].exit, 1);
    assert_eq!(m[0].cwd.as_deref(), Some("a"));
    assert_eq!(m[0].stdin.as_deref(), Some("b"));
    assert_eq!(m[0].json.as_deref(), Some("/c"));
    assert_eq!(m[0].args, ["check", "--json"]);
    assert_eq!(m[0].block, "one\n  two");
}
