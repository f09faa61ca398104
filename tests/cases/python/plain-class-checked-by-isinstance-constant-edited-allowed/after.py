class Config:
    TIMEOUT = 60
    RETRIES = 3


def check(x):
    return isinstance(x, Config)
