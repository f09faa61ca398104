use super::*;

/// A scratch directory, removed on drop.
struct Dir(PathBuf);

impl Dir {
    fn new(name: &str) -> Dir {
        let d = std::env::temp_dir().join(format!("editscope-paths-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(d.join("repo/src/deep")).unwrap();
        std::fs::write(d.join("repo/src/app.py"), "x = 1\n").unwrap();
        Dir(d)
    }
    fn root(&self) -> PathBuf {
        self.0.join("repo")
    }
    fn p(&self, rel: &str) -> String {
        self.root().join(rel).to_string_lossy().into_owned()
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn tool_paths_must_lie_under_the_root() {
    let root = Path::new("/repo");
    assert_eq!(
        relative_to_root(root, "/repo/src/a.py").unwrap(),
        "src/a.py"
    );
    assert_eq!(relative_to_root(root, "src/a.py").unwrap(), "src/a.py");
    assert!(matches!(
        relative_to_root(root, "/etc/passwd"),
        Err(PathError::Outside { .. })
    ));
    assert!(relative_to_root(root, "/repo/../etc/passwd").is_err());
    assert!(relative_to_root(root, "../x").is_err());
    assert_eq!(
        relative_to_root(root, "/repo/src/nonexist/../a.py").unwrap(),
        "src/a.py"
    );
    assert_eq!(
        relative_to_root(root, "/elsewhere/../repo/a.py").unwrap(),
        "a.py"
    );
    assert!(relative_to_root(root, "/repository/a.py").is_err());
    assert!(matches!(
        relative_to_root(root, "/repo"),
        Err(PathError::Invalid { .. })
    ));
    for bad in ["", "a\0b", "a\\b"] {
        assert!(
            matches!(relative_to_root(root, bad), Err(PathError::Invalid { .. })),
            "{bad:?}"
        );
    }
    // A relative root is taken from the working directory.
    let cwd = std::env::current_dir().unwrap();
    let inside = cwd.join("src/x.py");
    assert_eq!(
        relative_to_root(Path::new("."), inside.to_str().unwrap()).unwrap(),
        "src/x.py"
    );
}

#[test]
fn relative_paths_start_at_the_base() {
    let d = Dir::new("base");
    let root = d.root();
    assert_eq!(
        locate(&root, &root.join("src"), "app.py").unwrap(),
        Located::Inside("src/app.py".into())
    );
    assert_eq!(
        locate(&root, &root.join("src"), "../tests/t.py").unwrap(),
        Located::Inside("tests/t.py".into())
    );
    assert!(matches!(
        locate(&root, &root, "../elsewhere.py").unwrap(),
        Located::Outside(_)
    ));
}

#[cfg(unix)]
#[test]
fn dot_dot_after_a_symlink_is_refused() {
    use std::os::unix::fs::symlink;
    let d = Dir::new("dotdot");
    let root = d.root();
    symlink(root.join("src/deep"), root.join("link")).unwrap();
    // The kernel lands in src/app.py, a normalising tool in app.py: refused.
    for p in [d.p("link/../app.py"), "link/../app.py".to_string()] {
        let e = locate(&root, &root, &p).unwrap_err();
        assert!(matches!(e, PathError::Ambiguous { .. }), "{p}: {e}");
        assert!(e.to_string().contains("ambiguous"), "{e}");
    }
    // Through a directory that does not exist, both answers agree.
    assert_eq!(
        locate(&root, &root, &d.p("src/new/../app.py")).unwrap(),
        Located::Inside("src/app.py".into())
    );
}

#[cfg(unix)]
#[test]
fn symlinks_inside_the_root_are_refused_and_outside_ones_followed() {
    use std::os::unix::fs::symlink;
    let d = Dir::new("links");
    let root = d.root();
    symlink(root.join("src"), root.join("lib")).unwrap();
    symlink("app.py", root.join("src/alias.py")).unwrap();
    symlink("/etc", root.join("out")).unwrap();
    for p in ["lib/app.py", "src/alias.py"] {
        let e = locate(&root, &root, p).unwrap_err();
        assert!(matches!(e, PathError::ThroughSymlink { .. }), "{p}: {e}");
    }
    assert!(matches!(
        locate(&root, &root, "out/passwd").unwrap_err(),
        PathError::LeavesRoot { .. }
    ));
    // An absolute path outside the root whose symlink leads into it lands where it writes.
    symlink(root.join("src/app.py"), d.0.join("outside-alias.py")).unwrap();
    assert_eq!(
        locate(&root, &root, d.0.join("outside-alias.py").to_str().unwrap()).unwrap(),
        Located::Inside("src/app.py".into())
    );
    symlink(root.join("src"), d.0.join("outside-dir")).unwrap();
    assert_eq!(
        locate(
            &root,
            &root,
            d.0.join("outside-dir/new.py").to_str().unwrap()
        )
        .unwrap(),
        Located::Inside("src/new.py".into())
    );
}

#[cfg(unix)]
#[test]
fn a_symlinked_root_is_the_same_root() {
    use std::os::unix::fs::symlink;
    let d = Dir::new("rootlink");
    symlink(d.root(), d.0.join("alias")).unwrap();
    let alias = d.0.join("alias");
    for (root, p) in [
        (alias.clone(), d.p("src/app.py")),
        (
            d.root(),
            alias.join("src/app.py").to_string_lossy().into_owned(),
        ),
        (
            alias.clone(),
            alias.join("src/app.py").to_string_lossy().into_owned(),
        ),
        (alias.clone(), "src/app.py".to_string()),
    ] {
        assert_eq!(
            locate(&root, &root, &p).unwrap(),
            Located::Inside("src/app.py".into()),
            "{} {p}",
            root.display()
        );
    }
}

#[cfg(unix)]
#[test]
fn symlink_loops_are_errors() {
    use std::os::unix::fs::symlink;
    let d = Dir::new("loop");
    let root = d.root();
    symlink("b", root.join("a")).unwrap();
    symlink("a", root.join("b")).unwrap();
    assert!(matches!(
        locate(&root, &root, "a/x.py").unwrap_err(),
        PathError::Io { .. }
    ));
}

#[cfg(unix)]
mod property {
    use super::*;
    use proptest::prelude::*;

    /// A tree with directories, a file, symlinks inside, to inside, and out of the root.
    fn tree() -> Dir {
        use std::os::unix::fs::symlink;
        let d = Dir::new("prop");
        let root = d.root();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        std::fs::create_dir_all(d.0.join("out")).unwrap();
        symlink("a/b", root.join("l1")).unwrap();
        symlink("../../out", root.join("a/l2")).unwrap();
        symlink(root.join("a"), d.0.join("out/l3")).unwrap();
        std::fs::write(root.join("a/x.py"), "x\n").unwrap();
        d
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(400))]
        /// Whatever `locate` places under the root is the file the kernel writes and the
        /// file a normalising tool writes: the path checked is the path written.
        #[test]
        fn inside_means_the_same_file_both_ways(
            parts in proptest::collection::vec(
                prop_oneof!["a", "b", "l1", "a/l2", "out", "l3", "..", ".", "x.py"], 1..6),
            from_out in any::<bool>(),
        ) {
            let d = tree();
            let root = d.root();
            let base = if from_out { d.0.join("out") } else { root.clone() };
            let p = parts.join("/");
            if let Ok(Located::Inside(rel)) = locate(&root, &base, &p) {
                let written = physical(&base.join(&p)).unwrap();
                let normalised = physical(&lexical(&base.join(&p))).unwrap();
                let checked = physical(&root.join(&rel)).unwrap();
                prop_assert_eq!(&written, &checked, "{} -> {}", p, rel);
                prop_assert_eq!(&normalised, &checked, "{} -> {}", p, rel);
                prop_assert!(crate::changeset::resolve(&root, &rel).is_ok(), "{} -> {}", p, rel);
            }
        }
    }
}
