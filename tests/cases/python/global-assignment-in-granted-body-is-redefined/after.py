import json


def helper(x):
    return json.dumps(x)


def task(items):
    global helper
    helper = print
    return [helper(i) for i in items]
