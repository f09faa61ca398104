class Meta(type):
    def __getattribute__(cls, n):
        return None


class Child(metaclass=Meta):
    def delete(self):
        return "audited"
