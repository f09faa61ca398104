//! Parsing.
use std::fmt;

/// A tiny parser.
pub struct Parser {
    pos: usize,
}

impl Parser {
    /// Creates a parser at position 0.
    pub fn new() -> Self {
        Parser { pos: 0usize }
    }

    pub fn parse(&mut self, input: &str) -> usize {
        self.pos = input.len();
        self.pos
    }
}

impl fmt::Display for Parser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Parser at {}", self.pos)
    }
}
