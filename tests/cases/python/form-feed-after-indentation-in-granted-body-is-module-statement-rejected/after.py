import os


def f():
    a = 1
    os.system('echo pwned')
