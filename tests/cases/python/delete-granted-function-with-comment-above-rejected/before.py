def current_dir():
    return "."


# Deprecated: use current_dir().
def legacy_dir():
    return "."


def home_dir():
    return "~"
