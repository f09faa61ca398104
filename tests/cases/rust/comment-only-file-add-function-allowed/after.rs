// Copyright 2023 Example Corp.
// SPDX-License-Identifier: MIT

fn main() {
    println!("hello");
}
