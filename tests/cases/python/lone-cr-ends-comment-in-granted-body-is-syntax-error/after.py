import os


def f():
    return 1  # donedef g(): return 666


def g():
    return 2
