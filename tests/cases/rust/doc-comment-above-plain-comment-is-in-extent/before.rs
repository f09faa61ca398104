/// Parses `s`.
// TODO: faster
fn parse(s: &str) -> u8 {
    s.len() as u8
}

// not a doc comment: outside every symbol
fn other() {}
