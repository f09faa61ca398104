class C:
    def delete(self):
        return "real"

    def __getattribute__(self, n):
        return (lambda: "evil") if n == "delete" else object.__getattribute__(self, n)


def helper():
    return "real"


def g():
    return 0
