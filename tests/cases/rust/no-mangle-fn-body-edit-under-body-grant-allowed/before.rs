#[no_mangle]
pub extern "C" fn buf_len() -> usize {
    1
}
