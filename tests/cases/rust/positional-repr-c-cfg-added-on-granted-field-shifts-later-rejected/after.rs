#[repr(C)]
pub struct Header {
    #[cfg(any())]
    pub tag: u8,
    pub len: u32,
}

pub fn len_of(h: &Header) -> u32 {
    h.len
}
