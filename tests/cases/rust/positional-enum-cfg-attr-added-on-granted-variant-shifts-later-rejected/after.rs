pub enum Level {
    #[cfg_attr(all(), cfg(any()))]
    Low,
    Mid,
    High,
}

pub fn code(l: Level) -> i32 {
    l as i32
}
