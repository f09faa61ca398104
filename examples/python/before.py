"""User accounts."""
import logging

MAX_RETRIES = 3

log = logging.getLogger(__name__)


class UserService:
    """Creates and removes users."""

    def __init__(self, db):
        self.db = db

    def create(self, name):
        user = {"name": name}
        self.db.insert(user)
        return user

    @property
    def count(self):
        return len(self.db)


def legacy_helper():
    return None
