pub fn main() {
    println!("{}", 1);
}
