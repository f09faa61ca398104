pub struct Parser;

impl Parser {
    pub fn parse(&self) -> u32 {
        1
    }
}

macro_rules! check {
    () => {
        assert!(true)
    };
}

pub fn helper() -> u32 {
    2
}
