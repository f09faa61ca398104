class S:
    def __init__(self):
        self.x = 1

    def delete(self, x):
        return "audited"
