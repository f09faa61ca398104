pub enum Level {
    Low = 10,
    Mid,
    High,
}

pub fn code(l: Level) -> i32 {
    l as i32
}
