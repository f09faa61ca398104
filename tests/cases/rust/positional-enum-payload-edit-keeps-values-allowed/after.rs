pub enum Level {
    Low(u8),
    Mid,
    High,
}

pub fn code(l: Level) -> i32 {
    l as i32
}
