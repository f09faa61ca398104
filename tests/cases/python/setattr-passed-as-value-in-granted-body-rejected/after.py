class S:
    def delete(self, x):
        return "audited"


def other():
    list(map(setattr, [S], ["delete"], [None]))
    return 1
