pub trait Store {
    /// Reads a value.
    // The key is never empty.
    #[must_use] // callers need the value
    fn get(&self, key: &str) -> Option<String>;

    /// Writes a value.
    fn put(&mut self, key: &str, value: String);
}
