def first():
    value = compute()
    return value


def second():
    value = compute()
    return value
