def helper():
    return 1


def f():
    return 2  # notedef helper(): return 'pwned'
