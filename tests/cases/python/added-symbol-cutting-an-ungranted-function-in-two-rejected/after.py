def g():
    a = 1
x = 2
    return a
