import logging

log = logging.getLogger(__name__)


class UserService:
    def create(self, name):
        log.info("create %s", name)
        return {"name": name}

    def delete(self, user_id):
        log.info("delete %s", user_id)
