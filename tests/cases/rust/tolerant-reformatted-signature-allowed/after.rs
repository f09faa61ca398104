fn f() -> u32 {
    2
}

fn g(
    a: u32,
    b: u32,
) -> u32 {
    a + b
}
