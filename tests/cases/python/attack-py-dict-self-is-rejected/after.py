class C:
    def delete(self):
        return "real"

    def f(self):
        self.__dict__['delete'] = lambda: 'evil'
        return 1


def helper():
    return "real"


def g():
    return 0
