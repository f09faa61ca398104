def sign(data):
    return "sig:" + data
