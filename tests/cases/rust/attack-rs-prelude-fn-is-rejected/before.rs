pub fn show() -> String {
    format!("{}", 1)
}

pub fn total(v: &[i32]) -> Option<i32> {
    Some(v.iter().sum())
}

fn main() {
    println!("{} {:?}", show(), total(&[1, 2]));
}
