pub trait Describe {
    fn describe(&self) -> &'static str;
}

pub struct P;

impl Describe for P {
    fn describe(&self) -> &'static str {
        "real"
    }
}

pub fn use_it() -> &'static str {
    P.describe()
}

fn main() {
    println!("{}", use_it());
}
