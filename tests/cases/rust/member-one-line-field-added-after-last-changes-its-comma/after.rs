pub struct P { a: u8, b: u16, c: u8 }

pub union U { i: u32, f: f32 }
