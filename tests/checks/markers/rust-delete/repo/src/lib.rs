pub struct Parser {
    pos: usize,
}

impl Parser {
    pub fn new() -> Parser {
        Parser { pos: 0 }
    }

    // editscope: protect
    /// Checks the password.
    pub fn verify(&self, password: &str) -> bool {
        password.len() > 8
    }

    pub fn pos(&self) -> usize {
        self.pos
    }
}

pub fn helper(x: i32) -> i32 {
    x * 2
}
