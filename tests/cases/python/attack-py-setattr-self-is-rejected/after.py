class C:
    def delete(self):
        return "real"

    def f(self):
        setattr(self, 'delete', lambda: 'evil')
        return 1


def helper():
    return "real"


def g():
    return 0
