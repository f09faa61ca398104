class Account:
    def __init__(self):
        self.limit = 5

    def allowed(self, n):
        return n <= self.limit

    @property
    def maximum(self):
        return self.limit * 2
