class Base:
    def hello(self):
        return 1


class Other:
    def delete(self):
        return "audited"
