fn helper() -> u8 {
    1
}

#[cfg(feature = "std")] // needs the allocator
#[test]
fn reads_all() {
    assert_eq!(helper(), 1);
}
