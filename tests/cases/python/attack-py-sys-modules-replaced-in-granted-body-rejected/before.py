import sys

import hmac


def verify(a, b):
    return hmac.compare_digest(a, b)


def setup():
    pass
