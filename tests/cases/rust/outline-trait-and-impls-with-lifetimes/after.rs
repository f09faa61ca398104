use std::fmt;

pub struct Lexer<'a> {
    src: &'a str,
}

pub trait Source {
    type Item;
    const NAME: &'static str;
    fn next_item(&mut self) -> Option<Self::Item>;
}

impl<'a> Lexer<'a> {
    pub const LIMIT: usize = 1024;

    pub fn new(src: &'a str) -> Self {
        Lexer { src }
    }
}

impl<'a> Source for Lexer<'a> {
    type Item = char;
    const NAME: &'static str = "lexer";

    fn next_item(&mut self) -> Option<char> {
        self.src.chars().next()
    }
}

impl fmt::Display for Lexer<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.src)
    }
}
