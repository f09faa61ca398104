import json


def helper(x):
    return json.dumps(x)


def task(items):
    return [helper(i) for i in items]
