def f(scale):
    a = 1
    b = 2
    return (a + b) * scale
