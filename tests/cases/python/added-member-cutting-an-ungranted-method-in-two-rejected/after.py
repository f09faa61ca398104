class C:
    def m(self):
        a = 1
    y = 2
        return a
