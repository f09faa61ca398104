import sys

DEFAULT_PORT = 8080


def parse_port(value):
    """Parse a TCP port number."""
    port = int(value)
    print(port, file=sys.stderr)
    return port


def format_port(port):
    return f":{port}"
