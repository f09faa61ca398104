import hmac


def check(a, b):
    return hmac.compare_digest(a, b)


def helper():
    return 1
