GREETING = "shalom ‏!"


def f():
    return 2
