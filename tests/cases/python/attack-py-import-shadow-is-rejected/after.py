from helpers import util


class C:
    MAX = 3

    @staticmethod
    def make():
        return "real"

    @property
    def size(self):
        return 1

    def __secret(self):
        return "real"

    def f(self):
        return self.__secret()

    @classmethod
    def build(cls):
        return cls()


class D(C):
    def save(self):
        return "real"


def helper():
    return util()


def g(x):
    if x:
        print("x")
    return helper()


def util():
    return 'evil'
