"""User accounts."""
import logging

log = logging.getLogger(__name__)

MAX_USERS = 100


class UserService:
    """Creates and removes users."""

    def __init__(self, db):
        self.db = db

    def create(self, name):
        # Names are stored as given.
        user = {"name": name}
        self.db.insert(user)
        return user

    def get(self, user_id):
        user = self.db.find(user_id)
        return user

    def delete(self, user_id):
        # PROTECTED: audit trail required by compliance. DO NOT MODIFY.
        self.db.audit("delete", user_id)
        self.db.remove(user_id)


# Helpers below are shared with the billing service.
def helper(x):
    return x * 2


def main():
    service = UserService(None)
    print(service)
