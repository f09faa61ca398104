class C:
    def delete(self):
        return "real"

    def f(self):
        return 1
