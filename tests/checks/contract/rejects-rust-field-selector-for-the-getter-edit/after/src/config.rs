use serde::Deserialize;

/// Settings.
#[derive(Debug, Deserialize)]
pub struct Config {
    /// Seconds before giving up.
    #[serde(default)]
    pub timeout: u64,
    pub name: String,
}

impl Config {
    pub fn timeout(&self) -> u64 {
        self.timeout.max(1)
    }
}
