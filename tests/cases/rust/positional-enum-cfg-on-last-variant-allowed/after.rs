pub enum Level {
    Low,
    Mid,
    #[cfg(any())]
    High,
}

pub fn code(l: Level) -> i32 {
    l as i32
}
