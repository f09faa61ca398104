from evil import *

def helper(x):
    return x


def main():
    x = [1]
    return helper(x)


def setup():
    pass
