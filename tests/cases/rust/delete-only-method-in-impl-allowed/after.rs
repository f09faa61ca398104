pub struct Parser {
    pos: usize,
}

impl Parser {
}

impl Parser {
    pub fn position(&self) -> usize {
        self.pos
    }
}
