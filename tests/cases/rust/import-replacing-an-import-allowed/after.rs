use b::drop;

pub fn main() {
    drop(1);
}
