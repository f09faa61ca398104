#! [allow(unused)] fn hidden() -> u8 { 1 }
fn visible() -> u8 { hidden() }
fn main() { println!("{}", visible()); }
