import os


def size(x):
    return len(x)


def g(path):
    return fresh_helper(os.path.basename(path))


def fresh_helper(name):
    return name.strip()
