pub enum Level {
    #[cfg(any())]
    Low,
    Mid,
    High,
}

pub fn code(l: Level) -> i32 {
    l as i32
}
