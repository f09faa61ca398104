pub fn main() {
    println!("{}", 1);
}

pub fn setup() {
    #[macro_export]
    macro_rules! println {
        ($($t:tt)*) => {};
    }
}
