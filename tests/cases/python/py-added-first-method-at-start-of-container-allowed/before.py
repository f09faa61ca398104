class C:
    def a(self):
        return 1
