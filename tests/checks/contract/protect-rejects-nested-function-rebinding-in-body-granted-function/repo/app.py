def outer():
    def inner():
        return audit()
    return inner
