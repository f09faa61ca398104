class C:
    def delete(self):
        return "real"


def size(x):
    return len(x)
