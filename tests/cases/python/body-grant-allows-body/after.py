import os


class UserService:
    def create(self, name):
        name = name.strip()
        return name

    def delete(self, id):
        pass
