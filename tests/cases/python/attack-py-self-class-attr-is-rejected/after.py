class C:
    def delete(self):
        return "real"

    def f(self):
        self.__class__.delete = lambda s: 'evil'
        return 1


def helper():
    return "real"


def g():
    return 0
