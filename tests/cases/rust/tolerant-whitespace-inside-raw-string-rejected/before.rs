fn f() -> u32 {
    1
}

fn g() -> &'static str {
    r#"a b"#
}
