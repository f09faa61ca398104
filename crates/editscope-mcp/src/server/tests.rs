use super::*;

use std::sync::atomic::{AtomicU64, Ordering};

static N: AtomicU64 = AtomicU64::new(0);

const APP: &str = "class UserService:\n    def create(self, name):\n        return name\n\n    def delete(self, id):\n        pass\n";
const CONTRACT: &str = "body = [\"src/app.py::UserService.create\"]\ncreate = [\"tests/**\"]\n";

/// A project (not a git work tree) with `src/app.py` and a contract beside it, its own
/// session cache, and a server on it.
fn project(contract: Option<&str>) -> (PathBuf, Server) {
    let n = N.fetch_add(1, Ordering::Relaxed);
    let base = std::env::temp_dir().join(format!("editscope-mcp-srv-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    let root = base.join("repo");
    std::fs::create_dir_all(root.join("src")).unwrap();
    std::fs::write(root.join("src/app.py"), APP).unwrap();
    let contract_path = contract.map(|c| {
        let p = base.join("scope.toml");
        std::fs::write(&p, c).unwrap();
        p
    });
    // Keep the baselines of these tests out of the user's cache.
    std::env::set_var(
        "EDITSCOPE_CACHE_DIR",
        std::env::temp_dir().join("editscope-mcp-srv-cache"),
    );
    let server = Server::start(&Options {
        root: Some(root.clone()),
        contract: contract_path,
    })
    .unwrap();
    (std::fs::canonicalize(root).unwrap(), server)
}

fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap()
}

#[test]
fn an_in_scope_edit_is_written_and_an_out_of_scope_one_is_refused() {
    let (root, s) = project(Some(CONTRACT));
    let refused = s.edit_file(
        "src/app.py",
        "        pass\n",
        "        raise ValueError\n",
        false,
    );
    assert!(refused.is_error, "{}", refused.text);
    assert!(
        refused.text.contains("UserService.delete"),
        "{}",
        refused.text
    );
    assert!(
        refused.text.contains("Nothing was written"),
        "{}",
        refused.text
    );
    assert_eq!(read(&root, "src/app.py"), APP, "a refused edit wrote");
    let allowed = s.edit_file(
        "src/app.py",
        "return name\n",
        "return name.strip()\n",
        false,
    );
    assert!(!allowed.is_error, "{}", allowed.text);
    assert!(read(&root, "src/app.py").contains("name.strip()"));
    // `check` agrees.
    let c = s.check();
    assert!(c.text.starts_with("status: allowed"), "{}", c.text);
    s.end().unwrap();
}

#[test]
fn a_file_created_under_create_can_be_edited_again() {
    let (root, s) = project(Some(CONTRACT));
    let w = s.write_file("tests/test_app.py", "def test_a():\n    assert True\n");
    assert!(!w.is_error, "{}", w.text);
    let e = s.edit_file("tests/test_app.py", "assert True", "assert 1 == 1", false);
    assert!(!e.is_error, "{}", e.text);
    assert_eq!(
        read(&root, "tests/test_app.py"),
        "def test_a():\n    assert 1 == 1\n"
    );
    // Outside `create`: refused, nothing written.
    let w = s.write_file("src/new.py", "x = 1\n");
    assert!(w.is_error, "{}", w.text);
    assert!(!root.join("src/new.py").exists());
    s.end().unwrap();
}

#[test]
fn paths_outside_the_root_are_refused_for_reads_and_writes() {
    let (root, s) = project(Some(CONTRACT));
    let outside = root.parent().unwrap().join("outside.py");
    std::fs::write(&outside, "secret = 1\n").unwrap();
    for p in ["../outside.py", outside.to_str().unwrap()] {
        let r = s.read_file(p);
        assert!(r.is_error && !r.text.contains("secret"), "{}", r.text);
        let w = s.write_file(p, "x = 2\n");
        assert!(w.is_error, "{}", w.text);
    }
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "secret = 1\n");
    // The absolute path of a file inside the root is fine.
    let abs = root.join("src/app.py");
    assert_eq!(s.read_file(abs.to_str().unwrap()).text, APP);
    s.end().unwrap();
}

#[cfg(unix)]
#[test]
fn a_symlink_leading_out_of_the_root_is_refused() {
    let (root, s) = project(Some(CONTRACT));
    let outside = root.parent().unwrap().join("elsewhere");
    std::fs::create_dir_all(&outside).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("tests")).unwrap();
    let w = s.write_file("tests/test_x.py", "x = 1\n");
    assert!(w.is_error, "{}", w.text);
    assert!(
        !outside.join("test_x.py").exists(),
        "written through the symlink"
    );
    s.end().unwrap();
}

#[test]
fn check_sees_a_write_made_by_another_tool() {
    let (root, s) = project(Some(CONTRACT));
    std::fs::write(
        root.join("src/app.py"),
        APP.replace("        pass\n", "        return 0\n"),
    )
    .unwrap();
    let c = s.check();
    assert!(!c.is_error, "{}", c.text);
    assert!(c.text.starts_with("status: rejected"), "{}", c.text);
    assert!(c.text.contains("UserService.delete"), "{}", c.text);
    // An in-scope edit still goes through (it adds nothing out of scope), and says so.
    let e = s.edit_file(
        "src/app.py",
        "return name\n",
        "return name.lower()\n",
        false,
    );
    assert!(!e.is_error, "{}", e.text);
    assert!(e.text.contains("already out of scope"), "{}", e.text);
    s.end().unwrap();
}

#[test]
fn patches_in_both_formats_are_checked_and_applied() {
    let (root, s) = project(Some(CONTRACT));
    let codex = "*** Begin Patch\n*** Update File: src/app.py\n@@\n     def delete(self, id):\n-        pass\n+        return None\n*** End Patch\n";
    let r = s.apply_patch(codex);
    assert!(r.is_error, "{}", r.text);
    assert_eq!(read(&root, "src/app.py"), APP);
    let codex = "*** Begin Patch\n*** Update File: src/app.py\n@@\n     def create(self, name):\n-        return name\n+        return name.title()\n*** Add File: tests/test_b.py\n+x = 1\n*** End Patch\n";
    let r = s.apply_patch(codex);
    assert!(!r.is_error, "{}", r.text);
    assert!(read(&root, "src/app.py").contains("name.title()"));
    assert_eq!(read(&root, "tests/test_b.py"), "x = 1\n");
    let unified = "--- a/src/app.py\n+++ b/src/app.py\n@@ -2,3 +2,3 @@\n     def create(self, name):\n-        return name.title()\n+        return name.upper()\n \n";
    let r = s.apply_patch(unified);
    assert!(!r.is_error, "{}", r.text);
    assert!(read(&root, "src/app.py").contains("name.upper()"));
    let r = s.apply_patch("not a patch");
    assert!(r.is_error);
    let r = s.apply_patch("*** Begin Patch\n*** Add File: ../evil.py\n+x\n*** End Patch\n");
    assert!(r.is_error, "{}", r.text);
    assert!(!root.parent().unwrap().join("evil.py").exists());
    s.end().unwrap();
}

#[test]
fn without_a_contract_writes_are_refused_and_reads_work() {
    std::env::remove_var("EDITSCOPE_CONTRACT");
    let (root, s) = project(None);
    assert!(s.session().is_none());
    assert_eq!(s.read_file("src/app.py").text, APP);
    let w = s.write_file("src/app.py", "x = 1\n");
    assert!(w.is_error && w.text.contains("no contract"), "{}", w.text);
    assert_eq!(read(&root, "src/app.py"), APP);
    assert!(s.check().is_error);
}

#[test]
fn a_named_contract_that_is_missing_or_broken_stops_the_start() {
    let (root, s) = project(Some(CONTRACT));
    s.end().unwrap();
    let missing = Server::start(&Options {
        root: Some(root.clone()),
        contract: Some(root.join("nope.toml")),
    });
    assert!(missing.unwrap_err().0.contains("no such file"));
    let bad = root.parent().unwrap().join("bad.toml");
    std::fs::write(&bad, "body = 3\n").unwrap();
    assert!(Server::start(&Options {
        root: Some(root),
        contract: Some(bad),
    })
    .is_err());
}

#[test]
fn bad_arguments_and_unknown_tools() {
    let (_root, s) = project(Some(CONTRACT));
    assert!(s.call("nope", &json!({})).is_none());
    let a = s.call("edit_file", &json!({"path": "src/app.py"})).unwrap();
    assert!(a.is_error && a.text.contains("bad arguments"), "{}", a.text);
    let a = s
        .call("read_file", &json!({"path": "src/app.py", "extra": 1}))
        .unwrap();
    assert!(a.is_error, "{}", a.text);
    let a = s.call("check", &Value::Null).unwrap();
    assert!(!a.is_error, "{}", a.text);
    s.end().unwrap();
}

#[test]
fn the_contract_file_is_never_written() {
    let (root, s) = project(Some("files = [\"**\"]\n"));
    std::fs::write(root.join(".editscope.toml"), "files = [\"**\"]\n").unwrap();
    let w = s.write_file("src/app.py", "anything = 1\n");
    assert!(!w.is_error, "{}", w.text);
    let w = s.write_file(".editscope.toml", "files = []\n");
    assert!(w.is_error, "{}", w.text);
    assert_eq!(read(&root, ".editscope.toml"), "files = [\"**\"]\n");
    s.end().unwrap();
}

#[test]
fn hook_settings_are_refused_whatever_files_grants() {
    let (root, s) = project(Some("files = [\"**\"]\ncreate = [\"**\"]\n"));
    for p in [
        ".claude/settings.json",
        ".gemini/settings.json",
        ".mcp.json",
    ] {
        let w = s.write_file(p, "{\"hooks\": {}}\n");
        assert!(w.is_error, "{p}: {}", w.text);
        assert!(!root.join(p).exists(), "{p} was written");
    }
    // Written by another tool: `check` rejects it too.
    std::fs::create_dir_all(root.join(".claude")).unwrap();
    std::fs::write(root.join(".claude/settings.json"), "{}\n").unwrap();
    let c = s.check();
    assert!(!c.text.starts_with("status: allowed"), "{}", c.text);
    assert!(c.text.contains(".claude/settings.json"), "{}", c.text);
    s.end().unwrap();
}
