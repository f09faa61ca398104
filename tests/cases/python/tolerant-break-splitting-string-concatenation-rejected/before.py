def f():
    return 1


def g():
    x = "a" "b"
    return x
