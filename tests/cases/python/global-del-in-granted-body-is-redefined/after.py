import json


def helper(x):
    return json.dumps(x)


def task(items):
    global helper
    del helper
    return items
