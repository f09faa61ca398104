def f():
    return 1  # pagebreak


def g():
    return 2
