pub struct Parser {
    pos: usize,
}

impl Parser {
    pub fn parse(&mut self) -> usize {
        self.pos += 2;
        self.pos
    }
}

impl Parser {
    pub fn position(&self) -> usize {
        self.pos
    }
}
