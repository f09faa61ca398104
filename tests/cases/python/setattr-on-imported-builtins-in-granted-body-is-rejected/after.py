def main():
    return len("abc")


def setup():
    setattr(__import__("builtins"), "len", lambda x: 0)
