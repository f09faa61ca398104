class C:
    def delete(self):
        return "real"

    def f(self):
        return 1


def helper():
    return "real"


def g():
    import builtins
    builtins.setattr(C, 'delete', lambda s: 'evil')
    return 0
