class C:
    def m(self):
        a = 1
        return a
