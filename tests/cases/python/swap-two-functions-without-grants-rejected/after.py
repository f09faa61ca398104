def beta():
    return 2


def alpha():
    return 1


def gamma():
    return 3
