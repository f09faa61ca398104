def factory():
    class C:
        def delete(self):
            return "real"

    def g():
        C.delete = lambda self: "evil"
        return 0

    return C, g
