def f():
    return 2


def g():
    x = "a"
    "b"
    return x
