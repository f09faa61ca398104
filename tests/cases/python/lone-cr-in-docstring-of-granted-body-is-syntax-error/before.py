def f():
    """Doc."""
    return 1


def g():
    return 2
