//! How each [`Reading`] turns a host's tool input into a call [`crate::tool_call`] reads.
//!
//! Every reading is strict: a key an edit tool is not known to take, a missing or mistyped
//! argument, or a replacement that is not exact and unique (where the host's own matching
//! may be fuzzy) is an error, and the call is refused.

use std::path::Path;

use serde_json::{json, Map, Value};

use super::Reading;

type Read = Result<(String, Value), String>;

fn object<'v>(tool: &str, input: &'v Value) -> Result<&'v Map<String, Value>, String> {
    input
        .as_object()
        .ok_or_else(|| format!("the `{tool}` input is not an object"))
}

fn string<'v>(tool: &str, m: &'v Map<String, Value>, key: &str) -> Result<&'v str, String> {
    match m.get(key) {
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(format!("the `{tool}` argument `{key}` is not a string")),
        None => Err(format!("the `{tool}` call has no `{key}`")),
    }
}

fn only(tool: &str, m: &Map<String, Value>, known: &[&str]) -> Result<(), String> {
    match m.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => Err(format!(
            "the `{tool}` call has an argument editscope does not know (`{k}`), which may change what it writes"
        )),
        None => Ok(()),
    }
}

/// Reads `input` of the host tool `tool` as `reading` prescribes: the tool name and input
/// [`crate::tool_call::read`] judges. `dir` is the agent's working directory (files some
/// readings must see, to compute what the call writes, are read from it).
pub(super) fn read(reading: Reading, tool: &str, input: &Value, dir: &Path) -> Read {
    match reading {
        Reading::ReadOnly | Reading::Outside(_) => Ok(("Read".into(), json!({}))),
        Reading::Shell { key } => {
            let m = object(tool, input)?;
            let command = string(tool, m, key)?;
            Ok(("Bash".into(), json!({ "command": command })))
        }
        Reading::Patch => {
            object(tool, input)?;
            Ok(("apply_patch".into(), input.clone()))
        }
        Reading::Keys {
            tool: as_tool,
            keys,
            required,
        } => {
            let m = object(tool, input)?;
            let known: Vec<&str> = keys.iter().map(|(k, _)| *k).collect();
            only(tool, m, &known)?;
            for r in required {
                if !m.contains_key(*r) {
                    return Err(format!("the `{tool}` call has no `{r}`"));
                }
            }
            let mut out = Map::new();
            for (from, to) in keys {
                if let Some(v) = m.get(*from) {
                    out.insert(to.to_string(), v.clone());
                }
            }
            Ok((as_tool.into(), Value::Object(out)))
        }
        Reading::TextEditor { commands } => text_editor(tool, input, commands),
        Reading::TextEditorCommand { command, fallback } => {
            let m = object(tool, input)?;
            if m.contains_key("command") {
                return text_editor(tool, input, fallback);
            }
            let mut with = m.clone();
            with.insert("command".into(), json!(command));
            text_editor(tool, &Value::Object(with), &[(command, command)])
        }
        Reading::GeminiReplace => gemini_replace(tool, input, dir),
        Reading::GeminiWrite => gemini_write(tool, input, dir),
        Reading::ClineReplace => cline_replace(tool, input, dir),
        Reading::ClineWrite => cline_write(tool, input),
        Reading::WindsurfEdits => windsurf_edits(tool, input, dir),
        Reading::CursorWrite => cursor_write(tool, input),
    }
}

/// The text editor tool, with the host's commands renamed; the text editor's keys only.
fn text_editor(tool: &str, input: &Value, commands: &[(&str, &str)]) -> Read {
    let m = object(tool, input)?;
    let command = string(tool, m, "command")?;
    let Some(&(_, as_command)) = commands.iter().find(|(c, _)| *c == command) else {
        return Err(format!(
            "`{tool}` command `{command}` is not one editscope knows how to judge"
        ));
    };
    let keys: &[&str] = match as_command {
        "view" => return Ok(("Read".into(), json!({}))),
        "create" => &["command", "path", "file_text"],
        "str_replace" => &["command", "path", "old_str", "new_str"],
        "insert" => &["command", "path", "insert_line", "new_str"],
        other => return Err(format!("`{tool}` command `{other}` cannot be judged")),
    };
    only(tool, m, keys)?;
    let mut out = m.clone();
    out.insert("command".into(), json!(as_command));
    Ok(("str_replace_based_edit_tool".into(), Value::Object(out)))
}

/// Gemini CLI `replace`: one exact replacement of `old_string` (unique) unless
/// `expected_replacements` says how many (the tool fails unless there are exactly that
/// many, so judging every occurrence is exact); an empty `old_string` creates the file
/// (the tool fails when it exists).
///
/// Gemini CLI turns a file's `\r\n` into `\n` before it replaces and writes the whole file
/// back (and `write_file` writes every line ending as `\r\n` into a file that holds one):
/// a file on disk with a `\r` is refused, since every line outside the grant may change.
fn gemini_replace(tool: &str, input: &Value, dir: &Path) -> Read {
    let m = object(tool, input)?;
    let path = string(tool, m, "file_path")?;
    no_carriage_return(tool, dir, path)?;
    let read = gemini_replace_text(tool, input)?;
    let expected = m
        .get("expected_replacements")
        .and_then(Value::as_u64)
        .unwrap_or(1) as usize;
    gemini_corrections(tool, dir, path, &read.1, expected)?;
    Ok(read)
}

/// Whether Gemini CLI's `unescapeStringForGeminiBug` would change `text`: a backslash
/// followed by `n`, `t`, `r`, `'`, `"`, a backtick, a backslash or a line break (every
/// match of its pattern is shortened, so any match changes the text).
pub(crate) fn gemini_would_unescape(text: &str) -> bool {
    text.as_bytes().windows(2).any(|w| {
        w[0] == b'\\'
            && matches!(
                w[1],
                b'n' | b't' | b'r' | b'\'' | b'"' | b'`' | b'\\' | b'\n'
            )
    })
}

/// Gemini's `countOccurrences`: non-overlapping, an empty needle never occurs.
fn gemini_count(hay: &str, needle: &str) -> usize {
    if needle.is_empty() {
        0
    } else {
        hay.matches(needle).count()
    }
}

/// Gemini's `trimPreservingTrailingNewline`: trimmed at both ends, the line breaks of the
/// trailing whitespace put back.
fn gemini_trim(s: &str) -> String {
    let end = s.trim_end();
    let breaks: String = s[end.len()..]
        .chars()
        .filter(|c| matches!(c, '\r' | '\n'))
        .collect();
    format!("{}{breaks}", s.trim())
}

/// Refuses a Gemini CLI `replace` (read as `Edit` or `Write`, `call`; `expected`: its
/// `expected_replacements`) whose text the tool
/// could rewrite after this hook saw it. Its edit tool runs `ensureCorrectEdit`
/// (packages/core/src/utils/editCorrector.ts) before it writes: a `new_string` that
/// `unescapeStringForGeminiBug` would change is handed to an LLM to "correct its escaping"
/// (what comes back is unknowable here); an `old_string` that does not occur exactly as
/// often as expected is unescaped, then corrected by an LLM (flexible and regex matching
/// in newer versions), so another place may be replaced; and `trimPairIfPossible` replaces
/// the trimmed `old_string` by the trimmed `new_string` when the trimmed one occurs as
/// often, which is refused where that writes another file than the literal replacement.
fn gemini_corrections(
    tool: &str,
    dir: &Path,
    path: &str,
    call: &Value,
    expected: usize,
) -> Result<(), String> {
    let new = call["new_string"]
        .as_str()
        .or_else(|| call["content"].as_str())
        .unwrap_or_default();
    if gemini_would_unescape(new) {
        return Err(format!(
            "`{tool}` on `{path}`: the new text holds a backslash escape (`\\n`, `\\t`, `\\\"`, `\\\\`, ...) that Gemini CLI's edit corrector (`ensureCorrectEdit`) may rewrite, by an LLM call, after this check; editscope cannot know what it writes. Write the text without such escapes, or make the edit another way that is checked after it is written"
        ));
    }
    let Some(old) = call["old_string"].as_str() else {
        return Ok(());
    };
    let Some(text) = current(dir, path)? else {
        return Ok(());
    };
    let found = gemini_count(&text, old);
    let matches = |n: usize| n == expected;
    if !matches(found) {
        return Err(format!(
            "`{tool}` on `{path}`: `old_string` occurs {found} time(s) in the file, not as often as expected, so Gemini CLI's edit corrector would rewrite it (unescaping, an LLM call) and could replace another place than the one checked"
        ));
    }
    let (t_old, t_new) = (gemini_trim(old), gemini_trim(new));
    if t_old != old && matches(gemini_count(&text, &t_old)) {
        let literal = text.replace(old, new);
        let trimmed = text.replace(&t_old, &t_new);
        if literal != trimmed {
            return Err(format!(
                "`{tool}` on `{path}`: Gemini CLI trims `old_string` and `new_string` (`trimPairIfPossible`) before it replaces, which writes another file than the literal replacement; give both without leading or trailing whitespace"
            ));
        }
    }
    Ok(())
}

/// Gemini CLI `write_file`: a whole-file write, refused on a file holding a `\r` (see
/// [`gemini_replace`]).
fn gemini_write(tool: &str, input: &Value, dir: &Path) -> Read {
    let m = object(tool, input)?;
    only(tool, m, &["file_path", "content"])?;
    let path = string(tool, m, "file_path")?;
    let content = string(tool, m, "content")?;
    no_carriage_return(tool, dir, path)?;
    // `write_file` runs `ensureCorrectFileContent` (a new file: unescaped, or rewritten by
    // an LLM) or `ensureCorrectEdit` (an existing one) on content that looks over-escaped.
    if gemini_would_unescape(content) {
        return Err(format!(
            "`{tool}` on `{path}`: the content holds a backslash escape (`\\n`, `\\t`, `\\\"`, `\\\\`, ...) that Gemini CLI's write tool unescapes or has an LLM rewrite before it writes (`ensureCorrectFileContent`, `ensureCorrectEdit`); editscope cannot know what it writes"
        ));
    }
    Ok((
        "Write".into(),
        json!({"file_path": path, "content": content}),
    ))
}

/// Refuses a call on a file whose text holds a `\r`: the host rewrites its line endings.
fn no_carriage_return(tool: &str, dir: &Path, path: &str) -> Result<(), String> {
    match current(dir, path)? {
        Some(text) if text.contains('\r') => Err(format!(
            "`{tool}` on `{path}`: the file holds `\\r` line endings, which the host rewrites in the whole file"
        )),
        _ => Ok(()),
    }
}

/// Cline `write_to_file`: a whole-file write of `content`, refused where Cline would write
/// other bytes than those given: it unescapes HTML entities and drops U+FFFD (for some
/// models), strips Markdown code fences around the content, and trims trailing
/// whitespace. Content that ends in more whitespace than one final newline is refused
/// too; the final newline itself is checked after the write (sessions).
fn cline_write(tool: &str, input: &Value) -> Read {
    let m = object(tool, input)?;
    only(tool, m, &["path", "content", "task_progress"])?;
    let path = string(tool, m, "path")?;
    let content = string(tool, m, "content")?;
    cline_rewrites(tool, path, content)?;
    let trimmed = content.trim_end();
    if trimmed != content && format!("{trimmed}\n") != content {
        return Err(format!(
            "`{tool}` on `{path}`: the content ends in whitespace that Cline trims before it writes"
        ));
    }
    let first = content.lines().find(|l| !l.trim().is_empty());
    let last = content.lines().rev().find(|l| !l.trim().is_empty());
    if first.is_some_and(|l| l.trim_start().starts_with("```"))
        || last.is_some_and(|l| l.trim_start().starts_with("```"))
    {
        return Err(format!(
            "`{tool}` on `{path}`: the content starts or ends with a code fence, which Cline strips"
        ));
    }
    Ok((
        "Write".into(),
        json!({"file_path": path, "content": content}),
    ))
}

/// Refuses text Cline rewrites before it uses it: HTML entities and U+FFFD.
fn cline_rewrites(tool: &str, path: &str, text: &str) -> Result<(), String> {
    const ENTITIES: [&str; 6] = ["&lt;", "&gt;", "&amp;", "&quot;", "&apos;", "&#"];
    if text.contains('\u{FFFD}') || ENTITIES.iter().any(|e| text.contains(e)) {
        return Err(format!(
            "`{tool}` on `{path}`: the text holds an HTML entity or U+FFFD, which Cline may rewrite before it writes"
        ));
    }
    Ok(())
}

fn gemini_replace_text(tool: &str, input: &Value) -> Read {
    let m = object(tool, input)?;
    only(
        tool,
        m,
        &[
            "file_path",
            "old_string",
            "new_string",
            "expected_replacements",
        ],
    )?;
    let path = string(tool, m, "file_path")?;
    let old = string(tool, m, "old_string")?;
    let new = string(tool, m, "new_string")?;
    let n = match m.get("expected_replacements") {
        None | Some(Value::Null) => 1,
        Some(v) => match v.as_u64() {
            Some(n) if n >= 1 => n,
            _ => {
                return Err(format!(
                    "the `{tool}` argument `expected_replacements` is not a positive integer"
                ))
            }
        },
    };
    if old.is_empty() {
        return Ok(("Write".into(), json!({"file_path": path, "content": new})));
    }
    Ok((
        "Edit".into(),
        json!({"file_path": path, "old_string": old, "new_string": new, "replace_all": n > 1}),
    ))
}

/// Cursor `Write`: `file_path` (or `path`) and `content`, or `old_string` and `new_string`.
fn cursor_write(tool: &str, input: &Value) -> Read {
    let m = object(tool, input)?;
    let key = if m.contains_key("file_path") {
        "file_path"
    } else {
        "path"
    };
    let path = string(tool, m, key)?;
    if m.contains_key("content") {
        only(tool, m, &[key, "content"])?;
        let content = string(tool, m, "content")?;
        return Ok((
            "Write".into(),
            json!({"file_path": path, "content": content}),
        ));
    }
    only(tool, m, &[key, "old_string", "new_string", "replace_all"])?;
    let old = string(tool, m, "old_string")?;
    let new = string(tool, m, "new_string")?;
    let all = match m.get("replace_all") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => {
            return Err(format!(
                "the `{tool}` argument `replace_all` is not a boolean"
            ))
        }
    };
    Ok((
        "Edit".into(),
        json!({"file_path": path, "old_string": old, "new_string": new, "replace_all": all}),
    ))
}

/// The file's text as the tool will read it, or `None` when it does not exist.
fn current(dir: &Path, path: &str) -> Result<Option<String>, String> {
    let full = dir.join(path);
    match std::fs::symlink_metadata(&full) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("cannot read `{path}`: {e}")),
        Ok(_) => {}
    }
    let bytes = crate::limits::read_file_bounded(&full, crate::limits::MAX_FILE_BYTES)?;
    String::from_utf8(bytes)
        .map(Some)
        .map_err(|_| format!("`{path}` is not valid UTF-8"))
}

/// The result of replacing each `old` by its `new` in `text`, where every reading of the
/// replacements gives the same result: each `old` occurs exactly once in `text` and once
/// in the text as the replacements before it leave it, the occurrences do not overlap,
/// and (with `in_order`) they come in the order of the replacements. A host may apply the
/// replacements one after the other, or all at their places in the original, or search
/// each one after the previous: under these conditions all three agree.
pub(super) fn splice(
    text: &str,
    reps: &[(String, String)],
    in_order: bool,
) -> Result<String, String> {
    let mut places: Vec<(usize, usize, &str)> = Vec::new();
    for (i, (old, new)) in reps.iter().enumerate() {
        if old.is_empty() {
            return Err(format!("replacement {} has an empty search text", i + 1));
        }
        let mut found = text.match_indices(old.as_str());
        let Some((at, _)) = found.next() else {
            return Err(format!(
                "the search text of replacement {} is not in the file exactly (the host may match it loosely, which editscope cannot follow)",
                i + 1
            ));
        };
        if found.next().is_some() {
            return Err(format!(
                "the search text of replacement {} occurs more than once in the file",
                i + 1
            ));
        }
        places.push((at, at + old.len(), new.as_str()));
    }
    if in_order && places.windows(2).any(|w| w[1].0 < w[0].1) {
        return Err("the replacements are not in the order of the file, or overlap".into());
    }
    let mut sorted = places.clone();
    sorted.sort_by_key(|p| p.0);
    if sorted.windows(2).any(|w| w[1].0 < w[0].1) {
        return Err("two replacements overlap".into());
    }
    let mut positional = String::with_capacity(text.len());
    let mut last = 0;
    for (start, end, new) in &sorted {
        positional.push_str(&text[last..*start]);
        positional.push_str(new);
        last = *end;
    }
    positional.push_str(&text[last..]);
    let mut sequential = text.to_string();
    for (i, (old, new)) in reps.iter().enumerate() {
        let mut found = sequential.match_indices(old.as_str());
        let at = match (found.next(), found.next()) {
            (Some((at, _)), None) => at,
            _ => {
                return Err(format!(
                    "the search text of replacement {} is not unique once the replacements before it are made",
                    i + 1
                ))
            }
        };
        sequential.replace_range(at..at + old.len(), new);
    }
    if sequential != positional {
        return Err("the replacements give different results applied one after the other and at their places".into());
    }
    Ok(positional)
}

/// A whole-file write of what the replacements make of the file at `path`.
fn spliced(tool: &str, dir: &Path, path: &str, reps: &[(String, String)], in_order: bool) -> Read {
    let Some(text) = current(dir, path)? else {
        return Err(format!(
            "`{tool}` replaces text in `{path}`, which does not exist"
        ));
    };
    let after = splice(&text, reps, in_order).map_err(|e| format!("`{tool}` on `{path}`: {e}"))?;
    Ok(("Write".into(), json!({"file_path": path, "content": after})))
}

/// Cline `replace_in_file`: SEARCH/REPLACE blocks (`------- SEARCH`, `=======`,
/// `+++++++ REPLACE`, or the `<<<<<<<` / `>>>>>>>` forms), each line of a block ending in a
/// newline, searched in order in the original file.
fn cline_replace(tool: &str, input: &Value, dir: &Path) -> Read {
    let m = object(tool, input)?;
    only(tool, m, &["path", "diff", "task_progress"])?;
    let path = string(tool, m, "path")?;
    let diff = string(tool, m, "diff")?;
    cline_rewrites(tool, path, diff)?;
    // Cline reads markers of any length of 7 or more, indented ones too: a line either
    // reader could take for a marker must be a marker to both.
    for line in diff.split('\n') {
        let t = line.trim();
        let c = t.chars().next().unwrap_or(' ');
        let run = t.chars().take_while(|x| *x == c).count();
        let canonical = [
            "------- SEARCH",
            "<<<<<<< SEARCH",
            "=======",
            "+++++++ REPLACE",
            ">>>>>>> REPLACE",
        ];
        if "-=+<>".contains(c) && run >= 3 && !canonical.contains(&line) {
            return Err(format!(
                "`{tool}` on `{path}`: the line `{}` may be read as a block marker by Cline and not by editscope (write markers as `------- SEARCH`, `=======`, `+++++++ REPLACE`, at the start of their lines)",
                line.chars().take(40).collect::<String>()
            ));
        }
    }
    let reps = parse_search_replace(diff).map_err(|e| format!("`{tool}` on `{path}`: {e}"))?;
    spliced(tool, dir, path, &reps, true)
}

fn marker(line: &str, ch: char, word: &str) -> bool {
    let l = line.trim_end_matches('\r');
    let run = l.chars().take_while(|c| *c == ch).count();
    if run < 3 {
        return false;
    }
    let rest = &l[run..];
    if word.is_empty() {
        return rest.is_empty();
    }
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    rest == word || rest.strip_suffix('>') == Some(word)
}

/// The blocks of a SEARCH/REPLACE diff, in order.
pub(super) fn parse_search_replace(diff: &str) -> Result<Vec<(String, String)>, String> {
    enum State {
        Out,
        Search(String),
        Replace(String, String),
    }
    let mut state = State::Out;
    let mut blocks = Vec::new();
    for line in diff.split('\n') {
        let search = marker(line, '-', "SEARCH") || marker(line, '<', "SEARCH");
        let split = marker(line, '=', "");
        let replace = marker(line, '+', "REPLACE") || marker(line, '>', "REPLACE");
        state = match state {
            State::Out if search => State::Search(String::new()),
            State::Out if line.trim().is_empty() => State::Out,
            State::Out => {
                return Err(format!(
                    "text outside a SEARCH/REPLACE block (`{}`)",
                    line.chars().take(60).collect::<String>()
                ))
            }
            State::Search(s) if split => State::Replace(s, String::new()),
            State::Search(_) if search || replace => {
                return Err("a SEARCH block is not closed by `=======`".into())
            }
            State::Search(mut s) => {
                s.push_str(line);
                s.push('\n');
                State::Search(s)
            }
            State::Replace(s, r) if replace => {
                blocks.push((s, r));
                State::Out
            }
            State::Replace(_, _) if search || split => {
                return Err("a REPLACE block is not closed by `+++++++ REPLACE`".into())
            }
            State::Replace(s, mut r) => {
                r.push_str(line);
                r.push('\n');
                State::Replace(s, r)
            }
        };
    }
    if !matches!(state, State::Out) {
        return Err("the last SEARCH/REPLACE block is not closed".into());
    }
    if blocks.is_empty() {
        return Err("no SEARCH/REPLACE block".into());
    }
    Ok(blocks)
}

/// Windsurf `pre_write_code`: `file_path` and `edits: [{old_string, new_string}]`. One
/// edit with an empty `old_string` on a file that does not exist writes it whole.
fn windsurf_edits(tool: &str, input: &Value, dir: &Path) -> Read {
    let m = object(tool, input)?;
    let path = string(tool, m, "file_path")?;
    let edits = match m.get("edits") {
        Some(Value::Array(a)) => a,
        Some(_) => return Err(format!("the `{tool}` argument `edits` is not an array")),
        None => return Err(format!("the `{tool}` call has no `edits`")),
    };
    let mut reps = Vec::new();
    for e in edits {
        let e = object(tool, e)?;
        only(tool, e, &["old_string", "new_string"])?;
        reps.push((
            string(tool, e, "old_string")?.to_string(),
            string(tool, e, "new_string")?.to_string(),
        ));
    }
    if let [(old, new)] = reps.as_slice() {
        if old.is_empty() {
            if current(dir, path)?.is_some() {
                return Err(format!(
                    "`{tool}` has an empty `old_string` for `{path}`, which exists: what that writes is not documented"
                ));
            }
            return Ok(("Write".into(), json!({"file_path": path, "content": new})));
        }
    }
    if reps.is_empty() {
        return Err(format!("the `{tool}` call has no edits"));
    }
    spliced(tool, dir, path, &reps, false)
}
