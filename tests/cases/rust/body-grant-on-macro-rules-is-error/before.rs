macro_rules! vec_of {
    ($($x:expr),*) => {
        vec![$($x.to_string()),*]
    };
}

fn names() -> Vec<String> {
    vec_of!["a", "b"]
}
