class S:
    def delete(self, x):
        return audit(x)

    def create(self):
        return 1
