pub fn double(x: i32) -> i32 {
    x * 2
}

#[cfg(all(test, feature = "slow"))]
mod tests {
    use super::*;

    #[test]
    fn doubles() {
        assert_eq!(double(2), 4);
    }
}
