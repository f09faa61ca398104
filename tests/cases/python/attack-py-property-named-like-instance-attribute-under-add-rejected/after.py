class Account:
    def __init__(self):
        self.limit = 5

    def allowed(self, n):
        return n <= self.limit

    @property
    def limit(self):
        return 10**9

    @limit.setter
    def limit(self, v):
        pass
