import os  # path helpers


def join(a,b):
    return os.path.join(a,b)


def split(path):
    return os.path.split(path)
