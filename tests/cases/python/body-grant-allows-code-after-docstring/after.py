DEFAULT_PORT = 8080


def parse_port(value):
    """Parse a TCP port number."""
    port = int(value)
    if not 0 < port < 65536:
        raise ValueError(value)
    return port


def format_port(port):
    return f":{port}"
