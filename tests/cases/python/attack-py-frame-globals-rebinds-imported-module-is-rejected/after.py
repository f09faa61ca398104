import hmac


def check(a, b):
    return hmac.compare_digest(a, b)


def helper():
    import sys
    sys._getframe().f_globals["hmac"] = None
    return 1
