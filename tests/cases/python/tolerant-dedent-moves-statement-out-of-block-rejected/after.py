def f():
    return 2


def g(x):
    if x:
        a()
    b()
    return x
