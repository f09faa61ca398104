def f():
    return 1


def g(a, b):
    return max(a, b)
