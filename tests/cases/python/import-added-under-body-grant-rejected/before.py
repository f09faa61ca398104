DEFAULT_PORT = 8080


def parse_port(value):
    """Parse a TCP port number."""
    port = int(value)
    return port


def format_port(port):
    return f":{port}"
