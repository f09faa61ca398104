#[derive(Debug)]
pub struct Config {
    pub name: String,
    pub verbose: bool,
}

impl Config {
    pub fn new(name: &str) -> Self {
        Config { name: name.to_string(), verbose: false }
    }
}

pub fn load() -> Config {
    Config::new("default")
}
