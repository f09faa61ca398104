def main():
    return len("abc")


def setup():
    import builtins
    builtins.__dict__.update(len=lambda x: 0)
