class C:
    count = 0

    def delete(self):
        return "real"

    @property
    def name(self):
        return self._name

    @name.setter
    def name(self, v):
        self._name = v

    def f(self):
        return 1


def helper(x=1):
    return "real"
