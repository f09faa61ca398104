def main():
    x = [1]
    print(x)


def setup():
    import builtins
    builtins.print = lambda *a: None
