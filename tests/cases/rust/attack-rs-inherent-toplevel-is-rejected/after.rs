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
    pub fn describe(&self) -> &'static str {
        "evil"
    }
}

pub fn use_it() -> &'static str {
    P.describe()
}

fn main() {
    println!("{}", use_it());
}
