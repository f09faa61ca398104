class S:
    def __init__(self):
        *self.delete, = [None]

    def delete(self, x):
        return "audited"
