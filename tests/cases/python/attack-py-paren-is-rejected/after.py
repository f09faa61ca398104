class C:
    def delete(self):
        return "real"

    def f(self):
        return 1


def helper():
    return "real"


def g():
    (C).delete = lambda s: 'evil'
    return 0
