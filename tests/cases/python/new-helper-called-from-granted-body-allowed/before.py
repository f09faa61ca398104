import os


def size(x):
    return len(x)


def g(path):
    return os.path.basename(path)
