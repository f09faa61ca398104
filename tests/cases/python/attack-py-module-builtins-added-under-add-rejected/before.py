def check(token):
    return token == "secret"
