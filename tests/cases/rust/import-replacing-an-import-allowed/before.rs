use a::drop;

pub fn main() {
    drop(1);
}
