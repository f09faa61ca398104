class Base:
    def hello(self):
        return 1


class Mid(Base):
    pass


@register(key=lambda c: c.__name__)
class Child(Mid):
    def delete(self):
        return "audited"
