def helper():
    return 1


def main():
    return helper()
