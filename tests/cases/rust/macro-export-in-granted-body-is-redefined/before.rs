pub fn main() {
    println!("{}", 1);
}

pub fn setup() {
}
