def helper():
    return 1


def helper():
    return 2


def main():
    return helper()
