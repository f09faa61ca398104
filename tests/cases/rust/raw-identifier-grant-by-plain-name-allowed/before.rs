pub fn r#match(x: u32) -> u32 {
    x
}
