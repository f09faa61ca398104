import hmac


def check(a, b):
    return hmac.compare_digest(a, b)


def helper():
    globals()["hmac"] = None
    return 1
