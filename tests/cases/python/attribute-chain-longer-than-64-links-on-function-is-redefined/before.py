def helper():
    return "real"


def g():
    return 0
