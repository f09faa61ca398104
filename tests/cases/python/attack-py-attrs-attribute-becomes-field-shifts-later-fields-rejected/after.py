import attr


@attr.s
class Pair:
    a = attr.ib()
    b = attr.ib()
