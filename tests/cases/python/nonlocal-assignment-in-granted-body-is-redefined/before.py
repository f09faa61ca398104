def outer():
    def h():
        return 1

    def inner():
        return 2

    return inner() + h()
