mod a;

pub use self::a::X;

fn f() -> u8 {
    1
}
