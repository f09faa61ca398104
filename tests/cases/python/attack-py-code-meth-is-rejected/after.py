class C:
    def delete(self):
        return "real"

    def f(self):
        return 1


def helper():
    return "real"


def g():
    C.delete.__code__ = (lambda self: 'evil').__code__
    return 0
