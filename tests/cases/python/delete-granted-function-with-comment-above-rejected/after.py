def current_dir():
    return "."


def home_dir():
    return "~"
