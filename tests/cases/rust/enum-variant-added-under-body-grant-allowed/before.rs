#[derive(Debug, Clone, Copy)]
pub enum Level {
    Info,
    Warn,
}

pub fn label(level: Level) -> &'static str {
    match level {
        Level::Info => "info",
        Level::Warn => "warn",
    }
}
