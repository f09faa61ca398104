#[derive(Debug)]
pub struct Config {
    pub name: String,
    pub verbose: bool,
    pub retries: u32,
}

impl Config {
    pub fn new(name: &str) -> Self {
        Config { name: name.to_string(), verbose: false, retries: 3 }
    }
}

pub fn load() -> Config {
    Config::new("default")
}
