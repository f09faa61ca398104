import hmac
import sys
import importlib
import builtins


def verify(a, b):
    return hmac.compare_digest(a, b) and len(a) == len(b)


def helper():
    return 1


def setup():
    class C:
        def __init__(self):
            self.x = 1
    o = C()
    o.y = 2
