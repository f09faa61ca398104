import os


def current_dir():
    return os.getcwd()


def home_dir():
    return os.path.expanduser("~")
