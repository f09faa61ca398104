"""User accounts."""
import logging

log = logging.getLogger(__name__)


class UserService:
    """Creates and removes users."""

    def __init__(self, db):
        self.db = db

    def create(self, name):
        user = {"name": name}
        self.db.insert(user)
        return user

    def delete(self, user_id):
        # PROTECTED: audit trail required by compliance. DO NOT MODIFY.
        self.db.audit("delete", user_id)
        self.db.remove(user_id)
