import sys


def run():
    return sys.argv[1:]
