pub struct Parser;

impl Parser {
    pub fn parse(&self) -> u32 {
        1
    }

    pub fn r#parse(&self) -> u32 {
        0
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
