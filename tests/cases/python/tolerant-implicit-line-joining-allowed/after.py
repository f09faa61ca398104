def f():
    return 2


def g(a, b):
    return max(
        a,
        b)
