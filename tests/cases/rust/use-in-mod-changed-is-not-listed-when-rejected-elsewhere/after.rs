mod net {
    use std::io::{self};

    pub fn connect() -> io::Result<()> {
        Ok(())
    }
}

pub fn other() -> u32 {
    2
}
