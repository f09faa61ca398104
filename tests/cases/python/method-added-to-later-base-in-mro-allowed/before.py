class Base:
    def run(self):
        return 1


class Mixin:
    def check(self):
        return True


class Service(Mixin, Base):
    pass
