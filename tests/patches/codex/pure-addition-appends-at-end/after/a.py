def f():
    pass

def g():
    pass
    # a comment meant for f
