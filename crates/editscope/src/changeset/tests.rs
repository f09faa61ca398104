use super::*;

#[test]
fn hostile_paths_are_refused() {
    for bad in [
        "",
        "/etc/passwd",
        "../x",
        "a/../../x",
        "a\\b",
        "a\0b",
        ".",
        "./",
    ] {
        assert!(normalize(bad).is_err(), "{bad:?}");
    }
    assert_eq!(normalize("./src//app.py").unwrap(), "src/app.py");
}

#[test]
fn symlinks_are_not_followed() {
    let dir = std::env::temp_dir().join(format!("editscope-cs-{}", std::process::id()));
    std::fs::create_dir_all(dir.join("real")).unwrap();
    for bad in ["../x", "/etc/passwd", "real/../../x", ""] {
        assert!(
            matches!(
                resolve(&dir, bad),
                Err(crate::paths::PathError::Invalid { .. })
            ),
            "{bad:?}"
        );
    }
    #[cfg(unix)]
    {
        let _ = std::os::unix::fs::symlink("/etc", dir.join("out"));
        assert!(resolve(&dir, "out/passwd").is_err());
    }
    assert!(resolve(&dir, "real/x.py").is_ok());
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn trees_nest_no_deeper_than_the_limit() {
    let dir = std::env::temp_dir().join(format!("editscope-deep-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let (before, after) = (dir.join("b"), dir.join("a"));
    std::fs::create_dir_all(&before).unwrap();
    let mut deep = after.clone();
    for _ in 0..=MAX_DEPTH {
        deep.push("d");
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("x.py"), "x = 1\n").unwrap();
    let err = ChangeSet::from_dirs(&before, &after).unwrap_err();
    assert!(matches!(err, Error::Io { .. }), "{err:?}");
    assert!(err.to_string().contains("nest deeper than 200"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn links_resolve_as_the_os_resolves_them() {
    let none = |_: &str| None;
    assert_eq!(resolve_link("a/l", "b", &none).as_deref(), Some("a/b"));
    assert_eq!(resolve_link("a/l", "../b", &none).as_deref(), Some("b"));
    assert_eq!(resolve_link("l", "..", &none), None);
    assert_eq!(resolve_link("a/l", "../..", &none), None);
    assert_eq!(resolve_link("a/l", "/a/b", &none), None);
    assert_eq!(resolve_link("a/l", "", &none), None);
    // `..` after a link is taken from where the link leads, not lexically.
    let disk = |p: &str| (p == "a/d").then(|| "../x/y".to_string());
    assert_eq!(resolve_link("a/l", "d/../z", &disk).as_deref(), Some("x/z"));
    let deep = |p: &str| (p == "a/d").then(|| "../../out".to_string());
    assert_eq!(resolve_link("a/l", "d", &deep), None);
    let cycle = |p: &str| Some(format!("{p}x"));
    assert_eq!(resolve_link("l", "a", &cycle), None);
}

proptest::proptest! {
    /// Without other links, a target resolves inside the root exactly when no prefix of
    /// the walk from the link's directory climbs above the top.
    #[test]
    fn lexical_resolution_matches_a_walk(
        dir in proptest::collection::vec(proptest::sample::select(vec!["a", "b"]), 0..4),
        target in proptest::collection::vec(proptest::sample::select(vec!["..", ".", "a", "b"]), 1..8),
    ) {
        let mut depth = dir.len() as i64;
        let mut escaped = false;
        for part in &target {
            match *part {
                ".." => { depth -= 1; if depth < 0 { escaped = true; } }
                "." => {}
                _ => depth += 1,
            }
        }
        let mut link = dir.clone();
        link.push("l");
        let got = resolve_link(&link.join("/"), &target.join("/"), &|_| None);
        proptest::prop_assert_eq!(got.is_none(), escaped);
        if let Some(r) = got {
            proptest::prop_assert!(!r.split('/').any(|c| c == ".." || c == "."));
        }
    }
}

#[test]
fn detects_formats() {
    assert_eq!(
        PatchFormat::detect("*** Begin Patch\n*** End Patch\n"),
        Some(PatchFormat::Codex)
    );
    assert_eq!(
        PatchFormat::detect("a.py\n<<<<<<< SEARCH\nx\n=======\ny\n>>>>>>> REPLACE\n"),
        Some(PatchFormat::Aider)
    );
    assert_eq!(
        PatchFormat::detect("diff --git a/x b/x\n"),
        Some(PatchFormat::Unified)
    );
    assert_eq!(PatchFormat::detect("hello"), None);
}

#[test]
fn memory_change_sets_drop_unchanged_files() {
    let cs = ChangeSet::from_memory([
        ("a.py", Some("x".to_string()), Some("x".to_string())),
        ("b.py", None, Some("y".into())),
    ])
    .unwrap();
    assert_eq!(cs.files.len(), 1);
    assert_eq!(cs.files[0].path, "b.py");
}

#[test]
fn interpreter_files_beside_the_sources_are_found() {
    let dirs = dirs_of(["app.py", "pkg/mod.py"]);
    for (path, found) in [
        ("__pycache__/app.cpython-312.pyc", true),
        ("pkg/__pycache__/mod.cpython-311.opt-1.pyc", true),
        ("pkg/mod.pyc", true),
        ("pkg/mod.PYO", true),
        ("sitecustomize.py", true),
        ("pkg/usercustomize.py", true),
        ("evil.pth", true),
        ("pkg/helper.py", false),
        ("build/__pycache__/x.pyc", false),
        (".venv/lib/python3.12/site-packages/x.pth", false),
        ("run.log", false),
    ] {
        assert_eq!(runs_beside_sources(path, &dirs), found, "{path}");
    }
}
