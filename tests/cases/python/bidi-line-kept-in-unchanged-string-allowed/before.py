GREETING = "shalom ‏!"


def f():
    return 1
