pub fn show() -> String {
    format!("{}", 1)
}
