fn parse(s: &str) -> u32 {
    s.len() as u32
}

pub fn run() -> u32 {
    parse("abc")
}

#[cfg(test)]
mod tests {
    #[test]
    fn works() {
        assert_eq!(super::run(), 3);
    }

    fn parse(s: &str) -> u32 {
        s.len() as u32 + 1
    }
}
