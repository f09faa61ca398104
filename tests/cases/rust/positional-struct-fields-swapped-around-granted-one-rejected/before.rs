#[derive(PartialEq, PartialOrd, Default)]
pub struct Version {
    pub major: u32,
    pub minor: u32,
}

pub fn newer(a: &Version, b: &Version) -> bool {
    a > b
}
