pub fn audit(v: &[u8]) -> usize {
    v.len()
}

#[panic_handler]
fn on_panic(_: &core::panic::PanicInfo) -> ! {
    loop {}
}
