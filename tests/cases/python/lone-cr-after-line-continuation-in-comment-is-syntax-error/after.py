import os


def f():
    return 1  # see \os.system('echo pwned')
