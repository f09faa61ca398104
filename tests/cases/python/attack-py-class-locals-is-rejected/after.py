class C:
    def delete(self):
        return "real"

    X = locals().__setitem__("delete", lambda s: "evil")


def size(x):
    return len(x)
