fn f() -> u32 {
    2
}

fn g() -> u32 {
    let a = 1; // one let b = 2;
    a + b
}
