//! The shell shapes that deliver a Codex `apply_patch`: `apply_patch <<'EOF' ... EOF`, after
//! any number of `cd DIR` steps joined by `&&` (never `;` or a newline: a `cd` that fails
//! there leaves the shell in the old directory). Read exactly or refused:
//! anything else that mentions `apply_patch` (variables, `~`, `pushd`, subshells, pipes,
//! other commands in the chain) cannot be judged.

use std::path::{Path, PathBuf};

/// The command names Codex runs `apply_patch` under.
pub const APPLY_PATCH_COMMANDS: [&str; 2] = ["apply_patch", "applypatch"];

/// A patch delivered by a shell script: the directory its paths are relative to, and the
/// patch text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShellPatch {
    /// The directory after every `cd`.
    pub dir: PathBuf,
    /// The patch text (the heredoc body).
    pub patch: String,
}

/// Whether `script` may run `apply_patch`: the command name as a whole word anywhere
/// (`sudo`, `xargs`, `timeout 5` and the like can run it from any position), or a Codex
/// patch envelope.
pub fn mentions_apply_patch(script: &str) -> bool {
    if script.contains("*** Begin Patch") {
        return true;
    }
    let ident = |c: char| c.is_alphanumeric() || c == '_' || c == '-' || c == '.';
    APPLY_PATCH_COMMANDS.iter().any(|name| {
        script.match_indices(name).any(|(i, _)| {
            let before = script[..i].chars().next_back();
            let after = script[i + name.len()..].chars().next();
            !before.is_some_and(ident) && !after.is_some_and(ident)
        })
    })
}

/// One word of the command line, unquoted.
fn word(chars: &[char], at: &mut usize) -> Result<String, String> {
    let mut out = String::new();
    while let Some(&c) = chars.get(*at) {
        match c {
            ' ' | '\t' | '\n' | ';' | '&' => break,
            '\'' => {
                *at += 1;
                loop {
                    match chars.get(*at) {
                        None => return Err("an unterminated single quote".into()),
                        Some('\'') => break,
                        Some(&c) => out.push(c),
                    }
                    *at += 1;
                }
            }
            '"' => {
                *at += 1;
                loop {
                    match chars.get(*at) {
                        None => return Err("an unterminated double quote".into()),
                        Some('"') => break,
                        Some('$' | '`' | '\\') => {
                            return Err("an expansion or escape inside double quotes".into())
                        }
                        Some(&c) => out.push(c),
                    }
                    *at += 1;
                }
            }
            // At a word's start, or after `=` / `:` (bash expands `a=~` too).
            '~' => return Err("`~` (the home directory)".into()),
            '$' | '`' | '\\' | '|' | '(' | ')' | '{' | '}' | '>' | '*' | '?' | '[' | '#' | '!' => {
                return Err(format!("`{c}`, which editscope does not interpret"))
            }
            '<' => break,
            c => out.push(c),
        }
        *at += 1;
    }
    Ok(out)
}

/// Reads `script` (run in `dir`) as `cd` steps and one `apply_patch` heredoc.
/// [`ToolCallError::Shell`](super::ToolCallError::Shell) names what could not be interpreted.
pub fn read_script(script: &str, dir: &Path) -> Result<ShellPatch, super::ToolCallError> {
    read(script, dir).map_err(|reason| super::ToolCallError::Shell { reason })
}

/// [`read_script`], with the reason as a string.
fn read(script: &str, dir: &Path) -> Result<ShellPatch, String> {
    let chars: Vec<char> = script.chars().collect();
    let mut at = 0usize;
    let mut dir = dir.to_path_buf();
    let mut command: Vec<String> = Vec::new();
    let skip_blank = |at: &mut usize| {
        while matches!(chars.get(*at), Some(' ' | '\t')) {
            *at += 1;
        }
    };
    let finish = |command: &mut Vec<String>, dir: &mut PathBuf| -> Result<(), String> {
        match command.as_slice() {
            [] => Ok(()),
            [cd, target] if cd == "cd" => {
                if target.is_empty() || target == "-" || target.starts_with('-') {
                    return Err(format!("`cd {target}`"));
                }
                // With `$CDPATH` set, bash looks a relative name up there first.
                let plain_relative = !target.starts_with('/')
                    && !target.starts_with("./")
                    && !target.starts_with("../")
                    && target != "."
                    && target != "..";
                if plain_relative && std::env::var_os("CDPATH").is_some_and(|v| !v.is_empty()) {
                    return Err(format!("`cd {target}` with `$CDPATH` set"));
                }
                *dir = dir.join(target);
                command.clear();
                Ok(())
            }
            _ => Err(format!(
                "the command `{}` (only `cd DIR` may come before `apply_patch`)",
                command.join(" ")
            )),
        }
    };
    loop {
        skip_blank(&mut at);
        match chars.get(at) {
            None => return Err("no `apply_patch <<EOF` heredoc".into()),
            Some('\n' | ';') => {
                // Only `&&` runs `apply_patch` after a `cd` that succeeded: after `;` or a
                // newline a failed `cd` leaves the shell where it was.
                if !command.is_empty() {
                    return Err(format!(
                        "`{}` followed by `;` or a newline (if it fails, the shell runs on in the old directory; join with `&&`)",
                        command.join(" ")
                    ));
                }
                at += 1;
            }
            Some('&') => {
                if chars.get(at + 1) != Some(&'&') || command.is_empty() {
                    return Err("`&` (a background job)".into());
                }
                finish(&mut command, &mut dir)?;
                at += 2;
            }
            Some('<') => {
                if chars.get(at + 1) != Some(&'<') || chars.get(at + 2) == Some(&'<') {
                    return Err("a redirection other than a heredoc".into());
                }
                if command.len() != 1 || !APPLY_PATCH_COMMANDS.contains(&command[0].as_str()) {
                    return Err(format!(
                        "a heredoc for `{}` rather than `apply_patch`",
                        command.join(" ")
                    ));
                }
                at += 2;
                if chars.get(at) == Some(&'-') {
                    return Err("`<<-` (a tab-stripping heredoc)".into());
                }
                skip_blank(&mut at);
                // An unquoted delimiter lets the shell expand `$`, backquotes and `\` in the
                // body: what runs would not be the text read here.
                let quoted = matches!(chars.get(at), Some('\'' | '"'));
                let delim = word(&chars, &mut at)?;
                if delim.is_empty() || !delim.chars().all(|c| c.is_alphanumeric() || c == '_') {
                    return Err(format!("the heredoc delimiter `{delim}`"));
                }
                skip_blank(&mut at);
                if chars.get(at) != Some(&'\n') {
                    return Err("more commands after the heredoc start".into());
                }
                let rest: String = chars[at + 1..].iter().collect();
                let mut body = String::new();
                let mut lines = rest.split_inclusive('\n');
                let mut closed = false;
                for line in lines.by_ref() {
                    if line.strip_suffix('\n').unwrap_or(line) == delim {
                        closed = true;
                        break;
                    }
                    body.push_str(line);
                }
                if !closed {
                    return Err(format!("the heredoc is not closed by `{delim}`"));
                }
                if lines.any(|l| !l.trim().is_empty()) {
                    return Err("more commands after the heredoc".into());
                }
                if !quoted && body.contains(['$', '`', '\\']) {
                    return Err(
                        "an unquoted heredoc whose body the shell would expand (`$`, `` ` `` or `\\`); quote the delimiter (`<<'EOF'`)"
                            .into(),
                    );
                }
                return Ok(ShellPatch { dir, patch: body });
            }
            Some(_) => {
                let w = word(&chars, &mut at)?;
                if w.is_empty() {
                    return Err("an empty word".into());
                }
                if command.is_empty() && !(w == "cd" || APPLY_PATCH_COMMANDS.contains(&w.as_str()))
                {
                    return Err(format!(
                        "the command `{w}` (only `cd DIR` may come before `apply_patch`)"
                    ));
                }
                command.push(w);
                if command.len() > 2 {
                    return Err(format!("the command `{}`", command.join(" ")));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: &str = "*** Begin Patch\n*** Add File: x.py\n+x = 1\n*** End Patch\n";

    #[test]
    fn cd_steps_and_heredocs() {
        let base = Path::new("/w");
        for (script, dir) in [
            (format!("apply_patch <<'EOF'\n{P}EOF\n"), "/w"),
            (format!("apply_patch <<EOF\n{P}EOF"), "/w"),
            (
                format!("cd sub && apply_patch <<\"EOF\"\n{P}EOF\n"),
                "/w/sub",
            ),
            (
                format!("cd sub && cd 'a b' && applypatch <<'PATCH'\n{P}PATCH\n\n"),
                "/w/sub/a b",
            ),
            (format!("cd /abs &&\napply_patch <<'EOF'\n{P}EOF\n"), "/abs"),
        ] {
            let got = read_script(&script, base).unwrap();
            assert_eq!(got.dir, Path::new(dir), "{script}");
            assert_eq!(got.patch, P);
        }
    }

    #[test]
    fn anything_else_is_refused() {
        for script in [
            format!("cd $HOME && apply_patch <<'EOF'\n{P}EOF\n"),
            format!("cd ~/x && apply_patch <<'EOF'\n{P}EOF\n"),
            format!("pushd sub && apply_patch <<'EOF'\n{P}EOF\n"),
            format!("(cd sub && apply_patch <<'EOF'\n{P}EOF\n)"),
            format!("cd sub || apply_patch <<'EOF'\n{P}EOF\n"),
            format!("cd && apply_patch <<'EOF'\n{P}EOF\n"),
            format!("cd - && apply_patch <<'EOF'\n{P}EOF\n"),
            format!("cd \"$D\" && apply_patch <<'EOF'\n{P}EOF\n"),
            format!("true && apply_patch <<'EOF'\n{P}EOF\n"),
            format!("apply_patch <<'EOF'\n{P}EOF\nrm -rf x\n"),
            format!("apply_patch <<'EOF' && cd x\n{P}EOF\n"),
            format!("apply_patch <<-'EOF'\n{P}EOF\n"),
            format!("apply_patch <<'EOF'\n{P}"),
            "apply_patch < p.diff".to_string(),
            "cat p | apply_patch".to_string(),
            "apply_patch <<EOF\n*** Begin Patch\n*** Add File: x.py\n+x = $HOME\n*** End Patch\nEOF\n".to_string(),
            "apply_patch <<EOF\n*** Begin Patch\n*** Add File: x.py\n+x = `id`\n*** End Patch\nEOF\n".to_string(),
            format!("cd a b && apply_patch <<'EOF'\n{P}EOF\n"),
            format!("cd x=~/y && apply_patch <<'EOF'\n{P}EOF\n"),
            format!("cd tests; apply_patch <<'EOF'\n{P}EOF\n"),
            format!("cd tests\napply_patch <<'EOF'\n{P}EOF\n"),
            format!("cd a && cd b; apply_patch <<'EOF'\n{P}EOF\n"),
        ] {
            assert!(read_script(&script, Path::new("/w")).is_err(), "{script}");
        }
    }

    #[test]
    fn mentions() {
        assert!(mentions_apply_patch("cd x && apply_patch <<'EOF'"));
        assert!(mentions_apply_patch("echo hi; applypatch < f"));
        assert!(mentions_apply_patch("/usr/bin/apply_patch x"));
        assert!(mentions_apply_patch("timeout 5 apply_patch x"));
        assert!(!mentions_apply_patch("cat apply_patch.py my_apply_patch"));
        assert!(!mentions_apply_patch("ls -la"));
    }

    mod property {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(2000))]
            /// Any script: never a panic; an accepted one is `cd` steps and a heredoc whose
            /// body occurs verbatim in the script, and every `cd` word is plain.
            #[test]
            fn scripts_are_read_exactly_or_refused(
                parts in proptest::collection::vec(prop_oneof![
                    Just("cd ".to_string()), Just("sub".to_string()), Just("'a b'".to_string()),
                    Just("$X".to_string()), Just("~".to_string()), Just(" && ".to_string()),
                    Just("; ".to_string()), Just("\n".to_string()), Just("|".to_string()),
                    Just("(".to_string()), Just("apply_patch ".to_string()), Just("<<".to_string()),
                    Just("'EOF'".to_string()), Just("EOF".to_string()), Just("\"".to_string()),
                    Just("*** Begin Patch\n".to_string()), Just("`".to_string()),
                    Just("\\".to_string()), Just("..".to_string()), Just("-".to_string()),
                ], 0..14),
            ) {
                let script: String = parts.concat();
                if let Ok(got) = read_script(&script, Path::new("/w")) {
                    prop_assert!(script.contains(&got.patch), "{:?}", script);
                    let dir = got.dir.to_string_lossy().into_owned();
                    prop_assert!(!dir.contains(['$', '~', '`', '(', '|', '\\']), "{:?}", script);
                    prop_assert!(APPLY_PATCH_COMMANDS.iter().any(|c| script.contains(c)));
                }
            }
        }
    }
}
