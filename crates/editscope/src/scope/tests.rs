use super::*;

fn one(path: &str, before: Option<&str>, after: Option<&str>) -> ChangeSet {
    ChangeSet::from_memory([(path, before.map(str::to_string), after.map(str::to_string))]).unwrap()
}

fn selectors(scope: &Scope) -> Vec<(String, String)> {
    scope
        .entries
        .iter()
        .map(|e| (e.key.as_str().to_string(), e.selector.clone()))
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// Allowed with every entry, rejected without any one.
fn round_trip(scope: &Scope, changes: &ChangeSet) {
    assert!(scope.allowed, "{scope:#?}");
    let c = scope.contract().unwrap();
    assert!(crate::check_changes(&c, changes).unwrap().is_allowed());
    for i in 0..scope.entries.len() {
        let c = Contract::from_spec(scope.spec_without(i)).unwrap();
        let r = crate::check_changes(&c, changes).unwrap();
        assert!(
            !r.is_allowed(),
            "entry {:?} is not needed",
            scope.entries[i]
        );
    }
}

const PY: &str = "import os\n\n\nclass UserService:\n    def create(self, name):\n        return name\n\n    def delete(self, i):\n        pass\n\n\ndef helper():\n    \"\"\"Help.\"\"\"\n    return 1\n";

#[test]
fn a_body_change_is_body() {
    let after = PY.replace("return name\n", "return name.strip()\n");
    let cs = one("src/app.py", Some(PY), Some(&after));
    let s = scope_changes(&cs, &ScopeOptions::default());
    assert_eq!(
        selectors(&s),
        pairs(&[("body", "src/app.py::UserService.create")])
    );
    round_trip(&s, &cs);
}

#[test]
fn a_docstring_change_is_edit_and_a_new_method_is_add_on_its_class() {
    let after = PY
        .replace("\"\"\"Help.\"\"\"", "\"\"\"Helps.\"\"\"")
        .replace(
            "    def delete(self, i):\n        pass\n",
            "    def delete(self, i):\n        pass\n\n    def purge(self):\n        pass\n",
        );
    let cs = one("src/app.py", Some(PY), Some(&after));
    let s = scope_changes(&cs, &ScopeOptions::default());
    assert_eq!(
        selectors(&s),
        pairs(&[
            ("edit", "src/app.py::helper"),
            ("add", "src/app.py::UserService")
        ])
    );
    round_trip(&s, &cs);
}

#[test]
fn several_changes_in_one_file_give_one_entry_each_and_one_add() {
    let after = PY
        .replace("return name\n", "return name.strip()\n")
        .replace("        pass\n\n\ndef", "        return None\n\n\ndef")
        .replace("import os\n", "import os\nimport sys\n")
        + "\n\ndef one():\n    pass\n\n\ndef two():\n    pass\n";
    let cs = one("src/app.py", Some(PY), Some(&after));
    let s = scope_changes(&cs, &ScopeOptions::default());
    assert_eq!(
        selectors(&s),
        pairs(&[
            ("body", "src/app.py::UserService.create"),
            ("body", "src/app.py::UserService.delete"),
            ("add", "src/app.py"),
            ("imports", "src/app.py"),
        ])
    );
    round_trip(&s, &cs);
    let toml = s.to_toml("the commits main..HEAD");
    assert_eq!(
        toml,
        "# The smallest contract that allows the commits main..HEAD (editscope scope).\n\
         # Each entry is needed: without any one of them `editscope check` rejects the change.\n\
         body = [\n    \"src/app.py::UserService.create\",\n    \"src/app.py::UserService.delete\",\n]\n\
         add = [\n    \"src/app.py\",\n]\n\
         imports = [\n    \"src/app.py\",\n]\n"
    );
    // The printed contract is the contract.
    let parsed = Contract::from_toml(&toml).unwrap();
    assert!(crate::check_changes(&parsed, &cs).unwrap().is_allowed());
}

#[test]
fn a_removed_function_is_delete_and_files_come_and_go() {
    let after = PY.replace(
        "\n\ndef helper():\n    \"\"\"Help.\"\"\"\n    return 1\n",
        "",
    );
    let cs = ChangeSet::from_memory([
        ("src/app.py", Some(PY.to_string()), Some(after)),
        (
            "tests/test_app.py",
            None,
            Some("def test_a():\n    pass\n".into()),
        ),
        ("old.py", Some("x = 1\n".into()), None),
    ])
    .unwrap();
    let s = scope_changes(&cs, &ScopeOptions::default());
    assert_eq!(
        selectors(&s),
        pairs(&[
            ("delete", "old.py"),
            ("delete", "src/app.py::helper"),
            ("create", "tests/test_app.py"),
        ])
    );
    round_trip(&s, &cs);
}

#[test]
fn code_outside_any_symbol_is_the_whole_file_with_why() {
    let after = PY.replace("import os\n", "import os\nprint('hi')\n");
    let cs = one("src/app.py", Some(PY), Some(&after));
    let s = scope_changes(&cs, &ScopeOptions::default());
    assert_eq!(selectors(&s), pairs(&[("files", "src/app.py")]));
    let reason = s.entries[0].reason.as_deref().unwrap();
    assert!(
        reason.contains("code outside any symbol changed (line 2)"),
        "{reason}"
    );
    round_trip(&s, &cs);
    assert!(s
        .to_toml("x")
        .contains("files = [\n    # src/app.py: code outside any symbol changed (line 2)"));
}

#[test]
fn a_text_file_is_the_whole_file_with_why() {
    let cs = one("docs/notes.txt", Some("a\n"), Some("b\n"));
    let s = scope_changes(&cs, &ScopeOptions::default());
    assert_eq!(selectors(&s), pairs(&[("files", "docs/notes.txt")]));
    assert!(s.entries[0]
        .reason
        .as_deref()
        .unwrap()
        .contains("not source editscope parses"));
    round_trip(&s, &cs);
}

#[test]
fn a_contract_file_is_refused_not_granted() {
    let cs = ChangeSet::from_memory([
        (
            ".editscope.toml",
            Some("edit = []\n".to_string()),
            Some("files = [\"**\"]\n".into()),
        ),
        ("docs/a.txt", Some("a\n".to_string()), Some("b\n".into())),
    ])
    .unwrap();
    let s = scope_changes(&cs, &ScopeOptions::default());
    assert!(!s.allowed);
    assert_eq!(s.refused.len(), 1);
    assert_eq!(s.refused[0].path, ".editscope.toml");
    assert_eq!(selectors(&s), pairs(&[("files", "docs/a.txt")]));
    let toml = s.to_toml("x");
    assert!(toml.contains("# Not allowed by any grant"), "{toml}");
    assert!(toml.contains("#   .editscope.toml: "), "{toml}");
}

#[test]
fn an_unchanged_change_needs_nothing() {
    let cs = one("a.py", Some("x = 1\n"), Some("x = 1\n"));
    let s = scope_changes(&cs, &ScopeOptions::default());
    assert!(s.entries.is_empty() && s.allowed);
    assert!(s.to_toml("x").contains("# The change needs no grant."));
}

#[test]
fn glob_characters_and_double_colons_in_paths_are_literal() {
    // `[`, `]`, `{`, `}`, `,`, `!` are literal in a file part: the path is its own selector.
    assert_eq!(literal_glob("a[c]{d,e}!.py"), "a[c]{d,e}!.py");
    let before = "def f():\n    return 1\n";
    let after = "def f():\n    return 2\n";
    for path in ["src/[x].py", "src/{a,b}.py", "src/a!b.py"] {
        let mut other = ChangeSet::from_memory([
            (path, Some(before.to_string()), Some(after.to_string())),
            (
                "src/x.py",
                Some(before.to_string()),
                Some(before.to_string()),
            ),
        ])
        .unwrap();
        other.files.retain(|f| f.is_change());
        let s = scope_changes(&other, &ScopeOptions::default());
        assert_eq!(s.entries.len(), 1, "{path}: {s:#?}");
        assert_eq!(s.entries[0].key, ScopeKey::Body, "{path}");
        round_trip(&s, &other);
        let c = s.contract().unwrap();
        // A file the old bracket reading would have matched stays rejected.
        let near = ChangeSet::from_memory([(
            "src/x.py",
            Some(before.to_string()),
            Some(after.to_string()),
        )])
        .unwrap();
        assert!(
            !crate::check_changes(&c, &near).unwrap().is_allowed(),
            "{path}"
        );
        let back = Contract::from_toml(&s.to_toml(path)).unwrap();
        assert_eq!(back.spec(), c.spec(), "{path}");
    }
    // `*`, `?` and `::` have no literal form: such a file is refused, never widened to a
    // pattern that names more.
    for path in ["src/a*b.py", "src/q?.py", "src/x::y.py"] {
        let cs =
            ChangeSet::from_memory([(path, Some(before.to_string()), Some(after.to_string()))])
                .unwrap();
        let s = scope_changes(&cs, &ScopeOptions::default());
        assert!(s.entries.is_empty() && !s.allowed, "{path}: {s:#?}");
        assert!(
            s.refused[0].reason.contains("cannot name literally"),
            "{path}"
        );
    }
}

#[test]
fn hostile_text_cannot_break_out_of_strings_or_comments() {
    let hostile = "x\"\\\n]\u{202E}\u{2066}<script>";
    assert_eq!(
        toml_string(hostile),
        "\"x\\\"\\\\\\u000A]\\u202E\\u2066<script>\""
    );
    assert_eq!(
        comment(hostile),
        "x\"\\\\u{000A}]\\u{202E}\\u{2066}<script>"
    );
    let scope = Scope {
        entries: vec![ScopeEntry {
            key: ScopeKey::Files,
            selector: format!("docs/{hostile}"),
            path: format!("docs/{hostile}"),
            symbol: None,
            reason: Some("why\nfiles = [\"**\"]".into()),
        }],
        refused: vec![ScopeRefusal {
            path: "a\nfiles = [\"**\"]".into(),
            reason: "r\rq".into(),
        }],
        allowed: false,
    };
    let toml = scope.to_toml("the patch evil\nedit = [\"**\"]");
    // Every line is a comment, a key's opening, an entry or a closing bracket.
    for line in toml.lines() {
        let t = line.trim_start();
        assert!(
            t.starts_with('#') || t.ends_with("= [") || t.starts_with('"') || t == "]",
            "{line:?} in\n{toml}"
        );
    }
    let spec: ContractSpec = toml::from_str(&toml).unwrap();
    assert_eq!(spec.files, vec![format!("docs/{hostile}")]);
    assert!(spec.edit.is_empty());
}

#[test]
fn a_rename_is_create_and_delete_of_the_old_path() {
    let cs = ChangeSet {
        files: vec![FileChange {
            path: "new.py".into(),
            old_path: Some("old.py".into()),
            before: Some("x = 1\n".into()),
            after: Some("x = 1\n".into()),
            mode_change: None,
            binary: false,
            symlink: None,
        }],
        ..ChangeSet::default()
    };
    let s = scope_changes(&cs, &ScopeOptions::default());
    assert!(s.allowed, "{s:#?}");
    let keys = selectors(&s);
    assert!(
        keys.contains(&("create".into(), "new.py".into())),
        "{keys:?}"
    );
    round_trip(&s, &cs);
}

#[test]
fn the_same_for_any_number_of_jobs() {
    let after = PY.replace("return name\n", "return name.strip()\n");
    let cs = ChangeSet::from_memory([
        ("a.py", Some(PY.to_string()), Some(after.clone())),
        (
            "b.py",
            Some(PY.to_string()),
            Some(after.replace("pass", "return 2")),
        ),
        ("c.txt", Some("a".to_string()), Some("b".into())),
    ])
    .unwrap();
    let one = scope_changes(
        &cs,
        &ScopeOptions {
            jobs: Some(1),
            ..Default::default()
        },
    );
    let four = scope_changes(
        &cs,
        &ScopeOptions {
            jobs: Some(4),
            ..Default::default()
        },
    );
    assert_eq!(one, four);
    round_trip(&one, &cs);
}
