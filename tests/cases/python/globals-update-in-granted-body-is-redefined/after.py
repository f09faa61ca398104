import json


def helper(x):
    return json.dumps(x)


def task(items):
    globals().update(helper=print)
    return items
