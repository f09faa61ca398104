pub enum Level {
    Low = 3,
    Mid = 5,
    High,
}
