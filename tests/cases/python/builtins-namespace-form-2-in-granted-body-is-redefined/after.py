def main():
    return len("abc")


def setup():
    import builtins
    vars(builtins)["len"] = lambda x: 0
