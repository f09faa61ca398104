#[derive(PartialEq, PartialOrd, Default)]
pub struct Version {
    pub minor: u32,
    pub major: u64,
}

pub fn newer(a: &Version, b: &Version) -> bool {
    a > b
}
