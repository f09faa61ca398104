def main():
    return len("abc")


def setup():
    import builtins as b
    b.len = lambda x: 0
