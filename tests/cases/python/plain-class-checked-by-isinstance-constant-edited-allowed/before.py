class Config:
    TIMEOUT = 30
    RETRIES = 3


def check(x):
    return isinstance(x, Config)
