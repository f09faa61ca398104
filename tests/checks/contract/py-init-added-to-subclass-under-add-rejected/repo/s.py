class Base:
    def __init__(self):
        self.audit = True


class Store(Base):
    def count(self):
        return 1


def audited():
    return getattr(Store(), "audit", False)


print(audited())
