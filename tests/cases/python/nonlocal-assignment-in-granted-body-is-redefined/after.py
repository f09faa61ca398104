def outer():
    def h():
        return 1

    def inner():
        nonlocal h
        h = print
        return 2

    return inner() + h()
