pub static mut HOOK: fn() -> &'static str = real;

fn real() -> &'static str {
    "real"
}

mod inner {
    use super::*;

    pub fn g() {
        unsafe { super::HOOK = || "evil"; }
    }
}

fn main() {
    inner::g();
    println!("{}", unsafe { HOOK() });
}
