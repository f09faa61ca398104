use std::fmt;

/// A tiny parser.
#[derive(Debug)]
pub struct Parser<'a> {
    src: &'a str,
}

impl<'a> Parser<'a> {
    pub fn new(src: &'a str) -> Self {
        Parser { src }
    }

    pub fn parse(&self) -> usize {
        self.src.len()
    }
}

impl fmt::Display for Parser<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Parser({})", self.src)
    }
}

mod net {
    pub fn connect() {}
}
