pub enum Level {
    Low,
    Mid = 6,
    High,
}
