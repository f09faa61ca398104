class C:
    def delete(self):
        return "real"


def helper():
    return "real"


def g():
    return 0
