#! [allow(unused)] fn hidden() -> u8 { 1 }
fn visible() -> u8 { hidden() + 1 }
fn main() { println!("{}", visible()); }
