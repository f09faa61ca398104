/// A token.
#[derive(Debug, Clone)]
pub enum Token {
    Word(String),
    Number(i64),
}

pub mod util {
    pub const SEP: char = ',';

    pub fn split(s: &str) -> Vec<&str> {
        // Empty parts are dropped.
        fn keep(part: &str) -> bool {
            !part.is_empty()
        }
        s.split(SEP).filter(|p| keep(p)).collect()
    }
}

macro_rules! tokens {
    ($($t:expr),*) => { vec![$($t),*] };
}

static VERSION: &str = "1.0";
type Result<T> = std::result::Result<T, String>;

union Bits {
    i: u32,
    f: f32,
}
