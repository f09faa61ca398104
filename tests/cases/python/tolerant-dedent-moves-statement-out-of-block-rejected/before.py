def f():
    return 1


def g(x):
    if x:
        a()
        b()
    return x
