__builtins__ = {"len": lambda x: 0}


def check(token):
    return token == "secret"
