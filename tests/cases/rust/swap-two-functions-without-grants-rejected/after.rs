fn beta() -> u32 {
    2
}

fn alpha() -> u32 {
    1
}

fn gamma() -> u32 {
    3
}
