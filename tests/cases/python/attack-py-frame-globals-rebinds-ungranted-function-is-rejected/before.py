def check(a):
    return len(a)


def helper():
    return 1
