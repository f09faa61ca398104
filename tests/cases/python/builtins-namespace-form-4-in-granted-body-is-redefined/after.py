def main():
    return len("abc")


def setup():
    import builtins
    setattr(builtins, "len", lambda x: 0)
