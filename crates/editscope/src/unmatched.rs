//! Selectors that match nothing (likely typos), and the names nearest to them.
//!
//! A symbol selector (`edit`, `body`, `delete`, `add`) whose file part matches no file, or
//! whose symbol part matches no symbol of the files it matches, is reported as a
//! [`SelectorWarning`] with at most three suggestions. Which files count:
//!
//! - **no file**: the file part matches no file of the change (its paths before and after)
//!   and none of the files the caller knows to exist ([`CheckChangesOptions::known_files`](
//!   crate::CheckChangesOptions::known_files), the CLI passes the repository's tracked
//!   files). Without that list nothing is said: a contract may name files a change leaves
//!   alone.
//! - **no symbol**: the file part matches files of the change, and no symbol of their
//!   `before` or `after` matches the symbol part.
//!
//! Warnings never change a verdict; with
//! [`CheckChangesOptions::strict`](crate::CheckChangesOptions::strict) they are an
//! [`Error::UnmatchedSelector`](crate::Error::UnmatchedSelector).

use std::collections::BTreeSet;

use serde::Serialize;

use crate::changeset::ChangeSet;
use crate::contract::Contract;
use crate::source::SourceFile;
use crate::suggest::nearest;
use crate::Language;

/// What a selector failed to match.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectorWarningKind {
    /// Its file part matches no file of the change nor of the repository.
    NoFile,
    /// Its symbol part matches no symbol in the files its file part matches.
    NoSymbol,
}

/// A contract selector that matches nothing, with the nearest names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SelectorWarning {
    /// The contract key it is listed under (`edit`, `body`, `delete`, `add`).
    pub key: &'static str,
    /// The selector as written.
    pub selector: String,
    /// What it failed to match.
    pub kind: SelectorWarningKind,
    /// For [`SelectorWarningKind::NoSymbol`]: the files searched (changed files its file part
    /// matches).
    pub files: Vec<String>,
    /// At most three near names: whole selectors for a missing file, symbol paths for a
    /// missing symbol; nearest first.
    pub suggestions: Vec<String>,
    /// The warning as one sentence (`selector "a.py::f" matches no file; did you mean ...?`).
    pub message: String,
}

impl SelectorWarning {
    /// The error a strict check gives for `warnings` ([`Error::UnmatchedSelector`](crate::Error::UnmatchedSelector): the
    /// first selector, every message one a line), or `None` when there are none. What
    /// [`CheckChangesOptions::strict`](crate::CheckChangesOptions::strict) raises; front ends
    /// that check through other paths (tool calls) apply it to the report's warnings.
    pub fn strict_error(warnings: &[SelectorWarning]) -> Option<crate::Error> {
        let first = warnings.first()?;
        let message: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
        Some(crate::Error::UnmatchedSelector {
            selector: first.selector.clone(),
            message: format!("--strict: {}", message.join("\n")),
        })
    }
}

/// `; did you mean "a", "b" or "c"?`, or nothing.
fn did_you_mean(suggestions: &[String]) -> String {
    let quoted: Vec<String> = suggestions.iter().map(|s| format!("\"{s}\"")).collect();
    match quoted.as_slice() {
        [] => String::new(),
        [one] => format!("; did you mean {one}?"),
        [init @ .., last] => format!("; did you mean {} or {last}?", init.join(", ")),
    }
}

/// At most three files near the file part `file`: the nearest paths; when none is near
/// (the directories are missing or wrong: `cor.py`, `click/core.py` for
/// `src/click/core.py`), the files of the same name anywhere, then those of the nearest
/// names; nearest first.
fn nearest_files(file: &str, candidates: &BTreeSet<&str>) -> Vec<String> {
    let near = nearest(file, candidates.iter().copied());
    if !near.is_empty() {
        return near;
    }
    let name = file.rsplit('/').next().unwrap_or(file);
    let mut by_name: std::collections::BTreeMap<&str, Vec<&str>> =
        std::collections::BTreeMap::new();
    for c in candidates {
        by_name
            .entry(c.rsplit('/').next().unwrap_or(c))
            .or_default()
            .push(c);
    }
    let same = by_name.get(name).into_iter().flatten().copied();
    let similar = nearest(name, by_name.keys().copied());
    let similar = similar
        .iter()
        .flat_map(|n| by_name.get(n.as_str()).into_iter().flatten().copied());
    let mut out: Vec<String> = Vec::new();
    for c in same.chain(similar) {
        if out.len() == MAX_SUGGESTIONS {
            break;
        }
        if c != file && !out.iter().any(|o| o == c) {
            out.push(c.to_string());
        }
    }
    out
}

/// How many suggestions a warning gives at most.
const MAX_SUGGESTIONS: usize = 3;

/// At most three symbol paths near the symbol part `pattern`: its member forms first (a
/// symbol whose path ends in `pattern` after a separator: `Engine.Use` for `Use`,
/// `Service.create` for `create`), then the nearest paths by edit distance.
pub(crate) fn nearest_symbols(pattern: &str, paths: &BTreeSet<String>, sep: &str) -> Vec<String> {
    let literal = !pattern.contains(['*', '?', '[']);
    let members = paths.iter().filter(|p| {
        literal
            && p.len() > pattern.len()
            && p.ends_with(pattern)
            && p[..p.len() - pattern.len()].ends_with(sep)
    });
    let near = nearest(pattern, paths.iter().map(String::as_str));
    let mut out: Vec<String> = Vec::new();
    for p in members.chain(near.iter()) {
        if out.len() == MAX_SUGGESTIONS {
            break;
        }
        if !out.contains(p) {
            out.push(p.clone());
        }
    }
    out
}

/// The symbol paths of `text` (and Rust short forms), or none if it is not source editscope
/// parses.
fn symbol_paths(language: Option<Language>, text: Option<&str>, out: &mut BTreeSet<String>) {
    let (Some(language), Some(text)) = (language, text) else {
        return;
    };
    let Ok(file) = SourceFile::parse(language, text) else {
        return;
    };
    for s in file.symbols() {
        out.insert(s.path.clone());
        if let Some(short) = &s.short_path {
            out.insert(short.clone());
        }
    }
}

/// The selectors of `contract` that match nothing in `changes` (or in `known`, the files
/// known to exist, for the file part). `used` holds the selectors that granted something.
pub(crate) fn selector_warnings(
    contract: &Contract,
    changes: &ChangeSet,
    used: &BTreeSet<String>,
    known: Option<&[String]>,
    unverifiable: &BTreeSet<&str>,
) -> Vec<SelectorWarning> {
    let changed: BTreeSet<&str> = changes
        .files
        .iter()
        .flat_map(|f| std::iter::once(f.path.as_str()).chain(f.old_path.as_deref()))
        .collect();
    let mut out = Vec::new();
    // Each file's symbol paths, read once for every selector that searches it (a contract
    // with many selectors on one file parsed it twice per selector).
    let mut paths_of: std::collections::HashMap<&str, BTreeSet<String>> =
        std::collections::HashMap::new();
    for (key, selector) in contract.selectors() {
        // `protect` too, symbol selectors and file globs: a protect entry that matches
        // nothing protects nothing (with only `protect`, the contract then allows
        // everything), which the user must hear about, and `--strict` must refuse.
        if !matches!(key, "edit" | "body" | "delete" | "add" | "protect") {
            continue;
        }
        let (file, symbol) = match selector.split_once("::") {
            Some((f, s)) => (f, Some(s)),
            None => (selector.as_str(), None),
        };
        // A protected file entry names what lies below it too (`src/auth` as `src/auth/**`).
        let below = (key == "protect" && symbol.is_none())
            .then(|| format!("{}/**", file.trim_end_matches('/')));
        let names = |path: &str| {
            Contract::selector_matches_file(&selector, path)
                || below
                    .as_deref()
                    .is_some_and(|b| Contract::selector_matches_file(b, path))
        };
        let matched: Vec<&crate::changeset::FileChange> = changes
            .files
            .iter()
            .filter(|f| names(&f.path) || f.old_path.as_deref().is_some_and(names))
            .collect();
        if matched.is_empty() {
            let Some(known) = known else { continue };
            if known.iter().any(|k| names(k)) {
                continue;
            }
            let candidates: BTreeSet<&str> = changed
                .iter()
                .copied()
                .chain(known.iter().map(String::as_str))
                .collect();
            // Files it matches but for case (`src/Auth/**`, `*.PY`) first, then the
            // nearest names.
            let same_but_case: Vec<String> = candidates
                .iter()
                .filter(|c| Contract::selector_matches_file_ignoring_case(file, c))
                .take(3)
                .map(|c| c.to_string())
                .collect();
            let near = if same_but_case.is_empty() {
                nearest_files(file, &candidates)
            } else {
                same_but_case
            };
            let suggestions: Vec<String> = near
                .into_iter()
                .map(|f| match symbol {
                    Some(s) => format!("{f}::{s}"),
                    None => f,
                })
                .collect();
            let message = format!(
                "selector \"{selector}\" matches no file{}",
                did_you_mean(&suggestions)
            );
            out.push(SelectorWarning {
                key,
                selector: selector.clone(),
                kind: SelectorWarningKind::NoFile,
                files: vec![],
                suggestions,
                message,
            });
            continue;
        }
        let Some(symbol) = symbol else { continue };
        if used.contains(&selector) {
            continue;
        }
        // A file that could not be checked (its `before` does not parse, the budget ran out)
        // is reported unverifiable; that its symbols matched nothing says nothing more.
        let matched: Vec<&crate::changeset::FileChange> = matched
            .into_iter()
            .filter(|f| !unverifiable.contains(f.path.as_str()))
            .collect();
        if matched.is_empty() {
            continue;
        }
        let mut paths = BTreeSet::new();
        let mut files = Vec::new();
        for f in &matched {
            let of_file = paths_of.entry(f.path.as_str()).or_insert_with(|| {
                let language = Language::from_path(&f.path);
                let mut set = BTreeSet::new();
                symbol_paths(language, f.before.as_deref(), &mut set);
                symbol_paths(language, f.after.as_deref(), &mut set);
                set
            });
            paths.extend(of_file.iter().cloned());
            files.push(f.path.clone());
        }
        // A symbol the change creates (in `after` only) is no typo.
        let language = Language::from_path(&matched[0].path);
        let pattern = language.map_or(std::borrow::Cow::Borrowed(symbol), |l| {
            crate::language::names::canonical_pattern(l, symbol)
        });
        let sep = language.map_or("::", |l| l.path_separator());
        if paths
            .iter()
            .any(|p| crate::contract::path_matches(&pattern, p, sep))
        {
            continue;
        }
        let suggestions = nearest_symbols(&pattern, &paths, sep);
        let message = format!(
            "selector \"{selector}\" matches no symbol in {}{}",
            files.join(", "),
            did_you_mean(&suggestions)
        );
        out.push(SelectorWarning {
            key,
            selector: selector.clone(),
            kind: SelectorWarningKind::NoSymbol,
            files,
            suggestions,
            message,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{check_changes_with, CheckChangesOptions, Error, Status};

    const CORE: &str = "class Context:\n    def invoke(self):\n        return 1\n";

    fn changes(files: &[(&str, Option<&str>, Option<&str>)]) -> ChangeSet {
        ChangeSet::from_memory(
            files
                .iter()
                .map(|(p, b, a)| (*p, b.map(str::to_string), a.map(str::to_string))),
        )
        .unwrap()
    }

    fn options(known: Option<&[&str]>, strict: bool) -> CheckChangesOptions {
        CheckChangesOptions {
            known_files: known.map(|k| k.iter().map(|s| s.to_string()).collect()),
            strict,
            ..CheckChangesOptions::default()
        }
    }

    fn edited_core() -> ChangeSet {
        let after = CORE.replace("return 1", "return 2");
        changes(&[("src/click/core.py", Some(CORE), Some(&after))])
    }

    #[test]
    fn a_file_part_matching_no_known_file_is_a_no_file_warning_with_suggestions() {
        let contract = Contract::builder()
            .body("src/click/cor.py::Context.invoke")
            .build()
            .unwrap();
        let known = ["src/click/core.py", "src/click/utils.py", "README.md"];
        let report =
            check_changes_with(&contract, &edited_core(), &options(Some(&known), false)).unwrap();
        // A warning never turns a rejection into anything else.
        assert_eq!(report.status, Status::Rejected);
        assert_eq!(
            report.selector_warnings.len(),
            1,
            "{:?}",
            report.selector_warnings
        );
        let w = &report.selector_warnings[0];
        assert_eq!(w.kind, SelectorWarningKind::NoFile);
        assert_eq!(w.key, "body");
        assert_eq!(w.suggestions, ["src/click/core.py::Context.invoke"]);
        assert_eq!(
            w.message,
            "selector \"src/click/cor.py::Context.invoke\" matches no file; did you mean \"src/click/core.py::Context.invoke\"?"
        );
        // In the JSON too, typed.
        let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
        assert_eq!(json["selector_warnings"][0]["kind"], "no_file");
    }

    #[test]
    fn no_file_needs_the_known_files_and_a_real_miss() {
        let contract = Contract::builder()
            .body("src/click/cor.py::Context.invoke")
            .build()
            .unwrap();
        // Without the repository's files, a contract may name files the change leaves alone.
        let report = check_changes_with(&contract, &edited_core(), &options(None, true)).unwrap();
        assert!(report.selector_warnings.is_empty());
        // A file that exists but is not changed is no typo.
        let known = ["src/click/cor.py"];
        let report =
            check_changes_with(&contract, &edited_core(), &options(Some(&known), true)).unwrap();
        assert!(report.selector_warnings.is_empty());
    }

    #[test]
    fn a_symbol_part_matching_no_symbol_is_a_no_symbol_warning() {
        let contract = Contract::builder()
            .body("src/click/*.py::Context.invok")
            .build()
            .unwrap();
        let report = check_changes_with(&contract, &edited_core(), &options(None, false)).unwrap();
        assert_eq!(report.status, Status::Rejected);
        let w = &report.selector_warnings[0];
        assert_eq!(w.kind, SelectorWarningKind::NoSymbol);
        assert_eq!(w.files, ["src/click/core.py"]);
        assert_eq!(
            w.message,
            "selector \"src/click/*.py::Context.invok\" matches no symbol in src/click/core.py; did you mean \"Context.invoke\"?"
        );
        assert!(report.warnings.contains(&w.message));
    }

    #[test]
    fn a_symbol_the_change_creates_is_no_typo() {
        let contract = Contract::builder()
            .edit("src/*.py::made")
            .create("src/**")
            .build()
            .unwrap();
        let cs = changes(&[("src/new.py", None, Some("def made():\n    pass\n"))]);
        let report = check_changes_with(&contract, &cs, &options(Some(&[]), true)).unwrap();
        assert!(
            report.selector_warnings.is_empty(),
            "{:?}",
            report.selector_warnings
        );
    }

    #[test]
    fn strict_makes_warnings_an_error() {
        let contract = Contract::builder()
            .body("src/click/core.py::Context.invoke")
            .body("src/click/*.py::Contxt.invoke")
            .build()
            .unwrap();
        let err = check_changes_with(&contract, &edited_core(), &options(None, true)).unwrap_err();
        match err {
            Error::UnmatchedSelector { selector, message } => {
                assert_eq!(selector, "src/click/*.py::Contxt.invoke");
                assert!(
                    message.contains("did you mean \"Context.invoke\""),
                    "{message}"
                );
            }
            e => panic!("{e:?}"),
        }
        // Without strict the same change is allowed, with the warning.
        let report = check_changes_with(&contract, &edited_core(), &options(None, false)).unwrap();
        assert_eq!(report.status, Status::Allowed);
        assert_eq!(report.selector_warnings.len(), 1);
    }

    #[test]
    fn a_literal_selector_naming_no_symbol_errors_with_the_nearest_names() {
        let contract = Contract::builder()
            .body("src/click/core.py::Context.invok")
            .build()
            .unwrap();
        let err = check_changes_with(&contract, &edited_core(), &options(None, false)).unwrap_err();
        assert!(
            err.to_string().contains("did you mean `Context.invoke`"),
            "{err}"
        );
    }

    /// A file part without the right directories (`cor.py`, `click/core.py`) suggests the
    /// files of that (or the nearest) name wherever they are.
    #[test]
    fn a_file_part_missing_its_directories_suggests_the_file_by_name() {
        let known = ["src/click/core.py", "src/click/utils.py", "README.md"];
        for (selector, want) in [
            (
                "cor.py::Context.invoke",
                "src/click/core.py::Context.invoke",
            ),
            (
                "click/core.py::Context.invoke",
                "src/click/core.py::Context.invoke",
            ),
            ("core.py", "src/click/core.py"),
        ] {
            let contract = if selector.contains("::") {
                Contract::builder().body(selector)
            } else {
                Contract::builder().protect(selector)
            }
            .build()
            .unwrap();
            let report =
                check_changes_with(&contract, &edited_core(), &options(Some(&known), false))
                    .unwrap();
            let w = &report.selector_warnings[0];
            assert_eq!(w.kind, SelectorWarningKind::NoFile, "{selector}");
            assert_eq!(w.suggestions, [want], "{selector}");
            assert!(
                w.message.ends_with(&format!("did you mean \"{want}\"?")),
                "{}",
                w.message
            );
            // --strict makes it an error, naming the same file.
            let err = check_changes_with(&contract, &edited_core(), &options(Some(&known), true))
                .unwrap_err();
            assert!(err.to_string().contains(want), "{err}");
        }
    }

    /// A symbol part naming a member by its own name (`invoke` for `Context.invoke`, `Use`
    /// for Go's `Engine.Use`) suggests the member forms first.
    #[test]
    fn a_member_named_alone_suggests_its_member_forms() {
        let contract = Contract::builder()
            .body("src/click/*.py::invoke")
            .build()
            .unwrap();
        let report = check_changes_with(&contract, &edited_core(), &options(None, false)).unwrap();
        let w = &report.selector_warnings[0];
        assert_eq!(w.kind, SelectorWarningKind::NoSymbol);
        assert_eq!(w.suggestions, ["Context.invoke"]);
        let go = "package gin\n\ntype Engine struct{}\n\nfunc (e *Engine) Use(h int) int {\n\treturn h\n}\n\nfunc (e *Engine) User() int {\n\treturn 1\n}\n";
        let after = go.replace("return h", "return h + 1");
        let cs = changes(&[("gin.go", Some(go), Some(&after))]);
        let contract = Contract::builder().body("*.go::Use").build().unwrap();
        let report = check_changes_with(&contract, &cs, &options(None, false)).unwrap();
        assert_eq!(report.status, Status::Rejected);
        let w = &report.selector_warnings[0];
        assert_eq!(
            w.suggestions.first().map(String::as_str),
            Some("Engine.Use"),
            "{w:?}"
        );
        assert!(
            w.message.contains("did you mean \"Engine.Use\""),
            "{}",
            w.message
        );
        // --strict: an error, with the same suggestion.
        let err = check_changes_with(&contract, &cs, &options(None, true)).unwrap_err();
        assert!(err.to_string().contains("\"Engine.Use\""), "{err}");
        // A literal selector naming the file: the error names the member form too.
        let contract = Contract::builder().body("gin.go::Use").build().unwrap();
        let err = check_changes_with(&contract, &cs, &options(None, false)).unwrap_err();
        assert!(err.to_string().contains("Engine.Use"), "{err}");
    }

    #[test]
    fn did_you_mean_lists_with_or() {
        assert_eq!(did_you_mean(&[]), "");
        assert_eq!(did_you_mean(&["a".into()]), "; did you mean \"a\"?");
        assert_eq!(
            did_you_mean(&["a".into(), "b".into(), "c".into()]),
            "; did you mean \"a\", \"b\" or \"c\"?"
        );
    }

    /// An unverifiable file (here: over the size limit, so not parsed) is reported as such;
    /// its selectors are not also "matched no symbol".
    #[test]
    fn an_unverifiable_file_gives_no_symbol_warning() {
        let before = format!(
            "{CORE}{}",
            "x = 1\n".repeat(crate::limits::MAX_FILE_BYTES / 6 + 1)
        );
        let after = before.replace("return 1", "return 2");
        let contract = Contract::builder()
            .body("src/click/core.py::Context.invoke")
            .build()
            .unwrap();
        let cs = changes(&[("src/click/core.py", Some(&before), Some(&after))]);
        let report = check_changes_with(&contract, &cs, &options(None, true)).unwrap();
        assert_eq!(report.status, Status::Unverifiable);
        assert!(
            report.selector_warnings.is_empty(),
            "{:?}",
            report.selector_warnings
        );
        assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    }
}
