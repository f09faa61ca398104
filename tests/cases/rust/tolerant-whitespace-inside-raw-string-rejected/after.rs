fn f() -> u32 {
    2
}

fn g() -> &'static str {
    r#"a
 b"#
}
