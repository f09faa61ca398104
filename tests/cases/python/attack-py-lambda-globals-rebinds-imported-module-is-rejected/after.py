import hmac


def check(a, b):
    return hmac.compare_digest(a, b)


def helper():
    (lambda: 0).__globals__["hmac"] = None
    return 1
