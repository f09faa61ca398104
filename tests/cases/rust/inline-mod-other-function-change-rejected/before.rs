mod net {
    use std::net::TcpStream;

    pub fn connect(addr: &str) -> std::io::Result<TcpStream> {
        TcpStream::connect(addr)
    }

    pub fn is_local(addr: &str) -> bool {
        addr.starts_with("127.")
    }
}

fn main() {
    let _ = net::connect("127.0.0.1:80");
}
