class S:
    def delete(self, x):
        return "audited"


def other():
    return 1
