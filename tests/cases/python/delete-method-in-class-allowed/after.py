import logging

log = logging.getLogger(__name__)


class UserService:
    def create(self, name):
        log.info("create %s", name)
        return {"name": name}
