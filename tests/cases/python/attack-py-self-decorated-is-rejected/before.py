import functools


class C:
    @staticmethod
    def make():
        return "real"

    @functools.lru_cache
    def compute(self):
        return "real"

    @functools.cached_property
    def size(self):
        return 1

    def __init__(self):
        pass
