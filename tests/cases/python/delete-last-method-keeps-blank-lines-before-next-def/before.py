class A:
    def a(self):
        pass

    def b(self):
        return 1


def top():
    pass
