pub fn main() {
    core::mem::drop(1);
}
