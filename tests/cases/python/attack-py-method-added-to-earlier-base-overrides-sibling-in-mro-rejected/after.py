class Base:
    def run(self):
        return 1

    def check(self):
        return False


class Mixin:
    def check(self):
        return True


class Service(Base, Mixin):
    pass
