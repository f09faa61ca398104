macro_rules! greet {
    () => {
        "real"
    };
}

pub static mut HOOK: fn() -> &'static str = real_hook;

fn real_hook() -> &'static str {
    "real"
}

pub mod helpers {
    pub fn util() -> &'static str {
        "real"
    }
}

use helpers::*;

pub trait Describe {
    fn describe(&self) -> &'static str;
}

pub struct P;

impl Describe for P {
    fn describe(&self) -> &'static str {
        "real"
    }
}

impl P {
    pub fn new() -> P {
        P
    }
}

pub fn a() {}

#[macro_use]
mod evil {
    macro_rules! greet {
        () => {
            "evil"
        };
    }
}

pub fn use_it() -> String {
    let h = unsafe { HOOK() };
    format!("{} {} {} {}", greet!(), h, util(), P::new().describe())
}

pub fn g() {
    let _ = 0;
}

fn main() {
    g();
    println!("{}", use_it());
}
