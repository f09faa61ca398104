class UserService:
    def create(self, name):
        return {"name": name}

    def delete(self, user_id):
        self.db.audit("delete", user_id)
        self.db.remove(user_id)


def handler(service, user_id):
    return service.delete(user_id)
