def f():
    return 2


def g(x):
    return f"{x = }"
