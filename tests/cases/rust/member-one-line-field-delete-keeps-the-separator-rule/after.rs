pub struct P { b: u16 }

pub union U { i: u32, f: f32 }
