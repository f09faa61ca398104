mod net {
    use std::io;

    pub fn connect() -> io::Result<()> {
        Ok(())
    }
}

pub fn other() -> u32 {
    1
}
