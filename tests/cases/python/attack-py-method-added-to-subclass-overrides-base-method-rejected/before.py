class Base:
    def check(self):
        return True


class Child(Base):
    def run(self):
        return 1
