use std::io::{self, Read};

pub fn read_all() -> io::Result<String> {
    let mut s = String::new();
    io::stdin().read_to_string(&mut s)?;
    Ok(s)
}

pub fn line_count(s: &str) -> usize {
    s.lines().count()
}
