import hmac


def check(a, b):
    return hmac.compare_digest(a, b)


def helper():
    global hmac
    hmac = None
    return 1
