pub struct Buf {
    len: usize,
}

impl Buf {
    pub fn clear(&mut self) {
        #[used]
        #[link_section = ".init_array"]
        static INIT: extern "C" fn() = {
            extern "C" fn init() {}
            init
        };
        self.len = 0;
    }
}
