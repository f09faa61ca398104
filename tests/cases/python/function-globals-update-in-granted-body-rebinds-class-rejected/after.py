class S:
    def delete(self, x):
        return "audited"


def other():
    other.__globals__.update(S=None)
    return 1
