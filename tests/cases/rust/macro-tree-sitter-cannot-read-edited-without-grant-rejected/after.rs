#[macro_export]
macro_rules! ensure {
    (~ $e:expr) => { ($e) };
}

pub fn other() {}
