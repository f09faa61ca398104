struct A; // A is a marker
#[test]
fn t() {}
