class Base:
    def run(self):
        return 1


class Mixin:
    def check(self):
        return True


class Service(Base, Mixin):
    pass
