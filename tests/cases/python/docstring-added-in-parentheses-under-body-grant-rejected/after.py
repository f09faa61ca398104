def f():
    (
        """>>> print(42)"""
    )
    return 1
