//! Overrides and hiding in Java and C# ([`super::overrides`]).

use super::super::*;

/// `(language, before, after, grants that free every changed symbol but the target, the
/// target the change takes over)`: each is rejected as a redefinition of the target, and
/// allowed once the target is granted too (the rule, not another one, rejects it).
fn takeovers() -> Vec<(Language, &'static str, &'static str, Grants, &'static str)> {
    vec![
        // An override in a subclass of the file.
        (
            Language::Java,
            "class Auth {\n    boolean verify(String t) {\n        return t.startsWith(\"ok\");\n    }\n}\n\nclass Admin extends Auth {\n}\n",
            "class Auth {\n    boolean verify(String t) {\n        return t.startsWith(\"ok\");\n    }\n}\n\nclass Admin extends Auth {\n    @Override\n    boolean verify(String t) {\n        return true;\n    }\n}\n",
            Grants::new().add("Admin"),
            "Auth.verify",
        ),
        // Through another type of the file, and through an interface's default method.
        (
            Language::Java,
            "interface Checker {\n    default boolean verify(String t) {\n        return false;\n    }\n}\n\nabstract class Base implements Checker {\n}\n\nclass Auth extends Base {\n}\n",
            "interface Checker {\n    default boolean verify(String t) {\n        return false;\n    }\n}\n\nabstract class Base implements Checker {\n}\n\nclass Auth extends Base {\n    public boolean verify(String t) {\n        return true;\n    }\n}\n",
            Grants::new().add("Auth"),
            "Checker.verify",
        ),
        // A static method hides a static one.
        (
            Language::Java,
            "class Auth {\n    static boolean verify(String t) {\n        return false;\n    }\n}\n\nclass Admin extends Auth {\n}\n",
            "class Auth {\n    static boolean verify(String t) {\n        return false;\n    }\n}\n\nclass Admin extends Auth {\n    static boolean verify(String t) {\n        return true;\n    }\n}\n",
            Grants::new().add("Admin"),
            "Auth.verify",
        ),
        // An enum constant's body.
        (
            Language::Java,
            "enum Mode {\n    A,\n    B;\n\n    boolean ok() {\n        return false;\n    }\n}\n",
            "enum Mode {\n    A {\n        boolean ok() {\n            return true;\n        }\n    },\n    B;\n\n    boolean ok() {\n        return false;\n    }\n}\n",
            Grants::new().edit("Mode.A"),
            "Mode.ok",
        ),
        // A nested class whose code calls the name unqualified.
        (
            Language::Java,
            "class Auth {\n    static boolean verify(String t) {\n        return false;\n    }\n\n    static class Inner {\n        boolean go(String t) {\n            return verify(t);\n        }\n    }\n}\n",
            "class Auth {\n    static boolean verify(String t) {\n        return false;\n    }\n\n    static class Inner {\n        static boolean verify(Object t) {\n            return true;\n        }\n\n        boolean go(String t) {\n            return verify(t);\n        }\n    }\n}\n",
            Grants::new().edit("Auth.Inner"),
            "Auth.verify",
        ),
        // C#: `new` in a subclass, `override`, and a property hiding a method by name.
        (
            Language::CSharp,
            "public class Auth\n{\n    public bool Verify(string t)\n    {\n        return false;\n    }\n}\n\npublic class Admin : Auth\n{\n}\n",
            "public class Auth\n{\n    public bool Verify(string t)\n    {\n        return false;\n    }\n}\n\npublic class Admin : Auth\n{\n    public new bool Verify(string t) => true;\n}\n",
            Grants::new().add("Admin"),
            "Auth.Verify",
        ),
        // (An interface of the file: one declared elsewhere, `IDisposable`, makes any new
        // member under `add` a redefinition of `Admin`, `check/protocol.rs`.)
        (
            Language::CSharp,
            "public interface IClean\n{\n    void Dispose();\n}\n\npublic class Auth\n{\n    public virtual bool Verify(string t)\n    {\n        return false;\n    }\n}\n\npublic sealed class Admin : Auth, IClean\n{\n    public void Dispose() { }\n}\n",
            "public interface IClean\n{\n    void Dispose();\n}\n\npublic class Auth\n{\n    public virtual bool Verify(string t)\n    {\n        return false;\n    }\n}\n\npublic sealed class Admin : Auth, IClean\n{\n    public void Dispose() { }\n\n    public override bool Verify(string t) => true;\n}\n",
            Grants::new().add("Admin"),
            "Auth.Verify",
        ),
        (
            Language::CSharp,
            "public class Auth\n{\n    public bool Verify(string t)\n    {\n        return false;\n    }\n}\n\npublic class Admin : Auth\n{\n}\n",
            "public class Auth\n{\n    public bool Verify(string t)\n    {\n        return false;\n    }\n}\n\npublic class Admin : Auth\n{\n    public new Func<string, bool> Verify => _ => true;\n}\n",
            Grants::new().add("Admin"),
            "Auth.Verify",
        ),
        // C#: a nested class (any member kind hides a name in C#).
        (
            Language::CSharp,
            "public class Auth\n{\n    public static bool Verify(string t)\n    {\n        return false;\n    }\n\n    class Inner\n    {\n        bool Go(string t) => Verify(t);\n    }\n}\n",
            "public class Auth\n{\n    public static bool Verify(string t)\n    {\n        return false;\n    }\n\n    class Inner\n    {\n        static bool Verify(object t) => true;\n\n        bool Go(string t) => Verify(t);\n    }\n}\n",
            Grants::new().edit("Auth.Inner"),
            "Auth.Verify",
        ),
        // A field hides a field (Java: fields compete with fields only).
        (
            Language::Java,
            "class Auth {\n    static final int LIMIT = 3;\n}\n\nclass Admin extends Auth {\n}\n",
            "class Auth {\n    static final int LIMIT = 3;\n}\n\nclass Admin extends Auth {\n    static final int LIMIT = 1000;\n}\n",
            Grants::new().add("Admin"),
            "Auth.LIMIT",
        ),
        // An enum constant the change adds (`Mode.values()` reaches it).
        (
            Language::Java,
            "enum Mode {\n    A,\n    C;\n\n    boolean ok() {\n        return false;\n    }\n}\n",
            "enum Mode {\n    A,\n    B {\n        boolean ok() {\n            return true;\n        }\n    },\n    C;\n\n    boolean ok() {\n        return false;\n    }\n}\n",
            // `C` is granted too: inserting `B` before it shifts its ordinal.
            Grants::new().add("Mode").edit("Mode.C"),
            "Mode.ok",
        ),
        // A new overload in a subclass that had one of that name (the path is not new).
        (
            Language::Java,
            "class Auth {\n    boolean verify(String t) {\n        return false;\n    }\n}\n\nclass Admin extends Auth {\n    boolean verify(int level) {\n        return level > 3;\n    }\n}\n",
            "class Auth {\n    boolean verify(String t) {\n        return false;\n    }\n}\n\nclass Admin extends Auth {\n    boolean verify(int level) {\n        return level > 3;\n    }\n\n    boolean verify(String t) {\n        return true;\n    }\n}\n",
            Grants::new().edit("Admin"),
            "Auth.verify",
        ),
        // A signature changed into an override.
        (
            Language::Java,
            "class Auth {\n    boolean verify(String t) {\n        return false;\n    }\n}\n\nclass Admin extends Auth {\n    boolean verify(int level) {\n        return true;\n    }\n}\n",
            "class Auth {\n    boolean verify(String t) {\n        return false;\n    }\n}\n\nclass Admin extends Auth {\n    boolean verify(String t) {\n        return true;\n    }\n}\n",
            Grants::new().edit("Admin"),
            "Auth.verify",
        ),
        // An existing member whose type now extends the owner.
        (
            Language::Java,
            "class Auth {\n    boolean verify(String t) {\n        return false;\n    }\n}\n\nclass Admin {\n    boolean verify(String t) {\n        return true;\n    }\n}\n",
            "class Auth {\n    boolean verify(String t) {\n        return false;\n    }\n}\n\nclass Admin extends Auth {\n    boolean verify(String t) {\n        return true;\n    }\n}\n",
            Grants::new().edit("Admin"),
            "Auth.verify",
        ),
    ]
}

#[test]
fn members_that_take_over_an_ungranted_member_are_redefinitions() {
    let opts = CheckOptions::default();
    for (lang, before, after, grants, target) in takeovers() {
        let v = check_text(lang, before, after, &grants, &opts).unwrap();
        assert_eq!(v.status, Status::Rejected, "{lang:?}:\n{after}\n{v:?}");
        assert!(
            v.violations
                .iter()
                .any(|x| x.symbol.as_deref() == Some(target) && x.kind == ViolationKind::Redefined),
            "{lang:?}:\n{after}\n{:?}",
            v.violations
        );
        let v = check_text(lang, before, after, &grants.edit(target), &opts).unwrap();
        assert_eq!(
            v.status,
            Status::Allowed,
            "{lang:?} with `{target}` granted:\n{after}\n{v:?}"
        );
    }
}

/// What takes nothing over stays allowed: a member of another name, a member in an unrelated
/// type, an implementation of an abstract method, a field named like a method (Java), a
/// nested class that never uses the name, an override that was there before.
#[test]
fn members_that_take_nothing_over_stay_allowed() {
    let opts = CheckOptions::default();
    let java = "abstract class Auth {\n    boolean verify(String t) {\n        return false;\n    }\n\n    abstract int level();\n\n    static class Inner {\n        int go() {\n            return 1;\n        }\n    }\n}\n\nclass Admin extends Auth {\n    int level() {\n        return 1;\n    }\n\n    boolean verify(String t) {\n        return t.isEmpty();\n    }\n}\n\nclass Other {\n}\n\nclass Sub extends Auth {\n    int level() {\n        return 2;\n    }\n}\n";
    let changes = [
        ("class Other {\n", "class Other {\n    boolean verify(String t) {\n        return true;\n    }\n", "Other"),
        ("class Sub extends Auth {\n", "class Sub extends Auth {\n    boolean check(String t) {\n        return true;\n    }\n", "Sub"),
        ("class Sub extends Auth {\n", "class Sub extends Auth {\n    boolean verify;\n", "Sub"),
        ("            return 1;\n        }\n    }\n}\n\nclass Admin", "            return 1;\n        }\n\n        boolean verify(String t) {\n            return true;\n        }\n    }\n}\n\nclass Admin", "Auth.Inner"),
        ("        return t.isEmpty();", "        return true;", "Admin.verify"),
    ];
    for (from, to, granted) in changes {
        let after = java.replacen(from, to, 1);
        assert_ne!(after, java);
        let grants = if granted.contains('.') {
            if granted == "Admin.verify" {
                Grants::new().edit(granted)
            } else {
                Grants::new().add(granted)
            }
        } else {
            Grants::new().add(granted)
        };
        let v = check_text(Language::Java, java, &after, &grants, &opts).unwrap();
        assert_eq!(v.status, Status::Allowed, "{after}\n{v:?}");
    }
    // A new subclass that overrides (no code made its instances before).
    let after = format!("{java}\nclass Fourth extends Auth {{\n    int level() {{\n        return 4;\n    }}\n\n    boolean verify(String t) {{\n        return true;\n    }}\n}}\n");
    let v = check_text(
        Language::Java,
        java,
        &after,
        &Grants::new().add_top_level(),
        &opts,
    )
    .unwrap();
    assert_eq!(v.status, Status::Allowed, "{v:?}");
    // An abstract method implemented in a new subclass.
    let after = format!(
        "{java}\nclass Third extends Auth {{\n    int level() {{\n        return 3;\n    }}\n}}\n"
    );
    let v = check_text(
        Language::Java,
        java,
        &after,
        &Grants::new().add_top_level(),
        &opts,
    )
    .unwrap();
    assert_eq!(v.status, Status::Allowed, "{v:?}");
}
