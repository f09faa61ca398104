import os


def f():
    return 1;os.system("echo pwned")
