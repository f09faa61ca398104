pub fn first() {}

pub fn show() -> String {
    format!("{}", 1)
}
