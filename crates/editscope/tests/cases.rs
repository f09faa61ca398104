//! Data-driven cases: `tests/cases/<lang>/<case>/` at the repository root, each with
//! `before.<ext>`, `after.<ext>`, `grants.txt` and `expected.json`. See
//! `tests/cases/README.md` for the format. Every case is also checked against the reference
//! definition (skeleton strings from fresh parses).

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use editscope::{check_text, CheckOptions, Formatting, Grants, Language, SourceFile, Status};
use serde_json::Value;

fn cases_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/cases")
}

fn parse_grants(text: &str) -> Result<(Grants, CheckOptions), String> {
    let mut grants = Grants::new();
    let mut options = CheckOptions::default();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (word, rest) = line
            .split_once(char::is_whitespace)
            .map_or((line, ""), |(w, r)| (w, r.trim()));
        grants = match (word, rest) {
            ("edit", p) if !p.is_empty() => grants.edit(p),
            ("body", p) if !p.is_empty() => grants.body(p),
            ("delete", p) if !p.is_empty() => grants.delete(p),
            ("add", ".") => grants.add_top_level(),
            ("add", p) if !p.is_empty() => grants.add(p),
            ("formatting", "tolerant") => {
                options.formatting = Formatting::Tolerant;
                grants
            }
            ("formatting", "exact") => grants,
            ("imports", "") => grants.imports(),
            ("allow-syntax-errors", "") => {
                options.allow_syntax_errors = true;
                grants
            }
            _ => return Err(format!("grants.txt line {}: cannot read `{line}`", n + 1)),
        };
    }
    Ok((grants, options))
}

fn find_file(dir: &Path, stem: &str) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.file_stem().and_then(|s| s.to_str()) == Some(stem))
}

fn run_case(dir: &Path) -> Result<(), String> {
    let before_path = find_file(dir, "before").ok_or("no before.<ext>")?;
    let after_path = find_file(dir, "after").ok_or("no after.<ext>")?;
    let language = Language::from_path(&before_path).ok_or("unknown extension")?;
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let before = read(&before_path)?;
    let after = read(&after_path)?;
    let grants_text = std::fs::read_to_string(dir.join("grants.txt")).unwrap_or_default();
    let (grants, options) = parse_grants(&grants_text)?;
    let expected: Value = serde_json::from_str(&read(&dir.join("expected.json"))?)
        .map_err(|e| format!("expected.json: {e}"))?;

    let result = check_text(language, &before, &after, &grants, &options);
    if let Some(fragment) = expected.get("error").and_then(Value::as_str) {
        return match result {
            Err(e) if e.to_string().contains(fragment) => Ok(()),
            Err(e) => Err(format!("error `{e}` does not contain `{fragment}`")),
            Ok(v) => Err(format!(
                "expected an error containing `{fragment}`, got {:?}",
                v.status
            )),
        };
    }
    let verdict = result.map_err(|e| format!("unexpected error: {e}"))?;
    let status = serde_json::to_value(verdict.status).unwrap();
    if expected.get("status") != Some(&status) {
        return Err(format!(
            "status {status}, expected {}; violations: {:#?}",
            expected["status"], verdict.violations
        ));
    }
    if verdict.status == Status::Rejected && verdict.violations.is_empty() {
        return Err("rejected without a violation".into());
    }
    if let Some(want) = expected.get("violations").and_then(Value::as_array) {
        let want: BTreeSet<(String, String)> = want
            .iter()
            .map(|v| {
                (
                    v["kind"].as_str().unwrap_or("").to_string(),
                    v["symbol"].as_str().unwrap_or("<outside>").to_string(),
                )
            })
            .collect();
        let got: BTreeSet<(String, String)> = verdict
            .violations
            .iter()
            .map(|v| {
                (
                    serde_json::to_value(v.kind)
                        .unwrap()
                        .as_str()
                        .unwrap()
                        .to_string(),
                    v.symbol.clone().unwrap_or("<outside>".into()),
                )
            })
            .collect();
        if want != got {
            return Err(format!("violations {got:?}, expected {want:?}"));
        }
    }
    if let Some(want) = expected.get("changes").and_then(Value::as_array) {
        let want: BTreeSet<(String, String)> = want
            .iter()
            .map(|c| {
                (
                    c["symbol"].as_str().unwrap_or("").to_string(),
                    c["change"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        let got: BTreeSet<(String, String)> = verdict
            .changes
            .iter()
            .map(|c| (c.symbol.clone(), c.change.name().to_string()))
            .collect();
        if want != got {
            return Err(format!("changes {got:?}, expected {want:?}"));
        }
    }
    if let Some(want) = expected.get("symbols_before").and_then(Value::as_array) {
        let file = SourceFile::parse(language, before.as_str()).map_err(|e| e.to_string())?;
        let got: Vec<(String, String)> = file
            .symbols()
            .iter()
            .map(|s| (s.path.clone(), s.kind.name().to_string()))
            .collect();
        let want: Vec<(String, String)> = want
            .iter()
            .map(|p| {
                (
                    p[0].as_str().unwrap_or("").to_string(),
                    p[1].as_str().unwrap_or("").to_string(),
                )
            })
            .collect();
        if want != got {
            return Err(format!("symbols {got:?}, expected {want:?}"));
        }
    }
    // `"reason": "parsers_disagree"`: refused because the second parser reads it otherwise;
    // `"reason": "unsupported_construct"` (with `"construct"`): refused because the compiler
    // reads some text otherwise than tree-sitter.
    let disagree = matches!(
        verdict.unverifiable,
        Some(editscope::Unverifiable::ParsersDisagree { .. })
    );
    if let Some(want) = expected.get("reason").and_then(Value::as_str) {
        let got = verdict
            .unverifiable
            .as_ref()
            .and_then(|u| serde_json::to_value(u).ok());
        let reason = got.as_ref().and_then(|g| g["reason"].as_str());
        if reason != Some(want) {
            return Err(format!(
                "reason {:?}, expected {want:?}",
                verdict.unverifiable
            ));
        }
        if let Some(construct) = expected.get("construct").and_then(Value::as_str) {
            if got.as_ref().and_then(|g| g["construct"].as_str()) != Some(construct) {
                return Err(format!(
                    "construct {:?}, expected {construct:?}",
                    verdict.unverifiable
                ));
            }
        }
    }
    // The fast path must agree with the definition (exact mode, clean `before`); the
    // definition reads with tree-sitter alone, so a refusal of the second parser is exempt.
    if options.formatting == Formatting::Exact && !options.allow_syntax_errors && !disagree {
        if let Ok(Some(reference)) =
            editscope::reference_allowed(language, &before, &after, &grants)
        {
            if reference != (verdict.status == Status::Allowed) {
                return Err(format!(
                    "the reference definition says allowed={reference}, the check says {:?}",
                    verdict.status
                ));
            }
        }
    }
    Ok(())
}

#[test]
fn cases() {
    let root = cases_root();
    let mut dirs: Vec<PathBuf> = Vec::new();
    for lang in std::fs::read_dir(&root)
        .expect("tests/cases exists")
        .flatten()
        .filter(|e| e.path().is_dir())
    {
        for case in std::fs::read_dir(lang.path())
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
        {
            dirs.push(case.path());
        }
    }
    dirs.sort();
    assert!(!dirs.is_empty(), "no cases under {}", root.display());
    let failures: Vec<String> = dirs
        .iter()
        .filter_map(|d| {
            run_case(d)
                .err()
                .map(|e| format!("{}: {e}", d.strip_prefix(&root).unwrap_or(d).display()))
        })
        .collect();
    println!("{} cases, {} failed", dirs.len(), failures.len());
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        dirs.len(),
        failures.join("\n\n")
    );
}
