def factory():
    class C:
        def delete(self):
            return "real"

    def g():
        return 0

    return C, g
