class C:
    def delete(self):
        return "real"

    def f(self):
        def inner():
            self.delete = lambda: 'evil'
        inner()
        return 1


def helper():
    return "real"


def g():
    return 0
