pub enum Level {
    Low,
    Mid = 5,
    High,
}
