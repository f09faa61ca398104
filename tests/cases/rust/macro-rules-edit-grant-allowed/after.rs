macro_rules! vec_of {
    ($($x:expr),*) => {
        vec![$($x.to_string()),*]
    };
    ($($x:expr),*,) => {
        vec_of![$($x),*]
    };
}

fn names() -> Vec<String> {
    vec_of!["a", "b"]
}
