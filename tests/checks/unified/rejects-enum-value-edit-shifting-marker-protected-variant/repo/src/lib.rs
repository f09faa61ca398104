#[derive(Clone, Copy, Debug)]
pub enum Level {
    Low,
    Mid,
    // editscope: protect (wire format value 2)
    High,
}

pub fn code(l: Level) -> i32 {
    l as i32
}

fn main() {
    println!("Mid={} High={}", code(Level::Mid), code(Level::High));
}
