import sys

import hmac


def verify(a, b):
    return hmac.compare_digest(a, b)


def setup():
    return hmac.new(b"k", b"m", "sha256").hexdigest()
