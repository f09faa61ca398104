pub struct P { a: u8, b: u16 }

pub union U { i: u32, f: f32 }
