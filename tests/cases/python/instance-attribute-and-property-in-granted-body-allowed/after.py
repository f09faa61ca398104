class UserService:
    def __init__(self, db):
        self.db = db
        self.size = 0
        self.cache = {}

    @property
    def size(self):
        return self._size

    @size.setter
    def size(self, v):
        self._size = v

    def delete(self, user_id):
        self.db.audit("delete", user_id)
        self.db.remove(user_id)
