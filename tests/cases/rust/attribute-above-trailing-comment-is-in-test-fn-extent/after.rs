fn helper() -> u8 {
    1
}

#[cfg(all(feature = "std", unix))] // needs the allocator and a file system
#[test]
fn reads_all() {
    assert_eq!(helper(), 1);
}
