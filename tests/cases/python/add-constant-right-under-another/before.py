import logging

log = logging.getLogger(__name__)


class A:
    pass
