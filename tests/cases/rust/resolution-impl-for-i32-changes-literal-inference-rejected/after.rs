pub trait Width {
    fn width(self) -> &'static str;
}

impl Width for u8 {
    fn width(self) -> &'static str {
        "u8"
    }
}

fn measure<T: Width>(t: T) -> &'static str {
    t.width()
}

pub fn protected() -> &'static str {
    measure(200)
}

impl Width for i32 {
    fn width(self) -> &'static str {
        "i32"
    }
}
