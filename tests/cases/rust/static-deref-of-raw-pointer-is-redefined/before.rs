pub struct Cfg {
    pub hook: fn() -> &'static str,
}

fn real() -> &'static str {
    "real"
}

pub static mut HOOK: fn() -> &'static str = real;
pub static mut CFG: Cfg = Cfg { hook: real };

pub mod inner {
    pub fn g() {
        let _ = 1;
    }
}
