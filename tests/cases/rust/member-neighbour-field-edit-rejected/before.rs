use serde::Deserialize;

/// Settings.
#[derive(Debug, Deserialize)]
pub struct Config<T: Clone>
where
    T: Default,
{
    /// Seconds before giving up.
    #[serde(default)]
    pub timeout: u64,
    // The name, as given.
    name: T,
    pub(crate) retries: u8,
}

#[derive(Debug)]
pub enum Shape {
    /// A dot.
    Point,
    #[serde(rename = "c")]
    Circle { radius: f64 },
    Rect(f64, f64),
    Other = 7,
}

pub struct Pair(pub u8, u16);

impl Config<String> {
    pub fn timeout(&self) -> u64 {
        self.timeout
    }
}
