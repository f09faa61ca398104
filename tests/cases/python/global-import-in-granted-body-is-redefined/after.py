import json


def helper(x):
    return json.dumps(x)


def task(items):
    global helper
    from evil import pwn as helper
    return items
