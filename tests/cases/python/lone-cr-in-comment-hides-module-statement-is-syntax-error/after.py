import os


def f():
    return 2  # cleanupos.system('echo pwned')
