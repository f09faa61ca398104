#[derive(PartialEq, PartialOrd, Default)]
pub struct Version {
    pub build: i8,
    pub major: u32,
    pub minor: u32,
}

pub fn newer(a: &Version, b: &Version) -> bool {
    a > b
}
