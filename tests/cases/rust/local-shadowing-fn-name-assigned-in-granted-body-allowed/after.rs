static mut LIMIT: u32 = 10;

pub fn count() -> u32 {
    1
}

pub fn run() -> u32 {
    let mut count = 0;
    count += 1;
    count
}
