def f():
    ("Doc" " text.")
    return 1
