class Base:
    def hello(self):
        return 1


class Child(Base):
    def delete(self):
        return "audited"
