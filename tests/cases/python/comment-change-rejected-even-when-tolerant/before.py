import os


def join(a,b):
    return os.path.join(a,b)


def split(path):
    return os.path.split(path)
