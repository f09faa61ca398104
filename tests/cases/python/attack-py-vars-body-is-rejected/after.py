class C:
    def delete(self):
        return "real"

    def f(self):
        return 1


def helper():
    return "real"


def g():
    return 0


X = vars().update(helper=lambda: 'evil')
