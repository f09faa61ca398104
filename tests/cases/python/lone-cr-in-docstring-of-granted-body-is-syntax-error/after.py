def f():
    """Doc.def g(): return 3"""
    return 1


def g():
    return 2
