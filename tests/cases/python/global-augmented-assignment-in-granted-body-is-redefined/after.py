import json


def helper(x):
    return json.dumps(x)


def task(items):
    global helper
    helper += 1
    return items
