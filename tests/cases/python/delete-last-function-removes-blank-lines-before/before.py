import os


def current_dir():
    return os.getcwd()


def legacy_helper(path):
    return os.path.abspath(path)


def home_dir():
    return os.path.expanduser("~")
