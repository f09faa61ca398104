mod a;
mod b;

pub use self::{a::X, b::Y};

fn f() -> u8 {
    1
}
