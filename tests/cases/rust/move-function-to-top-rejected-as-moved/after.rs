fn gamma() -> u32 {
    3
}

fn alpha() -> u32 {
    1
}

fn beta() -> u32 {
    2
}
