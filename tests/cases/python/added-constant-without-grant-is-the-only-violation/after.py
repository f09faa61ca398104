import logging

log = logging.getLogger(__name__)
MAX_USERS = 5


class A:
    pass
