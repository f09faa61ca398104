#![feature(box_patterns)]

pub fn unbox(x: Box<u8>) -> u8 {
    let box y = x;
    y
}

pub fn twice(x: u8) -> u8 {
    x * 2
}
