class S:
    def delete(self, x):
        return "audited"


def other():
    _ = [S for S.delete in [None]]
    return 1
