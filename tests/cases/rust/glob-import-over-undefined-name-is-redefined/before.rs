pub fn main() {
    let drop = 1;
    let v = vec![drop];
    helper(v);
}

mod tests {
    fn t() {
        assert_eq!(1, 1);
    }
}
