def g(x):
    return    x
