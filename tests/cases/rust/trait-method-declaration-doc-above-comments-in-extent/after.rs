pub trait Store {
    /// Reads the value stored under `key`.
    // The key is never empty.
    #[must_use] // callers need it
    fn get(&self, key: &str) -> Option<String>;

    /// Writes a value.
    fn put(&mut self, key: &str, value: String);
}
