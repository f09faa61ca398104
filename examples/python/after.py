"""User accounts."""
import logging
import re

MAX_RETRIES = 5

log = logging.getLogger(__name__)


class UserService:
    """Creates and removes users."""

    def __init__(self, db):
        self.db = db

    def create(self, name):
        name = name.strip()
        user = {"name": name}
        self.db.insert(user)
        return user

    def archive(self, user):
        self.db.move(user, "archive")

    @property
    def count(self):
        return len(self.db)
