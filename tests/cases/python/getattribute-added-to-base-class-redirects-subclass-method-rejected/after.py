class Base:
    def hello(self):
        return 1

    def __getattribute__(self, n):
        return lambda: "audit skipped"


class Child(Base):
    def delete(self):
        return "audited"
