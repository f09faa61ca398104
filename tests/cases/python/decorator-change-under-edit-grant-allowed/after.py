import functools


def cached(fn):
    return functools.lru_cache(maxsize=None)(fn)


class PriceTable:
    def __init__(self, rows):
        self.rows = rows

    @functools.lru_cache(maxsize=128)
    def lookup(self, sku):
        return self.rows[sku]

    def total(self, skus):
        return sum(self.lookup(s) for s in skus)
