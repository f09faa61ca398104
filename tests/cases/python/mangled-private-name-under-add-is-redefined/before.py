class UserService:
    def __audit(self, user_id):
        self.db.audit("delete", user_id)

    def delete(self, user_id):
        self.__audit(user_id)
