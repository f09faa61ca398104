pub fn main() {
    let v = vec![1];
    drop(v);
    println!("{:?}", 1);
}
