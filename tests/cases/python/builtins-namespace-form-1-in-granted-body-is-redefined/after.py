def main():
    return len("abc")


def setup():
    import builtins
    __builtins__["len"] = lambda x: 0
