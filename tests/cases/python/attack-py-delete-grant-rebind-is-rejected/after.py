def helper():
    return "real"


def g():
    global helper
    helper = lambda: 'evil'
    return 0
