pub struct Buf {
    len: usize,
}

impl Buf {
    pub fn clear(&mut self) {
        self.len = 0;
    }
}

#[export_name = "free"]
pub extern "C" fn my_free() {}
