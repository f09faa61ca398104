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

    def g(self, x=vars().__setitem__("delete", None)):
        pass


def helper(x=1):
    return "real"
