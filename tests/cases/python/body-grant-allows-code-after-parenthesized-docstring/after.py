def f():
    ("Doc" " text.")
    return 2
