class Base:
    def hello(self):
        return 1

    def __getattribute__(self, n):
        return None


class Other:
    def delete(self):
        return "audited"
