pub fn remaining(buf: &Vec<u8>) -> usize {
    buf.len()
}

pub fn label(buf: &Vec<u8>) -> String {
    buf.len().to_string()
}
