class A:
    def a(self):
        pass


def top():
    pass
