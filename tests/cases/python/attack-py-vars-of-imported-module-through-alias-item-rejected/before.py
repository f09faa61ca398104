import hmac
import sys
import importlib
import builtins


def verify(a, b):
    return hmac.compare_digest(a, b) and len(a) == len(b)


def helper():
    return 1


def setup():
    pass
