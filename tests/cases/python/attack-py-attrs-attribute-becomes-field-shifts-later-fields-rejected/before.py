import attr


@attr.s
class Pair:
    a = 0
    b = attr.ib()
