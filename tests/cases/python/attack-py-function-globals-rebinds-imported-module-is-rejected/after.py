import hmac


def check(a, b):
    return hmac.compare_digest(a, b)


def helper():
    helper.__globals__.update(hmac=None)
    return 1
