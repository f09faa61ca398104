class C:
    def first(self):
        return 0

    def a(self):
        return 1
