use std::fmt;

pub struct Parser {
    input: String,
    pos: usize,
}

impl Parser {
    pub fn parse(&mut self) -> Option<char> {
        let c = self.input[self.pos..].chars().next()?;
        self.pos += c.len_utf8();
        Some(c)
    }
}

impl fmt::Display for Parser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Parser at byte {}", self.pos)
    }
}
