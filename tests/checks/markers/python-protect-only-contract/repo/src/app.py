"""User accounts."""
import logging

log = logging.getLogger(__name__)


class UserService:
    """Creates and removes users."""

    def create(self, name):
        user = {"name": name}
        self.db.insert(user)
        return user

    # editscope: protect
    # Audit trail required by compliance.
    def delete(self, user_id):
        self.db.audit("delete", user_id)
        self.db.remove(user_id)

    def get(self, user_id):
        return self.db.find(user_id)


def helper(x):
    return x * 2
