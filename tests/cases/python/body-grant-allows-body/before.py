import os


class UserService:
    def create(self, name):
        return name

    def delete(self, id):
        pass
