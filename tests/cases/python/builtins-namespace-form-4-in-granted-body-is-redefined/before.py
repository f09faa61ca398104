def main():
    return len("abc")


def setup():
    pass
