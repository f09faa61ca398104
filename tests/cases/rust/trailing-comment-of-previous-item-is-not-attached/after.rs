struct A; // A is anything
#[test]
fn t() {}
