pub enum Level {
    Low,
    Mid,
}

pub fn code(l: Level) -> i32 {
    l as i32
}
