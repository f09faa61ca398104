class UserService:
    def create(self, name):
        def normalize(value):
            return value.strip()

        return normalize(name)

    def delete(self, user_id):
        return user_id
